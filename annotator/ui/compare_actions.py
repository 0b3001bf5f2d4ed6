"""The comparison window's menus and keys: stepping through span and relation
disagreements, accepting a column's version into gold (1-9), starting and finishing gold,
undo and redo. Each action only names what the window does and its keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from annotator.ui.plain import as_menu_text
from annotator.ui.shortcut_sheet import SHEET_NAME

if TYPE_CHECKING:
    from annotator.ui.compare_view import ComparisonWindow


def build_comparison_actions(window: ComparisonWindow) -> None:
    """The Review and Edit menus of `window`, with their shortcuts (window-wide)."""

    def action(text: str, keys: Sequence[Any], slot: Any) -> QAction:
        act = QAction(text, window)
        act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(slot)
        window.addAction(act)
        return act

    review = window.menuBar().addMenu("&Review")
    review.addAction(action("Next disagreement", ["F8", "N"], lambda: window.step(1)))
    review.addAction(action("Previous disagreement", ["Shift+F8", "P"], lambda: window.step(-1)))
    review.addAction(action("Next relation disagreement", ["F9"], lambda: window.step_relations(1)))
    review.addAction(
        action("Previous relation disagreement", ["Shift+F9"], lambda: window.step_relations(-1))
    )
    review.addSeparator()
    for number, name in enumerate(window.annotators, start=1):
        review.addAction(
            action(
                as_menu_text(f"Accept {name}'s version"),
                [str(number)],
                lambda _=False, n=name: window.accept(n),
            )
        )
    review.addSeparator()
    window.start_action = action("Start gold from the agreed spans", ["Ctrl+G"], window.start)
    review.addAction(window.start_action)
    review.addAction(action("Mark gold done", ["Ctrl+Return"], window.mark_curated))
    review.addAction(
        action(
            "Edit gold in the main window",
            ["Ctrl+E"],
            lambda: window.edit_gold_requested.emit(window.document.id),
        )
    )
    # The main window's keys (not the platform's list, which adds F14 and an Undo key).
    window.undo_action = action("Undo", ["Ctrl+Z"], window.undo)
    window.redo_action = action("Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], window.redo)
    for name, each in (("Undo", window.undo_action), ("Redo", window.redo_action)):
        each.setProperty(SHEET_NAME, name)  # its text names the step to undo
    edit = window.menuBar().addMenu("&Edit")
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    review.addSeparator()
    review.addAction(action("Close", [QKeySequence.StandardKey.Close, "Esc"], window.close))
