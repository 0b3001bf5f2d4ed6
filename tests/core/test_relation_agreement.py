"""Relation agreement (AGREEMENT.md, section 5): the worked example, the undefined cases, and
property tests against an independent brute-force maximum matching."""

from __future__ import annotations

import math
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import DocumentLayers, compute_agreement
from annotator.core.relation_agreement import (
    maximum_matching,
    relation_matches,
    spans_compatible,
)

TEXT = "Mayor Lee told Kim: bridge opens in May."
A_SPANS = [(0, 9, "ACTOR"), (20, 40, "QUOTE")]
B_SPANS = [(0, 9, "ACTOR"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]
A_RELATIONS = [((20, 40, "QUOTE"), (0, 9, "ACTOR"), "source")]
B_RELATIONS = [
    ((20, 39, "QUOTE"), (0, 9, "ACTOR"), "source"),
    ((20, 39, "QUOTE"), (15, 18, "ACTOR"), "source"),
]
LABELS = ["ACTOR", "QUOTE"]


def close(value: float, exact: F | int) -> bool:
    return abs(value - float(exact)) <= 1e-12


def report_of(a_relations, b_relations, a_spans=A_SPANS, b_spans=B_SPANS, **kwargs):
    doc = DocumentLayers(
        "ex",
        "",
        len(TEXT),
        {"A": a_spans, "B": b_spans},
        {"A": a_relations, "B": b_relations},
    )
    return compute_agreement([doc], ["A", "B"], LABELS, **kwargs)["pairs"][0]["relations"]


def test_worked_example():
    relations = report_of(A_RELATIONS, B_RELATIONS)
    # Exact: the QUOTEs differ (20-40 against 20-39), so no relation matches.
    assert relations["f1_exact"] == 0.0
    # Overlap: (a2 -> a1) matches (b3 -> b1); B's second source has no partner.
    assert close(relations["f1_overlap"], F(2, 3))
    assert relations["overlap"] == {
        "matched": 1,
        "only_a": 0,
        "only_b": 1,
        "precision": 0.5,
        "recall": 1.0,
    }
    assert close(relations["per_label"]["source"]["f1_overlap"], F(2, 3))
    assert list(relations["per_label"]) == ["source"]


def test_labels_must_be_equal_and_every_chosen_type_is_listed():
    b = [((20, 39, "QUOTE"), (0, 9, "ACTOR"), "claimant")]
    relations = report_of(A_RELATIONS, b, relation_labels=["source", "claimant", "participant"])
    assert relations["f1_overlap"] == 0.0
    assert list(relations["per_label"]) == ["source", "claimant", "participant"]
    assert relations["per_label"]["source"]["f1_overlap"] == 0.0  # 2·0 / (1 + 0)
    assert math.isnan(relations["per_label"]["participant"]["f1_exact"])  # both empty


def test_no_relations_at_all_is_undefined_not_zero():
    relations = report_of([], [])
    assert math.isnan(relations["f1_exact"]) and math.isnan(relations["f1_overlap"])
    assert relations["per_label"] == {}


def test_relations_of_unchosen_labels_do_not_count():
    doc = DocumentLayers(
        "ex", "", len(TEXT), {"A": A_SPANS, "B": B_SPANS}, {"A": A_RELATIONS, "B": B_RELATIONS}
    )
    report = compute_agreement([doc], ["A", "B"], ["QUOTE"])  # ACTOR not compared
    assert math.isnan(report["pairs"][0]["relations"]["f1_overlap"])


def test_identical_relations_agree_fully():
    relations = report_of(B_RELATIONS, B_RELATIONS, B_SPANS, B_SPANS)
    assert relations["f1_exact"] == relations["f1_overlap"] == 1.0


def test_fragments_take_part_in_relation_ends():
    whole = (20, 40, "QUOTE")
    split = (20, 40, "QUOTE", ((20, 26), (33, 40)))
    other_split = (20, 40, "QUOTE", ((20, 28), (33, 40)))
    actor = (0, 9, "ACTOR")
    # Exact: the fragments must be the same; overlap: a shared character is enough.
    assert not spans_compatible(whole, split, overlap=False)
    assert spans_compatible(split, split, overlap=False)
    assert spans_compatible(whole, split, overlap=True)
    assert spans_compatible(split, other_split, overlap=True)
    gap = (27, 32, "QUOTE")  # inside the gap between the fragments: no shared character
    assert not spans_compatible(split, gap, overlap=True)
    assert relation_matches([(split, actor, "source")], [(whole, actor, "source")]) == 0
    assert relation_matches([(split, actor, "source")], [(whole, actor, "source")], True) == 1
    assert relation_matches([(split, actor, "source")], [(gap, actor, "source")], True) == 0


# -- against a brute-force maximum matching --------------------------------------------------


def brute_force_matching(a, b, compatible) -> int:
    """The largest number of disjoint compatible pairs, trying every choice of partner (or
    none) for each item of A in turn (exhaustive; memoised on the B items used)."""
    from functools import cache

    @cache
    def best(i: int, used: frozenset[int]) -> int:
        if i == len(a):
            return 0
        options = [best(i + 1, used)]
        for j in range(len(b)):
            if j not in used and compatible(a[i], b[j]):
                options.append(1 + best(i + 1, used | {j}))
        return max(options)

    return best(0, frozenset())


def share_character(x, y) -> bool:
    """Independent of the code under test: sets of covered characters."""

    def chars(span):
        pieces = span[3] if len(span) == 4 else ((span[0], span[1]),)
        return {k for start, end in pieces for k in range(start, end)}

    return x[2] == y[2] and bool(chars(x) & chars(y))


def relation_compatible(overlap: bool):
    def check(r, s) -> bool:
        if r[2] != s[2]:
            return False
        if not overlap:
            return r[0] == s[0] and r[1] == s[1]
        return share_character(r[0], s[0]) and share_character(r[1], s[1])

    return check


@st.composite
def spans(draw):
    label = draw(st.sampled_from(["QUOTE", "ACTOR"]))
    start = draw(st.integers(0, 12))
    if draw(st.booleans()):
        end = draw(st.integers(start + 1, 16))
        return (start, end, label)
    first_end = draw(st.integers(start + 1, 14))
    second_start = draw(st.integers(first_end + 1, 17))
    end = draw(st.integers(second_start + 1, 20))
    return (start, end, label, ((start, first_end), (second_start, end)))


relations = st.lists(
    st.tuples(spans(), spans(), st.sampled_from(["source", "cue"])), max_size=5, unique=True
)


@settings(max_examples=300, deadline=None)
@given(relations, relations)
def test_relation_matches_is_a_maximum_matching(a, b):
    for overlap in (False, True):
        expected = brute_force_matching(a, b, relation_compatible(overlap))
        assert relation_matches(a, b, overlap=overlap) == expected


@settings(max_examples=200, deadline=None)
@given(relations, relations)
def test_relation_f1_in_the_report_is_two_tp_over_both_sizes(a, b):
    span_set = sorted({end for r in a + b for end in r[:2]})
    doc = DocumentLayers("d", "", 20, {"A": span_set, "B": span_set}, {"A": a, "B": b})
    result = compute_agreement([doc], ["A", "B"], ["QUOTE", "ACTOR"])
    relations_result = result["pairs"][0]["relations"]
    for key, overlap in (("f1_exact", False), ("f1_overlap", True)):
        tp = sum(
            brute_force_matching(
                [r for r in a if r[2] == label],
                [r for r in b if r[2] == label],
                relation_compatible(overlap),
            )
            for label in ("source", "cue")
        )
        if not a and not b:
            assert math.isnan(relations_result[key])
        else:
            assert close(relations_result[key], F(2 * tp, len(a) + len(b)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 5), max_size=6, unique=True), max_size=6))
def test_maximum_matching_against_brute_force(adjacency):
    size_b = 6
    edges = {(i, j) for i, row in enumerate(adjacency) for j in row}
    expected = brute_force_matching(
        list(range(len(adjacency))), list(range(size_b)), lambda i, j: (i, j) in edges
    )
    assert maximum_matching(adjacency, size_b) == expected
