"""core/assignment.py: the invariants of an assignment, over random teams and documents."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.assignment import (
    coverage_guaranteed,
    overlap_count,
    plan_assignment,
)
from annotator.core.errors import AnnotatorError


def _by_document(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    by: dict[str, list[str]] = {}
    for document, annotator in pairs:
        by.setdefault(document, []).append(annotator)
    return by


@st.composite
def requests(draw: st.DrawFn) -> tuple[list[str], list[str], int, float | None, int]:
    team = draw(st.integers(1, 12))
    names = [f"ann{i}" for i in range(team)]
    per = draw(st.integers(1, min(team, 4)))
    documents = [f"doc{i}" for i in range(draw(st.integers(0, 150)))]
    overlap = draw(st.one_of(st.none(), st.floats(0, 1)))
    seed = draw(st.integers(0, 2**32))
    return documents, names, per, overlap, seed


@settings(max_examples=150, deadline=None)
@given(requests())
def test_counts_balance_and_pairs(request: tuple[list[str], list[str], int, float | None, int]):
    documents, names, per, overlap, seed = request
    pairs = plan_assignment(documents, names, per, overlap=overlap, seed=seed)
    by = _by_document(pairs)
    # counts: every document its number of distinct annotators, a fraction F the full one
    counts = Counter(len(set(by.get(d, []))) for d in documents)
    assert all(len(set(v)) == len(v) for v in by.values())
    full = overlap_count(len(documents), overlap)
    if per == 1:
        assert counts[1] == len(documents)
    else:
        assert counts[per] == full and counts[1] == len(documents) - full
    # balance: loads within one of each other
    loads = Counter(a for _, a in pairs)
    assert max(loads[n] for n in names) - min(loads[n] for n in names) <= 1
    # pair coverage, where the numbers allow
    if coverage_guaranteed(len(names), per, full):
        shared = {p for v in by.values() for p in combinations(sorted(v), 2)}
        assert shared == set(combinations(sorted(names), 2))


@settings(max_examples=60, deadline=None)
@given(requests())
def test_same_seed_same_assignment(request: tuple[list[str], list[str], int, float | None, int]):
    documents, names, per, overlap, seed = request
    first = plan_assignment(documents, names, per, overlap=overlap, seed=seed)
    assert plan_assignment(documents, names, per, overlap=overlap, seed=seed) == first
    shuffled = sorted(names, reverse=True)  # named in another order: the same pairs
    again = plan_assignment(documents, shuffled, per, overlap=overlap, seed=seed)
    assert sorted(again) == sorted(first)


@settings(max_examples=100, deadline=None)
@given(requests(), st.integers(0, 150), st.integers(0, 2**32))
def test_assigning_again_only_adds(
    request: tuple[list[str], list[str], int, float | None, int], more: int, seed2: int
):
    """A second assignment (more documents, another seed) keeps the first and still gives
    every document its count, with loads balanced."""
    documents, names, per, overlap, seed = request
    first = plan_assignment(documents, names, per, overlap=overlap, seed=seed)
    existing: dict[str, set[str]] = {}
    for document, annotator in first:
        existing.setdefault(document, set()).add(annotator)
    loads = Counter(a for _, a in first)
    everything = documents + [f"new{i}" for i in range(more)]
    second = plan_assignment(
        everything, names, per, overlap=overlap, seed=seed2, existing=existing, loads=loads
    )
    assert not set(first) & set(second)  # nothing assigned twice, nothing taken away
    again = first + second
    by = _by_document(again)
    assert all(len(set(v)) == len(v) for v in by.values())
    assert all(len(by.get(d, [])) >= 1 for d in everything)
    total = Counter(a for _, a in again)
    assert max(total[n] for n in names) - min(total[n] for n in names) <= 1
    # A third time with the same request adds nothing.
    existing = {d: set(v) for d, v in by.items()}
    assert (
        plan_assignment(
            everything, names, per, overlap=overlap, seed=seed2, existing=existing, loads=total
        )
        == []
    )


def test_a_perfect_pairing_when_every_document_has_two():
    names = ["a", "b", "c", "d"]
    pairs = plan_assignment([f"d{i}" for i in range(12)], names, 2, seed=5)
    by = _by_document(pairs)
    shared = Counter(p for v in by.values() for p in combinations(sorted(v), 2))
    assert set(shared) == set(combinations(names, 2))
    assert Counter(a for _, a in pairs) == {n: 6 for n in names}


def test_other_annotators_already_there_count():
    """A document that has two annotators (someone else among them) needs none more."""
    pairs = plan_assignment(["x", "y"], ["a", "b"], 2, existing={"x": {"zoe", "a"}}, loads={"a": 1})
    assert ("x", "a") not in pairs and len([p for p in pairs if p[0] == "x"]) == 0
    assert sorted(a for d, a in pairs if d == "y") == ["a", "b"]


@pytest.mark.parametrize(
    ("names", "per", "overlap", "message"),
    [
        ([], 1, None, "at least one annotator"),
        (["a", "a"], 1, None, "named twice"),
        (["a"], 2, None, "needs at least 2 annotators"),
        (["a", "b"], 0, None, "at least 1"),
        (["a", "b"], 2, 1.5, "fraction"),
    ],
)
def test_requests_that_cannot_be_met(names, per, overlap, message):  # type: ignore[no-untyped-def]
    with pytest.raises(AnnotatorError, match=message):
        plan_assignment(["d"], names, per, overlap=overlap)
