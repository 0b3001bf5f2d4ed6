"""Gold operations: start a document's gold layer, accept an annotator's version of a span
or relation disagreement into it, mark it done. Each is one transaction around the store's gold
functions (`annotator.store.gold`, which hold the rules) and returns the `Changes` it made,
so that `apply(project, changes.inverse())` undoes it like any span edit: gold spans and the
relations they took with them or brought back, and the gold status (a layer started or
accepted into leaves `new`; undo puts it back).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.disagreements import Disagreement
from annotator.core.model import GOLD_ANNOTATOR, Status
from annotator.core.relation_disagreements import RelationDisagreement
from annotator.ops.changes import Changes
from annotator.ops.spans import set_status
from annotator.store import gold

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def start_gold(project: ProjectStore, document_id: str, annotators: Sequence[str]) -> Changes:
    """Create the document's gold layer from the spans all of `annotators` agree on (see
    `store.gold.start_gold`); an empty `Changes` if it has a gold layer already."""
    with project.transaction():
        before = project.status(document_id, GOLD_ANNOTATOR)
        change = gold.start_gold(project, document_id, annotators)
        after = project.status(document_id, GOLD_ANNOTATOR)
    return _changes(change, document_id, before, after)


def accept_version(
    project: ProjectStore, document_id: str, disagreement: Disagreement, annotator: str
) -> Changes:
    """Resolve `disagreement` in gold with `annotator`'s version (see
    `store.gold.accept_version`); an empty `Changes` if gold holds that version already."""
    with project.transaction():
        before = project.status(document_id, GOLD_ANNOTATOR)
        change = gold.accept_version(project, document_id, disagreement, annotator)
        after = project.status(document_id, GOLD_ANNOTATOR)
    return _changes(change, document_id, before, after)


def accept_links(
    project: ProjectStore, document_id: str, disagreement: RelationDisagreement, annotator: str
) -> Changes:
    """Resolve a relation disagreement in gold with `annotator`'s links (see
    `store.gold.accept_links`); an empty `Changes` if gold holds them already."""
    with project.transaction():
        before = project.status(document_id, GOLD_ANNOTATOR)
        change = gold.accept_links(project, document_id, disagreement, annotator)
        after = project.status(document_id, GOLD_ANNOTATOR)
    return _changes(change, document_id, before, after)


def set_gold_status(project: ProjectStore, document_id: str, status: Status) -> Changes:
    """Set how far the document's curation has gone; an empty `Changes` if it is there."""
    return set_status(project, document_id, GOLD_ANNOTATOR, status)


def mark_curated(project: ProjectStore, document_id: str) -> Changes:
    return set_gold_status(project, document_id, Status.DONE)


def _changes(change: gold.GoldChange, document_id: str, before: Status, after: Status) -> Changes:
    """A store `GoldChange` (spans removed and added, with their ids, and the relations
    that went or came with them) and the gold status it moved, as ops `Changes`."""
    return Changes(
        spans_added=change.added,
        spans_removed=change.removed,
        relations_added=change.added_relations,
        relations_removed=change.removed_relations,
        statuses=((document_id, GOLD_ANNOTATOR, before, after),) if before != after else (),
    )
