"""A span's note: several lines if needed, and finished from the keyboard (Ctrl+Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.plain import plain_label


class _NoteEdit(QPlainTextEdit):
    def __init__(self, text: str, dialog: QDialog):
        super().__init__(text, dialog)
        self.dialog = dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The editor takes Ctrl+Enter as a line break before any shortcut can see it.
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.dialog.accept()
        else:
            super().keyPressEvent(event)


class NoteDialog(QDialog):
    def __init__(self, parent: QWidget | None, prompt: str, note: str):
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.edit = _NoteEdit(note, self)
        self.edit.setTabChangesFocus(True)  # Tab reaches the buttons; notes need no tabs
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = plain_label(prompt + "\n(Ctrl+Enter saves, Esc cancels)")  # quotes the article
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(420, 200)

    def text(self) -> str:
        return self.edit.toPlainText()

    @classmethod
    def ask(cls, parent: QWidget | None, prompt: str, note: str) -> str | None:
        """The edited note, or None if the user cancelled."""
        dialog = cls(parent, prompt, note)
        dialog.edit.selectAll()
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
