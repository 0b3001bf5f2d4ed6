"""Relations between spans of one layer: reading, adding and deleting them.

A relation links two spans of the same document and annotator (a QUOTE to its source
ACTOR). A span takes its relations with it when it is deleted: `delete_span` returns them,
and `add_span(span, relations)` puts them back under their ids, which is how undo restores
a deleted span whole.

Each function takes the project first (the app runs it in the store process through
`project.call`) and is the store's method of that name; each one that writes is one
transaction (a savepoint inside a caller's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation, RelationType

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def relations(project: ProjectStore, document_id: str, annotator: str) -> list[Relation]:
    """`annotator`'s relations in the document, in the order they were added."""
    return project.relations(document_id, annotator)


def relation(project: ProjectStore, relation_id: int) -> Relation:
    """The relation `relation_id`; AnnotatorError if it no longer exists."""
    return project.relation(relation_id)


def add_relation(project: ProjectStore, relation: Relation) -> Relation:
    """Write a new relation (or, with `relation.id` set, restore a deleted one under its id);
    returns it as stored.

    AnnotatorError, and nothing written, if either span does not exist or is not in the
    relation's layer (its document and annotator), if the label is blank, or if the layer
    has this relation (same head, tail and label) already.
    """
    return project.add_relation(relation)


def delete_relation(project: ProjectStore, relation_id: int) -> Relation:
    """Delete a relation; returns it as it was, so that undo can restore it (`add_relation`)."""
    return project.delete_relation(relation_id)


def delete_relations_of_span(project: ProjectStore, span_id: int) -> list[Relation]:
    """Delete every relation of which the span is the head or the tail (what deleting the
    span would cascade to); returns them as they were, in the order they were added."""
    return project.delete_relations_of_span(span_id)


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
    check_labels_allowed(kind, head.label, tail.label)


def check_labels_allowed(kind: RelationType, head_label: str, tail_label: str) -> None:
    """AnnotatorError unless `kind` links a span labelled `head_label` to one labelled
    `tail_label` (the rule of `check_allowed`, for a caller that knows the labels)."""
    if not kind.allows(head_label, tail_label):
        heads = "/".join(kind.head_labels) or "any label"
        tails = "/".join(kind.tail_labels) or "any label"
        raise AnnotatorError(
            f"a {kind.name} relation links {heads} to {tails}, not {head_label} to {tail_label}"
        )
