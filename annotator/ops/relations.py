"""Relation operations: link two spans of a layer, relabel a link, remove one. Each takes
the project first (run in the store process: `project.call(add_relation, relation)`), is
one transaction, and returns the `Changes` it made; AnnotatorError changes nothing.

A relation must be of a type the project has, between labels that type allows (a `source`
runs from a QUOTE to an ACTOR); undo of any of these is `ops.spans.apply(changes.inverse())`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.model import Relation
from annotator.ops.changes import Changes

# The rule lives in the store layer, where the importer checks every relation it reads
# with it too; ops keeps its names.
from annotator.store.relations import check_allowed as check_allowed
from annotator.store.relations import relation_type as relation_type

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def add_relation(project: ProjectStore, relation: Relation) -> Changes:
    """Link `relation.head_span_id` to `relation.tail_span_id` with the type
    `relation.label`. AnnotatorError if the project has no such type, the type does not
    link spans of these labels, or the layer has this link already."""
    with project.transaction():
        check_allowed(project, relation)
        stored = project.add_relation(relation)
    return Changes(relations_added=(stored,))


def relabel_relation(project: ProjectStore, relation_id: int, label: str) -> Changes:
    """Give a relation another type (its id and ends stay)."""
    with project.transaction():
        old = project.relation(relation_id)
        if old.label == label:
            return Changes()
        new = Relation(old.document_id, old.annotator, old.head_span_id, old.tail_span_id, label)
        check_allowed(project, new)
        changed = project.update_relation(relation_id, label)
    return Changes(relations_changed=((old, changed),))


def delete_relation(project: ProjectStore, relation_id: int) -> Changes:
    with project.transaction():
        gone = project.delete_relation(relation_id)
    return Changes(relations_removed=(gone,))
