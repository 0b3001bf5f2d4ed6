"""The agreement measures against the worked example and the published alpha_U check of
AGREEMENT.md (exact fractions, to 1e-12), and their undefined cases."""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

from annotator.core.agreement import (
    MISSING,
    AgreementCancelled,
    DocumentLayers,
    SpanCounts,
    category_name,
    category_table,
    character_categories,
    cohen_kappa,
    compute_agreement,
    fleiss_kappa,
    krippendorff_alpha,
    max_overlap_matching,
    span_counts,
    unitizing_alpha,
)
from annotator.core.errors import AnnotatorError

TEXT = "Mayor Lee told Kim: bridge opens in May."
A = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
B = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]
LABELS = ["ACTOR", "CLAIM", "EVENT", "QUOTE"]


def close(value: float, exact: F | int) -> bool:
    return abs(value - float(exact)) <= 1e-12


@pytest.fixture(scope="module")
def report() -> dict:
    assert len(TEXT) == 40
    doc = DocumentLayers("ex", "Worked example", len(TEXT), {"A": A, "B": B})
    return compute_agreement([doc], ["A", "B"], LABELS, per_document=True)


# -- the worked example, through compute_agreement ------------------------------------------


def test_worked_example_span_f1(report):
    pair = report["pairs"][0]
    assert (pair["a"], pair["b"], pair["documents"]) == ("A", "B", 1)
    assert close(pair["f1_exact"], F(2, 7))
    assert close(pair["f1_overlap"], F(4, 7))
    exact = {"ACTOR": F(2, 3), "QUOTE": 0, "EVENT": 0, "CLAIM": 0}
    overlap = {"ACTOR": F(2, 3), "QUOTE": 1, "EVENT": 0, "CLAIM": 0}
    for label in LABELS:
        assert close(pair["per_label"][label]["f1_exact"], exact[label]), label
        assert close(pair["per_label"][label]["f1_overlap"], overlap[label]), label
    # The counts behind them: A has 3 spans, B 4.
    assert pair["exact"] == {
        "matched": 1,
        "only_a": 2,
        "only_b": 3,
        "precision": 1 / 4,
        "recall": 1 / 3,
    }
    assert (pair["overlap"]["matched"], pair["overlap"]["only_a"], pair["overlap"]["only_b"]) == (
        2,
        1,
        2,
    )


def test_worked_example_character_coefficients(report):
    assert close(report["pairs"][0]["cohen_kappa"], F(757, 1077))
    assert close(report["fleiss_kappa"], F(1491, 2131))
    assert close(report["krippendorff_alpha"], F(1499, 2131))
    kappa = {"ACTOR": F(21, 26), "QUOTE": F(19, 20), "EVENT": 0, "CLAIM": 0}
    alpha = {"ACTOR": F(334, 413), "QUOTE": F(1520, 1599), "EVENT": F(-3, 76), "CLAIM": F(-3, 76)}
    for label in LABELS:
        assert close(report["pairs"][0]["per_label"][label]["cohen_kappa"], kappa[label]), label
        assert close(report["per_label"][label]["krippendorff_alpha"], alpha[label]), label


def test_worked_example_alpha_u(report):
    assert close(report["alpha_u"], F(49305632455, 57475989028))
    expected = {
        "ACTOR": F(59431, 64984),
        "QUOTE": F(453281, 456080),
        "EVENT": F(-237, 1340),
        "CLAIM": F(-237, 1340),
    }
    for label, value in expected.items():
        assert close(report["per_label"][label]["alpha_u"], value), label
    assert close(report["alpha_u"], 0.8578474818585596)
    assert close(report["per_label"]["ACTOR"]["alpha_u"], 0.914548196479133)


def test_worked_example_per_document(report):
    assert report["documents"] == 1
    (doc,) = report["per_document"]
    assert doc["id"] == "ex" and doc["title"] == "Worked example"
    assert doc["annotators"] == ["A", "B"]
    assert close(doc["krippendorff_alpha"], F(1499, 2131))
    assert close(doc["alpha_u"], F(49305632455, 57475989028))
    # ACTOR 15-18 only in B; EVENT vs CLAIM at 10-14; QUOTE 20-40 vs 20-39.
    assert doc["disagreements"] == 3


# -- the same values through the low-level functions -----------------------------------------


def test_worked_example_hand_check_of_kappa():
    cats_a = character_categories(40, A)
    cats_b = character_categories(40, B)
    assert sum(x == y for x, y in zip(cats_a, cats_b, strict=True)) == 32  # p_o = 4/5
    assert {c: cats_a.count(c) for c in set(cats_a)} == {
        "ACTOR": 9,
        "EVENT": 4,
        "O": 7,
        "QUOTE": 20,
    }
    assert {c: cats_b.count(c) for c in set(cats_b)} == {
        "ACTOR": 12,
        "CLAIM": 4,
        "O": 5,
        "QUOTE": 19,
    }
    table = category_table([(40, [A, B])], LABELS)
    assert sum(table.values()) == 40
    assert close(cohen_kappa(table), F(757, 1077))
    assert close(fleiss_kappa(table), F(1491, 2131))
    assert close(krippendorff_alpha(table), F(1499, 2131))


def test_low_level_span_counts():
    assert span_counts(A, B) == SpanCounts(1, 2, 3)
    assert span_counts(A, B, overlap=True) == SpanCounts(2, 1, 2)
    assert close(span_counts(A, B).f1, F(2, 7))
    assert close(span_counts(A, B, overlap=True).f1, F(4, 7))
    # B as seen from A: precision over B's spans, recall over A's.
    assert span_counts(A, B).precision == 1 / 4 and span_counts(A, B).recall == 1 / 3
    # Duplicate triples count once.
    assert span_counts([*A, A[0]], B) == SpanCounts(1, 2, 3)


def test_low_level_unitizing_alpha():
    result = unitizing_alpha([A, B], 40, LABELS)
    assert close(result.overall, F(49305632455, 57475989028))
    assert close(result.per_label["QUOTE"], F(453281, 456080))


def test_published_alpha_u_check():
    """Krippendorff (2004), p. 254: the continuum begins at 150 and is 300 long."""
    first = [(225, 295, "c"), (370, 400, "c"), (180, 240, "k"), (300, 350, "k")]
    second = [(220, 300, "c"), (355, 375, "c"), (400, 420, "c"), (180, 240, "k"), (300, 350, "k")]
    result = unitizing_alpha([first, second], 300, begin=150)
    assert abs(result.overall - 0.858665405184170) <= 1e-12
    assert abs(result.per_label["c"] - 0.728598996805389) <= 1e-12
    assert result.per_label["k"] == 1.0
    # Shifting every offset by -150 onto a continuum at 0 gives the same values.
    shift = [[(s - 150, e - 150, c) for s, e, c in layer] for layer in (first, second)]
    assert unitizing_alpha(shift, 300) == result


def test_unitizing_keeps_the_earliest_then_longest_of_overlapping_units():
    # One annotator's overlapping c-spans: (10, 30) is kept; (12, 40) and (10, 20) are dropped.
    messy = [(10, 20, "c"), (10, 30, "c"), (12, 40, "c"), (50, 60, "c")]
    clean = [(10, 30, "c"), (50, 60, "c")]
    other = [(11, 29, "c"), (52, 60, "c")]
    assert unitizing_alpha([messy, other], 100) == unitizing_alpha([clean, other], 100)


# -- maximum matching ------------------------------------------------------------------------


def test_overlap_matching_is_maximum_not_greedy():
    a = [(0, 10, "ACTOR"), (12, 20, "ACTOR")]
    b = [(5, 15, "ACTOR"), (0, 3, "ACTOR")]
    # Greedy in the given order pairs A 0-10 with B 5-15 and leaves A 12-20 alone.
    assert max_overlap_matching(a, b) == 2
    assert span_counts(a, b, overlap=True) == SpanCounts(2, 0, 0)
    assert span_counts(b, a, overlap=True) == SpanCounts(2, 0, 0)


def test_overlap_matching_needs_a_long_augmenting_path():
    # A chain where every greedy choice has to be undone: A_k overlaps B_k and B_{k+1}.
    a = [(10 * k + 5, 10 * k + 15, "X") for k in range(50)]
    b = [(10 * k, 10 * k + 6, "X") for k in range(51)]
    assert max_overlap_matching(a, b) == 50
    assert max_overlap_matching(a[::-1], b[::-1]) == 50


def test_labels_only_match_their_own_label():
    assert span_counts([(0, 5, "ACTOR")], [(0, 5, "CLAIM")], overlap=True) == SpanCounts(0, 1, 1)


# -- undefined values ----------------------------------------------------------------------------


def test_no_documents_gives_nan_everywhere_not_zero():
    result = compute_agreement([], ["a", "b"], LABELS, per_document=True)
    assert result["documents"] == 0 and result["per_document"] == []
    pair = result["pairs"][0]
    for key in ("f1_exact", "f1_overlap", "cohen_kappa"):
        assert math.isnan(pair[key]), key
    for key in ("fleiss_kappa", "krippendorff_alpha", "alpha_u"):
        assert math.isnan(result[key]), key
        assert all(math.isnan(result["per_label"][label][key]) for label in LABELS)


def test_one_category_is_undefined():
    # Nobody marked anything: every character is O for everyone.
    doc = DocumentLayers("d", "", 30, {"a": [], "b": []})
    result = compute_agreement([doc], ["a", "b"], LABELS)
    assert result["documents"] == 1
    assert math.isnan(result["pairs"][0]["cohen_kappa"])
    assert math.isnan(result["pairs"][0]["f1_exact"])  # both span sets empty
    assert math.isnan(result["fleiss_kappa"])
    assert math.isnan(result["krippendorff_alpha"])
    assert math.isnan(result["alpha_u"])  # no units: nothing to agree on
    # Both marked the same single label over the whole text: still one category.
    doc = DocumentLayers("d", "", 30, {"a": [(0, 30, "ACTOR")], "b": [(0, 30, "ACTOR")]})
    result = compute_agreement([doc], ["a", "b"], LABELS)
    assert result["pairs"][0]["f1_exact"] == 1.0
    assert math.isnan(result["pairs"][0]["cohen_kappa"])
    assert math.isnan(result["krippendorff_alpha"])
    assert result["alpha_u"] == 1.0 and result["per_label"]["ACTOR"]["alpha_u"] == 1.0
    assert math.isnan(result["per_label"]["QUOTE"]["alpha_u"])


def test_low_level_nan_cases():
    assert math.isnan(SpanCounts().f1)
    assert math.isnan(cohen_kappa({}))
    assert math.isnan(fleiss_kappa({}))
    assert math.isnan(krippendorff_alpha({}))
    # Items with one value each are not pairable.
    assert math.isnan(krippendorff_alpha({(0, MISSING): 5, (MISSING, 1): 5}))
    assert math.isnan(fleiss_kappa({(0, MISSING): 5}))
    assert math.isnan(unitizing_alpha([[(0, 5, "c")]], 10).overall)  # one annotator
    assert math.isnan(unitizing_alpha([[], []], 0).overall)  # empty continuum


def test_perfect_agreement_is_one():
    spans = [(0, 4, "ACTOR"), (6, 12, "QUOTE"), (8, 10, "EVENT")]
    doc = DocumentLayers("d", "", 20, {"a": spans, "b": spans, "c": spans})
    result = compute_agreement([doc], ["a", "b", "c"], LABELS)
    assert all(p["f1_exact"] == 1 and p["cohen_kappa"] == 1 for p in result["pairs"])
    assert result["fleiss_kappa"] == 1 and result["krippendorff_alpha"] == 1
    assert result["alpha_u"] == 1


# -- which layers count, missing data ---------------------------------------------------------


def test_pairs_use_the_documents_both_have_and_fleiss_those_all_have():
    docs = [
        DocumentLayers("1", "", 40, {"A": A, "B": B, "C": A}),
        DocumentLayers("2", "", 40, {"A": A, "B": B}),  # C missing
        DocumentLayers("3", "", 40, {"C": B}),  # alone: not compared
    ]
    result = compute_agreement(docs, ["A", "B", "C"], LABELS, per_document=True)
    assert result["documents"] == 2 and result["documents_all_annotators"] == 1
    by_pair = {(p["a"], p["b"]): p for p in result["pairs"]}
    assert by_pair["A", "B"]["documents"] == 2
    assert by_pair["A", "C"]["documents"] == 1
    assert close(by_pair["A", "B"]["cohen_kappa"], F(757, 1077))  # the same document twice
    assert by_pair["A", "C"]["cohen_kappa"] == 1.0
    assert [d["id"] for d in result["per_document"]] == ["1", "2"]
    assert result["per_document"][1]["annotators"] == ["A", "B"]
    complete = category_table([(40, [A, B, A])], LABELS)
    assert result["fleiss_kappa"] == fleiss_kappa(complete)
    pooled = category_table([(40, [A, B, A]), (40, [A, B, None]), (40, [None, None, B])], LABELS)
    assert result["krippendorff_alpha"] == krippendorff_alpha(pooled)


def test_unselected_labels_and_annotators_are_ignored():
    doc = DocumentLayers("d", "", 40, {"A": A, "B": B, "Z": [(0, 40, "ACTOR")]})
    result = compute_agreement([doc], ["A", "B"], ["ACTOR"])
    assert result["labels"] == ["ACTOR"] and list(result["pairs"][0]["per_label"]) == ["ACTOR"]
    assert close(result["pairs"][0]["f1_exact"], F(2, 3))
    assert close(result["pairs"][0]["cohen_kappa"], F(21, 26))  # = binary ACTOR kappa


def test_a_span_outside_the_text_is_an_error_naming_the_document():
    doc = DocumentLayers("doc-9", "", 10, {"a": [(5, 11, "ACTOR")], "b": []})
    with pytest.raises(AnnotatorError, match="doc-9"):
        compute_agreement([doc], ["a", "b"], LABELS)


def test_category_names():
    assert category_name(0, LABELS) == "O"
    assert category_name(0b1010, LABELS) == "CLAIM+QUOTE"
    assert character_categories(3, [(0, 2, "QUOTE"), (1, 3, "EVENT")]) == [
        "QUOTE",
        "EVENT+QUOTE",
        "EVENT",
    ]


# -- progress and cancel ---------------------------------------------------------------------------


def test_progress_reports_and_cancels():
    docs = [DocumentLayers(str(k), "", 40, {"A": A, "B": B}) for k in range(250)]
    seen: list[tuple[int, int]] = []
    compute_agreement(docs, ["A", "B"], LABELS, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 250) and seen[-1] == (250, 250)
    assert all(t == 250 for _, t in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)

    calls = []

    def stop_at_100(done: int, total: int) -> bool:
        calls.append(done)
        return done < 100

    with pytest.raises(AgreementCancelled):
        compute_agreement(docs, ["A", "B"], LABELS, progress=stop_at_100)
    assert calls[-1] >= 100 and calls[-1] < 250
    assert isinstance(AgreementCancelled(), AnnotatorError)


def test_each_pair_carries_its_own_alpha_u():
    other = [(0, 5, "ACTOR"), (20, 40, "QUOTE")]
    docs = [
        DocumentLayers("1", "", 40, {"A": A, "B": B, "C": other}),
        DocumentLayers("2", "", 40, {"A": other, "B": B}),
    ]
    result = compute_agreement(docs, ["A", "B", "C"], LABELS)
    by_pair = {(p["a"], p["b"]): p for p in result["pairs"]}
    ab = [unitizing_alpha([A, B], 40, LABELS), unitizing_alpha([other, B], 40, LABELS)]
    assert by_pair["A", "B"]["alpha_u"] == (ab[0].overall + ab[1].overall) / 2
    assert by_pair["A", "B"]["per_label"]["QUOTE"]["alpha_u"] == (
        (ab[0].per_label["QUOTE"] + ab[1].per_label["QUOTE"]) / 2
    )
    assert by_pair["B", "C"]["alpha_u"] == unitizing_alpha([B, other], 40, LABELS).overall
    # EVENT: only A marked it, on document 1; B and C never did.
    assert math.isnan(by_pair["B", "C"]["per_label"]["EVENT"]["alpha_u"])
    three = unitizing_alpha([A, B, other], 40, LABELS).overall
    assert result["alpha_u"] == (three + ab[1].overall) / 2


# -- discontinuous spans (AGREEMENT.md, section 4) -------------------------------------------

SPLIT = (20, 40, "QUOTE", ((20, 26), (33, 40)))


def test_fragments_exact_needs_every_fragment_overlap_a_shared_character():
    same = (20, 40, "QUOTE", ((20, 26), (33, 40)))
    other = (20, 40, "QUOTE", ((20, 27), (33, 40)))
    whole = (20, 40, "QUOTE")
    in_gap = (27, 32, "QUOTE")
    assert span_counts([SPLIT], [same]).matched == 1
    assert span_counts([SPLIT], [other]).matched == 0
    assert span_counts([SPLIT], [whole]).matched == 0
    assert span_counts([SPLIT], [other], overlap=True).matched == 1
    assert span_counts([SPLIT], [whole], overlap=True).matched == 1
    assert span_counts([SPLIT], [in_gap], overlap=True).matched == 0
    assert max_overlap_matching([SPLIT], [in_gap]) == 0
    # A 4-tuple without fragments is the contiguous span.
    assert span_counts([(20, 40, "QUOTE", ())], [whole]).matched == 1


def test_character_measures_and_alpha_u_count_only_the_fragments():
    # A discontinuous span counts as its two fragments would, as contiguous spans.
    pieces = [(20, 26, "QUOTE"), (33, 40, "QUOTE")]
    other = [(0, 9, "ACTOR"), (20, 40, "QUOTE")]
    split = compute_agreement(
        [DocumentLayers("d", "", 40, {"a": [SPLIT, (0, 9, "ACTOR")], "b": other})],
        ["a", "b"],
        LABELS,
    )
    apart = compute_agreement(
        [DocumentLayers("d", "", 40, {"a": [*pieces, (0, 9, "ACTOR")], "b": other})],
        ["a", "b"],
        LABELS,
    )
    for key in ("cohen_kappa", "alpha_u"):
        assert split["pairs"][0][key] == apart["pairs"][0][key], key
    assert split["krippendorff_alpha"] == apart["krippendorff_alpha"]
    assert split["alpha_u"] == apart["alpha_u"]
    assert character_categories(40, [SPLIT])[26:33] == ["O"] * 7
    # ... but it is one span for F1: one QUOTE against one.
    assert split["pairs"][0]["per_label"]["QUOTE"]["overlap"]["matched"] == 1
    assert apart["pairs"][0]["per_label"]["QUOTE"]["overlap"]["only_a"] == 1


def test_fragments_outside_the_text_or_overlapping_are_errors():
    bad = (20, 40, "QUOTE", ((20, 30), (28, 40)))
    with pytest.raises(AnnotatorError, match="document d"):
        compute_agreement([DocumentLayers("d", "", 40, {"a": [bad], "b": []})], ["a", "b"], LABELS)
