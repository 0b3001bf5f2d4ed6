"""Tagging every hit through the real window: one operation, one undo step, skipping the
hits tagged already, asking first above the limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.store.project import Project
from tests.helpers.find_article import ALT, ARTICLE, CTRL, KERRYS, SHIFT, actors, key
from tests.helpers.projects import make_project


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "find.db", {"doc-1": ARTICLE, "doc-2": "Kerry again.\n"})
    yield project
    project.close()


def test_tag_every_hit_is_one_undo_step_and_skips_those_tagged(qtbot, window, ui_project):
    window.tag_range(KERRYS[1], KERRYS[1] + 5, "ACTOR")
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    key(qtbot, window, Qt.Key.Key_1, ALT)  # Alt+1: every hit as ACTOR
    assert len(actors(ui_project)) == len(KERRYS)
    message = window.statusBar().currentMessage()
    assert f"Tagged {len(KERRYS) - 1} hits as ACTOR; 1 was tagged ACTOR already" in message
    assert window.span_model.rowCount() == len(KERRYS)
    assert window.undo_action.text() == f"Undo Tag {len(KERRYS) - 1} hits as ACTOR"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # one step takes them all back
    assert actors(ui_project) == [KERRYS[1]]
    # The status bar says so, instead of still saying they were tagged.
    assert window.statusBar().currentMessage() == (
        f"Undone: Tag {len(KERRYS) - 1} hits as ACTOR. Ctrl+Shift+Z redoes it."
    )
    assert window.span_model.rowCount() == 1
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(actors(ui_project)) == len(KERRYS)
    assert window.statusBar().currentMessage().startswith("Redone: Tag ")
    key(qtbot, window, Qt.Key.Key_1, ALT)  # again: nothing left to tag, nothing pushed
    assert "are tagged ACTOR already" in window.statusBar().currentMessage()
    assert window.history.count() == 2


def test_tag_all_through_the_bar_menu(qtbot, window, ui_project):
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "lavrov")
    menu = window.find_bar.tag_all.menu()
    (quote,) = [a for a in menu.actions() if a.text().endswith("QUOTE")]
    quote.trigger()
    assert sorted(s.label for s in ui_project.spans("doc-1", "alice")) == ["QUOTE", "QUOTE"]


def test_tagging_more_hits_than_the_limit_asks_first(qtbot, window, ui_project, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui import find_actions

    monkeypatch.setattr(find_actions, "CONFIRM_ABOVE", 3)
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    for answer, expected in (
        (QMessageBox.StandardButton.No, 0),
        (QMessageBox.StandardButton.Yes, 6),
    ):
        key(qtbot, window, Qt.Key.Key_1, ALT)
        (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert "Tag 6 hits of “kerry” as ACTOR?" in box.text()
        qtbot.mouseClick(box.button(answer), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda b=box: not b.isVisible())
        assert len(actors(ui_project)) == expected
