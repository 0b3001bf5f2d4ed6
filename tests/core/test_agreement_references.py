"""Property tests: the agreement measures equal independent packages (scikit-learn,
statsmodels, krippendorff, nltk) to 1e-9 on random span sets, with the items built one per
character by `character_categories` (no runs), and equal brute-force versions of the
matching and of alpha_U written straight from the specification."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction
from itertools import combinations, permutations

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.core.agreement import (
    DocumentLayers,
    character_categories,
    compute_agreement,
    count_disagreements,
    max_overlap_matching,
    unitizing_alpha,
)
from annotator.core.disagreements import find_disagreements

LABELS = ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
NAMES = ["a", "b", "c", "d"]
TOLERANCE = 1e-9
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def span_lists(draw, length: int, labels: list[str] = LABELS) -> list[tuple[int, int, str]]:
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, length - 1))
        end = draw(st.integers(start + 1, min(length, start + 25)))
        spans.append((start, end, draw(st.sampled_from(labels))))
    return spans


@st.composite
def corpora(draw, complete: bool = False, raters: tuple[int, int] = (2, 4)):
    """(annotators, documents): 1-4 documents of 1-60 characters; each annotator's layer is
    missing from a document at random unless `complete`."""
    names = NAMES[: draw(st.integers(*raters))]
    docs = []
    for k in range(draw(st.integers(1, 4))):
        length = draw(st.integers(1, 60))
        layers = {}
        for name in names:
            if complete or draw(st.booleans()) or draw(st.booleans()):
                layers[name] = draw(span_lists(length))
        docs.append(DocumentLayers(f"d{k}", "", length, layers))
    return names, docs


def same(ours: float, reference: float) -> bool:
    if math.isnan(ours) or math.isnan(reference):
        return math.isnan(ours) and math.isnan(reference)
    return abs(ours - reference) <= TOLERANCE


def binary(categories: list[str], label: str | None) -> list[str]:
    if label is None:
        return categories
    return ["1" if label in c.split("+") else "0" for c in categories]


def compared(docs: list[DocumentLayers]) -> list[DocumentLayers]:
    return [doc for doc in docs if len(doc.layers) >= 2]


# -- Cohen's kappa: scikit-learn -----------------------------------------------------------------


def sklearn_kappa(docs, a: str, b: str, label: str | None) -> float:
    seq_a: list[str] = []
    seq_b: list[str] = []
    for doc in compared(docs):
        if a in doc.layers and b in doc.layers:
            seq_a += binary(character_categories(doc.length, doc.layers[a]), label)
            seq_b += binary(character_categories(doc.length, doc.layers[b]), label)
    if not seq_a or len(set(seq_a) | set(seq_b)) < 2:
        return math.nan  # sklearn divides 0 by 0 here
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(cohen_kappa_score(seq_a, seq_b))


@SETTINGS
@given(corpora())
def test_cohen_kappa_equals_scikit_learn(corpus):
    names, docs = corpus
    result = compute_agreement(docs, names, LABELS)
    for pair in result["pairs"]:
        a, b = pair["a"], pair["b"]
        assert same(pair["cohen_kappa"], sklearn_kappa(docs, a, b, None))
        for label in LABELS:
            assert same(pair["per_label"][label]["cohen_kappa"], sklearn_kappa(docs, a, b, label))


# -- Fleiss' kappa: statsmodels --------------------------------------------------------------------


def statsmodels_fleiss(docs, names, label: str | None) -> float:
    rows: list[list[str]] = []
    for doc in docs:
        if all(name in doc.layers for name in names):
            columns = [
                binary(character_categories(doc.length, doc.layers[name]), label) for name in names
            ]
            rows += [list(item) for item in zip(*columns, strict=True)]
    if not rows:
        return math.nan
    categories = sorted({c for row in rows for c in row})
    codes = np.array([[categories.index(c) for c in row] for row in rows])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(sm_fleiss_kappa(aggregate_raters(codes)[0]))


@SETTINGS
@given(corpora())
def test_fleiss_kappa_equals_statsmodels(corpus):
    names, docs = corpus
    result = compute_agreement(docs, names, LABELS)
    assert same(result["fleiss_kappa"], statsmodels_fleiss(docs, names, None))
    for label in LABELS:
        expected = statsmodels_fleiss(docs, names, label)
        assert same(result["per_label"][label]["fleiss_kappa"], expected)


# -- Krippendorff's alpha: krippendorff, with missing values ------------------------------------


def krippendorff_reference(docs, names, label: str | None) -> float:
    columns: list[list[str | None]] = [[] for _ in names]
    for doc in docs:
        for column, name in zip(columns, names, strict=True):
            if name in doc.layers:
                column += binary(character_categories(doc.length, doc.layers[name]), label)
            else:
                column += [None] * doc.length
    values = sorted({v for column in columns for v in column if v is not None})
    data = np.array(
        [[np.nan if v is None else values.index(v) for v in column] for column in columns],
        dtype=float,
    )
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if not pairable.any():
        return math.nan
    data = data[:, pairable]
    if len(set(data[~np.isnan(data)].tolist())) < 2:
        return math.nan  # the package refuses a single value
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


@SETTINGS
@given(corpora())
def test_krippendorff_alpha_equals_the_krippendorff_package(corpus):
    names, docs = corpus
    result = compute_agreement(docs, names, LABELS)
    assert same(result["krippendorff_alpha"], krippendorff_reference(docs, names, None))
    for label in LABELS:
        expected = krippendorff_reference(docs, names, label)
        assert same(result["per_label"][label]["krippendorff_alpha"], expected)


# -- all three against nltk's AnnotationTask (complete data) -------------------------------------


@SETTINGS
@given(corpora(complete=True))
def test_kappa_pi_alpha_equal_nltk(corpus):
    names, docs = corpus
    data = []
    for doc in docs:
        for name in names:
            categories = character_categories(doc.length, doc.layers[name])
            data += [(name, f"{doc.id}:{k}", c) for k, c in enumerate(categories)]
    if len({label for _, _, label in data}) < 2:
        return  # nltk divides by zero on a single category; covered by the NaN tests
    task = AnnotationTask(data=data)
    result = compute_agreement(docs, names, LABELS)
    kappas = [pair["cohen_kappa"] for pair in result["pairs"]]
    # nltk averages pairwise kappas; one undefined pair makes nltk divide by zero.
    if not any(math.isnan(k) for k in kappas):
        assert same(sum(kappas) / len(kappas), task.kappa())
    assert same(result["fleiss_kappa"], task.pi())
    assert same(result["krippendorff_alpha"], task.alpha())


# -- maximum matching: brute force ---------------------------------------------------------------


def brute_force_matching(a, b) -> int:
    """The largest set of disjoint overlapping pairs, by trying every assignment."""
    if len(a) > len(b):
        a, b = b, a
    best = 0
    for chosen in permutations(range(len(b)), len(a)):
        best = max(
            best,
            sum(
                1 for x, j in zip(a, chosen, strict=True) if max(x[0], b[j][0]) < min(x[1], b[j][1])
            ),
        )
    return best


@settings(max_examples=200, deadline=None)
@given(span_lists(40, ["X"]), span_lists(40, ["X"]))
def test_overlap_matching_is_maximum(a, b):
    a, b = sorted(set(a)), sorted(set(b))
    assert max_overlap_matching(a, b) == brute_force_matching(a, b)


# -- alpha_U: straight from the definition -------------------------------------------------------


def naive_alpha_u(layers, length, labels):
    """AGREEMENT.md section 3, term by term, in fractions: every pair of segments, every gap."""
    r = len(layers)
    d_o: dict[str, Fraction] = {}
    d_e: dict[str, Fraction] = {}
    has_units = {}
    for c in labels:
        units_of = []
        for spans in layers:
            kept = []
            for s, e in sorted(
                {(s, e) for s, e, lab in spans if lab == c}, key=lambda u: (u[0], -u[1])
            ):
                if all(e0 <= s for _, e0 in kept):
                    kept.append((s, e))
            units_of.append(kept)
        segments_of = []
        for units in units_of:
            segments, position = [], 0
            for s, e in units:
                if s > position:
                    segments.append((position, s, False))
                segments.append((s, e, True))
                position = e
            if position < length:
                segments.append((position, length, False))
            segments_of.append(segments)
        total = 0
        for i, j in combinations(range(r), 2):
            for bg, eg, ug in segments_of[i]:
                for bh, eh, uh in segments_of[j]:
                    if max(bg, bh) >= min(eg, eh):
                        continue
                    if ug and uh:
                        total += (bg - bh) ** 2 + (eg - eh) ** 2
                    elif ug and bh <= bg and eg <= eh:
                        total += (eg - bg) ** 2
                    elif uh and bg <= bh and eh <= eg:
                        total += (eh - bh) ** 2
        d_o[c] = Fraction(2 * total, r * (r - 1) * length**2)
        units = [e - s for kept in units_of for s, e in kept]
        gaps = [e - s for segs in segments_of for s, e, u in segs if not u]
        n = len(units)
        numerator = sum(
            Fraction((n - 1) * (2 * u**3 - 3 * u**2 + u), 3)
            + u**2 * sum(g - u + 1 for g in gaps if g >= u)
            for u in units
        )
        denominator = r * length * (r * length - 1) - sum(u * (u - 1) for u in units)
        d_e[c] = Fraction(2, length) * numerator / denominator
        has_units[c] = n > 0
    per_label = {}
    for c in labels:
        if not has_units[c]:
            per_label[c] = math.nan
        elif d_o[c] == d_e[c]:
            per_label[c] = 0.0
        else:
            per_label[c] = float(1 - d_o[c] / d_e[c])
    total_o, total_e = sum(d_o.values()), sum(d_e.values())
    if not any(has_units.values()):
        overall = math.nan
    elif total_o == total_e:
        overall = 1.0
    else:
        overall = float(1 - total_o / total_e)
    return overall, per_label


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 4), st.integers(1, 60), st.data())
def test_alpha_u_equals_the_definition_term_by_term(raters, length, data):
    layers = [data.draw(span_lists(length)) for _ in range(raters)]
    result = unitizing_alpha(layers, length, LABELS)
    overall, per_label = naive_alpha_u(layers, length, LABELS)
    assert same(result.overall, overall)
    for label in LABELS:
        assert same(result.per_label[label], per_label[label]), label


# -- the disagreement count equals find_disagreements --------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 4), st.data())
def test_disagreement_count_equals_find_disagreements(raters, data):
    layers = {NAMES[k]: data.draw(span_lists(50)) for k in range(raters)}
    assert count_disagreements(list(layers.values())) == len(find_disagreements(layers))


@pytest.mark.parametrize("raters", [2, 3])
def test_reference_helpers_agree_on_the_worked_example(raters):
    """The helpers above are themselves right: the worked example's kappa and alpha."""
    a = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
    b = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]
    names = NAMES[:raters]
    docs = [DocumentLayers("ex", "", 40, dict(zip(names, [a, b, a], strict=False)))]
    if raters == 2:
        assert abs(sklearn_kappa(docs, "a", "b", None) - 757 / 1077) <= 1e-12
        assert abs(krippendorff_reference(docs, names, None) - 1499 / 2131) <= 1e-12
        assert abs(statsmodels_fleiss(docs, names, None) - 1491 / 2131) <= 1e-12
        overall, _ = naive_alpha_u([a, b], 40, LABELS)
        assert abs(overall - 49305632455 / 57475989028) <= 1e-12
    else:
        result = compute_agreement(docs, names, LABELS)
        assert same(result["fleiss_kappa"], statsmodels_fleiss(docs, names, None))
        assert same(result["krippendorff_alpha"], krippendorff_reference(docs, names, None))
