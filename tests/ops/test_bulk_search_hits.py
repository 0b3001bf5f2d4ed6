"""ops.bulk.add_spans as the corpus search uses it: tagging hits across documents in one step."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Span, Status
from annotator.ops.bulk import add_spans
from annotator.ops.spans import apply
from tests.helpers.projects import make_project


@pytest.fixture
def corpus(tmp_path):
    project = make_project(
        tmp_path / "c.db", {"a": "Kerry met Kerry.", "b": "Kerry left.", "c": "Nobody."}
    )
    yield project
    project.close()


def layer(project, document_id):
    return [(s.start, s.end, s.label) for s in project.spans(document_id, "alice")]


def test_many_spans_in_one_change_and_one_undo(corpus):
    spans = [
        Span("a", "alice", 0, 5, "ACTOR"),
        Span("a", "alice", 10, 15, "ACTOR"),
        Span("b", "alice", 0, 5, "ACTOR"),
    ]
    changes = add_spans(corpus, spans)
    assert [(s.document_id, s.start) for s in changes.spans_added] == [
        ("a", 0),
        ("a", 10),
        ("b", 0),
    ]
    assert all(s.id is not None for s in changes.spans_added)
    assert sorted(changes.statuses) == [
        ("a", "alice", Status.NEW, Status.IN_PROGRESS),
        ("b", "alice", Status.NEW, Status.IN_PROGRESS),
    ]
    assert layer(corpus, "a") == [(0, 5, "ACTOR"), (10, 15, "ACTOR")]
    apply(corpus, changes.inverse())
    assert layer(corpus, "a") == [] and corpus.status("b", "alice") is Status.NEW
    apply(corpus, changes)  # redo
    assert layer(corpus, "b") == [(0, 5, "ACTOR")]
    apply(corpus, changes.inverse())
    assert layer(corpus, "a") == [] and layer(corpus, "b") == []


def test_a_hit_already_tagged_so_is_skipped(corpus):
    add_spans(corpus, [Span("a", "alice", 0, 5, "ACTOR")])
    again = add_spans(
        corpus, [Span("a", "alice", 0, 5, "ACTOR"), Span("a", "alice", 0, 5, "QUOTE")]
    )
    assert [s.label for s in again.spans_added] == ["QUOTE"]
    assert again.statuses == ()  # in progress already
    twice = add_spans(corpus, [Span("b", "alice", 0, 5, "ACTOR")] * 2)
    assert len(twice.spans_added) == 1


def test_one_refused_span_writes_nothing(corpus):
    with pytest.raises(AnnotatorError):
        add_spans(corpus, [Span("a", "alice", 0, 5, "ACTOR"), Span("b", "alice", 0, 99, "ACTOR")])
    with pytest.raises(AnnotatorError, match="unknown label"):
        add_spans(corpus, [Span("a", "alice", 0, 5, "ACTOR"), Span("b", "alice", 0, 5, "NOPE")])
    assert layer(corpus, "a") == [] and corpus.status("a", "alice") is Status.NEW
