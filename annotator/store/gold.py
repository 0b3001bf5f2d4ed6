"""The gold layer: a curator's adjudication of several annotators' layers of one document.

Gold is an ordinary layer owned by the reserved annotator `GOLD_ANNOTATOR`; its status says
how far curation has gone (none or new: not curated, in progress, done: curated). A curator
starts it from the spans all compared annotators agree on, then resolves each disagreement
by accepting one annotator's version of it, or edits gold spans directly.

Every function here is one transaction and returns what it changed, so that the window can
undo it (`replace_spans` with the roles swapped). A gold span that goes takes its relations
with it (gold has relations when a layer was imported as gold with them): the change keeps
them, and its inverse puts them back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.core.disagreements import Disagreement, agreed_spans
from annotator.core.model import GOLD_ANNOTATOR, Relation, Span, SpanTriple, Status
from annotator.store.interface import ProjectStore
from annotator.store.relations import add_relation

# How far a document's curation has gone, as the review windows say it.
GOLD_STATE_NAMES = {
    Status.NEW: "not curated",
    Status.IN_PROGRESS: "in progress",
    Status.DONE: "curated",
}


@dataclass(frozen=True, slots=True)
class GoldChange:
    """Spans a gold operation removed and added (with their ids, so undo can restore), and
    the relations that went with the removed spans or came back with the added ones."""

    removed: tuple[Span, ...] = ()
    added: tuple[Span, ...] = ()
    removed_relations: tuple[Relation, ...] = ()
    added_relations: tuple[Relation, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)

    def inverse(self) -> GoldChange:
        return GoldChange(
            removed=self.added,
            added=self.removed,
            removed_relations=self.added_relations,
            added_relations=self.removed_relations,
        )


def gold_statuses(project: ProjectStore, document_ids: Sequence[str]) -> dict[str, Status]:
    """Each document's gold status (documents without a gold layer are `new`)."""
    statuses = {doc_id: Status.NEW for doc_id in document_ids}
    for doc_id, status in project.statuses_of(GOLD_ANNOTATOR).items():
        if doc_id in statuses:
            statuses[doc_id] = Status(status)
    return statuses


def has_gold(project: ProjectStore, document_id: str) -> bool:
    """True once a gold layer exists for the document (spans, or a status past `new`)."""
    return bool(project.spans(document_id, GOLD_ANNOTATOR)) or (
        project.status(document_id, GOLD_ANNOTATOR) != Status.NEW
    )


def start_gold(project: ProjectStore, document_id: str, annotators: Sequence[str]) -> GoldChange:
    """Create the document's gold layer from the spans every one of `annotators` marked
    exactly (notes come from the first annotator, in the order given, who wrote one).

    A document that already has a gold layer is left alone (an empty change), so a curator's
    work is never overwritten by starting again.
    """
    with project.transaction():
        if has_gold(project, document_id):
            return GoldChange()
        layers = {name: project.spans(document_id, name) for name in annotators}
        agreed = agreed_spans({name: [s.triple for s in spans] for name, spans in layers.items()})
        notes = _notes(layers)
        added = [
            project.add_span(
                Span(document_id, GOLD_ANNOTATOR, s, e, label, notes.get((s, e, label)))
            )
            for s, e, label in agreed
        ]
        project.set_status(document_id, GOLD_ANNOTATOR, Status.IN_PROGRESS)
    return GoldChange(added=tuple(added))


def accept_version(
    project: ProjectStore, document_id: str, disagreement: Disagreement, annotator: str
) -> GoldChange:
    """Resolve `disagreement` in gold with `annotator`'s version of it.

    Gold loses every span that is one of the disagreement's versions (so accepting another
    version later replaces this one) and gains `annotator`'s spans there, with their notes.
    Gold spans the curator added that no version has are kept. Accepting the version of an
    annotator who marked nothing there removes the others'.
    """
    versions = {span for _, spans in disagreement.spans for span in spans}
    chosen = set(disagreement.spans_of(annotator))
    with project.transaction():
        gold = project.spans(document_id, GOLD_ANNOTATOR)
        remove = [s for s in gold if s.triple in versions and s.triple not in chosen]
        present = {s.triple for s in gold}
        source = {s.triple: s.note for s in project.spans(document_id, annotator)}
        add = [
            Span(document_id, GOLD_ANNOTATOR, s, e, label, source.get((s, e, label)))
            for s, e, label in sorted(chosen - present)
        ]
        change = replace_spans(project, GoldChange(removed=tuple(remove), added=tuple(add)))
        if project.status(document_id, GOLD_ANNOTATOR) == Status.NEW:
            project.set_status(document_id, GOLD_ANNOTATOR, Status.IN_PROGRESS)
    return change


def replace_spans(project: ProjectStore, change: GoldChange) -> GoldChange:
    """Delete `change.removed` (by id) with their relations, then add `change.added` (under
    their ids when they have them, as undo and redo do) and `change.added_relations` (under
    their ids), in one transaction. Returns the change as stored: its `removed_relations`
    are the relations the removed spans took with them (`change.removed_relations` is not
    read)."""
    with project.transaction():
        gone: list[Relation] = []
        for span in change.removed:
            assert span.id is not None
            gone += project.delete_span(span.id)[1]
        added = tuple(project.add_span(span) for span in change.added)
        restored = tuple(add_relation(project, r) for r in change.added_relations)
    return GoldChange(change.removed, added, tuple(gone), restored)


def _notes(layers: Mapping[str, Sequence[Span]]) -> dict[SpanTriple, str]:
    notes: dict[SpanTriple, str] = {}
    for spans in layers.values():
        for span in spans:
            if span.note:
                notes.setdefault(span.triple, span.note)
    return notes
