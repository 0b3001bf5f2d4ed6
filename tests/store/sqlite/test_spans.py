"""The SQLite span table: discontinuous spans stored and read whole, bounds changes
checked like new spans, merged layers keep their fragments."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span

TEXT = "“We are not a party,” he said, “but a movement.”"
PIECES = ((1, 19), (32, 46))


@pytest.fixture
def doc(project):
    project.add_document(Document("d", TEXT, "t"))
    return "d"


def quote(**changes) -> Span:
    fields = {"annotator": "alice", "start": 1, "end": 46, "fragments": PIECES, **changes}
    return Span("d", label="QUOTE", **fields)


def test_a_discontinuous_span_is_stored_and_read_with_its_fragments(project, doc):
    stored = project.add_span(quote())
    assert stored.fragments == PIECES
    assert project.span(stored.id) == stored
    assert project.spans(doc, "alice") == [stored]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"start": 0}, "does not run from its first fragment"),
        ({"fragments": ((1, 19),)}, "fewer than two fragments"),
        ({"fragments": ((1, 30), (20, 46))}, "overlaps"),
        ({"end": 60, "fragments": ((1, 19), (32, 60))}, "outside the text"),
    ],
)
def test_bad_fragments_are_refused_and_nothing_written(project, doc, dump, changes, reason):
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match=reason):
        project.add_span(quote(**changes))
    assert dump(project.path) == before


def test_update_span_moves_bounds_and_checks_them(project, doc):
    stored = project.add_span(Span("d", "alice", 1, 19, "QUOTE"))
    moved = project.update_span(stored.id, bounds=(1, 46, PIECES))
    assert moved.fragments == PIECES and project.span(stored.id) == moved
    back = project.update_span(stored.id, bounds=(1, 19, ()))
    assert back == stored
    with pytest.raises(AnnotatorError, match="outside the text"):
        project.update_span(stored.id, bounds=(1, 99, ()))
    assert project.span(stored.id) == stored


def test_a_merged_layer_keeps_fragments_and_the_bulk_read_carries_them(project, doc):
    added, present = project.merge_layer(doc, "bob", [quote(annotator="bob")], None)
    assert (added, present) == (1, 0)
    (span,) = project.spans(doc, "bob")
    assert span.fragments == PIECES
    ((_, annotator, array),) = list(project.layer_span_arrays())
    assert annotator == "bob" and "[[1,19],[32,46]]" in array.replace(" ", "")
