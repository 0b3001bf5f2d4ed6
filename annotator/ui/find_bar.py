"""Ctrl+F: a find bar under the article. It searches from the cursor as you type (without
ever blocking the keys: ui/find_search.py), Enter / Shift+Enter step through the hits,
Esc closes it leaving the hit selected for a label key, "Aa" (Alt+Shift+C) matches the
case, and "Tag all" (Alt+1…9 here) tags every hit with a label in one undoable step
(ui/find_actions.py)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QKeyCombination, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QWidget

from annotator.core.model import Label
from annotator.ui.find_search import FindSearch
from annotator.ui.plain import as_menu_text
from annotator.ui.text_view import SpanTextView


class _FindEdit(QLineEdit):
    def __init__(self, bar: FindBar):
        super().__init__(bar)
        self.bar = bar

    def event(self, event: QEvent) -> bool:
        # Undo and redo are the window's (the tagging just done), not this field's typing.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(
                QKeySequence.StandardKey.Redo
            ):
                event.ignore()
                return True
            if event.keyCombination() == QKeyCombination(
                Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Y
            ):
                event.ignore()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.bar.step(backwards)
        elif event.key() == Qt.Key.Key_Escape:
            self.bar.close_bar()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    tag_all_requested = Signal(str)  # a label name: tag every hit with it

    def __init__(self, view: SpanTextView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.finder = FindSearch(view)
        self.finder.progressed.connect(self._show_count)
        self._origin = 0  # where the search started: the cursor when the bar opened
        self.edit = _FindEdit(self)
        self.edit.setPlaceholderText("Find in article (Enter: next, Shift+Enter: previous)")
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.count = QLabel("", self)
        self.count.setMinimumWidth(110)
        # Alt+Shift+C, not Alt+C: Alt and a label's key (a letter, maybe) tags every hit.
        self.match_case = QAction("Match case", self)
        self.match_case.setCheckable(True)
        self.match_case.setIconText("Aa")  # the button's text
        self.match_case.setShortcut(QKeySequence("Alt+Shift+C"))
        self.match_case.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.match_case.setToolTip("Match case (Alt+Shift+C): “Bush” finds no “bush”")
        self.match_case.toggled.connect(self._on_match_case_toggled)
        self.addAction(self.match_case)
        case_button = QToolButton(self)
        case_button.setDefaultAction(self.match_case)
        self.tag_all = QToolButton(self)
        self.tag_all.setText("Tag all as")
        self.tag_all.setToolTip("Tag every hit with a label, as one undoable step (Alt+1…9)")
        self.tag_all.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tag_all.setMenu(QMenu(self.tag_all))
        self.tag_actions: list[QAction] = []
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(case_button)
        layout.addWidget(self.count)
        layout.addWidget(self.tag_all)
        layout.addWidget(close)
        self.hide()

    def set_labels(self, labels: Sequence[Label]) -> None:
        """One "tag every hit" action per label, Alt+its key while the bar has the focus."""
        menu = self.tag_all.menu()
        assert menu is not None
        for action in self.tag_actions:
            self.removeAction(action)
        menu.clear()
        self.tag_actions = []
        for label in labels:
            action = QAction(as_menu_text(f"Tag every hit as {label.name}"), self)
            if label.key and len(label.key) == 1:
                action.setShortcut(QKeySequence(f"Alt+{label.key}"))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(
                lambda _=False, name=label.name: self.tag_all_requested.emit(name)
            )
            self.addAction(action)
            menu.addAction(action)
            self.tag_actions.append(action)

    # -- opening and closing --------------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar and search again from the cursor: the hit it touches or the next
        one is current (so after tagging a hit, Enter goes on to the following one)."""
        self._origin = self._cursor_origin()
        self.finder.highlight = True
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self._search(self.edit.text())

    def close_bar(self) -> None:
        self.finder.highlight = False
        self.finder.show_visible()  # no highlights; the search stays for F3
        # Focus first: hiding the focused bar would pass focus down the chain to the span
        # list, which would make its first span current and drop the found selection.
        self.view.setFocus()
        self.hide()

    def step(self, backwards: bool = False) -> tuple[int, int] | None:
        """The next (previous) hit from the current one or the cursor; also with the bar
        closed (F3, Shift+F3), searching again for the last text if need be."""
        if self.finder.is_stale():
            if not self.edit.text():
                return None
            self.finder.start(self.edit.text(), match_case=self.match_case.isChecked())
        found = self.finder.step(backwards)
        self._show_count()
        return found

    def refresh(self) -> None:
        """Search again (a new document was opened)."""
        if self.isVisible():
            self._origin = 0
            self._search(self.edit.text())

    def position_text(self) -> str:
        return self.finder.position_text()

    # -- internals ------------------------------------------------------------------------

    def _cursor_origin(self) -> int:
        """The first hit ending at or after this is current: the one the caret touches, or
        with a selection, the first ending inside or after it (not one just before it)."""
        cursor = self.view.textCursor()
        if not self.view.offsets.qt_length:
            return 0
        if cursor.hasSelection():
            return self.view.offsets.from_qt(cursor.selectionStart()) + 1
        return self.view.offsets.from_qt(cursor.position())

    def _on_match_case_toggled(self, _: bool) -> None:
        # From the hit in hand (it stays current if it still matches), not from where the
        # bar was opened.
        self._origin = self._cursor_origin()
        self._search(self.edit.text())

    def _on_edit_text_changed(self, text: str) -> None:
        self._search(text)

    def _search(self, text: str) -> None:
        if text:
            self.finder.start(text, self._origin, self.match_case.isChecked())
        else:
            self.finder.stop()
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(self.finder.position_text())
