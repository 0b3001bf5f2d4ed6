"""The open suggestions as layers to export (`annotator export --suggestions`): every
current suggestion nobody has accepted or rejected, one layer per document that has any,
annotator `SUGGESTIONS_ANNOTATOR`, through the same writers as annotators' layers (so every
format carries them as it carries a layer).

A layer holds the suggested spans (fragments kept) and, from each QUOTE with a suggested
speaker, a relation to the speaker's ACTOR span (added to the layer if someone has decided
on that ACTOR suggestion already, so the relation always has its span), of the relation
type accepting the quote would make (`source`, see `ops.suggestions`); none when the
project has no type from QUOTE to ACTOR, and the report says how many were left out.
Documents come in project order, spans by (start, end, label), as the layers' export.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from annotator.core.formats.base import ExportDocument, ExportLayer, ExportRelation, Report
from annotator.core.jsonl import SpanRecord
from annotator.core.model import Suggestion
from annotator.core.suggest import ACTOR, QUOTE, source_type
from annotator.store.interface import ProjectStore
from annotator.store.project import checked_meta, checked_text

SUGGESTIONS_ANNOTATOR = "suggestions"  # the exported layers' annotator


class SuggestionExport:
    """`documents()` yields the layers; afterwards `relations` says how many relations
    they carried (for a format without relations to say how many stayed behind)."""

    def __init__(
        self, project: ProjectStore, labels: set[str] | None, report: Report | None = None
    ) -> None:
        self.project = project
        self.labels = labels
        self.report = report
        self.relations = 0

    def documents(self) -> Iterator[ExportDocument]:
        kind = source_type(self.project.relation_types())
        source = kind.name if kind is not None else None
        unlinked = 0
        pending = self.project.open_suggestions()
        head = next(pending, None)
        # Both streams come in project order: a merge walk, one query each.
        for _, doc_id, title, stored_text, sha256, stored_meta in self.project.stored_documents():
            found: list[Suggestion] = []
            while head is not None and head.document_id == doc_id:
                found.append(head)
                head = next(pending, None)
            if self.labels is not None:
                found = [s for s in found if s.label in self.labels]
            if not found:
                continue
            spans, links = _layer(found, self.labels is None or ACTOR in self.labels)
            index = {
                (span.start, span.end, span.label, span.fragments): n
                for n, span in enumerate(spans)
            }
            relations: tuple[ExportRelation, ...] = ()
            if source is None:
                unlinked += len(links)
            else:
                relations = tuple(ExportRelation(index[h], index[t], source) for h, t in links)
            self.relations += len(relations)
            text = checked_text(self.project.path, doc_id, stored_text, sha256)
            meta = checked_meta(self.project.path, doc_id, stored_meta)
            layer = ExportLayer(SUGGESTIONS_ANNOTATOR, None, spans, relations)
            yield ExportDocument(doc_id, text, title, meta, (layer,))
        if unlinked and self.report is not None:
            self.report.notes.append(
                f"{unlinked} quote-speaker link(s) left out: the project has no relation "
                f"type from {QUOTE} to {ACTOR}"
            )


Key = tuple[int, int, str, tuple[tuple[int, int], ...]]


def _layer(
    suggestions: Sequence[Suggestion], speakers: bool
) -> tuple[tuple[SpanRecord, ...], list[tuple[Key, Key]]]:
    """The layer's spans, sorted, and its (quote, speaker) links by span key."""
    keys: dict[Key, None] = {}
    links: list[tuple[Key, Key]] = []
    for suggestion in suggestions:
        key = (suggestion.start, suggestion.end, suggestion.label, suggestion.fragments)
        keys[key] = None
        if speakers and suggestion.label == QUOTE and suggestion.speaker is not None:
            speaker: Key = (*suggestion.speaker, ACTOR, ())
            keys[speaker] = None
            links.append((key, speaker))
    ordered = sorted(keys)
    spans = tuple(
        SpanRecord(start, end, label, None, pieces) for start, end, label, pieces in ordered
    )
    return spans, links
