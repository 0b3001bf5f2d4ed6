"""Adding many spans as one operation, on a real project file: skipping what the layer
holds, one transaction, one undo."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span, Status
from annotator.ops.bulk import add_spans
from annotator.ops.spans import apply
from annotator.store.project import Project

TEXT = "Kerry met Kerry; Kerry left."


@pytest.fixture
def doc(project: Project) -> str:
    project.add_document(Document("d", TEXT, "Kerry"))
    return "d"


def kerrys(label: str = "ACTOR") -> list[Span]:
    return [Span("d", "alice", i, i + 5, label) for i in (0, 10, 17)]


def test_adds_every_span_and_moves_the_status_once(project, doc):
    changes = add_spans(project, kerrys())
    assert [s.start for s in changes.spans_added] == [0, 10, 17]
    assert all(s.id is not None for s in changes.spans_added)
    assert sorted(project.spans(doc, "alice"), key=lambda s: s.start) == list(changes.spans_added)
    assert changes.statuses == ((doc, "alice", Status.NEW, Status.IN_PROGRESS),)


def test_skips_spans_the_layer_has_and_repeats(project, doc):
    project.add_span(Span("d", "alice", 10, 15, "ACTOR"))
    project.add_span(Span("d", "alice", 17, 22, "QUOTE"))  # another label: not the same
    changes = add_spans(project, kerrys() + kerrys())
    assert [s.start for s in changes.spans_added] == [0, 17]
    assert changes.statuses == ()  # in progress already
    assert len(project.spans(doc, "alice")) == 4


def test_one_undo_takes_them_all_back_and_redo_restores_them(project, doc):
    changes = add_spans(project, kerrys())
    apply(project, changes.inverse())
    assert project.spans(doc, "alice") == []
    assert project.status(doc, "alice") == Status.NEW
    apply(project, changes)
    assert len(project.spans(doc, "alice")) == 3


def test_a_bad_span_writes_none(project, doc):
    bad = [*kerrys(), Span("d", "alice", 20, 99, "ACTOR")]
    with pytest.raises(AnnotatorError):
        add_spans(project, bad)
    assert project.spans(doc, "alice") == []


def test_nothing_new_is_an_empty_change(project, doc):
    add_spans(project, kerrys())
    assert not add_spans(project, kerrys())
