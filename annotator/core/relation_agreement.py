"""Relation agreement between two annotators (AGREEMENT.md, section 5).

A relation, as agreement sees it, is `(head span, tail span, label)`, its spans in the form
`checked_spans` gives them (a triple, or a 4-tuple with fragments). Two annotators'
relations are compatible when their labels are equal and their heads and their tails are
compatible spans: exactly (equal) or, with overlap, of the same label and sharing a
character. TP is the size of a maximum one-to-one matching under that relation, found by
augmenting paths; it is not derived from a matching of the spans (which is not unique).

Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from annotator.core.coefficients import AgreementSpan, pieces_overlap, span_pieces

# (head span, tail span, relation label)
RelationKey = tuple[AgreementSpan, AgreementSpan, str]

__all__ = [
    "RelationKey",
    "maximum_matching",
    "relation_matches",
    "relations_by_label",
    "spans_compatible",
]


def spans_compatible(x: AgreementSpan, y: AgreementSpan, overlap: bool) -> bool:
    """Exact: the same span (label, bounds and fragments). Overlap: the same label and at
    least one shared character."""
    if not overlap:
        return x == y
    if x[2] != y[2] or max(x[0], y[0]) >= min(x[1], y[1]):
        return False
    if len(x) == 3 and len(y) == 3:
        return True
    return pieces_overlap(span_pieces(x), span_pieces(y))


def maximum_matching(adjacency: Sequence[Sequence[int]], size_b: int) -> int:
    """The size of a maximum matching of a bipartite graph: `adjacency[i]` lists the B
    vertices (0 <= j < size_b) that A vertex i may be matched with. Augmenting paths found
    by breadth-first search (Kuhn's algorithm, iterative), after a greedy start."""
    match_b = [-1] * size_b
    match_a = [-1] * len(adjacency)
    for i, edges in enumerate(adjacency):
        for j in edges:
            if match_b[j] < 0:
                match_b[j], match_a[i] = i, j
                break
    for root, edges in enumerate(adjacency):
        if match_a[root] >= 0 or not edges:
            continue
        parent_of_b: dict[int, int] = {}
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
    return sum(1 for j in match_a if j >= 0)


def relations_by_label(relations: Iterable[RelationKey]) -> dict[str, list[RelationKey]]:
    """label -> the distinct relations of that label, sorted."""
    grouped: dict[str, set[RelationKey]] = defaultdict(set)
    for relation in relations:
        grouped[relation[2]].add(relation)
    return {label: sorted(found) for label, found in grouped.items()}


def relation_matches(
    a: Sequence[RelationKey], b: Sequence[RelationKey], overlap: bool = False
) -> int:
    """TP between two sets of distinct relations (of one label, or of any: labels must be
    equal to match): the size of a maximum one-to-one matching of compatible relations."""
    if not a or not b:
        return 0
    if not overlap:  # exact compatibility is equality: the matching is the intersection
        return len(set(a).intersection(b))
    adjacency = [
        [
            j
            for j, (head_b, tail_b, label_b) in enumerate(b)
            if label_b == label
            and spans_compatible(head, head_b, True)
            and spans_compatible(tail, tail_b, True)
        ]
        for head, tail, label in a
    ]
    return maximum_matching(adjacency, len(b))
