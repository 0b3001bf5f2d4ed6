"""Character-level agreement: each character's category per annotator, pooled into a table
of items, and Cohen's kappa, Fleiss' kappa and Krippendorff's alpha (nominal) over it
(AGREEMENT.md, section 2). Pure Python, integer arithmetic, rounded once."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

from annotator.core.errors import AnnotatorError
from annotator.core.model import Fragments, SpanTriple, check_fragments

NAN = float("nan")
# A span as agreement sees it: (start, end, label) when contiguous, and (start, end, label,
# fragments) when discontinuous (AGREEMENT.md, section 4). `checked_spans` makes every span
# take the shortest form, so that two spans are exactly compatible when they are equal.
AgreementSpan = SpanTriple | tuple[int, int, str, Fragments]
# The category of an annotator who has no layer (that counts) on a document.
MISSING = -1

# A table of items: each key holds one category code per annotator (MISSING where one has no
# value), each value how many items (characters) have exactly those categories.
CategoryTable = Mapping[tuple[int, ...], int]


# -- character categories -----------------------------------------------------------------------


def category_name(code: int, labels: Sequence[str]) -> str:
    """The name of a category code (a bit set of label indices): "O", "ACTOR", "EVENT+QUOTE"."""
    if code == MISSING:
        return "(missing)"
    names = sorted(label for k, label in enumerate(labels) if code >> k & 1)
    return "+".join(names) if names else "O"


def span_pieces(span: tuple[int, int] | AgreementSpan) -> Fragments:
    """The (start, end) ranges a span covers: its fragments, or its one range."""
    return span[3] if len(span) == 4 and span[3] else ((span[0], span[1]),)


def pieces_overlap(a: Fragments, b: Fragments) -> bool:
    """Do two sorted lists of apart ranges share a character?"""
    i = j = 0
    while i < len(a) and j < len(b):
        if max(a[i][0], b[j][0]) < min(a[i][1], b[j][1]):
            return True
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return False


def character_categories(length: int, spans: Iterable[AgreementSpan]) -> list[str]:
    """One category name per character (slow, one entry per character): for tests, and for
    showing a short text. Labels are those of `spans`; a discontinuous span covers its
    fragments' characters only."""
    covering: list[set[str]] = [set() for _ in range(length)]
    for span in spans:
        for start, end in span_pieces(span):
            for k in range(start, end):
                covering[k].add(span[2])
    return ["+".join(sorted(c)) if c else "O" for c in covering]


def _masks(
    length: int, layers: Sequence[Sequence[AgreementSpan] | None], bits: Mapping[str, int]
) -> tuple[list[int], list[list[int] | None]]:
    """The runs of one document: the widths between consecutive span boundaries (fragment
    boundaries included), and for each layer its category code on each run (None for a
    missing layer)."""
    points = {0, length}
    split = False  # any discontinuous span: the slower path
    for spans in layers:
        if spans:
            for span in spans:
                points.add(span[0])
                points.add(span[1])
                if len(span) == 4:
                    split = True
                    for start, end in span[3]:
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
        if not split:
            for start, end, label in spans:  # type: ignore[misc]
                bit = bits[label]
                for k in range(index[start], index[end]):
                    codes[k] |= bit
        else:
            for span in spans:
                bit = bits[span[2]]
                for start, end in span_pieces(span):
                    for k in range(index[start], index[end]):
                        codes[k] |= bit
        columns.append(codes)
    return widths, columns


def category_table(
    documents: Iterable[tuple[int, Sequence[Sequence[AgreementSpan] | None]]],
    labels: Sequence[str],
) -> Counter[tuple[int, ...]]:
    """The item table of these documents: `documents` yields (text length, one span list per
    annotator, None where the annotator is missing). Category codes are bit sets over
    `labels` (bit k: labels[k]; 0 is "O"); spans of other labels are ignored."""
    bits = {label: 1 << k for k, label in enumerate(labels)}
    table: Counter[tuple[int, ...]] = Counter()
    for length, layers in documents:
        kept = [
            None if spans is None else checked_spans(spans, bits, length, "document")
            for spans in layers
        ]
        add_runs(table, length, kept, bits)
    return table


def add_runs(
    table: Counter[tuple[int, ...]],
    length: int,
    layers: Sequence[Sequence[AgreementSpan] | None],
    bits: Mapping[str, int],
) -> None:
    widths, columns = _masks(length, layers, bits)
    filled = [[MISSING] * len(widths) if c is None else c for c in columns]
    for key, width in zip(zip(*filled, strict=True), widths, strict=True):
        table[key] += width


def checked_spans(
    spans: Iterable[AgreementSpan], bits: Mapping[str, int], length: int, where: str
) -> list[AgreementSpan]:
    """The distinct spans with a selected label, sorted, each in its shortest form (a span
    with no fragments as a triple); checks their offsets and fragments."""
    kept = sorted(
        {span if len(span) == 3 or span[3] else span[:3] for span in spans if span[2] in bits}
    )
    for span in kept:
        start, end, label = span[0], span[1], span[2]
        if not 0 <= start < end <= length:
            raise AnnotatorError(
                f"{where}: span {label} [{start}, {end}) does not fit a text of length {length}"
            )
        if len(span) == 4:
            problem = check_fragments(length, span[3])
            if problem is None and (span[3][0][0], span[3][-1][1]) != (start, end):
                problem = "has fragments that do not start at its start and end at its end"
            if problem:
                raise AnnotatorError(f"{where}: span {label} [{start}, {end}) {problem}")
    return kept


def binary_table(table: CategoryTable, bit: int) -> Counter[tuple[int, ...]]:
    """The table of "covered by the label with this bit" (1) vs not (0)."""
    binary: Counter[tuple[int, ...]] = Counter()
    for key, weight in table.items():
        binary[tuple(MISSING if c == MISSING else int(bool(c & bit)) for c in key)] += weight
    return binary


def ratio(numerator: int, denominator: int) -> float:
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
    return ratio(agree * n - chance, n * n - chance) if n else NAN


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
    return ratio((squares - nr) * nr - chance * (raters - 1), (raters - 1) * (nr * nr - chance))


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
    return ratio((n - 1) * observed - chance * scale, scale * (n * (n - 1) - chance))
