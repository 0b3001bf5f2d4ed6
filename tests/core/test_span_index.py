"""SpanIndex: examples, then a model-based comparison against a brute-force list."""

from __future__ import annotations

import random

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
)

from annotator.core.span_index import SpanIndex


def brute_force(spans: dict[int, tuple[int, int]], start: int, end: int) -> list[int]:
    if start == end:
        hits = [k for k, (s, e) in spans.items() if s <= start < e]
    else:
        hits = [k for k, (s, e) in spans.items() if max(s, start) < min(e, end)]
    return sorted(hits, key=lambda k: (spans[k][0], -spans[k][1], k))


# --- examples --------------------------------------------------------------------------------


def test_nested_spans_come_outer_first():
    index = SpanIndex([(3, 10, 20), (1, 0, 100), (2, 10, 30), (4, 10, 20)])
    assert index.overlapping(12, 13) == [1, 2, 3, 4]
    assert index.overlapping(25, 40) == [1, 2]
    assert len(index) == 4


def test_half_open_ends():
    index = SpanIndex([("a", 10, 20)])
    assert index.overlapping(0, 10) == []
    assert index.overlapping(20, 30) == []
    assert index.overlapping(19, 20) == ["a"]
    assert index.overlapping(0, 11) == ["a"]


def test_zero_length_query_is_a_point():
    index = SpanIndex([("a", 10, 20), ("b", 20, 25)])
    assert index.overlapping(10, 10) == ["a"]
    assert index.overlapping(20, 20) == ["b"]
    assert index.overlapping(9, 9) == []
    assert index.overlapping(25, 25) == []


def test_zero_length_span_is_kept_but_never_found():
    index = SpanIndex([("a", 5, 5)])
    assert "a" in index and len(index) == 1
    assert index.overlapping(0, 100) == []
    assert index.overlapping(5, 5) == []
    assert index.remove("a") == (5, 5)
    assert len(index) == 0


def test_long_span_across_many_buckets():
    index = SpanIndex([("quote", 3, 1000), ("word", 500, 505)], bucket_size=16)
    assert index.overlapping(999, 1000) == ["quote"]
    assert index.overlapping(502, 502) == ["quote", "word"]
    assert index.remove("quote") == (3, 1000)
    assert index.overlapping(0, 2000) == ["word"]
    assert index._buckets.keys() == {500 // 16}  # emptied buckets are dropped


def test_spans_at_bucket_boundaries():
    index = SpanIndex([("a", 0, 8), ("b", 8, 16), ("c", 7, 9)], bucket_size=8)
    assert index.overlapping(7, 8) == ["a", "c"]
    assert index.overlapping(8, 8) == ["c", "b"]
    assert index.overlapping(0, 16) == ["a", "c", "b"]


def test_add_remove_range_of_contains():
    index: SpanIndex[int] = SpanIndex()
    index.add(7, 1, 4)
    assert 7 in index and 8 not in index
    assert index.range_of(7) == (1, 4)
    assert set(index) == {7}
    assert index.remove(7) == (1, 4)
    assert 7 not in index
    with pytest.raises(KeyError):
        index.remove(7)
    with pytest.raises(KeyError):
        index.range_of(7)


@pytest.mark.parametrize(
    "call",
    [
        lambda i: i.add(1, 0, 1),  # duplicate key
        lambda i: i.add(2, 5, 4),
        lambda i: i.add(2, -1, 4),
        lambda i: i.overlapping(5, 4),
        lambda i: i.overlapping(-1, 4),
    ],
)
def test_bad_arguments(call):
    index = SpanIndex([(1, 0, 3)])
    with pytest.raises(ValueError):
        call(index)
    assert index.range_of(1) == (0, 3) and len(index) == 1


@pytest.mark.parametrize(
    "items",
    [[(1, 0, 3), (1, 4, 5)], [(1, 3, 2)], [(1, -2, 2)]],
)
def test_bad_items(items):
    with pytest.raises(ValueError):
        SpanIndex(items)


def test_bad_bucket_size():
    with pytest.raises(ValueError):
        SpanIndex(bucket_size=0)


def test_a_large_document_answers_like_brute_force():
    """20,000 spans in a megabyte, some very long (speed is measured in benchmarks/)."""
    rng = random.Random(1)
    n = 1_000_000
    spans = {}
    for key in range(20_000):
        start = rng.randrange(n)
        length = (
            rng.choice([3, 10, 30, 200]) if rng.random() < 0.98 else rng.randrange(10**3, 10**5)
        )
        spans[key] = (start, min(n, start + length))
    index = SpanIndex((k, s, e) for k, (s, e) in spans.items())
    queries = [rng.randrange(n) for _ in range(20)]
    results = [index.overlapping(q, q + 100) for q in queries]
    for q, result in zip(queries, results, strict=True):
        assert result == brute_force(spans, q, q + 100)


# --- model-based -----------------------------------------------------------------------------

positions = st.integers(min_value=0, max_value=120)


class SpanIndexMachine(RuleBasedStateMachine):
    """Random add/remove/query sequences, compared with a dict and a linear scan."""

    keys = Bundle("keys")

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[int, tuple[int, int]] = {}
        self.next_key = 0
        self.index: SpanIndex[int] = SpanIndex(bucket_size=8)

    @initialize(
        bucket_size=st.sampled_from([1, 3, 8, 16, 4096]),
        spans=st.lists(st.tuples(positions, st.integers(0, 120)), max_size=20),
    )
    def build(self, bucket_size, spans):
        for start, length in spans:
            self.model[self.next_key] = (start, start + length)
            self.next_key += 1
        self.index = SpanIndex(((k, s, e) for k, (s, e) in self.model.items()), bucket_size)

    @rule(target=keys, start=positions, length=st.one_of(st.integers(0, 10), st.integers(0, 200)))
    def add(self, start, length):
        key = self.next_key
        self.next_key += 1
        self.index.add(key, start, start + length)
        self.model[key] = (start, start + length)
        return key

    @rule(key=consumes(keys))
    def remove(self, key):
        if key in self.model:
            assert self.index.remove(key) == self.model.pop(key)
        else:  # already removed by remove_any
            with pytest.raises(KeyError):
                self.index.remove(key)

    @rule(key=st.integers(0, 200))
    def remove_any(self, key):
        if key in self.model:
            assert self.index.remove(key) == self.model.pop(key)
        else:
            with pytest.raises(KeyError):
                self.index.remove(key)

    @rule(start=positions, length=st.integers(0, 50))
    def query(self, start, length):
        end = start + length
        assert self.index.overlapping(start, end) == brute_force(self.model, start, end)

    @rule(start=positions)
    def point_query(self, start):
        assert self.index.overlapping(start, start) == brute_force(self.model, start, start)

    @invariant()
    def same_contents(self):
        assert len(self.index) == len(self.model)
        assert set(self.index) == set(self.model)
        for key, span in self.model.items():
            assert key in self.index and self.index.range_of(key) == span
        # The buckets hold exactly the spans that touch them, and no bucket is empty.
        size = self.index._size
        expected: dict[int, dict[int, tuple[int, int]]] = {}
        for key, (s, e) in self.model.items():
            if s < e:
                for b in range(s // size, (e - 1) // size + 1):
                    expected.setdefault(b, {})[key] = (s, e)
        assert self.index._buckets == expected


TestSpanIndexMachine = SpanIndexMachine.TestCase
TestSpanIndexMachine.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
