"""Where annotators disagree on one document, and how: what the comparison view steps
through and what a curator resolves into the gold layer.

A span that every compared annotator marked exactly (same start, end, label and, for a
discontinuous span, fragments: a 4th item) is agreed.
The other spans are grouped into clusters of spans that overlap, whatever their labels (a
chain counts: A overlaps B overlaps C); each cluster is one disagreement, of one kind:

- ``ONLY_SOME``: at least one compared annotator has no span in it (with two annotators:
  only one of them marked it);
- ``LABEL``: everyone marked the same stretches, with different labels;
- ``BOUNDARY``: everyone used the same labels, on different stretches;
- ``LABEL_AND_BOUNDARY``: both differ.

Offsets are code points, half-open, as everywhere outside the Qt view.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Set
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar, cast

from annotator.core.coefficients import AgreementSpan
from annotator.core.model import SpanTriple

K = TypeVar("K", bound=Hashable)  # a layer's name: an annotator, or a position

__all__ = ["Disagreement", "Kind", "agreed_spans", "count_disagreements", "find_disagreements"]


class Kind(StrEnum):
    ONLY_SOME = "only some marked it"
    LABEL = "label differs"
    BOUNDARY = "boundary differs"
    LABEL_AND_BOUNDARY = "label and boundary differ"


@dataclass(frozen=True, slots=True)
class Disagreement:
    start: int  # the earliest start of the cluster's spans
    end: int  # the latest end
    kind: Kind
    # Every compared annotator, in the order given, with their spans in this cluster
    # (sorted by start, end, label; empty for an annotator who marked nothing here).
    spans: tuple[tuple[str, tuple[AgreementSpan, ...]], ...]

    def spans_of(self, annotator: str) -> tuple[AgreementSpan, ...]:
        return dict(self.spans)[annotator]


def agreed_spans(layers: Mapping[str, Iterable[SpanTriple]]) -> list[SpanTriple]:
    """The spans every layer has exactly, sorted. No layers: none."""
    sets = [set(spans) for spans in layers.values()]
    if not sets:
        return []
    return sorted(set.intersection(*sets))


def find_disagreements(layers: Mapping[str, Iterable[AgreementSpan]]) -> list[Disagreement]:
    """The disagreements between `layers` (annotator -> spans), sorted by position.

    Duplicate spans within a layer count once. With fewer than two layers there is nothing
    to disagree with, so the result is empty.
    """
    clusters = cast(list[list[tuple[AgreementSpan, str]]], _clusters(layers))
    return [_disagreement(cluster, list(layers)) for cluster in clusters]


def count_disagreements(layers: Iterable[Iterable[AgreementSpan]]) -> int:
    """How many disagreements `find_disagreements` finds, without building them (the
    agreement report's per-document table needs only the number)."""
    return len(_clusters(dict(enumerate(layers))))


def _clusters(
    layers: Mapping[K, Iterable[AgreementSpan]],
) -> list[list[tuple[AgreementSpan, K]]]:
    """The spans not every layer has, with their layer, in clusters of overlapping spans."""
    if len(layers) < 2:
        return []
    sets = {name: set(spans) for name, spans in layers.items()}
    agreed = set.intersection(*sets.values())
    rest = sorted(
        ((span, name) for name, spans in sets.items() for span in spans if span not in agreed),
        key=lambda item: item[0],
    )
    clusters: list[list[tuple[AgreementSpan, K]]] = []
    reach = -1  # the furthest end of the current cluster
    for span, name in rest:
        start, end = span[0], span[1]
        # Sorted by start, so a span overlaps the cluster exactly when it starts before the
        # cluster's furthest end (zero-length spans cannot occur: end > start).
        if clusters and start < reach:
            clusters[-1].append((span, name))
            reach = max(reach, end)
        else:
            clusters.append([(span, name)])
            reach = end
    return clusters


def _disagreement(cluster: list[tuple[AgreementSpan, str]], names: list[str]) -> Disagreement:
    per_name: dict[str, list[AgreementSpan]] = {name: [] for name in names}
    for span, name in cluster:
        per_name[name].append(span)
    # A stretch: a span's place, its fragments included (a span's 4th item, when it has one).
    stretches = {
        name: {(span[0], span[1], *span[3:]) for span in spans} for name, spans in per_name.items()
    }
    labels = {name: {span[2] for span in spans} for name, spans in per_name.items()}
    if any(not spans for spans in per_name.values()):
        kind = Kind.ONLY_SOME
    elif _all_equal(stretches.values()):
        kind = Kind.LABEL
    elif _all_equal(labels.values()):
        kind = Kind.BOUNDARY
    else:
        kind = Kind.LABEL_AND_BOUNDARY
    return Disagreement(
        start=min(span[0] for span, _ in cluster),
        end=max(span[1] for span, _ in cluster),
        kind=kind,
        spans=tuple((name, tuple(sorted(per_name[name]))) for name in names),
    )


def _all_equal(values: Iterable[Set[object]]) -> bool:
    first, *others = values
    return all(other == first for other in others)
