"""Where annotators disagree on one document's relations, beside their span disagreements
(`annotator.core.disagreements`): what the comparison lists and a curator resolves into gold.

A link is `(head span, tail span, label)`, its spans as `(start, end, label)` or, for a
discontinuous span, `(start, end, label, fragments)`. A link every compared annotator has
exactly is agreed. The others are grouped into clusters of links whose heads share a
character and whose tails share a character, whatever their labels (a chain counts); a
cluster is a disagreement when

- ``ONLY_SOME``: some compared annotator has no link in it ("only bob linked it");
- ``LABEL``: everyone linked there, with different labels (or different numbers of links
  of a label).

A cluster where everyone has the same labels but the ends' bounds differ is not listed: the
ends differ as spans, and that span disagreement is what the curator resolves (accepting a
span version into gold brings that annotator's links whose ends gold then has).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from annotator.core.coefficients import AgreementSpan, pieces_overlap, span_pieces

Link = tuple[AgreementSpan, AgreementSpan, str]

__all__ = ["Link", "RelationDisagreement", "RelationKind", "find_relation_disagreements"]


class RelationKind(StrEnum):
    ONLY_SOME = "only some linked it"
    LABEL = "relation label differs"


@dataclass(frozen=True, slots=True)
class RelationDisagreement:
    start: int  # the earliest start of the cluster's ends
    end: int  # the latest end
    kind: RelationKind
    # Every compared annotator, in the order given, with their links in this cluster
    # (sorted; empty for an annotator who linked nothing here).
    links: tuple[tuple[str, tuple[Link, ...]], ...]

    def links_of(self, annotator: str) -> tuple[Link, ...]:
        return dict(self.links)[annotator]


def _share(x: AgreementSpan, y: AgreementSpan) -> bool:
    if max(x[0], y[0]) >= min(x[1], y[1]):
        return False
    return (len(x) == 3 and len(y) == 3) or pieces_overlap(span_pieces(x), span_pieces(y))


def linked_together(x: Link, y: Link) -> bool:
    """Do two links join one cluster: heads share a character, and tails do?"""
    return _share(x[0], y[0]) and _share(x[1], y[1])


def find_relation_disagreements(
    layers: Mapping[str, Iterable[Link]],
) -> list[RelationDisagreement]:
    """The relation disagreements between `layers` (annotator -> links), by position.
    Duplicate links of a layer count once; fewer than two layers: none."""
    if len(layers) < 2:
        return []
    names = list(layers)
    sets = {name: set(links) for name, links in layers.items()}
    agreed = set.intersection(*sets.values())
    rest = sorted(
        ((link, name) for name, links in sets.items() for link in links if link not in agreed),
        key=lambda item: (item[0], item[1]),
    )
    # Union-find over the links left: a document has tens of links, so pairs are cheap.
    parent = list(range(len(rest)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i in range(len(rest)):
        for j in range(i + 1, len(rest)):
            if linked_together(rest[i][0], rest[j][0]):
                parent[root(i)] = root(j)
    clusters: dict[int, list[tuple[Link, str]]] = {}
    for k, item in enumerate(rest):
        clusters.setdefault(root(k), []).append(item)
    found = []
    for cluster in clusters.values():
        per_name: dict[str, list[Link]] = {name: [] for name in names}
        for link, name in cluster:
            per_name[name].append(link)
        if any(not links for links in per_name.values()):
            kind = RelationKind.ONLY_SOME
        else:
            counts = [Counter(link[2] for link in links) for links in per_name.values()]
            if all(c == counts[0] for c in counts):
                continue  # only the ends' bounds differ: a span disagreement
            kind = RelationKind.LABEL
        ends = [span for link, _ in cluster for span in link[:2]]
        found.append(
            RelationDisagreement(
                start=min(span[0] for span in ends),
                end=max(span[1] for span in ends),
                kind=kind,
                links=tuple((name, tuple(sorted(per_name[name]))) for name in names),
            )
        )
    return sorted(found, key=lambda d: (d.start, d.end))
