"""Span F1's counts and matchings on their own (the report's use of them is in
test_agreement.py): counts add up, matching is maximum, fragments count by characters."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.span_f1 import SpanCounts, max_overlap_matching, shortest_form, span_counts


def test_counts_add_up_and_undefined_is_nan() -> None:
    total = SpanCounts(1, 2, 0) + SpanCounts(1, 0, 1)
    assert total == SpanCounts(2, 2, 1)
    assert total.f1 == 4 / 7 and total.precision == 2 / 3 and total.recall == 0.5
    assert math.isnan(SpanCounts().f1)


def test_shortest_form_drops_empty_fragments_only() -> None:
    assert shortest_form((0, 5, "ACTOR", ())) == (0, 5, "ACTOR")
    split = (0, 9, "QUOTE", ((0, 3), (5, 9)))
    assert shortest_form(split) == split


@st.composite
def intervals(draw):
    start = draw(st.integers(0, 15))
    return (start, draw(st.integers(start + 1, 20)))


@settings(max_examples=150, deadline=None)
@given(st.lists(intervals(), max_size=6), st.lists(intervals(), max_size=6))
def test_overlap_matching_is_maximum(a, b) -> None:
    from functools import cache

    @cache
    def best(i: int, used: frozenset[int]) -> int:
        if i == len(a):
            return 0
        options = [best(i + 1, used)]
        for j, (s, e) in enumerate(b):
            if j not in used and max(a[i][0], s) < min(a[i][1], e):
                options.append(1 + best(i + 1, used | {j}))
        return max(options)

    assert max_overlap_matching(a, b) == best(0, frozenset())


def test_a_span_in_the_gap_of_a_discontinuous_one_does_not_overlap_it() -> None:
    split = (0, 20, "QUOTE", ((0, 5), (15, 20)))
    assert span_counts([split], [(6, 14, "QUOTE")], overlap=True).matched == 0
    assert span_counts([split], [(4, 14, "QUOTE")], overlap=True).matched == 1
