"""Help ▸ Keyboard shortcuts (F1): generated from the windows' actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from annotator.ui.shortcut_sheet import ShortcutSheet, keys_of


def open_sheet(qtbot, window) -> ShortcutSheet:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text_view, Qt.Key.Key_F1)
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None
    qtbot.waitUntil(sheet.isVisible)
    return sheet


def test_f1_lists_every_shortcut_of_the_main_window(qtbot, window):
    sheet = open_sheet(qtbot, window)
    rows = sheet.rows()
    listed = {(what, keys) for _, what, keys in rows}
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert len(actions) > 25
    for action in actions:
        keys = keys_of(action)
        assert any(k == keys for _, k in listed), (action.text(), keys)
    where = {(what, keys): place for place, what, keys in rows}
    assert where[("Start a word left", "Alt+Shift+Left")] == "Edit ▸ Span boundaries"
    assert where[("Tag every hit as ACTOR", "Alt+1")] == "Find bar"
    assert where[("Find next", "F3")] == "Edit"
    assert where[("Keyboard shortcuts", "F1")] == "Help"
    assert ("1 ACTOR", "1") in listed


def test_the_comparison_keys_are_listed_too(qtbot, window):
    rows = open_sheet(qtbot, window).rows()
    comparison = [(what, keys) for place, what, keys in rows if place.startswith("Comparison")]
    assert ("Next disagreement", "F8, N") in comparison
    assert ("Accept first annotator's version", "1") in comparison
    assert ("Mark gold done", QKeySequence("Ctrl+Return").toString()) in comparison


def test_an_action_added_to_the_window_shows_up(qtbot, window):
    action = QAction("Frobnicate the spans", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.menuBar().actions()[0].menu().addAction(action)
    window.addAction(action)
    rows = open_sheet(qtbot, window).rows()
    assert ("File", "Frobnicate the spans", "Ctrl+Alt+F") in rows


def test_undo_and_redo_are_listed_by_name_with_the_keys_one_can_press(qtbot, window):
    """Undo's text names the step it would undo ("Undo Add ACTOR"): the sheet says Undo;
    the comparison's undo has the main window's keys, not the platform's F14 and Undo key."""
    start = window.text_view.text.index("Lavrov")
    window.tag_range(start, start + len("Lavrov"), "ACTOR")
    assert window.undo_action.text().startswith("Undo ") and window.undo_action.text() != "Undo"
    rows = open_sheet(qtbot, window).rows()
    assert ("Edit", "Undo", "Ctrl+Z") in rows
    assert ("Comparison: Edit", "Undo", "Ctrl+Z") in rows
    assert not [row for row in rows if row[1].startswith("Undo ")]
    assert not [row for row in rows if "F14" in row[2]]
