"""Relation operations: link two spans of a layer, relabel a link, remove one. Each takes
the project first (run in the store process: `project.call(add_relation, relation)`), is
one transaction, and returns the `Changes` it made; AnnotatorError changes nothing.

A relation must be of a type the project has, between labels that type allows (a `source`
runs from a QUOTE to an ACTOR); undo of any of these is `ops.spans.apply(changes.inverse())`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation, RelationType
from annotator.ops.changes import Changes

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


def relation_type(project: ProjectStore, name: str) -> RelationType:
    """The project's relation type `name`; AnnotatorError naming those it has otherwise."""
    kinds = project.relation_types()
    for kind in kinds:
        if kind.name == name:
            return kind
    have = ", ".join(kind.name for kind in kinds) or "none"
    raise AnnotatorError(f"unknown relation type {name!r} (the project has: {have})")


def check_allowed(project: ProjectStore, relation: Relation) -> None:
    """AnnotatorError unless the project's type `relation.label` links the labels of the
    relation's head and tail spans."""
    kind = relation_type(project, relation.label)
    head = project.span(relation.head_span_id)
    tail = project.span(relation.tail_span_id)
    if not kind.allows(head.label, tail.label):
        heads = "/".join(kind.head_labels) or "any label"
        tails = "/".join(kind.tail_labels) or "any label"
        raise AnnotatorError(
            f"a {kind.name} relation links {heads} to {tails}, not {head.label} to {tail.label}"
        )
