"""Span F1 between two annotators (AGREEMENT.md, sections 1 and 4): exact (same start, end,
label and fragments) and overlap (same label, a shared character, matched one-to-one by a
maximum bipartite matching), with the counts behind them, which add up over labels and
documents (micro-averaging). Pure Python."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.coefficients import NAN, AgreementSpan, pieces_overlap, span_pieces
from annotator.core.relation_agreement import maximum_matching

__all__ = ["SpanCounts", "max_overlap_matching", "overlap_matching", "shortest_form", "span_counts"]


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
    a: Iterable[AgreementSpan], b: Iterable[AgreementSpan], *, overlap: bool = False
) -> SpanCounts:
    """Match spans of A and B one-to-one: exactly (same start, end, label, fragments) or,
    with `overlap`, same label and sharing a character, as many pairs as possible (a maximum
    matching).

    Duplicate spans count once. Spans of all labels are matched within their label.
    """
    set_a, set_b = set(map(shortest_form, a)), set(map(shortest_form, b))
    if not overlap:
        matched = len(set_a & set_b)
    else:
        by_label_a: dict[str, list[AgreementSpan]] = defaultdict(list)
        by_label_b: dict[str, list[AgreementSpan]] = defaultdict(list)
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
    a: Sequence[tuple[int, int]] | Sequence[AgreementSpan],
    b: Sequence[tuple[int, int]] | Sequence[AgreementSpan],
) -> int:
    """The size of a maximum one-to-one matching between A and B where a pair may match when
    the spans overlap: share a character, fragments counted (labels are not looked at:
    filter first). Augmenting paths (Kuhn), iterative, after a greedy start; greedy alone
    is not maximum.
    """
    split = any(len(span) == 4 for span in a) or any(len(span) == 4 for span in b)
    return overlap_matching(a, b, split)


def overlap_matching(
    a: Sequence[tuple[int, int]] | Sequence[AgreementSpan],
    b: Sequence[tuple[int, int]] | Sequence[AgreementSpan],
    split: bool,
) -> int:
    """`max_overlap_matching`; `split`: some span has fragments (else only the outer
    bounds are looked at)."""
    if not a or not b:
        return 0
    b_sorted = sorted(b)  # by start, then end
    b_starts = [span[0] for span in b_sorted]
    longest = max(span[1] - span[0] for span in b_sorted)
    # Edges: A's span i overlaps B's span j when max(starts) < min(ends). Only B spans that
    # start before A's end and less than the longest B span before A's start can.
    adjacency: list[list[int]] = []
    for span in a:
        start, end = span[0], span[1]
        first = bisect.bisect_right(b_starts, start - longest)
        limit = bisect.bisect_left(b_starts, end)
        edges = [j for j in range(first, limit) if b_sorted[j][1] > start]
        if split:
            pieces = span_pieces(span)
            edges = [j for j in edges if pieces_overlap(pieces, span_pieces(b_sorted[j]))]
        adjacency.append(edges)
    return maximum_matching(adjacency, len(b_sorted))


def shortest_form(span: AgreementSpan) -> AgreementSpan:
    """The span as `checked_spans` gives it: a triple when it has no fragments."""
    return span if len(span) == 3 or span[3] else span[:3]
