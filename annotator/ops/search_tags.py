"""Tagging search hits: many spans added in one transaction, one `Changes`, one undo step.

`add_spans` is the bulk form of `ops.spans.add_span` (the corpus search's "tag selected
hits" uses it; the find bar's "tag every hit" can too). A span its layer already holds
(same bounds and label) is skipped, not an error: tagging a hit twice changes nothing.
Any other refusal (an unknown label, bounds outside the text) writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.model import Span, Status
from annotator.ops.changes import Changes, StatusChange

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def add_spans(project: ProjectStore, spans: Sequence[Span]) -> Changes:
    """Write every span of `spans` its layer does not have yet (one transaction); each
    document that becomes in progress for its annotator is part of the change."""
    added: list[Span] = []
    statuses: list[StatusChange] = []
    with project.transaction():
        held: dict[tuple[str, str], set[tuple[int, int, str]]] = {}
        before: dict[tuple[str, str], Status] = {}
        for span in spans:
            annotator = project.ensure_annotator(span.annotator)
            layer = (span.document_id, annotator)
            if layer not in held:
                # The layer's unique key (bounds and label), fragments or not.
                held[layer] = {
                    (s.start, s.end, s.label) for s in project.spans(span.document_id, annotator)
                }
                before[layer] = project.status(span.document_id, annotator)
            key = (span.start, span.end, span.label)
            if key in held[layer]:
                continue
            added.append(project.add_span(span))
            held[layer].add(key)
        for (document_id, annotator), old in before.items():
            new = project.status(document_id, annotator)
            if new != old:
                statuses.append((document_id, annotator, old, new))
    return Changes(spans_added=tuple(added), statuses=tuple(statuses))
