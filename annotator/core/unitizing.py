"""Krippendorff's unitizing alpha (alpha_U) per label and overall, as DKPro Agreement and
INCEpTION compute it (AGREEMENT.md, section 3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from annotator.core.coefficients import NAN, AgreementSpan, ratio

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


def spans_by_label(spans: Iterable[AgreementSpan]) -> dict[str, list[tuple[int, int]]]:
    """label -> the distinct (start, end) of that label, sorted: the units of alpha_U, where
    each fragment of a discontinuous span is a unit of the span's label."""
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    split: set[str] = set()
    for span in sorted(set(spans)):
        if len(span) == 4 and span[3]:
            grouped[span[2]].extend(span[3])
            split.add(span[2])
        else:
            grouped[span[2]].append((span[0], span[1]))
    for label in split:  # fragments may repeat or come out of order
        grouped[label] = sorted(set(grouped[label]))
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
    layers: Sequence[Iterable[AgreementSpan]],
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
    grouped = [spans_by_label(spans) for spans in layers]
    if labels is None:
        labels = sorted({label for spans in grouped for label in spans})
    return unitizing_alpha_of_groups(grouped, length, labels, begin)[0]


def unitizing_alpha_of_groups(
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
            per_label[label] = ratio(
                pair_scale * numerator - observed * denominator, pair_scale * numerator
            )
    # ΣD_O/ΣD_E = Σδ / (R(R-1)·L·p/q) = Σδ·q / (R(R-1)·L·p).
    expected = p * pair_scale
    if all(part is None for part in parts.values()):
        overall = NAN
    elif observed_sum * q == expected:
        overall = 1.0
    else:
        overall = ratio(expected - observed_sum * q, expected)
    return UnitizingAlpha(overall, per_label)
