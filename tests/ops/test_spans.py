"""Span operations on a real project file: what each returns, and that applying its inverse
puts the file back as it was (timestamps aside: a restored row is written anew)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Relation, Span, Status
from annotator.ops import spans as ops
from annotator.ops.changes import Changes
from annotator.ops.spans import ChangeConflict, apply
from annotator.store.project import Project, open_project
from annotator.store.relations import add_relation, relations

TEXT = "Kerry said: we will talk."
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")

Dump = Callable[[Path], list[str]]


def content(dump: Dump, path: Path) -> list[str]:
    """The file's dump with every timestamp blanked, and without the AUTOINCREMENT counters
    (an undone add leaves its id used: ids are never handed out twice)."""
    return [STAMP.sub("<time>", line) for line in dump(path) if "sqlite_sequence" not in line]


@pytest.fixture
def doc(project: Project) -> str:
    project.add_document(Document("d", TEXT, "Kerry"))
    return "d"


def kerry(note: str | None = None) -> Span:
    return Span("d", "alice", 0, 5, "ACTOR", note)


def test_add_span_returns_the_stored_span_and_the_status_it_moved(project, doc):
    changes = ops.add_span(project, kerry())
    (stored,) = changes.spans_added
    assert stored.id is not None and project.spans(doc, "alice") == [stored]
    assert changes.statuses == ((doc, "alice", Status.NEW, Status.IN_PROGRESS),)
    assert changes == Changes(spans_added=(stored,), statuses=changes.statuses)
    second = ops.add_span(project, Span("d", "alice", 12, 14, "QUOTE"))
    assert second.statuses == ()  # in progress already


def test_undo_of_an_add_takes_the_span_and_the_status_back(project, doc):
    changes = ops.add_span(project, kerry())
    apply(project, changes.inverse())
    assert project.spans(doc, "alice") == [] and project.status(doc, "alice") == Status.NEW
    apply(project, changes)  # redo: the same span, under its id
    assert project.spans(doc, "alice") == list(changes.spans_added)
    assert project.status(doc, "alice") == Status.IN_PROGRESS


def test_a_refused_add_writes_nothing(project, project_path, doc, dump):
    ops.add_span(project, kerry())
    before = dump(project_path)
    with pytest.raises(AnnotatorError, match="already has"):
        ops.add_span(project, kerry())
    with pytest.raises(AnnotatorError, match="unknown label"):
        ops.add_span(project, Span("d", "alice", 0, 5, "NOPE"))
    assert dump(project_path) == before


def test_delete_takes_the_relations_and_undo_brings_them_back(project, project_path, doc, dump):
    """Issue 10: undo of a delete restored the span and lost its relations."""
    (actor,) = ops.add_span(project, kerry()).spans_added
    (quote,) = ops.add_span(project, Span("d", "alice", 12, 24, "QUOTE")).spans_added
    assert actor.id is not None and quote.id is not None
    relation = add_relation(project, Relation("d", "alice", quote.id, actor.id, "source"))
    before = content(dump, project_path)

    changes = ops.delete_span(project, actor.id)
    assert changes == Changes(spans_removed=(actor,), relations_removed=(relation,))
    assert relations(project, "d", "alice") == []
    apply(project, changes.inverse())
    assert relations(project, "d", "alice") == [relation]  # under its id
    assert content(dump, project_path) == before
    apply(project, changes)  # redo
    assert project.spans(doc, "alice") == [quote] and relations(project, "d", "alice") == []


def test_update_span_returns_old_and_new_and_undo_restores_both(project, project_path, doc, dump):
    (span,) = ops.add_span(project, kerry()).spans_added
    assert span.id is not None
    before = content(dump, project_path)
    relabel = ops.update_span(project, span.id, label="QUOTE")
    ((old, new),) = relabel.spans_changed
    assert old == span and new.label == "QUOTE" and new.id == span.id
    note = ops.update_span(project, span.id, note="who?")
    assert note.spans_changed == ((new, Span("d", "alice", 0, 5, "QUOTE", "who?", span.id)),)
    assert ops.update_span(project, span.id, note="who?") == Changes()  # nothing changed
    apply(project, note.inverse())
    apply(project, relabel.inverse())
    assert content(dump, project_path) == before


def test_set_status_and_its_inverse(project, doc):
    changes = ops.set_status(project, doc, "alice", Status.DONE)
    assert changes.statuses == ((doc, "alice", Status.NEW, Status.DONE),)
    assert ops.set_status(project, doc, "alice", Status.DONE) == Changes()
    apply(project, changes.inverse())
    assert project.status(doc, "alice") == Status.NEW


def test_apply_refuses_a_store_that_is_not_as_the_change_starts(project, project_path, doc, dump):
    (span,) = ops.add_span(project, kerry()).spans_added
    assert span.id is not None
    relabel = ops.update_span(project, span.id, label="QUOTE")
    ops.update_span(project, span.id, label="CLAIM")  # the undo's "before" is gone
    before = dump(project_path)
    with pytest.raises(ChangeConflict, match="changed elsewhere"):
        apply(project, relabel.inverse())
    assert dump(project_path) == before
    deleted = ops.delete_span(project, span.id)  # the layer is empty: its status goes new
    before = dump(project_path)
    with pytest.raises(AnnotatorError, match="no longer exists"):
        apply(project, deleted)  # deleted already
    with pytest.raises(ChangeConflict, match="status"):
        apply(project, Changes(statuses=((doc, "alice", Status.DONE, Status.NEW),)))
    assert dump(project_path) == before


def test_operations_run_in_the_store_process(store_host, project_path):
    project = store_host.open(project_path)
    try:
        project.add_document(Document("d", TEXT, "Kerry"))
        changes = project.call(ops.add_span, kerry())
        assert project.spans("d", "alice") == list(changes.spans_added)
        project.call(apply, changes.inverse())
        assert project.spans("d", "alice") == []
    finally:
        project.close()
    with open_project(project_path) as local:
        assert local.spans("d", "alice") == []


def test_move_span_changes_bounds_and_keeps_id_note_and_relations(project, project_path, doc, dump):
    actor = ops.add_span(project, kerry("the speaker")).spans_added[0]
    quote = ops.add_span(project, Span("d", "alice", 12, 24, "QUOTE")).spans_added[0]
    assert actor.id is not None and quote.id is not None
    link = add_relation(project, Relation("d", "alice", quote.id, actor.id, "source"))
    before = content(dump, project_path)
    moved = ops.move_span(project, quote.id, 12, 14)
    ((old, new),) = moved.spans_changed
    assert old == quote and (new.start, new.end, new.id, new.label) == (12, 14, quote.id, "QUOTE")
    assert relations(project, doc, "alice") == [link]
    apply(project, moved.inverse())
    assert content(dump, project_path) == before


def test_move_span_into_fragments_and_back(project, doc):
    quote = ops.add_span(project, Span("d", "alice", 12, 24, "QUOTE")).spans_added[0]
    assert quote.id is not None
    split = ops.move_span(project, quote.id, 12, 24, ((12, 14), (20, 24)))
    ((_, new),) = split.spans_changed
    assert project.span(quote.id) == new and new.pieces == ((12, 14), (20, 24))
    assert new.text_of(TEXT) == "we … talk"
    apply(project, split.inverse())
    assert project.span(quote.id) == quote and quote.pieces == ((12, 24),)


@pytest.mark.parametrize(
    ("start", "end", "fragments", "reason"),
    [
        (12, 30, (), "outside the text"),
        (12, 24, ((12, 14),), "fewer than two fragments"),
        (12, 24, ((12, 18), (16, 24)), "overlaps"),
        (12, 24, ((12, 16), (16, 24)), "touches"),
        (10, 24, ((12, 16), (18, 24)), "first fragment"),
    ],
)
def test_a_refused_move_writes_nothing(
    project, project_path, doc, dump, start, end, fragments, reason
):
    quote = ops.add_span(project, Span("d", "alice", 12, 24, "QUOTE")).spans_added[0]
    assert quote.id is not None
    before = dump(project_path)
    with pytest.raises(AnnotatorError, match=reason):
        ops.move_span(project, quote.id, start, end, fragments)
    assert dump(project_path) == before
