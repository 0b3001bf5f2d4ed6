"""Regressions found by review and by a new user's trial: each drives the real window."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotator.core.model import Span
from annotator.ui.note_dialog import NoteDialog
from tests.ui.conftest import ARTICLE
from tests.ui.test_main_window import press, select, stored

CTRL = Qt.KeyboardModifier.ControlModifier


def test_undo_never_makes_another_span_current(qtbot, window, ui_project):
    select(window, "Kerry")
    press(qtbot, window, Qt.Key.Key_1)
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # removes Geneva, the current span's row
    assert window.text_view.current is None
    assert not window.span_view.selectionModel().hasSelection()  # no row is picked
    press(qtbot, window, Qt.Key.Key_4)  # nothing picked: must not relabel Kerry
    press(qtbot, window, Qt.Key.Key_Delete)  # nor delete it
    kerry = ARTICLE.index("Kerry")
    assert stored(ui_project) == [(kerry, kerry + 5, "ACTOR")]


def test_relabelling_another_span_keeps_the_list_in_step_with_the_text(qtbot, window, ui_project):
    from annotator.ui.commands import UpdateSpan

    select(window, "Kerry")
    press(qtbot, window, Qt.Key.Key_1)
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    geneva = window.text_view.current
    window.select_span(None)
    kerry = next(s for s in window.text_view.spans() if s.label == "ACTOR")
    window._push(UpdateSpan(window.controller, kerry, label="CLAIM"))  # as the context menu does
    assert window.text_view.current is None
    assert not window.span_view.selectionModel().hasSelection()  # no row is picked
    assert geneva.label == "EVENT"


def test_a_selection_always_adds_even_over_the_current_span(qtbot, window, ui_project):
    a, b = select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_1)
    window.text_view.select_range(a, b)  # the same text again, e.g. found with Ctrl+F
    press(qtbot, window, Qt.Key.Key_3)
    assert sorted(stored(ui_project)) == [(a, b, "ACTOR"), (a, b, "EVENT")]
    press(qtbot, window, Qt.Key.Key_4)  # no selection now: relabels the span just made
    assert sorted(stored(ui_project)) == [(a, b, "ACTOR"), (a, b, "CLAIM")]


def test_typing_a_new_annotator_name_never_completes_to_an_existing_one(qtbot, window):
    window.set_annotator("bob")
    window.set_annotator("alice")
    edit = window.annotator_box.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "bo")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.controller.annotator == "bo"


def test_an_empty_annotator_name_is_refused(qtbot, window):
    edit = window.annotator_box.lineEdit()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.controller.annotator == "alice"
    assert window.annotator_box.currentText() == "alice"


def test_gui_import_gives_unowned_spans_to_imported_and_refreshes_the_open_document(
    qtbot, window, ui_project, tmp_path
):
    geneva = ARTICLE.index("Geneva")
    source = tmp_path / "more.jsonl"
    lines = [
        {"id": "doc-1", "text": ARTICLE, "annotator": "alice",
         "spans": [{"start": geneva, "end": geneva + 6, "label": "EVENT"}]},
        {"id": "doc-1", "text": ARTICLE, "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]},
    ]  # fmt: skip
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    task = window.import_paths([source])
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert [s.label for s in ui_project.spans("doc-1", "imported")] == ["ACTOR"]
    assert [(s.start, s.label) for s in window.text_view.spans()] == [(geneva, "EVENT")]
    assert window.span_model.rowCount() == 1


def test_edits_and_undo_wait_while_an_import_runs(qtbot, window, ui_project):
    from types import SimpleNamespace

    select(window, "Kerry")
    press(qtbot, window, Qt.Key.Key_1)
    window.tasks.append(SimpleNamespace(writes=True))  # stands for a running import
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    kerry = ARTICLE.index("Kerry")
    assert stored(ui_project) == [(kerry, kerry + 5, "ACTOR")]  # neither edit nor undo ran
    assert window.undo_stack.count() == 1 and window.undo_stack.canUndo()
    assert "An import is running" in window.statusBar().currentMessage()
    window.tasks.clear()
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(ui_project) == []
    assert window.undo_action.text() == "Undo"
    assert window.redo_action.text() == "Redo Add ACTOR" and window.redo_action.isEnabled()


def test_note_dialog_is_finished_from_the_keyboard(qtbot):
    dialog = NoteDialog(None, "Note on ACTOR", "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.edit.setFocus()
    qtbot.keyClicks(dialog.edit, "two")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Tab)
    assert dialog.text() == "two"  # Tab moved the focus on instead of typing a tab
    dialog.edit.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == NoteDialog.DialogCode.Accepted


def test_labels_added_by_an_import_get_keys_and_buttons(qtbot, window, ui_project):
    from annotator.core.labels import new_label

    ui_project.add_label(new_label("PLACE", ui_project.labels()))
    window.controller.reload_labels()
    assert [a.text() for a in window.label_actions][-1] == "5 PLACE"
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_5)
    assert [s.label for s in ui_project.spans("doc-1", "alice")] == ["PLACE"]
    assert isinstance(window.text_view.spans()[0], Span)


def test_span_context_menu_relabels_and_deletes(qtbot, window, ui_project):
    from PySide6.QtWidgets import QMenu

    a, b = select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    menu = QMenu(window)
    window._span_menu(menu, window.text_view.current)
    relabel = menu.actions()[0].menu()
    next(act for act in relabel.actions() if act.text() == "CLAIM").trigger()
    assert stored(ui_project) == [(a, b, "CLAIM")]
    menu = QMenu(window)
    window._span_menu(menu, window.text_view.current)
    next(act for act in menu.actions() if act.text().startswith("Delete")).trigger()
    assert stored(ui_project) == []


def test_an_import_that_leaves_the_open_document_alone_keeps_its_undo_history(
    qtbot, window, ui_project, tmp_path
):
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    current = window.text_view.current
    other = tmp_path / "other.txt"
    other.write_text("Another article.\n", encoding="utf-8")
    task = window.import_paths([other])
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert window.documents.rowCount() == 4
    assert window.undo_stack.count() == 1
    assert window.text_view.current == current


def test_a_project_busy_with_another_program_gives_a_message_not_a_freeze(
    qtbot, window, ui_project
):
    import sqlite3
    import time

    from PySide6.QtWidgets import QMessageBox

    other = sqlite3.connect(ui_project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. a long `annotator import` in a terminal
    try:
        select(window, "Geneva")
        began = time.monotonic()
        press(qtbot, window, Qt.Key.Key_3)
        waited = time.monotonic() - began
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert waited < 5
    boxes = [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "the project is busy" in boxes[0]
    assert stored(ui_project) == [] and window.undo_stack.count() == 0


def test_gui_import_with_unknown_labels_offers_to_add_them(qtbot, window, ui_project, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    source = tmp_path / "places.jsonl"
    record = {"id": "p", "text": "In Geneva.", "annotator": "bob",
              "spans": [{"start": 3, "end": 9, "label": "PLACE"}]}  # fmt: skip
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    task = window.import_paths([source])
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert window.documents.rowCount() == 3  # nothing imported yet
    (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "'PLACE', which this project does not have" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not window.tasks, timeout=10_000)
    assert [s.label for s in ui_project.spans("p", "bob")] == ["PLACE"]
    assert window.label_actions[-1].text() == "5 PLACE"


def _menus_opened(window) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Record each context menu's entries instead of showing it (exec would block)."""
    opened: list[list[str]] = []
    window._popup = lambda menu, where: opened.append([a.text() for a in menu.actions()])
    return opened


def tag_three(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    for phrase, key in (
        ("Kerry", Qt.Key.Key_1),
        ("Lavrov", Qt.Key.Key_2),
        ("Geneva", Qt.Key.Key_3),
    ):
        select(window, phrase)
        press(qtbot, window, key)
    window.select_span(None)


def test_menu_key_in_the_span_list_opens_the_picked_rows_menu(qtbot, window, monkeypatch):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    opened = _menus_opened(window)
    tag_three(qtbot, window)
    view = window.span_view
    view.setFocus()
    view.setCurrentIndex(window.span_model.index(1, 0))  # Lavrov, QUOTE
    below = view.visualRect(view.currentIndex()).bottomLeft() + QPoint(0, 2)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard,
        below,
        view.mapToGlobal(below),
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, event)
    assert opened and opened[-1][0] == "Change label of QUOTE"
    qtbot.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert len(opened) == 2 and opened[-1][0] == "Change label of QUOTE"


def test_shift_f10_in_the_article_offers_the_picked_span(qtbot, window, monkeypatch):
    opened = _menus_opened(window)
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)  # now picked
    window.text_view.setFocus()
    press(qtbot, window, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert opened and opened[-1][0].startswith("EVENT: Geneva")


def test_tabbing_into_the_span_list_neither_picks_a_span_nor_scrolls(qtbot, window):
    tag_three(qtbot, window)
    window.text_view.verticalScrollBar().setValue(0)
    window.span_view.setFocus(Qt.FocusReason.TabFocusReason)
    assert window.text_view.current is None
    qtbot.keyClick(window.span_view, Qt.Key.Key_Up)  # an arrow key does pick
    assert window.text_view.current is not None


def test_after_deleting_from_the_list_the_keyboard_goes_on_from_there(qtbot, window, ui_project):
    tag_three(qtbot, window)
    view = window.span_view
    view.setFocus()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(window.span_model.index(1, 1)).center())  # fmt: skip
    assert window.text_view.current.label == "QUOTE"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.text_view.current is None  # nothing picked after a delete...
    assert view.currentIndex().row() == 1  # ...but the list stays where it was:
    qtbot.keyClick(view, Qt.Key.Key_Space)  # Space picks the next span, arrows move on
    assert window.text_view.current.label == "EVENT"
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert window.text_view.current.label == "ACTOR"


def test_new_project_gets_the_db_suffix(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    import annotator.ui.main_window as main_window

    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "news"), "")
    )
    window.new_project()
    assert (tmp_path / "news.db").exists() and not (tmp_path / "news").exists()
    new_window = main_window.OPEN_WINDOWS.pop()
    assert "no documents yet" in new_window.statusBar().currentMessage()
    new_window.close()
    new_window.project.close()
