"""Who annotates which document: the assignment of documents to a team, with overlap.

`plan_assignment` decides which (document, annotator) pairs to add to what is assigned
already; it never takes an assignment away. Its rules, which the property tests check:

- every chosen document ends with `per_document` distinct annotators (with `overlap` F,
  round(F x n) of the n documents get that many and the rest one; documents that have
  that many already count first among the overlap ones);
- each annotator's load (every document assigned to them in the project) ends within one
  document of every other's, when the existing assignment was so balanced (an annotator is
  always picked from the least loaded ones that may take the document);
- among the least loaded, the choice goes to annotators who share no document yet, so that
  every pair of annotators shares a document (and their agreement can be computed) as soon
  as the overlap documents allow it: with `per_document` k and m overlap documents, every
  pair shares one when m x k(k-1)/2 >= 2 x the number of pairs (twice what a perfect design
  would need; `COVERAGE_FACTOR`);
- the same arguments (the seed among them) give the same pairs, whatever order the
  annotators are named in.

Plain Python (no store): 100,000 documents for 50 annotators take well under a second.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Collection, Mapping, Sequence
from itertools import combinations

from annotator.core.errors import AnnotatorError

# Every pair shares a document once the overlap documents offer this many times as many
# pairs as there are pairs of annotators (see the module docstring; tested).
COVERAGE_FACTOR = 2


def overlap_count(documents: int, overlap: float | None) -> int:
    """How many of `documents` get the full number of annotators."""
    if overlap is None:
        return documents
    return round(overlap * documents)


def coverage_guaranteed(annotators: int, per_document: int, overlap_documents: int) -> bool:
    """Whether `plan_assignment` promises that every pair of annotators shares a document
    (starting from nothing assigned)."""
    pairs = annotators * (annotators - 1) // 2
    per = per_document * (per_document - 1) // 2
    return pairs == 0 or (per > 0 and overlap_documents * per >= COVERAGE_FACTOR * pairs)


def check_request(annotators: Sequence[str], per_document: int, overlap: float | None) -> None:
    """AnnotatorError unless the request can be met."""
    if not annotators:
        raise AnnotatorError("name at least one annotator to assign documents to")
    if len(set(annotators)) != len(annotators):
        raise AnnotatorError("an annotator is named twice")
    if per_document < 1:
        raise AnnotatorError(f"--per-document must be at least 1, not {per_document}")
    if per_document > len(annotators):
        raise AnnotatorError(
            f"--per-document {per_document} needs at least {per_document} annotators; "
            f"{len(annotators)} named"
        )
    if overlap is not None and not 0.0 <= overlap <= 1.0:
        raise AnnotatorError(f"--overlap must be a fraction from 0 to 1, not {overlap}")


def plan_assignment(
    documents: Sequence[str],
    annotators: Sequence[str],
    per_document: int,
    *,
    overlap: float | None = None,
    seed: int = 0,
    existing: Mapping[str, Collection[str]] | None = None,
    loads: Mapping[str, int] | None = None,
) -> list[tuple[str, str]]:
    """The (document, annotator) pairs to add, in the order of `documents` (and, within a
    document, of `annotators`). `existing`: the annotators each document has already (any
    annotator); `loads`: how many documents each annotator has already in the project."""
    check_request(annotators, per_document, overlap)
    existing = existing or {}
    rng = random.Random(seed)
    team = sorted(annotators)
    rng.shuffle(team)
    rank = {name: i for i, name in enumerate(team)}
    load = {name: (loads or {}).get(name, 0) for name in team}

    # Which documents get the full number: those that have it first, then a seeded sample.
    unique = list(dict.fromkeys(documents))
    full_count = overlap_count(len(unique), overlap)
    have_full = [d for d in unique if len(existing.get(d, ())) >= per_document]
    others = [d for d in unique if len(existing.get(d, ())) < per_document]
    rng.shuffle(others)
    full = set(have_full[:full_count]) | set(others[: max(0, full_count - len(have_full))])

    covered: set[tuple[str, str]] = set()
    for names in existing.values():
        team_names = sorted(n for n in names if n in rank)
        covered.update(combinations(team_names, 2))
    all_pairs = len(team) * (len(team) - 1) // 2

    added: dict[str, list[str]] = {}
    # Documents that need two or more first (they make the pairs), in a seeded order.
    order = sorted(unique, key=lambda d: 0 if d in full else 1)
    heap: list[tuple[int, int, int, str]] | None = None  # (load, last used, rank, name)
    tick = 0
    for document in order:
        has = set(existing.get(document, ()))
        target = per_document if document in full else 1
        need = target - len(has)
        if need <= 0:
            continue
        ours = has & rank.keys()
        from_heap = False
        if need >= 2 and len(covered) < all_pairs:
            chosen = _choose_covering([n for n in team if n not in has], need, load, rank, covered)
        elif ours:
            chosen = _least_loaded([n for n in team if n not in has], need, load, rank)
        else:  # the common case, once every pair shares a document: a heap, least loaded
            if heap is None:
                heap = [(load[name], 0, rank[name], name) for name in team]
                heapq.heapify(heap)
            chosen = [heapq.heappop(heap)[3] for _ in range(need)]
            from_heap = True
        for name in chosen:
            load[name] += 1
            if from_heap:
                tick += 1
                assert heap is not None
                heapq.heappush(heap, (load[name], tick, rank[name], name))
        if not from_heap:
            heap = None  # loads changed behind its back
            covered.update(combinations(sorted([*chosen, *ours]), 2))
        added[document] = chosen
    position = {name: i for i, name in enumerate(annotators)}
    return [
        (document, name)
        for document in unique
        for name in sorted(added.get(document, ()), key=position.__getitem__)
    ]


def _least_loaded(
    candidates: list[str], need: int, load: Mapping[str, int], rank: Mapping[str, int]
) -> list[str]:
    return sorted(candidates, key=lambda name: (load[name], rank[name]))[:need]


def _choose_covering(
    candidates: list[str],
    need: int,
    load: Mapping[str, int],
    rank: Mapping[str, int],
    covered: set[tuple[str, str]],
) -> list[str]:
    """`need` of the least loaded candidates (those below the need-th load all, the rest
    from those at it), chosen to make pairs that share no document yet."""
    ordered = sorted(candidates, key=lambda name: (load[name], rank[name]))
    threshold = load[ordered[need - 1]]
    chosen = [name for name in ordered if load[name] < threshold]
    pool = [name for name in ordered if load[name] == threshold]

    def new_pairs(name: str, among: list[str]) -> int:
        return sum(1 for other in among if _pair(name, other) not in covered)

    while len(chosen) < need:
        rest = [name for name in pool if name not in chosen]
        best = max(
            rest,
            key=lambda name: (new_pairs(name, chosen), new_pairs(name, rest), -rank[name]),
        )
        chosen.append(best)
    return chosen


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
