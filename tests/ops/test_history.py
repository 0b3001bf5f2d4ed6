"""History: undo and redo through operations on a real project file, and the rule that
undo never crosses another program's change."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Relation, Span
from annotator.ops import spans as ops
from annotator.ops.history import History, HistoryLost
from annotator.store.project import Project, open_project
from annotator.store.relations import add_relation, relations
from tests.ops.test_spans import TEXT, content


@pytest.fixture
def project(project: Project) -> Project:
    project.add_document(Document("d", TEXT, "Kerry"))
    return project


def run(history: History, project: Project, description: str, operation, *args, **kwargs):  # type: ignore[no-untyped-def]
    token = project.change_token()
    changes = project.call(operation, *args, **kwargs)
    history.push(description, changes, token)
    return changes


def test_undo_and_redo_walk_the_stack_and_leave_the_file_as_it_was(project, project_path, dump):
    history = History()
    seen: list[tuple[str, str]] = []
    history.subscribe(lambda: seen.append((history.undo_text(), history.redo_text())))
    # alice has a layer already: a first span would add her and her status row, which undo
    # sets back to "new" but does not delete (test_spans.py checks that status)
    project.add_span(Span("d", "alice", 12, 24, "QUOTE"))
    before = content(dump, project_path)
    assert not history.can_undo() and not history.can_redo()

    (span,) = run(
        history, project, "Add ACTOR", ops.add_span, Span("d", "alice", 0, 5, "ACTOR")
    ).spans_added
    assert span.id is not None
    run(history, project, "Relabel as QUOTE", ops.update_span, span.id, label="QUOTE")
    run(history, project, "Edit note", ops.update_span, span.id, note="who?")
    after = content(dump, project_path)
    assert history.count() == 3 and history.text(0) == "Add ACTOR"
    assert history.undo_text() == "Edit note" and not history.can_redo()

    undone = [history.undo(project) for _ in range(3)]
    assert content(dump, project_path) == before
    assert not history.can_undo() and history.redo_text() == "Add ACTOR"
    assert undone[-1].spans_removed == (span,)  # what the views are told
    for _ in range(3):
        history.redo(project)
    assert content(dump, project_path) == after
    assert seen[-1] == ("Edit note", "")
    with pytest.raises(AnnotatorError, match="nothing to redo"):
        history.redo(project)


def test_a_push_drops_what_could_be_redone(project):
    history = History()
    run(history, project, "Add ACTOR", ops.add_span, Span("d", "alice", 0, 5, "ACTOR"))
    history.undo(project)
    run(history, project, "Add QUOTE", ops.add_span, Span("d", "alice", 6, 10, "QUOTE"))
    assert history.count() == 1 and not history.can_redo() and history.undo_text() == "Add QUOTE"
    assert history.count() == 1


def test_each_entry_keeps_the_place_it_was_made_at(project):
    history = History()
    assert history.undo_entry() is None and history.redo_entry() is None
    token = project.change_token()
    changes = project.call(ops.add_span, Span("d", "alice", 0, 5, "ACTOR"))
    history.push("Add ACTOR", changes, token, place=3)
    entry = history.undo_entry()
    assert entry is not None and (entry.description, entry.place) == ("Add ACTOR", 3)
    history.undo(project)
    assert history.undo_entry() is None and history.redo_entry() == entry


def test_undo_of_a_delete_restores_the_spans_relations(project, project_path, dump):
    history = History()
    actor = project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    quote = project.add_span(Span("d", "alice", 12, 24, "QUOTE"))
    assert actor.id is not None and quote.id is not None
    relation = add_relation(project, Relation("d", "alice", quote.id, actor.id, "source"))
    before = content(dump, project_path)
    run(history, project, "Delete ACTOR", ops.delete_span, actor.id)
    assert relations(project, "d", "alice") == []
    history.undo(project)
    assert relations(project, "d", "alice") == [relation]
    assert content(dump, project_path) == before
    history.redo(project)
    assert relations(project, "d", "alice") == [] and project.spans("d", "alice") == [quote]


def test_undo_refuses_after_another_connection_wrote(project, project_path, dump):
    history = History()
    run(history, project, "Add ACTOR", ops.add_span, Span("d", "alice", 0, 5, "ACTOR"))
    with open_project(project_path) as other:  # another program
        other.add_span(Span("d", "bob", 0, 5, "ACTOR"))
    before = dump(project_path)
    with pytest.raises(HistoryLost, match="undo history was cleared"):
        history.undo(project)
    assert dump(project_path) == before  # nothing undone
    assert history.count() == 0 and not history.can_undo()


def test_rebase_keeps_the_history_after_a_change_the_caller_checked(project, project_path):
    history = History()
    run(history, project, "Add ACTOR", ops.add_span, Span("d", "alice", 0, 5, "ACTOR"))
    with open_project(project_path) as other:
        other.add_document(Document("e", "Another text.", "Another"))
    history.rebase(project.change_token())  # the caller looked: not this layer
    history.undo(project)
    assert project.spans("d", "alice") == []


def test_an_undo_the_store_no_longer_allows_drops_its_entry(project):
    history = History()
    (span,) = run(
        history, project, "Add ACTOR", ops.add_span, Span("d", "alice", 0, 5, "ACTOR")
    ).spans_added
    assert span.id is not None
    run(history, project, "Relabel as QUOTE", ops.update_span, span.id, label="QUOTE")
    project.update_span(span.id, label="CLAIM")  # this connection, behind the history's back
    with pytest.raises(AnnotatorError, match="changed elsewhere"):
        history.undo(project)
    assert history.count() == 1 and history.undo_text() == "Add ACTOR"


def test_a_busy_project_keeps_the_entry(project, project_path):
    history = History()
    run(history, project, "Add ACTOR", ops.add_span, Span("d", "alice", 0, 5, "ACTOR"))
    project.set_busy_timeout(0)
    with (
        open_project(project_path) as other,
        other.transaction(),  # holds the write lock
        pytest.raises(AnnotatorError),
    ):
        history.undo(project)
    assert history.count() == 1 and history.can_undo()
    history.undo(project)
    assert project.spans("d", "alice") == []


def test_entries_follow_a_rename_so_undo_and_redo_still_work(project):
    from annotator.ops import labels as ops_labels

    history = History()
    added = run(history, project, "Add EVENT", ops.add_span, Span("d", "alice", 0, 5, "EVENT"))
    renamed = project.call(ops_labels.rename_label, "EVENT", "HAPPENING")
    history.follow_rename("label", "EVENT", "HAPPENING")
    assert history.undo_entry().changes.spans_added[0].label == "HAPPENING"
    assert history.undo_text() == "Add HAPPENING"
    history.undo(project)
    assert project.spans("d", "alice") == []
    history.redo(project)
    (span,) = project.spans("d", "alice")
    assert (span.label, span.id) == ("HAPPENING", added.spans_added[0].id)
    # and back: the rename undone, the entries follow it again
    project.call(ops.apply, renamed.inverse())
    history.follow_rename("label", "HAPPENING", "EVENT")
    history.undo(project)
    assert project.spans("d", "alice") == []
    history.redo(project)
    assert [s.label for s in project.spans("d", "alice")] == ["EVENT"]
