"""Which suggestions an annotator sees: those they have not decided on, where their layer
has no span yet. Suggestions never change a span an annotator made."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from annotator.core.model import Span, Suggestion
from annotator.core.span_index import SpanIndex


def shown(
    suggestions: Sequence[Suggestion], decisions: Mapping[int, str], spans: Iterable[Span]
) -> list[Suggestion]:
    """The suggestions of `suggestions` (one document's) that the annotator whose
    `decisions` and `spans` these are has not accepted or rejected, and that no span of
    theirs covers: none of the same label overlaps it, and none of any label has its very
    bounds (an ACTOR suggestion inside one of their QUOTEs is still shown)."""
    spans = list(spans)
    bounds = {(span.start, span.end) for span in spans}
    by_label: dict[str, SpanIndex[int]] = {}
    for number, span in enumerate(spans):
        by_label.setdefault(span.label, SpanIndex()).add(number, span.start, span.end)
    visible = []
    for suggestion in suggestions:
        if suggestion.id is not None and suggestion.id in decisions:
            continue
        if (suggestion.start, suggestion.end) in bounds:
            continue
        index = by_label.get(suggestion.label)
        if index is not None and index.overlapping(suggestion.start, suggestion.end):
            continue
        visible.append(suggestion)
    return visible
