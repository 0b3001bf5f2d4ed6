"""Inter-annotator agreement on span layers, as specified in AGREEMENT.md.

- Span F1 between two annotators, exact (same start, end, label) and overlap (same label,
  overlapping, matched one-to-one by a maximum bipartite matching), with the counts behind it.
- Character-level coefficients: Cohen's kappa (a pair), Fleiss' kappa (complete data) and
  Krippendorff's alpha, nominal (missing values allowed). Every character of a compared
  document is an item; its category for one annotator is the set of labels covering it
  (none: ``O``; several: ``EVENT+QUOTE``). Per label: the binary category "covered by it".
- Krippendorff's unitizing alpha (alpha_U) per label and overall, per document; the corpus
  value is the mean over documents, as INCEpTION reports it.

Nothing here loops per character: a category changes only at span boundaries, so each
document becomes a few weighted *runs* (a run: a stretch between two consecutive boundaries,
its width, and every annotator's category on it). All coefficients are computed from those
weights in exact integer arithmetic and rounded to float once, at the end.
Undefined values (no items, expected agreement 1) are ``float('nan')``.

Pure Python: no Qt, no SQL, no numpy.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Any

from annotator.core.disagreements import count_disagreements
from annotator.core.errors import AnnotatorError
from annotator.core.model import SpanTriple

__all__ = [
    "MISSING",
    "AgreementCancelled",
    "CategoryTable",
    "DocumentLayers",
    "SpanCounts",
    "UnitizingAlpha",
    "category_name",
    "category_table",
    "character_categories",
    "cohen_kappa",
    "compute_agreement",
    "count_disagreements",
    "fleiss_kappa",
    "krippendorff_alpha",
    "max_overlap_matching",
    "span_counts",
    "unitizing_alpha",
]

NAN = float("nan")
# The category of an annotator who has no layer (that counts) on a document.
MISSING = -1

# A table of items: each key holds one category code per annotator (MISSING where one has no
# value), each value how many items (characters) have exactly those categories.
CategoryTable = Mapping[tuple[int, ...], int]


class AgreementCancelled(AnnotatorError):
    """The progress callback asked to stop; nothing was computed."""

    def __init__(self) -> None:
        super().__init__("agreement computation cancelled")


@dataclass(frozen=True)
class DocumentLayers:
    """One document as agreement sees it: never its text, only its length."""

    id: str
    title: str
    length: int  # len(text) in code points
    layers: Mapping[str, Sequence[SpanTriple]]  # annotator -> spans, only the layers that count


# -- span F1 ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpanCounts:
    """How two span sets A and B match: `matched` pairs, and the spans left over on each side.

    Counts add up (`+`) over labels and documents: micro-averaging.
    """

    matched: int = 0
    only_a: int = 0
    only_b: int = 0

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(
            self.matched + other.matched, self.only_a + other.only_a, self.only_b + other.only_b
        )

    @property
    def f1(self) -> float:
        """2·TP / (|A| + |B|); NaN when both sets are empty."""
        total = 2 * self.matched + self.only_a + self.only_b
        return 2 * self.matched / total if total else NAN

    @property
    def precision(self) -> float:
        """TP / |B|, taking A as the reference; NaN when B is empty."""
        size = self.matched + self.only_b
        return self.matched / size if size else NAN

    @property
    def recall(self) -> float:
        """TP / |A|, taking A as the reference; NaN when A is empty."""
        size = self.matched + self.only_a
        return self.matched / size if size else NAN

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "precision": self.precision,
            "recall": self.recall,
        }


def span_counts(
    a: Iterable[SpanTriple], b: Iterable[SpanTriple], *, overlap: bool = False
) -> SpanCounts:
    """Match spans of A and B one-to-one: exactly (same start, end, label) or, with `overlap`,
    same label and overlapping, as many pairs as possible (a maximum matching).

    Duplicate triples count once. Spans of all labels are matched within their label.
    """
    set_a, set_b = set(a), set(b)
    if not overlap:
        matched = len(set_a & set_b)
    else:
        by_label_a: dict[str, list[SpanTriple]] = defaultdict(list)
        by_label_b: dict[str, list[SpanTriple]] = defaultdict(list)
        for span in set_a:
            by_label_a[span[2]].append(span)
        for span in set_b:
            by_label_b[span[2]].append(span)
        matched = sum(
            max_overlap_matching(spans, by_label_b[label])
            for label, spans in by_label_a.items()
            if label in by_label_b
        )
    return SpanCounts(matched, len(set_a) - matched, len(set_b) - matched)


def max_overlap_matching(
    a: Sequence[tuple[int, int]] | Sequence[SpanTriple],
    b: Sequence[tuple[int, int]] | Sequence[SpanTriple],
) -> int:
    """The size of a maximum one-to-one matching between A and B where a pair may match when
    the spans overlap (labels are not looked at: filter first). Augmenting paths (Kuhn),
    iterative, after a greedy start; greedy alone is not maximum.
    """
    if not a or not b:
        return 0
    b_sorted = sorted((span[0], span[1]) for span in b)
    b_starts = [start for start, _ in b_sorted]
    longest = max(stop - begin for begin, stop in b_sorted)
    # Edges: A's span i overlaps B's span j when max(starts) < min(ends). Only B spans that
    # start before A's end and less than the longest B span before A's start can.
    adjacency: list[list[int]] = []
    for span in a:
        start, end = span[0], span[1]
        first = bisect.bisect_right(b_starts, start - longest)
        limit = bisect.bisect_left(b_starts, end)
        adjacency.append([j for j in range(first, limit) if b_sorted[j][1] > start])
    match_b: list[int] = [-1] * len(b_sorted)  # B index -> matched A index
    match_a: list[int] = [-1] * len(a)
    for i, edges in enumerate(adjacency):  # greedy start
        for j in edges:
            if match_b[j] < 0:
                match_b[j], match_a[i] = i, j
                break
    for root in range(len(a)):
        if match_a[root] >= 0 or not adjacency[root]:
            continue
        # Breadth-first search for an augmenting path from `root`.
        parent_of_b: dict[int, int] = {}  # B index -> the A index it was reached from
        frontier = [root]
        found = -1
        while frontier and found < 0:
            following = []
            for i in frontier:
                for j in adjacency[i]:
                    if j in parent_of_b:
                        continue
                    parent_of_b[j] = i
                    if match_b[j] < 0:
                        found = j
                        break
                    following.append(match_b[j])
                if found >= 0:
                    break
            frontier = following
        while found >= 0:  # flip the path
            i = parent_of_b[found]
            previous = match_a[i]
            match_a[i], match_b[found] = found, i
            found = previous
    return sum(1 for i in match_a if i >= 0)


# -- character categories -----------------------------------------------------------------------


def category_name(code: int, labels: Sequence[str]) -> str:
    """The name of a category code (a bit set of label indices): "O", "ACTOR", "EVENT+QUOTE"."""
    if code == MISSING:
        return "(missing)"
    names = sorted(label for k, label in enumerate(labels) if code >> k & 1)
    return "+".join(names) if names else "O"


def character_categories(length: int, spans: Iterable[SpanTriple]) -> list[str]:
    """One category name per character (slow, one entry per character): for tests, and for
    showing a short text. Labels are those of `spans`."""
    covering: list[set[str]] = [set() for _ in range(length)]
    for start, end, label in spans:
        for k in range(start, end):
            covering[k].add(label)
    return ["+".join(sorted(c)) if c else "O" for c in covering]


def _masks(
    length: int, layers: Sequence[Sequence[SpanTriple] | None], bits: Mapping[str, int]
) -> tuple[list[int], list[list[int] | None]]:
    """The runs of one document: the widths between consecutive span boundaries, and for each
    layer its category code on each run (None for a missing layer)."""
    points = {0, length}
    for spans in layers:
        if spans:
            for start, end, _ in spans:
                points.add(start)
                points.add(end)
    bounds = sorted(points)
    widths = [following - point for point, following in pairwise(bounds)]
    index = {point: k for k, point in enumerate(bounds)}
    columns: list[list[int] | None] = []
    for spans in layers:
        if spans is None:
            columns.append(None)
            continue
        codes = [0] * len(widths)
        for start, end, label in spans:
            bit = bits[label]
            for k in range(index[start], index[end]):
                codes[k] |= bit
        columns.append(codes)
    return widths, columns


def category_table(
    documents: Iterable[tuple[int, Sequence[Sequence[SpanTriple] | None]]],
    labels: Sequence[str],
) -> Counter[tuple[int, ...]]:
    """The item table of these documents: `documents` yields (text length, one span list per
    annotator, None where the annotator is missing). Category codes are bit sets over
    `labels` (bit k: labels[k]; 0 is "O"); spans of other labels are ignored."""
    bits = {label: 1 << k for k, label in enumerate(labels)}
    table: Counter[tuple[int, ...]] = Counter()
    for length, layers in documents:
        kept = [
            None if spans is None else _clean(spans, bits, length, "document") for spans in layers
        ]
        _add_runs(table, length, kept, bits)
    return table


def _add_runs(
    table: Counter[tuple[int, ...]],
    length: int,
    layers: Sequence[Sequence[SpanTriple] | None],
    bits: Mapping[str, int],
) -> None:
    widths, columns = _masks(length, layers, bits)
    filled = [[MISSING] * len(widths) if c is None else c for c in columns]
    for key, width in zip(zip(*filled, strict=True), widths, strict=True):
        table[key] += width


def _clean(
    spans: Iterable[SpanTriple], bits: Mapping[str, int], length: int, where: str
) -> list[SpanTriple]:
    """The distinct spans with a selected label, sorted; checks their offsets."""
    kept = sorted({span for span in spans if span[2] in bits})
    for start, end, label in kept:
        if not 0 <= start < end <= length:
            raise AnnotatorError(
                f"{where}: span {label} [{start}, {end}) does not fit a text of length {length}"
            )
    return kept


def _binary(table: CategoryTable, bit: int) -> Counter[tuple[int, ...]]:
    """The table of "covered by the label with this bit" (1) vs not (0)."""
    binary: Counter[tuple[int, ...]] = Counter()
    for key, weight in table.items():
        binary[tuple(MISSING if c == MISSING else int(bool(c & bit)) for c in key)] += weight
    return binary


def _ratio(numerator: int, denominator: int) -> float:
    """numerator / denominator rounded once to float (int / int is correctly rounded in
    Python, however large); NaN when the denominator is 0."""
    return numerator / denominator if denominator else NAN


# -- the three coefficients over an item table ---------------------------------------------------


def cohen_kappa(table: CategoryTable, a: int = 0, b: int = 1) -> float:
    """Cohen's kappa between columns `a` and `b` of `table`, over the items both have.

    kappa = (p_o - p_e) / (1 - p_e), p_e from each annotator's own marginals. NaN when there
    are no items or p_e is 1 (a single category).
    """
    n = agree = 0
    margin_a: Counter[int] = Counter()
    margin_b: Counter[int] = Counter()
    for key, weight in table.items():
        ca, cb = key[a], key[b]
        if ca == MISSING or cb == MISSING:
            continue
        n += weight
        if ca == cb:
            agree += weight
        margin_a[ca] += weight
        margin_b[cb] += weight
    chance = sum(count * margin_b[c] for c, count in margin_a.items())
    # p_o = agree/n, p_e = chance/n²: kappa = (agree·n - chance) / (n² - chance).
    return _ratio(agree * n - chance, n * n - chance) if n else NAN


def fleiss_kappa(table: CategoryTable) -> float:
    """Fleiss' kappa over the items every annotator (column) has; NaN with fewer than two
    columns, no such items, or a single category."""
    raters = len(next(iter(table), ()))
    if raters < 2:
        return NAN
    items = squares = 0
    totals: Counter[int] = Counter()
    for key, weight in table.items():
        if MISSING in key:
            continue
        items += weight
        counts = Counter(key)
        squares += weight * sum(c * c for c in counts.values())
        for category, c in counts.items():
            totals[category] += weight * c
    if not items:
        return NAN
    nr = items * raters
    chance = sum(t * t for t in totals.values())  # P_e = chance / (N·R)²
    # P̄ = (squares - N·R) / (N·R·(R-1)); kappa = (P̄ - P_e) / (1 - P_e), times (N·R)²·(R-1).
    return _ratio((squares - nr) * nr - chance * (raters - 1), (raters - 1) * (nr * nr - chance))


def krippendorff_alpha(table: CategoryTable) -> float:
    """Krippendorff's alpha, nominal, missing values allowed: items with fewer than two values
    are not pairable and do not count. NaN without pairable items or with a single category."""
    totals: Counter[int] = Counter()
    agreement_by_m: Counter[int] = Counter()  # m values in the item -> Σ w·Σ n_c(n_c-1)
    for key, weight in table.items():
        counts: dict[int, int] = {}
        for c in key:
            if c != MISSING:
                counts[c] = counts.get(c, 0) + 1
        m = len(key) - key.count(MISSING)
        if m < 2:
            continue
        agreement_by_m[m] += weight * sum(c * (c - 1) for c in counts.values())
        for category, c in counts.items():
            totals[category] += weight * c
    n = sum(totals.values())
    if n == 0:
        return NAN
    # Σ_c o_cc = Σ_m S_m/(m-1); scaled by a common denominator to stay in integers.
    scale = math.lcm(*(m - 1 for m in agreement_by_m))
    observed = sum(s * (scale // (m - 1)) for m, s in agreement_by_m.items())
    chance = sum(t * (t - 1) for t in totals.values())
    return _ratio((n - 1) * observed - chance * scale, scale * (n * (n - 1) - chance))


# -- unitizing alpha ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitizingAlpha:
    """alpha_U of one document: overall and per label (NaN where undefined)."""

    overall: float
    per_label: dict[str, float]


def _units(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One annotator's units of one label, from its (start, end) sorted ascending: of
    overlapping spans keep the earliest-starting, then the longest, and drop the others."""
    kept: list[tuple[int, int]] = []
    reach = -1
    for start, end in spans:
        if kept and start == kept[-1][0]:
            kept[-1] = (start, end)  # the same start, a longer end (ends ascend): it wins
            reach = end
        elif start >= reach:
            kept.append((start, end))
            reach = end
    return kept


def _segments(
    units: list[tuple[int, int]], begin: int, end: int
) -> tuple[list[tuple[int, int, bool]], list[int]]:
    """The units and gaps that cut [begin, end), in order, as (start, end, is_unit); and the
    gap lengths."""
    segments: list[tuple[int, int, bool]] = []
    gaps: list[int] = []
    position = begin
    for start, stop in units:
        if start > position:
            segments.append((position, start, False))
            gaps.append(start - position)
        segments.append((start, stop, True))
        position = stop
    if end > position:
        segments.append((position, end, False))
        gaps.append(end - position)
    return segments, gaps


def _observed(first: list[tuple[int, int, bool]], second: list[tuple[int, int, bool]]) -> int:
    """Σ δ over the overlapping segment pairs of two annotators' partitions of the continuum."""
    total = i = j = 0
    while i < len(first) and j < len(second):
        bg, eg, unit_g = first[i]
        bh, eh, unit_h = second[j]
        if unit_g and unit_h:
            total += (bg - bh) ** 2 + (eg - eh) ** 2
        elif unit_g and bh <= bg and eg <= eh:
            total += (eg - bg) ** 2
        elif unit_h and bg <= bh and eh <= eg:
            total += (eh - bh) ** 2
        # Both lists partition the same continuum: step past whichever segment ends first.
        if eg <= eh:
            i += 1
        if eh <= eg:
            j += 1
    return total


def _expected_numerator(lengths: list[int], gaps: list[int]) -> int:
    """Σ_u [(N-1)(2l³-3l²+l)/3 + l²·Σ_{g: |g|>=l} (|g|-l+1)], an integer."""
    # l(l-1)(2l-1) is divisible by 6, so the division by 3 is exact.
    total = (len(lengths) - 1) * (sum([x * (x - 1) * (2 * x - 1) for x in lengths]) // 3)
    gaps = sorted(gaps, reverse=True)
    # Longest units first: the gaps at least as long as the unit only grow.
    k = fitting = fitting_sum = 0
    for length in sorted(lengths, reverse=True):
        while k < len(gaps) and gaps[k] >= length:
            fitting += 1
            fitting_sum += gaps[k]
            k += 1
        total += length * length * (fitting_sum - (length - 1) * fitting)
    return total


def _group(spans: Iterable[SpanTriple]) -> dict[str, list[tuple[int, int]]]:
    """label -> the distinct (start, end) of that label, sorted."""
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for start, end, label in sorted(set(spans)):
        grouped[label].append((start, end))
    return grouped


def _unitizing_parts(
    grouped: Sequence[Mapping[str, list[tuple[int, int]]]],
    length: int,
    begin: int,
    labels: Sequence[str],
    groups: Sequence[Sequence[int]],
) -> list[dict[str, tuple[int, int, int] | None]]:
    """For each group of annotators (indices into `grouped`, at least two), per label:
    (observed Σδ, expected numerator X, expected denominator Y), or None when nobody in the
    group has a unit of that label. D_O = 2·Σδ/(R(R-1)L²), D_E = 2X/(L·Y), R = group size.

    Units, segments and the δ sums of each pair are worked out once and shared by the groups
    (the whole document and each pair's own value)."""
    parts: list[dict[str, tuple[int, int, int] | None]] = [{} for _ in groups]
    for label in labels:
        units = [_units(spans.get(label, [])) for spans in grouped]
        if not any(units):
            for part in parts:
                part[label] = None
            continue
        cut = [_segments(u, begin, begin + length) for u in units]
        delta: dict[tuple[int, int], int] = {}
        for group, part in zip(groups, parts, strict=True):
            if not any(units[k] for k in group):
                part[label] = None
                continue
            observed = 0
            for i, j in combinations(group, 2):
                if units[i] == units[j]:  # the same units: every δ is 0
                    continue
                if (i, j) not in delta:
                    delta[i, j] = _observed(cut[i][0], cut[j][0])
                observed += delta[i, j]
            lengths = [stop - start for k in group for start, stop in units[k]]
            gaps = [g for k in group for g in cut[k][1]]
            rl = len(group) * length
            denominator = rl * (rl - 1) - sum(x * (x - 1) for x in lengths)
            part[label] = (observed, _expected_numerator(lengths, gaps), denominator)
    return parts


def unitizing_alpha(
    layers: Sequence[Iterable[SpanTriple]],
    length: int,
    labels: Sequence[str] | None = None,
    begin: int = 0,
) -> UnitizingAlpha:
    """Krippendorff's alpha_U of one continuum [begin, begin + length) annotated by each of
    `layers` (one span list per annotator, R = len(layers)), per label and overall.

    Per label: 1 - D_O/D_E, 0 when D_O = D_E, NaN when nobody marked the label (no units).
    Overall: 1 - ΣD_O/ΣD_E over the labels; 1 when the sums are equal; NaN without units.
    Everything is NaN with fewer than two annotators or an empty continuum. `labels` default:
    every label in the layers, sorted.
    """
    grouped = [_group(spans) for spans in layers]
    if labels is None:
        labels = sorted({label for spans in grouped for label in spans})
    return _unitizing_alpha(grouped, length, labels, begin)[0]


def _unitizing_alpha(
    grouped: Sequence[Mapping[str, list[tuple[int, int]]]],
    length: int,
    labels: Sequence[str],
    begin: int = 0,
    pairs: Sequence[tuple[int, int]] = (),
) -> list[UnitizingAlpha]:
    """alpha_U of all of `grouped` together, then of each of `pairs` on its own."""
    groups: list[Sequence[int]] = [range(len(grouped)), *pairs]
    if len(grouped) < 2 or length <= 0:
        return [UnitizingAlpha(NAN, {label: NAN for label in labels}) for _ in groups]
    return [
        _alpha_from_parts(part, len(group), length)
        for group, part in zip(
            groups, _unitizing_parts(grouped, length, begin, labels, groups), strict=True
        )
    ]


def _alpha_from_parts(
    parts: Mapping[str, tuple[int, int, int] | None], raters: int, length: int
) -> UnitizingAlpha:
    pair_scale = raters * (raters - 1) * length  # D_O/D_E = Σδ·Y / (R(R-1)·L·X)
    per_label: dict[str, float] = {}
    observed_sum = 0
    # ΣX/Y as one fraction p/q, in integers (cheaper than Fraction's reductions).
    p, q = 0, 1
    for label, part in parts.items():
        if part is None:
            per_label[label] = NAN
            continue
        observed, numerator, denominator = part
        observed_sum += observed
        if numerator == 0:  # D_E = 0 (Y > 0 whenever R >= 2 and L >= 1)
            per_label[label] = 0.0 if observed == 0 else NAN
            continue
        p, q = p * denominator + numerator * q, q * denominator
        if observed * denominator == pair_scale * numerator:
            per_label[label] = 0.0
        else:
            per_label[label] = _ratio(
                pair_scale * numerator - observed * denominator, pair_scale * numerator
            )
    # ΣD_O/ΣD_E = Σδ / (R(R-1)·L·p/q) = Σδ·q / (R(R-1)·L·p).
    expected = p * pair_scale
    if all(part is None for part in parts.values()):
        overall = NAN
    elif observed_sum * q == expected:
        overall = 1.0
    else:
        overall = _ratio(expected - observed_sum * q, expected)
    return UnitizingAlpha(overall, per_label)


# -- the whole report ------------------------------------------------------------------------------


def _mean(values: list[float]) -> float:
    defined = [v for v in values if not math.isnan(v)]
    return math.fsum(defined) / len(defined) if defined else NAN


@dataclass
class _Pair:
    a: str
    b: str
    i: int  # their columns
    j: int
    documents: int = 0
    # label -> [exact matches, overlap matches, |A|, |B|], summed over documents
    counts: dict[str, list[int]] = field(default_factory=dict)
    # The pair's own alpha_U (R = 2) on each of its documents, overall and per label.
    alpha_u: list[float] = field(default_factory=list)
    alpha_u_labels: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def compute_agreement(
    documents: Iterable[DocumentLayers],
    annotators: Sequence[str],
    labels: Sequence[str],
    per_document: bool = False,
    progress: Callable[[int, int], bool | None] | None = None,
) -> dict[str, Any]:
    """Agreement between `annotators` on `labels` over `documents` (layers of other
    annotators and spans of other labels are ignored), in the shape of the issue:

    - ``pairs``: per pair of annotators (in the order given), on the documents both have,
      span F1 exact and overlap (micro over labels and documents) with their counts
      (``exact``/``overlap``: matched, only_a, only_b, precision and recall taking A as the
      reference), character-level Cohen's kappa, and the pair's own alpha_U (mean over
      those documents); each also per label (binary kappa);
    - ``fleiss_kappa`` on the documents all annotators have, ``krippendorff_alpha`` on every
      layer (the others missing), ``alpha_u`` the mean over documents of the per-document
      value with all their layers; the same three per label;
    - ``documents``: how many documents have at least two layers (the compared ones);
    - with `per_document`, one entry per compared document: id, title, annotators, alpha,
      alpha_U and the number of disagreements.

    Undefined values are NaN. `progress(done, total)` is called now and then; when it returns
    False the computation stops with AgreementCancelled.
    """
    annotators = list(annotators)
    labels = list(labels)
    docs = documents if isinstance(documents, Sequence) else list(documents)
    total = len(docs)
    bits = {label: 1 << k for k, label in enumerate(labels)}
    pairs = [
        _Pair(annotators[i], annotators[j], i, j, 0, {label: [0, 0, 0, 0] for label in labels})
        for i, j in combinations(range(len(annotators)), 2)
    ]
    table: Counter[tuple[int, ...]] = Counter()
    compared = complete = 0
    alpha_u_overall: list[float] = []
    alpha_u_labels: dict[str, list[float]] = {label: [] for label in labels}
    entries: list[dict[str, Any]] = []
    step = max(1, total // 100)
    if progress is not None and progress(0, total) is False:
        raise AgreementCancelled
    for done, doc in enumerate(docs, 1):
        layers: list[list[SpanTriple] | None] = [
            _clean(doc.layers[name], bits, doc.length, f"document {doc.id}")
            if name in doc.layers
            else None
            for name in annotators
        ]
        present = [k for k, spans in enumerate(layers) if spans is not None]
        if len(present) >= 2:
            compared += 1
            complete += len(present) == len(annotators)
            doc_table: Counter[tuple[int, ...]] = Counter()
            _add_runs(doc_table, doc.length, layers, bits)
            table.update(doc_table)
            grouped = [_group(layers[k] or ()) for k in present]
            column = {k: n for n, k in enumerate(present)}  # annotator -> index in grouped
            sharing = [pair for pair in pairs if pair.i in column and pair.j in column]
            # With two layers the document's value is the pair's own.
            own_pairs = [(column[pair.i], column[pair.j]) for pair in sharing]
            unitizing, *own = _unitizing_alpha(
                grouped, doc.length, labels, pairs=own_pairs if len(present) > 2 else ()
            )
            alpha_u_overall.append(unitizing.overall)
            for label in labels:
                alpha_u_labels[label].append(unitizing.per_label[label])
            for n, pair in enumerate(sharing):
                pair.documents += 1
                _count_pair(pair.counts, grouped[column[pair.i]], grouped[column[pair.j]])
                pair_value = own[n] if own else unitizing
                pair.alpha_u.append(pair_value.overall)
                for label in labels:
                    pair.alpha_u_labels[label].append(pair_value.per_label[label])
            if per_document:
                entries.append(
                    {
                        "id": doc.id,
                        "title": doc.title,
                        "annotators": [annotators[k] for k in present],
                        "krippendorff_alpha": krippendorff_alpha(doc_table),
                        "alpha_u": unitizing.overall,
                        "disagreements": count_disagreements([layers[k] or [] for k in present]),
                    }
                )
        at_step = done % step == 0 or done == total
        if progress is not None and at_step and progress(done, total) is False:
            raise AgreementCancelled
    binary = {label: _binary(table, bits[label]) for label in labels}
    result: dict[str, Any] = {
        "annotators": annotators,
        "labels": labels,
        "documents": compared,
        "documents_all_annotators": complete,
        "pairs": [_pair_result(pair, table, binary) for pair in pairs],
        "fleiss_kappa": fleiss_kappa(table) if table else NAN,
        "krippendorff_alpha": krippendorff_alpha(table),
        "alpha_u": _mean(alpha_u_overall),
        "per_label": {
            label: {
                "fleiss_kappa": fleiss_kappa(binary[label]) if binary[label] else NAN,
                "krippendorff_alpha": krippendorff_alpha(binary[label]),
                "alpha_u": _mean(alpha_u_labels[label]),
            }
            for label in labels
        },
    }
    if per_document:
        result["per_document"] = entries
    return result


def _count_pair(
    counts: dict[str, list[int]],
    grouped_a: Mapping[str, list[tuple[int, int]]],
    grouped_b: Mapping[str, list[tuple[int, int]]],
) -> None:
    for label, row in counts.items():
        in_a, in_b = grouped_a.get(label, []), grouped_b.get(label, [])
        if not in_a and not in_b:
            continue
        if in_a == in_b:  # the same spans: all match, both ways
            exact = overlap = len(in_a)
        else:
            exact = len(set(in_a).intersection(in_b))
            # Exact matches are overlap matches: if they already pair off the smaller side,
            # no matching can do better.
            smaller = min(len(in_a), len(in_b))
            overlap = exact if exact == smaller else max_overlap_matching(in_a, in_b)
        row[0] += exact
        row[1] += overlap
        row[2] += len(in_a)
        row[3] += len(in_b)


def _pair_result(
    pair: _Pair, table: CategoryTable, binary: Mapping[str, CategoryTable]
) -> dict[str, Any]:
    exact = {
        label: SpanCounts(tp, size_a - tp, size_b - tp)
        for label, (tp, _, size_a, size_b) in pair.counts.items()
    }
    overlap = {
        label: SpanCounts(tp, size_a - tp, size_b - tp)
        for label, (_, tp, size_a, size_b) in pair.counts.items()
    }
    exact_all = sum(exact.values(), SpanCounts())
    overlap_all = sum(overlap.values(), SpanCounts())
    return {
        "a": pair.a,
        "b": pair.b,
        "documents": pair.documents,
        "f1_exact": exact_all.f1,
        "f1_overlap": overlap_all.f1,
        "cohen_kappa": cohen_kappa(table, pair.i, pair.j),
        "alpha_u": _mean(pair.alpha_u),
        "exact": exact_all.as_dict(),
        "overlap": overlap_all.as_dict(),
        "per_label": {
            label: {
                "f1_exact": exact[label].f1,
                "f1_overlap": overlap[label].f1,
                "cohen_kappa": cohen_kappa(binary[label], pair.i, pair.j),
                "alpha_u": _mean(pair.alpha_u_labels[label]),
                "exact": exact[label].as_dict(),
                "overlap": overlap[label].as_dict(),
            }
            for label in pair.counts
        },
    }
