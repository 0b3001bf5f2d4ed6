"""Labels ▸ Edit labels…: the project's labels and relation types, edited in place.

Two tabs, one page each (`ui/label_page.py`): a list (with Add, Move up, Move down,
Remove) and a form of the picked item (name, colour, key, description, a multi-line
guideline; a relation type's head and tail labels and whether the check asks for it),
saved with Save. Every change is one operation of `annotator.ops.labels`, run in the
store process and kept in the editor's undo history (the window's, `LabelHistory`, so it
outlives the dialog); the dialog's `applied` signal carries each `Changes` to the window,
which updates its views.

Removing asks the operation first (`ops.label_removal`, the check `remove_label` makes):
a label a relation type links is refused with a message before any question; otherwise
a label that spans use first says how many spans (and their relations) would go, and a
relation type how many relations.

An edit in progress is never lost silently: the form keeps it until Save, and showing
anything else in its place (another row or tab, Add, Undo, Redo, closing the dialog or
the window) first asks whether to save or discard it, or to go on editing. A refused
save says why under the form, and that message goes with its row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.ops.changes import Changes
from annotator.ops.history import History
from annotator.store.interface import ProjectStore
from annotator.ui.label_page import LabelPage
from annotator.ui.plain import as_menu_text, plain_label, plain_message_box


class LabelEditor(QDialog):
    """The label editor of one project (see the module docstring)."""

    applied = Signal(object)  # the Changes of an edit, an undo or a redo

    def __init__(self, project: ProjectStore, history: History, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Labels and relation types")
        self.project = project
        self.history = history
        self.tabs = QTabWidget()
        self.labels_page = LabelPage(self, relation=False)
        self.relations_page = LabelPage(self, relation=True)
        self.pages = (self.labels_page, self.relations_page)
        self.tabs.addTab(self.labels_page, "&Labels")
        self.tabs.addTab(self.relations_page, "Relation &types")
        self._tab = 0
        self.message = plain_label("")
        self.message.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        close = QPushButton("Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.redo_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        close.clicked.connect(self.accept)
        for button in (self.undo_button, self.redo_button, close):
            button.setAutoDefault(False)
        self.history.subscribe(self._on_history_changed)
        self._on_history_changed()
        self.refresh()
        self.labels_page.list.setFocus()  # arrow keys pick a label at once
        self.resize(820, 560)
        # The window closing (quitting) would take the dialog and its unsaved edits along.
        self._window = parent
        if parent is not None:
            parent.installEventFilter(self)

    def refresh(self) -> None:
        self.labels_page.refresh()
        self.relations_page.refresh()

    # -- unsaved edits --------------------------------------------------------------------

    def settle(self) -> bool:
        """Leave no unsaved edits in either tab (saved or discarded as the user answers);
        False when the user chose to keep editing."""
        for index, page in enumerate(self.pages):
            if page.dirty():
                self._set_tab(index)
                if not page.settle():
                    return False
        return True

    def _on_tabs_current_changed(self, index: int) -> None:
        left = self.pages[self._tab]
        if left.dirty():
            self._set_tab(self._tab)  # while it asks, the tab asked about shows
            if not left.settle():
                return
            self._set_tab(index)
        self._tab = index

    def _set_tab(self, index: int) -> None:
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        self._tab = index

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (
            watched is self._window
            and event.type() == QEvent.Type.Close
            and self.isVisible()
            and not self.settle()
        ):
            event.ignore()  # the window stays open, and so does the dialog
            return True
        return super().eventFilter(watched, event)

    # -- running edits --------------------------------------------------------------------

    def run(
        self,
        page: LabelPage,
        description: str,
        operation: Callable[..., Changes],
        /,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        """Run one label operation of `page`'s in the store process and keep it for undo;
        an AnnotatorError is shown under `page`'s form and changes nothing (False)."""
        token = self.project.change_token()
        try:
            changes = self.project.call(operation, *args, **kwargs)
        except AnnotatorError as error:
            page.say(str(error))
            return False
        page.say("")
        self.message.setText("")
        self.history.push(description, changes, token)
        self.applied.emit(changes)
        # A label's rename or removal changes the relation types' ends: the other tab (with
        # no unsaved edits: leaving a tab settles them) reads its items again.
        (self.relations_page if page is self.labels_page else self.labels_page).refresh()
        return True

    def undo(self) -> None:
        self._step(self.history.undo, "Undone", f"Undo {self.history.undo_text()}")

    def redo(self) -> None:
        self._step(self.history.redo, "Redone", f"Redo {self.history.redo_text()}")

    def _step(self, step: Callable[[ProjectStore], Changes], done: str, action: str) -> None:
        # The undo shows every row as stored: unsaved edits are discarded, if the user says so.
        if not all(page.settle(before=action) for page in self.pages):
            return
        text = self.history.undo_text() if step == self.history.undo else self.history.redo_text()
        try:
            changes = step(self.project)
        except AnnotatorError as error:
            self.message.setText(str(error))
            self.refresh()
            return
        self.message.setText(f"{done}: {text}")
        self.applied.emit(changes)
        self.refresh()

    def _on_history_changed(self) -> None:
        for button, word, can, text in (
            (self.undo_button, "Undo", self.history.can_undo(), self.history.undo_text()),
            (self.redo_button, "Redo", self.history.can_redo(), self.history.redo_text()),
        ):
            button.setEnabled(can)
            button.setText(as_menu_text(f"{word} {text}" if can else word))

    def done(self, result: int) -> None:  # Qt override: closing by any means
        if not self.settle():
            return  # the dialog stays open (a close event it came from is ignored)
        self.history.unsubscribe(self._on_history_changed)
        if self._window is not None:
            self._window.removeEventFilter(self)
        super().done(result)

    # -- questions (tests answer them) ----------------------------------------------------

    def confirm(self, text: str) -> bool:
        box = plain_message_box(
            QMessageBox.Icon.Question,
            "Remove",
            text,
            self,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_unsaved(
        self, text: str, buttons: QMessageBox.StandardButton
    ) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel (of `buttons`): what to do with a form's unsaved edits."""
        box = plain_message_box(QMessageBox.Icon.Question, "Unsaved changes", text, self, buttons)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return QMessageBox.StandardButton(box.exec())

    def inform(self, text: str) -> None:
        """Say why a removal cannot be done (before any question about it)."""
        plain_message_box(QMessageBox.Icon.Information, "Remove", text, self).exec()

    def choose_color(self, initial: QColor) -> QColor | None:
        chosen = QColorDialog.getColor(initial, self, "Label colour")
        return chosen if chosen.isValid() else None
