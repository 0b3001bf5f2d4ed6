"""Many spans in one operation: "tag every hit with this label", undone as one step.

`add_spans(project, spans)` writes each span its layer does not hold yet (same document,
annotator, bounds and label), in one transaction, and returns one `Changes` listing them
and the statuses they moved; undo is `ops.spans.apply(project, changes.inverse())`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.model import Span, Status
from annotator.ops.changes import Changes, StatusChange

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def add_spans(project: ProjectStore, spans: Sequence[Span]) -> Changes:
    """Add `spans`, skipping each one its layer already has (same bounds and label: the
    layer's unique key, fragments or not) and repeats in `spans`. AnnotatorError (a span
    outside its text, an unknown label) writes none of them. The find bar's "tag every hit"
    and the corpus search's "tag selected hits" use it."""
    added: list[Span] = []
    statuses: list[StatusChange] = []
    with project.transaction():
        held: dict[tuple[str, str], set[tuple[int, int, str]]] = {}
        before: dict[tuple[str, str], Status] = {}
        for span in spans:
            annotator = project.ensure_annotator(span.annotator)
            layer = (span.document_id, annotator)
            if layer not in held:
                held[layer] = {(s.start, s.end, s.label) for s in project.spans(*layer)}
                before[layer] = project.status(*layer)
            key = (span.start, span.end, span.label)
            if key in held[layer]:
                continue
            held[layer].add(key)
            added.append(project.add_span(span))
        for layer, old in before.items():
            new = project.status(*layer)
            if new != old:
                statuses.append((*layer, old, new))
    return Changes(spans_added=tuple(added), statuses=tuple(statuses))
