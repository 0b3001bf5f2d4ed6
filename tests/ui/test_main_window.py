"""The main window, driven as a user drives it: real selections, real key presses, the real
project file underneath."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from annotator.cli import main
from annotator.core.model import Relation, Span, Status
from annotator.store.project import Project
from annotator.store.relations import add_relation, relations
from tests.helpers.projects import ARTICLE

CTRL = Qt.KeyboardModifier.ControlModifier


def select(window, phrase: str, occurrence: int = 0) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Select `phrase` in the text view through a real QTextCursor; returns its offsets."""
    start = -1
    for _ in range(occurrence + 1):
        start = window.text_view.text.index(phrase, start + 1)
    window.text_view.select_range(start, start + len(phrase))
    return start, start + len(phrase)


def press(qtbot, window, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text_view, key, modifier)


def stored(project: Project, annotator: str = "alice") -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.spans("doc-1", annotator)]


def test_label_key_tags_the_selection_snapped_to_words(qtbot, window, ui_project):
    start = ARTICLE.index("Lavrov")
    window.text_view.select_range(start + 2, start + 4)  # "vr" inside "Lavrov"
    press(qtbot, window, Qt.Key.Key_1)
    assert stored(ui_project) == [(start, start + 6, "ACTOR")]
    assert window.span_model.rowCount() == 1
    assert ui_project.status("doc-1", "alice") == Status.IN_PROGRESS
    assert window.documents.summary(0).span_count == 1


def test_snap_off_keeps_characters_but_trims_spaces(qtbot, window, ui_project):
    window.snap_action.setChecked(False)
    start = ARTICLE.index("Lavrov")
    window.text_view.select_range(start - 1, start + 4)  # " Lavr"
    press(qtbot, window, Qt.Key.Key_2)
    assert stored(ui_project) == [(start, start + 4, "QUOTE")]


def test_relabel_delete_undo_redo_through_keys(qtbot, window, ui_project):
    a, b = select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    (span,) = ui_project.spans("doc-1", "alice")
    assert window.text_view.current.id == span.id
    press(qtbot, window, Qt.Key.Key_4)  # no selection: relabels the current span
    assert stored(ui_project) == [(a, b, "CLAIM")]
    press(qtbot, window, Qt.Key.Key_Delete)
    assert stored(ui_project) == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(ui_project) == [(a, b, "CLAIM")]
    assert ui_project.spans("doc-1", "alice")[0].id == span.id  # undo restores the same span
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(ui_project) == [(a, b, "EVENT")]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(ui_project) == []
    assert window.span_model.rowCount() == 0
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for expected in ("EVENT", "CLAIM"):
        press(qtbot, window, Qt.Key.Key_Z, redo)
        assert stored(ui_project) == [(a, b, expected)]
    press(qtbot, window, Qt.Key.Key_Z, redo)
    assert stored(ui_project) == []
    assert window.text_view.spans() == []


def test_undo_of_a_delete_brings_back_the_spans_relations(qtbot, window, ui_project):
    """Issue 10: the delete took the span's relations with it, and undo restored the span
    alone. Undo now restores them, under their ids; redo deletes them again."""
    select(window, "Kerry", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)
    select(window, "We will talk")
    press(qtbot, window, Qt.Key.Key_2)  # the QUOTE is now the current span
    quote, kerry = ui_project.spans("doc-1", "alice")  # in text order
    assert window.text_view.current.id == quote.id
    said = window.project.call(add_relation, Relation("doc-1", "alice", quote.id, kerry.id, "BY"))
    assert relations(ui_project, "doc-1", "alice") == [said]  # in the file

    press(qtbot, window, Qt.Key.Key_Delete)
    assert ui_project.spans("doc-1", "alice") == [kerry]
    assert relations(ui_project, "doc-1", "alice") == []
    undo = Qt.KeyboardModifier.ControlModifier
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, window, Qt.Key.Key_Z, undo)
    assert ui_project.spans("doc-1", "alice") == [quote, kerry]
    assert relations(ui_project, "doc-1", "alice") == [said]
    press(qtbot, window, Qt.Key.Key_Z, redo)
    assert ui_project.spans("doc-1", "alice") == [kerry]
    assert relations(ui_project, "doc-1", "alice") == []
    press(qtbot, window, Qt.Key.Key_Z, undo)
    assert relations(ui_project, "doc-1", "alice") == [said]
    assert window.span_model.rowCount() == 2


def test_nested_spans_are_kept_and_each_is_visible(qtbot, window, ui_project):
    quote = "“We will talk,” Kerry said on Friday."
    q0, q1 = select(window, quote)
    press(qtbot, window, Qt.Key.Key_2)
    k0, k1 = select(window, "Kerry", 1)
    press(qtbot, window, Qt.Key.Key_1)
    # Snapping leaves out the punctuation at its ends: the opening quote mark and the period.
    assert stored(ui_project) == [(q0 + 1, q1 - 1, "QUOTE"), (k0, k1, "ACTOR")]
    # The inner span's characters get a different format from the outer span's.
    block = window.text_view.document().findBlock(window.text_view.offsets.to_qt(k0))
    formats = {
        (f.start, f.length): f.format.background().color().name() for f in block.layout().formats()
    }
    inner = window.text_view.offsets.to_qt(k0) - block.position()
    colours = set(formats.values())
    assert len(colours) == 2, formats
    assert any(start == inner and length == k1 - k0 for start, length in formats)
    # Hover information: both spans under the inner word, outermost first.
    assert [s.label for s in window.text_view.spans_at(k0)] == ["QUOTE", "ACTOR"]


def test_undo_of_a_documents_first_span_makes_it_new_again(qtbot, window, ui_project):
    """The add's Changes say it moved the document from new to in progress: undo moves it
    back (and redo on again), in the store and in the document list."""
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    assert ui_project.status("doc-1", "alice") == Status.IN_PROGRESS
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(ui_project) == [] and ui_project.status("doc-1", "alice") == Status.NEW
    assert window.documents.summary(0).status == Status.NEW
    press(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert ui_project.status("doc-1", "alice") == Status.IN_PROGRESS
    assert window.documents.summary(0).status == Status.IN_PROGRESS


def test_duplicate_span_is_not_added_twice(qtbot, window, ui_project):
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    assert len(ui_project.spans("doc-1", "alice")) == 1
    assert window.history.count() == 1


def test_whitespace_only_selection_adds_nothing(qtbot, window, ui_project):
    start = ARTICLE.index("\n\n")
    window.text_view.select_range(start, start + 2)
    press(qtbot, window, Qt.Key.Key_1)
    assert stored(ui_project) == []
    assert window.history.count() == 0


def test_mouse_drag_then_label_key(qtbot, window, ui_project):
    view = window.text_view
    qt_start = view.offsets.to_qt(ARTICLE.index("Geneva"))
    cursor = QTextCursor(view.document())
    cursor.setPosition(qt_start)
    left = view.cursorRect(cursor).center() + QPoint(2, 0)
    cursor.setPosition(qt_start + 4)
    right = view.cursorRect(cursor).center()
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=left)
    qtbot.mouseMove(viewport, right)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=right)
    assert view.textCursor().hasSelection()
    press(qtbot, window, Qt.Key.Key_3)
    start = ARTICLE.index("Geneva")
    assert stored(ui_project) == [(start, start + 6, "EVENT")]
    # A plain click on the span makes it current and selects its row.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=left)
    assert view.current is not None and view.current.label == "EVENT"
    assert window.span_view.currentIndex().row() == 0


def test_span_list_click_delete_and_note(qtbot, window, ui_project):
    for phrase, key in (("Russia's", Qt.Key.Key_1), ("Kerry", Qt.Key.Key_1)):
        select(window, phrase)
        press(qtbot, window, key)
    model = window.span_model
    assert [model.span_at(r).start for r in range(model.rowCount())] == sorted(
        [ARTICLE.index("Russia's"), ARTICLE.index("Kerry")]
    )
    window.span_view.setCurrentIndex(model.index(1, 0))
    assert window.text_view.current == model.span_at(1)
    model.setData(model.index(1, model.NOTE_COLUMN), "the minister's boss")
    assert ui_project.spans("doc-1", "alice")[1].note == "the minister's boss"
    assert model.data(model.index(1, model.NOTE_COLUMN)) == "the minister's boss"
    window.undo_action.trigger()
    assert ui_project.spans("doc-1", "alice")[1].note is None
    window.span_view.setFocus()
    qtbot.keyClick(window.span_view, Qt.Key.Key_Delete)
    assert len(ui_project.spans("doc-1", "alice")) == 1


def test_annotators_never_see_each_others_spans(qtbot, window, ui_project):
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    window.set_annotator("bob")
    assert window.text_view.spans() == []
    assert window.documents.summary(0).span_count == 0
    select(window, "Kerry")
    press(qtbot, window, Qt.Key.Key_1)
    assert [s.label for s in ui_project.spans("doc-1", "bob")] == ["ACTOR"]
    assert [s.label for s in ui_project.spans("doc-1", "alice")] == ["EVENT"]
    window.set_annotator("alice")
    assert [s.label for s in window.text_view.spans()] == ["EVENT"]


def test_ctrl_enter_marks_done_and_moves_on_and_alt_arrows_navigate(qtbot, window, ui_project):
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ui_project.status("doc-1", "alice") == Status.DONE
    assert window.controller.document.id == "doc-2"
    assert window.documents.summary(0).status == Status.DONE
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.controller.document.id == "doc-3"
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.controller.document.id == "doc-1"


def test_document_list_filters_by_status_and_title(qtbot, window, ui_project):
    ui_project.set_status("doc-2", "alice", Status.DONE)
    window.status_filter.setCurrentIndex(3)  # Done
    assert [window.documents.document_id(r) for r in range(window.documents.rowCount())] == [
        "doc-2"
    ]
    window.status_filter.setCurrentIndex(0)
    window.filter_edit.setText("third")
    assert [window.documents.document_id(r) for r in range(window.documents.rowCount())] == [
        "doc-3"
    ]


def test_document_list_model_is_a_valid_qt_model(qtmodeltester, window):
    qtmodeltester.check(window.documents)
    qtmodeltester.check(window.span_model)


def test_find_selects_each_hit_and_a_label_key_tags_it(qtbot, window, ui_project):
    geneva = ARTICLE.index("Geneva")
    ui_project.add_span(Span("doc-1", "alice", geneva, geneva + 6, "EVENT"))
    window.controller.open_document("doc-1")  # a span list with rows and no current row
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    first = ARTICLE.index("Kerry")
    assert window.text_view.selected_range() == (first, first + 5)
    assert window.find_bar.count.text() == "1 of 2"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    second = ARTICLE.index("Kerry", first + 1)
    assert window.text_view.selected_range() == (second, second + 5)
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    # Closing the bar leaves the hit selected and the article focused, ready for a label key.
    assert window.text_view.selected_range() == (second, second + 5)
    assert window.text_view.current is None
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_1)
    assert (second, "ACTOR") in [(s.start, s.label) for s in ui_project.spans("doc-1", "alice")]


def test_a_search_that_stops_matching_leaves_nothing_for_a_label_key(qtbot, window, ui_project):
    # Found in a trial: typing "Russians in Kyiv" matched "Russians " on the way, then
    # nothing; the partial hit stayed selected and the label key tagged it.
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.find_bar.edit, "Kerry in Kyiv")
    assert window.find_bar.count.text() == "no matches"
    assert window.text_view.selected_range() is None
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_1)
    assert ui_project.spans("doc-1", "alice") == []


def test_zoom_keys_change_the_font_and_are_remembered(qtbot, window, settings):
    size = window.text_view.font().pointSizeF()
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.text_view.font().pointSizeF() > size
    assert settings.value("zoom", type=int) == 1
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_view.font().pointSizeF() < size


def test_snap_toggle_is_remembered(window, settings):
    window.snap_action.trigger()
    assert settings.value("snap_to_words", type=bool) is False


@pytest.mark.parametrize("text", ["<b>bold</b> &amp; <script>alert(1)</script>"])
def test_article_is_always_plain_text(qtbot, settings, tmp_path, text):
    from annotator.ui.main_window import MainWindow
    from tests.helpers.projects import make_project

    project = make_project(tmp_path / "html.db", {"h": text})
    win = MainWindow(project, "alice", settings)
    qtbot.addWidget(win)
    win.open_first_document()
    assert win.text_view.toPlainText() == text
    assert win.documents.data(win.documents.index(0, 0)) == text
    project.close()


def test_import_and_export_run_in_a_worker_thread(qtbot, window, ui_project, tmp_path, monkeypatch):
    import threading

    threads: list[bool] = []
    remote = type(window.project)
    reopen = remote.reopen
    qtbot.waitUntil(lambda: not window.backup.running)  # its channel is not one counted here

    def on_worker(self):  # type: ignore[no-untyped-def]
        # The job's connection: where the job waits for the store process.
        threads.append(threading.current_thread() is threading.main_thread())
        return reopen(self)

    monkeypatch.setattr(remote, "reopen", on_worker)
    source = tmp_path / "more.txt"
    source.write_text("Fourth article\r\nwith CRLF.\r\n", encoding="utf-8", newline="")
    task = window.import_paths([source])
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert window.documents.rowCount() == 4
    assert ui_project.document("more").text == "Fourth article\r\nwith CRLF.\r\n"
    assert not window.check_external_changes()  # our own import is not another window's
    assert "Another window" not in window.statusBar().currentMessage()
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    out = tmp_path / "out.jsonl"
    task = window.export_to(out)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert threads == [False, False]  # both ran off the GUI thread
    cli_out = tmp_path / "cli.jsonl"
    assert main(["export", str(ui_project.path), "-o", str(cli_out)]) == 0
    assert out.read_bytes() == cli_out.read_bytes()
    assert '"label": "EVENT", "text": "Geneva"' in out.read_text(encoding="utf-8")


def test_bad_import_shows_the_error_and_changes_nothing(qtbot, window, ui_project, tmp_path):
    from tests.helpers.projects import dump_database

    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "fine"}\n{"text": "x", "spans": [{"start": 0, "end": 9, "label": "ACTOR"}]}\n',
        encoding="utf-8",
    )
    before = dump_database(Path(ui_project.path))
    task = window.import_paths([bad])
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert dump_database(Path(ui_project.path)) == before
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1
    assert f"{bad}:2: span 0 [0, 9) lies outside the text" in boxes[0].text()


@pytest.mark.parametrize(
    ("content", "where", "reason"),
    [
        ('{"text": "fine"}\n' + "[" * 1000 + "]" * 1000 + "\n", ":2", "JSON nested deeper than"),
        ("\n\n", "", "no documents in it"),
    ],
    ids=["nested 1000 deep", "blank lines"],
)
def test_hostile_import_shows_file_and_line_and_changes_nothing(
    qtbot, window, ui_project, tmp_path, content: str, where: str, reason: str
):
    from tests.helpers.projects import dump_database

    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    before = dump_database(Path(ui_project.path))
    task = window.import_paths([bad])
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert dump_database(Path(ui_project.path)) == before
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1
    assert boxes[0].text().startswith(f"{bad}{where}: {reason}"), boxes[0].text()


def test_the_app_reopens_the_document_it_was_left_on(qtbot, window, ui_project, settings):
    from annotator.ui.main_window import MainWindow

    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.controller.document.id == "doc-2"
    again = MainWindow(ui_project, "alice", settings)
    qtbot.addWidget(again)
    again.open_first_document()
    assert again.controller.document.id == "doc-2"


def test_hovering_a_span_shows_its_labels_and_annotator(qtbot, window):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    quote = "“We will talk,” Kerry said on Friday."
    select(window, quote)
    press(qtbot, window, Qt.Key.Key_2)
    kerry, _ = select(window, "Kerry", 1)
    press(qtbot, window, Qt.Key.Key_1)
    view = window.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(kerry) + 2)
    point = view.cursorRect(cursor).center()
    viewport = view.viewport()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    tip = QToolTip.text()
    assert tip.index("QUOTE") < tip.index("ACTOR")  # outer span first
    assert tip.count("alice") == 2 and "Kerry" in tip


def test_clicking_a_row_scrolls_the_article_to_its_span(qtbot, settings, tmp_path):
    from annotator.ui.main_window import MainWindow
    from tests.helpers.projects import make_project

    text = "".join(f"Paragraph {n} about the talks.\n\n" for n in range(400)) + "Kerry spoke."
    project = make_project(tmp_path / "long.db", {"long": text})
    start = text.index("Kerry")
    project.add_span(Span("long", "alice", start, start + 5, "ACTOR"))
    win = MainWindow(project, "alice", settings)
    qtbot.addWidget(win)
    win.show()
    win.open_first_document()
    qtbot.waitExposed(win)
    assert win.text_view.verticalScrollBar().value() == 0
    view = win.span_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(win.span_model.index(0, 1)).center())  # fmt: skip
    assert win.text_view.current is not None and win.text_view.current.start == start
    assert win.text_view.verticalScrollBar().value() > 0
    assert win.text_view.viewport().rect().contains(win.text_view.cursorRect())
    project.close()


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
    select(window, "Kerry")
    press(qtbot, window, Qt.Key.Key_1)
    select(window, "Geneva")
    press(qtbot, window, Qt.Key.Key_3)
    geneva = window.text_view.current
    window.select_span(None)
    kerry = next(s for s in window.text_view.spans() if s.label == "ACTOR")
    window.edits.relabel(kerry, "CLAIM")  # as the context menu does
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
    assert window.history.count() == 1 and window.history.can_undo()
    assert "An import is running" in window.statusBar().currentMessage()
    window.tasks.clear()
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(ui_project) == []
    assert window.undo_action.text() == "Undo"
    assert window.redo_action.text() == "Redo Add ACTOR" and window.redo_action.isEnabled()


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
    window.menus.span_menu(menu, window.text_view.current)
    relabel = menu.actions()[0].menu()
    next(act for act in relabel.actions() if act.text() == "CLAIM").trigger()
    assert stored(ui_project) == [(a, b, "CLAIM")]
    menu = QMenu(window)
    window.menus.span_menu(menu, window.text_view.current)
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
    assert window.history.count() == 1
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
    assert stored(ui_project) == [] and window.history.count() == 0


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

    from annotator.ui.open_windows import open_windows

    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "news"), "")
    )
    window.new_project()
    assert (tmp_path / "news.db").exists() and not (tmp_path / "news").exists()
    new_window = open_windows().pop()
    assert "no documents yet" in new_window.statusBar().currentMessage()
    new_window.close()
    new_window.project.close()
