"""Disagreements between layers: clusters of overlapping spans that not all annotators share."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.disagreements import Kind, agreed_spans, find_disagreements

# The worked example of AGREEMENT.md: "Mayor Lee told Kim: bridge opens in May."
A = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
B = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]


def test_worked_example_kinds_and_positions() -> None:
    found = find_disagreements({"alice": A, "bob": B})
    assert [(d.start, d.end, d.kind) for d in found] == [
        (10, 14, Kind.LABEL),
        (15, 18, Kind.ONLY_SOME),
        (20, 40, Kind.BOUNDARY),
    ]
    assert found[0].spans == (("alice", ((10, 14, "EVENT"),)), ("bob", ((10, 14, "CLAIM"),)))
    assert found[1].spans_of("alice") == ()
    assert found[1].spans_of("bob") == ((15, 18, "ACTOR"),)
    assert agreed_spans({"alice": A, "bob": B}) == [(0, 9, "ACTOR")]


def test_label_and_boundary_and_chains() -> None:
    found = find_disagreements({"a": [(0, 5, "ACTOR"), (4, 10, "EVENT")], "b": [(8, 12, "CLAIM")]})
    # 0-5 overlaps 4-10, which overlaps 8-12: one cluster.
    assert [(d.start, d.end, d.kind) for d in found] == [(0, 12, Kind.LABEL_AND_BOUNDARY)]


def test_touching_spans_do_not_overlap() -> None:
    found = find_disagreements({"a": [(0, 5, "ACTOR")], "b": [(5, 9, "ACTOR")]})
    assert [(d.start, d.end, d.kind) for d in found] == [
        (0, 5, Kind.ONLY_SOME),
        (5, 9, Kind.ONLY_SOME),
    ]


def test_three_annotators_one_missing() -> None:
    layers = {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "EVENT")], "c": []}
    (only,) = find_disagreements(layers)
    assert only.kind == Kind.ONLY_SOME
    assert [name for name, _ in only.spans] == ["a", "b", "c"]


def test_no_disagreement_with_identical_or_single_layers() -> None:
    assert find_disagreements({"a": A, "b": list(reversed(A)) + A}) == []
    assert find_disagreements({"a": A}) == []
    assert agreed_spans({}) == []


spans = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 10), st.sampled_from(["ACTOR", "EVENT"])).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=8,
)


@given(st.dictionaries(st.sampled_from("abc"), spans, min_size=2))
def test_every_span_is_agreed_or_in_exactly_one_disagreement(layers: dict) -> None:
    agreed = set(agreed_spans(layers))
    found = find_disagreements(layers)
    for name, layer in layers.items():
        for span in set(layer) - agreed:
            holders = [d for d in found if span in d.spans_of(name)]
            assert len(holders) == 1
            assert holders[0].start <= span[0] and span[1] <= holders[0].end
    # Disagreements are sorted and do not overlap one another.
    for left, right in itertools.pairwise(found):
        assert left.end <= right.start
