"""The gold layer: a curator's adjudication of several annotators' layers of one document.

Gold is an ordinary layer owned by the reserved annotator `GOLD_ANNOTATOR`; its status says
how far curation has gone (none or new: not curated, in progress, done: curated). A curator
starts it from the spans all compared annotators agree on, then resolves each disagreement
by accepting one annotator's version of it, or edits gold spans directly.

Relations follow their spans: starting gold brings the relations every annotator has
between agreed spans; accepting an annotator's version of a span disagreement brings that
annotator's relations of those spans whose other end gold has; accepting a version of a
relation disagreement (`accept_links`) brings that annotator's links there whose ends gold
has, and takes out the other versions' links. Spans of two layers are the same span when
their start, end, label and fragments are equal.

Every function here is one transaction and returns what it changed, so that the window can
undo it (`replace_spans` with the roles swapped). A gold span that goes takes its relations
with it: the change keeps them, and its inverse puts them back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.core.coefficients import AgreementSpan
from annotator.core.disagreements import Disagreement
from annotator.core.model import GOLD_ANNOTATOR, Relation, Span, Status
from annotator.core.relation_disagreements import Link, RelationDisagreement
from annotator.store.interface import ProjectStore
from annotator.store.relations import add_relation

# How far a document's curation has gone, as the review windows say it: the names the
# document list gives every layer's status (gold "done" is curated; one name for one state).
GOLD_STATE_NAMES = {
    Status.NEW: "new",
    Status.IN_PROGRESS: "in progress",
    Status.DONE: "done",
}


def span_key(span: Span) -> AgreementSpan:
    """What makes spans of two layers the same span: start, end, label, fragments."""
    if span.fragments:
        return (span.start, span.end, span.label, span.fragments)
    return (span.start, span.end, span.label)


def layer_links(project: ProjectStore, document_id: str, annotator: str) -> list[Link]:
    """The layer's relations as links: (head span key, tail span key, label)."""
    by_id = {s.id: span_key(s) for s in project.spans(document_id, annotator)}
    return [
        (by_id[r.head_span_id], by_id[r.tail_span_id], r.label)
        for r in project.relations(document_id, annotator)
        if r.head_span_id in by_id and r.tail_span_id in by_id
    ]


@dataclass(frozen=True, slots=True)
class GoldChange:
    """Spans a gold operation removed and added (with their ids, so undo can restore), and
    the relations that went with the removed spans or came back with the added ones."""

    removed: tuple[Span, ...] = ()
    added: tuple[Span, ...] = ()
    removed_relations: tuple[Relation, ...] = ()
    added_relations: tuple[Relation, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.removed or self.added or self.removed_relations or self.added_relations)

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
        keys = [{span_key(s) for s in spans} for spans in layers.values()]
        agreed = set.intersection(*keys) if keys else set()
        notes = _notes(layers)
        first = {span_key(s): s for spans in reversed(layers.values()) for s in spans}
        added = [
            project.add_span(
                Span(
                    document_id,
                    GOLD_ANNOTATOR,
                    first[key].start,
                    first[key].end,
                    first[key].label,
                    notes.get(key),
                    fragments=first[key].fragments,
                )
            )
            for key in sorted(agreed)
        ]
        links = [set(layer_links(project, document_id, name)) for name in annotators]
        agreed_links = set.intersection(*links) if links else set()
        brought = _bring_links(project, document_id, sorted(agreed_links))
        project.set_status(document_id, GOLD_ANNOTATOR, Status.IN_PROGRESS)
    return GoldChange(added=tuple(added), added_relations=tuple(brought))


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
        remove = [s for s in gold if span_key(s) in versions and span_key(s) not in chosen]
        present = {span_key(s) for s in gold}
        source = {span_key(s): s for s in project.spans(document_id, annotator)}
        add = [_gold_copy(document_id, key, source.get(key)) for key in sorted(chosen - present)]
        change = replace_spans(project, GoldChange(removed=tuple(remove), added=tuple(add)))
        # The annotator's relations of the chosen spans, where gold now has both ends.
        links = [
            link
            for link in layer_links(project, document_id, annotator)
            if link[0] in chosen or link[1] in chosen
        ]
        brought = _bring_links(project, document_id, links)
        if project.status(document_id, GOLD_ANNOTATOR) == Status.NEW:
            project.set_status(document_id, GOLD_ANNOTATOR, Status.IN_PROGRESS)
    return GoldChange(
        change.removed,
        change.added,
        change.removed_relations,
        change.added_relations + tuple(brought),
    )


def _gold_copy(document_id: str, key: AgreementSpan, source: Span | None) -> Span:
    """A gold span for `key`, with the note of the annotator's span it comes from."""
    fragments = key[3] if len(key) == 4 else ()
    note = source.note if source is not None else None
    return Span(document_id, GOLD_ANNOTATOR, key[0], key[1], key[2], note, fragments=fragments)


def accept_links(
    project: ProjectStore, document_id: str, disagreement: RelationDisagreement, annotator: str
) -> GoldChange:
    """Resolve a relation disagreement in gold with `annotator`'s links there: gold loses
    its relations that are another version's links and gains the annotator's links whose
    ends gold has (the others cannot be made: `skipped_links` says which). Spans stay."""
    versions = {link for _, links in disagreement.links for link in links}
    chosen = set(disagreement.links_of(annotator))
    with project.transaction():
        by_id = {s.id: span_key(s) for s in project.spans(document_id, GOLD_ANNOTATOR)}
        gone = []
        for relation in project.relations(document_id, GOLD_ANNOTATOR):
            link = (
                by_id.get(relation.head_span_id),
                by_id.get(relation.tail_span_id),
                relation.label,
            )
            if link in versions and link not in chosen:
                assert relation.id is not None
                gone.append(project.delete_relation(relation.id))
        brought = _bring_links(project, document_id, sorted(chosen))
        if project.status(document_id, GOLD_ANNOTATOR) == Status.NEW:
            project.set_status(document_id, GOLD_ANNOTATOR, Status.IN_PROGRESS)
    return GoldChange(removed_relations=tuple(gone), added_relations=tuple(brought))


def skipped_links(project: ProjectStore, document_id: str, links: Sequence[Link]) -> list[Link]:
    """Those of `links` that gold cannot hold: it lacks the head or the tail span."""
    keys = {span_key(s) for s in project.spans(document_id, GOLD_ANNOTATOR)}
    return [link for link in links if link[0] not in keys or link[1] not in keys]


def _bring_links(project: ProjectStore, document_id: str, links: Sequence[Link]) -> list[Relation]:
    """Add to gold each of `links` whose head and tail gold has and which it lacks."""
    if not links:
        return []
    by_key = {span_key(s): s.id for s in project.spans(document_id, GOLD_ANNOTATOR)}
    have = {
        (r.head_span_id, r.tail_span_id, r.label)
        for r in project.relations(document_id, GOLD_ANNOTATOR)
    }
    added = []
    for head, tail, label in links:
        head_id, tail_id = by_key.get(head), by_key.get(tail)
        if head_id is None or tail_id is None or (head_id, tail_id, label) in have:
            continue
        have.add((head_id, tail_id, label))
        added.append(
            add_relation(project, Relation(document_id, GOLD_ANNOTATOR, head_id, tail_id, label))
        )
    return added


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


def _notes(layers: Mapping[str, Sequence[Span]]) -> dict[AgreementSpan, str]:
    notes: dict[AgreementSpan, str] = {}
    for spans in layers.values():
        for span in spans:
            if span.note:
                notes.setdefault(span_key(span), span.note)
    return notes
