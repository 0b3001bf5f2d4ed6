"""The plain data: spans (and their fragments), relation types, bounds checks."""

from __future__ import annotations

import dataclasses
import pickle
import pickletools
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core import model
from annotator.core.model import (
    RelationType,
    Span,
    SpanList,
    check_fragments,
    check_span_bounds,
    text_id,
    title_of,
)


def test_a_contiguous_span_is_its_one_piece():
    span = Span("d", "a", 3, 8, "QUOTE")
    assert span.fragments == () and span.pieces == ((3, 8),)
    assert span.text_of("0123456789") == "34567"


def test_a_discontinuous_span_reads_its_fragments_joined():
    text = "“We are not a party,” he said, “but a movement.”"
    first, second = (1, 19), (32, 46)
    span = Span("d", "a", first[0], second[1], "QUOTE", fragments=(first, second))
    assert span.pieces == (first, second)
    assert span.text_of(text) == "We are not a party … but a movement"


@given(st.lists(st.integers(0, 60), min_size=4, max_size=12, unique=True))
def test_sorted_apart_pieces_are_fragments_and_anything_else_is_refused(points):
    points.sort()
    pieces = tuple(zip(points[::2], points[1::2], strict=False))
    pieces = tuple((s, e) for s, e in pieces if e > s)
    if len(pieces) < 2:
        return
    touching = any(a[1] == b[0] for a, b in pairwise(pieces))
    problem = check_fragments(60, pieces)
    assert (problem is None) != touching
    assert check_fragments(60, tuple(reversed(pieces))) is not None  # out of order
    assert check_fragments(max(e for _, e in pieces) - 1, pieces) is not None  # past the end


def test_fragment_reasons_read_after_span():
    assert check_fragments(10, ((0, 2),)) == (
        "has fewer than two fragments (a contiguous span has none)"
    )
    assert "overlaps" in (check_fragments(10, ((0, 4), (3, 6))) or "")
    assert "touches" in (check_fragments(10, ((0, 3), (3, 6))) or "")
    assert "outside the text" in (check_fragments(5, ((0, 2), (3, 6))) or "")
    assert check_span_bounds(5, 2, 2) is not None


def test_a_relation_type_allows_its_labels_and_an_empty_list_allows_any():
    source = RelationType("source", ("QUOTE",), ("ACTOR",), "#000000", required=True)
    assert source.allows("QUOTE", "ACTOR") and not source.allows("CLAIM", "ACTOR")
    anything = RelationType("mentions", (), (), "#000000")
    assert anything.allows("EVENT", "QUOTE")


def test_ids_and_titles():
    assert text_id("x") == text_id("x") and text_id("x") != text_id("y")
    assert title_of("\n  First line  \nsecond") == "First line"
    assert title_of("a" * 300, limit=10) == "a" * 9 + "…"


def test_a_span_pickles_with_every_field():
    # Span pickles by a field list of its own (fast): a new field must be in it.
    assert tuple(field.name for field in dataclasses.fields(Span)) == model._SPAN_FIELDS
    span = Span("d", "alice", 1, 9, "QUOTE", "a note", 7, ((1, 3), (5, 9)))
    assert pickle.loads(pickle.dumps(span)) == span
    plain = Span("d", "a", 0, 1, "ACTOR")
    assert pickle.loads(pickle.dumps(plain)) == plain


def test_layer_spans_are_the_spans_their_constructor_makes():
    # Built through the slots (the document's open is the hot path), they must be the same
    # frozen, hashable spans, field by field.
    assert [f.name for f in dataclasses.fields(Span)] == list(model._SPAN_FIELDS)
    rows = [
        (0, 5, "ACTOR", None, 1, None),
        (2, 9, "QUOTE", "a note", 2, ((2, 4), (6, 9))),
        (3, 4, "EVENT", "", None, ()),
    ]
    built = model.layer_spans("d", "alice", rows)
    made = [Span("d", "alice", s, e, lab, n, i, f or ()) for s, e, lab, n, i, f in rows]
    assert isinstance(built, SpanList) and built == made
    assert [hash(span) for span in built] == [hash(span) for span in made]
    assert [repr(span) for span in built] == [repr(span) for span in made]
    with pytest.raises(dataclasses.FrozenInstanceError):
        built[0].start = 1  # type: ignore[misc]
    assert dataclasses.replace(built[1], label="CLAIM") == dataclasses.replace(
        made[1], label="CLAIM"
    )


def test_building_a_layer_pauses_the_collector_and_gives_it_back_as_it_was():
    import gc

    assert gc.isenabled()
    seen = []

    def rows():
        seen.append(gc.isenabled())
        yield (0, 1, "ACTOR", None, 1, None)

    model.layer_spans("d", "alice", rows())
    assert seen == [False] and gc.isenabled()
    with pytest.raises(ValueError):
        model.layer_spans("d", "alice", [(0, 1)])  # a row of the wrong shape
    assert gc.isenabled()
    gc.disable()
    try:
        model.layer_spans("d", "alice", rows())
        assert not gc.isenabled()  # paused by someone else: left paused
    finally:
        gc.enable()


def test_a_layer_s_span_list_pickles_compactly_as_equal_spans():
    # One layer's spans travel as rows of plain values after one id and one annotator (the
    # window's open document, from the store process): in the fields' order.
    assert model._SPAN_FIELDS[2:] == ("start", "end", "label", "note", "id", "fragments")
    layer = SpanList(
        Span(
            "d",
            "alice",
            n,
            n + 5,
            "ACTOR" if n % 2 else "QUOTE",
            f"note {n}" if n % 3 else None,
            n + 1,
            ((n, n + 1), (n + 3, n + 5)) if n % 5 == 0 else (),
        )
        for n in range(0, 2000, 10)
    )
    compact = pickle.dumps(layer)
    back = pickle.loads(compact)
    assert type(back) is SpanList and back == list(layer)
    calls = [op for op, _, _ in pickletools.genops(compact) if op.name == "REDUCE"]
    assert len(calls) == 1  # one call builds them all, not one a span
    mixed = SpanList([Span("d", "alice", 0, 1, "ACTOR"), Span("d", "bob", 0, 1, "ACTOR")])
    assert pickle.loads(pickle.dumps(mixed)) == list(mixed)  # two layers: span by span
    assert pickle.loads(pickle.dumps(SpanList())) == []
