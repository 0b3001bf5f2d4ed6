"""Which suggestions an annotator sees: those they have not decided on, where their layer
has no span yet. Suggestions never change a span an annotator made."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from annotator.core.model import Span, Suggestion
from annotator.core.span_index import SpanIndex


def is_shown(
    suggestion: Suggestion, decisions: Mapping[int, str], overlapping: Iterable[Span]
) -> bool:
    """The rule: the annotator has not accepted or rejected `suggestion` (`decisions`),
    and none of their spans over it (`overlapping`: those overlapping it) has its label,
    nor its very bounds with another (an ACTOR suggestion inside a QUOTE of theirs is
    still shown)."""
    if suggestion.id is not None and suggestion.id in decisions:
        return False
    bounds = (suggestion.start, suggestion.end)
    return not any(
        span.label == suggestion.label or (span.start, span.end) == bounds for span in overlapping
    )


def shown(
    suggestions: Sequence[Suggestion], decisions: Mapping[int, str], spans: Iterable[Span]
) -> list[Suggestion]:
    """The suggestions of `suggestions` (one document's) that the annotator whose
    `decisions` and `spans` these are sees (`is_shown`)."""
    spans = list(spans)
    index = SpanIndex((number, span.start, span.end) for number, span in enumerate(spans))
    return [
        suggestion
        for suggestion in suggestions
        if is_shown(
            suggestion,
            decisions,
            (spans[n] for n in index.overlapping(suggestion.start, suggestion.end)),
        )
    ]
