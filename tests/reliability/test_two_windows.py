"""Promises 2 and 3 in the app: another instance's changes are picked up (a cheap change
counter, polled and checked on activation), the user's place is kept, and undo never
crosses another instance's change: it explains itself instead."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.cli import main
from annotator.core.model import Span
from annotator.store.project import Project, open_project
from annotator.ui.external_changes import CHANGE_POLL_MS
from annotator.ui.main_window import MainWindow


@pytest.fixture
def other(ui_project: Project) -> Iterator[Project]:
    """A second connection to the window's project: another window, or the CLI."""
    with open_project(ui_project.path) as second:
        yield second


def messages(window: MainWindow) -> list[str]:
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    texts = [box.text() for box in boxes]
    for box in boxes:
        box.close()
    return texts


def shown(window: MainWindow) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.label) for s in window.text_view.spans()}


def stored(project: Project, doc: str = "doc-1", who: str = "alice") -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.label) for s in project.spans(doc, who)}


def tag(window: MainWindow, start: int, end: int, label: str) -> None:
    window.text_view.select_range(start, end)
    window.apply_label(label)


def test_the_timer_picks_up_spans_and_documents_written_elsewhere(qtbot, window, other):
    assert window.change_timer.isActive() and window.change_timer.interval() == CHANGE_POLL_MS
    other.add_span(Span("doc-1", "alice", 0, 9, "EVENT"))
    other.add_span(Span("doc-2", "alice", 0, 6, "ACTOR"))  # another document's count
    qtbot.waitUntil(
        lambda: shown(window) == {(0, 9, "EVENT")}, timeout=10_000
    )  # a loaded CI machine
    assert window.span_model.rowCount() == 1
    assert window.documents.summary(1).span_count == 1
    assert window.controller.document.id == "doc-1"  # still on the same document


def test_activation_checks_at_once_and_cli_imports_show_up(window, other, tmp_path: Path):
    window.change_timer.stop()
    source = tmp_path / "new.txt"
    source.write_text("A third article.\n", encoding="utf-8")
    assert main(["import", str(window.project.path), str(source)]) == 0
    rows = window.documents.rowCount()
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    assert window.isActiveWindow()
    assert window.documents.rowCount() == rows + 1
    assert window.documents.document_id(rows) == "new"


def test_a_reload_keeps_the_users_place(qtbot, window, other):
    window.change_timer.stop()
    span = window.controller.add_span(2000, 2010, "ACTOR")
    window.select_span(span)
    window.text_view.set_current_span(span, scroll=True)
    bar = window.text_view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    window.text_view.select_range(2100, 2120)
    other.add_span(Span("doc-1", "alice", 0, 9, "EVENT"))
    assert window.check_external_changes()
    assert shown(window) == {(0, 9, "EVENT"), (2000, 2010, "ACTOR")}
    assert bar.value() == place
    assert window.text_view.selected_range() == (2100, 2120)
    assert window.text_view.current is not None and window.text_view.current.id == span.id


def test_undoing_a_span_another_instance_deleted_explains_itself(window, other):
    window.change_timer.stop()  # the change arrives between two polls
    tag(window, 0, 9, "ACTOR")
    (span,) = window.text_view.spans()
    other.delete_span(span.id)
    window.undo()
    (message,) = messages(window)
    assert "Nothing was undone" in message and "changed this document's spans" in message
    assert stored(window.project) == set() and shown(window) == set()
    assert window.history.count() == 0
    window.redo()  # nothing left to redo, nothing written
    assert stored(other) == set()


def test_undo_never_overwrites_another_instances_relabel(window, other):
    window.change_timer.stop()
    tag(window, 0, 9, "ACTOR")
    (span,) = window.text_view.spans()
    window.apply_label("QUOTE")  # relabel the current span: an undoable edit
    other.update_span(span.id, label="CLAIM")
    window.undo()
    assert "Nothing was undone" in messages(window)[0]
    assert stored(other) == {(0, 9, "CLAIM")} == shown(window)


def test_an_edit_of_a_span_changed_elsewhere_is_refused_and_the_view_reloaded(window, other):
    window.change_timer.stop()
    tag(window, 0, 9, "ACTOR")
    (span,) = window.text_view.spans()
    other.update_span(span.id, label="EVENT")
    window.select_span(span)
    window.delete_current_span()  # the user saw ACTOR; another window made it EVENT
    assert "That edit was not made" in messages(window)[0]
    assert stored(other) == {(0, 9, "EVENT")} == shown(window)
    window.select_span(window.text_view.spans()[0])
    window.delete_current_span()  # now it is as shown: it goes
    assert stored(other) == set()


def test_changes_to_other_documents_keep_the_undo_history(window, other):
    window.change_timer.stop()
    tag(window, 0, 9, "ACTOR")
    other.add_span(Span("doc-2", "bob", 0, 6, "ACTOR"))
    window.undo()
    assert messages(window) == []
    assert stored(other) == set()
    window.redo()
    assert stored(other) == {(0, 9, "ACTOR")}


def test_a_span_added_here_after_another_instance_added_one_is_kept_with_theirs(window, other):
    window.change_timer.stop()
    other.add_span(Span("doc-1", "alice", 20, 25, "EVENT"))
    tag(window, 0, 9, "ACTOR")
    assert messages(window) == []
    assert stored(other) == {(0, 9, "ACTOR"), (20, 25, "EVENT")} == shown(window)


def test_a_change_picked_up_while_the_note_dialog_is_open_is_not_overwritten(
    window, other, monkeypatch
):
    from annotator.ui.note_dialog import NoteDialog

    window.change_timer.stop()
    tag(window, 0, 9, "ACTOR")
    (span,) = window.text_view.spans()

    def meanwhile(parent, prompt, note):  # the user types; another window writes; a poll
        other.update_span(span.id, note="theirs")
        window.check_external_changes()
        return "mine"

    monkeypatch.setattr(NoteDialog, "ask", meanwhile)
    window.select_span(span)
    window.edit_note()
    assert "That edit was not made" in messages(window)[0]
    assert other.span(span.id).note == "theirs"


def test_labels_statuses_and_annotators_from_elsewhere_show_up(window, other):
    from annotator.core.model import Label, Status

    window.change_timer.stop()
    other.add_label(Label("PLACE", "#336699", "5", "a place"))
    other.set_status("doc-1", "alice", Status.DONE)
    other.ensure_annotator("zoe")
    assert not window.check_external_changes()  # the open layer itself did not change
    assert any("PLACE" in action.text() for action in window.label_actions)
    assert "· done ·" in window.doc_status.text()
    assert window.documents.summary(0).status is Status.DONE
    assert "zoe" in [window.annotator_box.itemText(i) for i in range(window.annotator_box.count())]
    tag(window, 0, 9, "PLACE")  # the new label works at once
    assert stored(other) == {(0, 9, "PLACE")}


def test_no_other_program_can_commit_between_undos_check_and_its_write(window, other):
    """The check for other instances' changes and the undo's write are one transaction."""
    window.change_timer.stop()
    tag(window, 0, 9, "ACTOR")
    (span,) = window.text_view.spans()
    window.apply_label("QUOTE")
    real_check = window.edits.history_lost
    attempts: list[str] = []

    def check_then_other_writes(what: str) -> bool:
        lost = real_check(what)
        other.set_busy_timeout(50)
        try:  # another program tries to commit right after the check
            other.update_span(span.id, label="CLAIM")
            attempts.append("committed")
        except Exception as error:  # ProjectError: the project is busy
            attempts.append(type(error).__name__)
        return lost

    window.edits.history_lost = check_then_other_writes  # type: ignore[method-assign]
    window.undo()
    assert attempts == ["ProjectError"]  # it had to wait: the undo held the write lock
    assert stored(other) == {(0, 9, "ACTOR")} == shown(window)  # the undo, whole
