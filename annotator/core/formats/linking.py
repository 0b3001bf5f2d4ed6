"""What the format readers share for relations and discontinuous spans: a relation checked
against the spans it links (none twice), and a span made of checked fragments.

Readers raise LineError; the reader names the file and line (`FILE:LINE: reason`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.formats.base import ExportRelation
from annotator.core.jsonl import SpanRecord
from annotator.core.model import check_fragments
from annotator.core.strict_json import LineError


def checked_relations(relations: Iterable[tuple[str, ExportRelation]]) -> list[ExportRelation]:
    """`relations` ((where, relation) pairs, `where` naming it in the file) in order; LineError
    for one that repeats an earlier one (same head, tail and label): a file that says a
    link twice is not what its tool writes, and keeping one would hide that."""
    seen: dict[tuple[int, int, str], str] = {}
    result = []
    for where, relation in relations:
        key = (relation.head, relation.tail, relation.label)
        if key in seen:
            raise LineError(f"{where} repeats {seen[key]} (same ends and label {relation.label!r})")
        seen[key] = where
        result.append(relation)
    return result


def fragment_span(
    text: str, pieces: Sequence[tuple[int, int]], label: str, note: str | None, where: str
) -> SpanRecord:
    """One span of `pieces` (code point ranges already checked to lie in `text`, in any
    order): contiguous for one piece, else discontinuous with the pieces sorted. LineError
    if the pieces overlap or touch (two touching pieces are one range: a file that splits
    them is not saying what it means)."""
    ordered = tuple(sorted((int(start), int(end)) for start, end in pieces))
    if len(ordered) == 1:
        return SpanRecord(ordered[0][0], ordered[0][1], label, note)
    problem = check_fragments(len(text), ordered)
    if problem:
        raise LineError(f"{where}: the span {problem}")
    return SpanRecord(ordered[0][0], ordered[-1][1], label, note, ordered)


def sorted_with_relations(
    spans: Sequence[SpanRecord], relations: Sequence[ExportRelation]
) -> tuple[list[SpanRecord], list[ExportRelation]]:
    """`spans` sorted by (start, end, label, fragments), and `relations` re-pointed at the
    sorted spans (they index `spans`)."""
    order = sorted(range(len(spans)), key=lambda i: (*spans[i][:3], spans[i].fragments))
    new_index = {old: new for new, old in enumerate(order)}
    return [spans[i] for i in order], [
        ExportRelation(new_index[r.head], new_index[r.tail], r.label) for r in relations
    ]


def pieces(span: SpanRecord) -> tuple[tuple[int, int], ...]:
    """The ranges a span covers: its fragments, or its one range (as `Span.pieces`)."""
    return span.fragments or ((span.start, span.end),)
