"""The comparison's actions: every key the README lists is bound, once."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from annotator.core.model import Document, Span
from annotator.store.project import create_project
from annotator.ui.compare_view import ComparisonWindow


def test_every_key_is_bound_once(qtbot, tmp_path) -> None:
    project = create_project(tmp_path / "keys.db")
    project.add_document(Document("d", "Mayor Lee spoke.", "d"))
    project.add_span(Span("d", "alice", 0, 9, "ACTOR"))
    project.add_span(Span("d", "bob", 0, 5, "ACTOR"))
    win = ComparisonWindow(project, "d", ["alice", "bob"])
    qtbot.addWidget(win)
    keys = [key.toString() for action in win.actions() for key in action.shortcuts()]
    for wanted in ("F8", "Shift+F8", "F9", "Shift+F9", "1", "2", "Ctrl+G", "Ctrl+Return"):
        assert keys.count(QKeySequence(wanted).toString()) == 1, wanted
    menus = [action.text() for action in win.menuBar().actions()]
    assert menus == ["&Review", "&Edit"]
    project.close()
