"""Ctrl+F: a find bar under the article. Enter / Shift+Enter step through the hits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.ui.text_view import SpanTextView


class _FindEdit(QLineEdit):
    def __init__(self, bar: FindBar):
        super().__init__(bar)
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.bar.step(backwards)
        elif event.key() == Qt.Key.Key_Escape:
            self.bar.close_bar()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, view: SpanTextView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.edit = _FindEdit(self)
        self.edit.setPlaceholderText("Find in article (Enter: next, Shift+Enter: previous)")
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.count = QLabel("", self)
        self.count.setMinimumWidth(90)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self._on_edit_text_changed(self.edit.text())

    def close_bar(self) -> None:
        self.view.find_all("")
        # Focus first: hiding the focused bar would pass focus down the chain to the span
        # list, which would make its first span current and drop the found selection.
        self.view.setFocus()
        self.hide()

    def step(self, backwards: bool = False) -> None:
        if self.view.next_hit(backwards) is not None:
            self._show_count()

    def refresh(self) -> None:
        """Search again (a new document was opened)."""
        if self.isVisible():
            self._on_edit_text_changed(self.edit.text())

    def _on_edit_text_changed(self, text: str) -> None:
        found = self.view.find_all(text)
        if found:
            self.view.next_hit()
        elif text:
            # The hit of what was typed so far ("Russians " of "Russians in Kyiv") must not
            # stay selected: a label key would tag it although nothing matches.
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)
        self._show_count()

    def _show_count(self) -> None:
        current, total = self.view.hit_position()
        if not self.edit.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("no matches")
        else:
            self.count.setText(f"{current} of {total}")
