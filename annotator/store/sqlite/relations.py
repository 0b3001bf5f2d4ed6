"""The relations between spans of one layer, in the SQLite implementation: a part of
`Project` (a base class of it), kept apart for its size.

A relation links two spans of the same document and annotator (a QUOTE to its source
ACTOR). A span takes its relations with it when it is deleted: `Project.delete_span`
returns them, and `Project.add_span(span, relations)` puts them back under their ids, which
is how undo restores a deleted span whole. Each method that writes is one transaction (a
savepoint inside a caller's).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation, RelationType, check_relation_end
from annotator.store.sqlite.schema import relation_type_row

_COLUMNS = "document_id, annotator, head_span, tail_span, label, id"


class RelationTable:
    """Reading, adding and deleting relations, on `Project`'s connection."""

    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # Project's

    def relation_types(self) -> list[RelationType]:
        """The project's relation types, in their order."""
        rows = self._conn.execute(
            """SELECT name, head_labels, tail_labels, color, key, description, guideline,
                      required FROM relation_types ORDER BY position, name"""
        )
        return [
            RelationType(
                name,
                tuple(json.loads(heads)),
                tuple(json.loads(tails)),
                color,
                key,
                description,
                guideline,
                bool(required),
            )
            for name, heads, tails, color, key, description, guideline, required in rows
        ]

    def add_relation_type(self, kind: RelationType) -> None:
        """Add a relation type after the others; AnnotatorError if the name is taken or
        blank."""
        if not kind.name.strip() or kind.name != kind.name.strip():
            raise AnnotatorError(f"the relation type name {kind.name!r} is blank or padded")
        with self.transaction():
            position = self._conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM relation_types"
            ).fetchone()[0]
            try:
                self._conn.execute(
                    """INSERT INTO relation_types (name, head_labels, tail_labels, color, key,
                       description, guideline, required, position)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    relation_type_row(kind, position),
                )
            except sqlite3.IntegrityError as error:
                raise AnnotatorError(f"there is a relation type {kind.name!r} already") from error

    def relations(self, document_id: str, annotator: str) -> list[Relation]:
        """`annotator`'s relations in the document, in the order they were added."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM relations WHERE document_id = ? AND annotator = ? ORDER BY id",
            (document_id, annotator),
        )
        return [Relation(*row) for row in rows]

    def relation(self, relation_id: int) -> Relation:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM relations WHERE id = ?", (relation_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"relation {relation_id} no longer exists (deleted elsewhere?)")
        return Relation(*row)

    def add_relation(self, relation: Relation) -> Relation:
        """Write a new relation (or, with `relation.id` set, restore a deleted one under its id);
        returns it as stored.

        AnnotatorError, and nothing written, if either span does not exist or is not in the
        relation's layer (its document and annotator), if the label is blank, or if the layer
        has this relation (same head, tail and label) already.
        """
        if not relation.label.strip():
            raise AnnotatorError("a relation needs a non-empty label")
        with self.transaction():
            for end, span_id in (("head", relation.head_span_id), ("tail", relation.tail_span_id)):
                self._check_span(relation, end, span_id)
            key = (
                relation.document_id,
                relation.annotator,
                relation.head_span_id,
                relation.tail_span_id,
                relation.label,
            )
            same = self._conn.execute(
                """SELECT 1 FROM relations WHERE document_id = ? AND annotator = ?
                   AND head_span = ? AND tail_span = ? AND label = ?""",
                key,
            ).fetchone()
            if same is not None:
                raise AnnotatorError(
                    f"{relation.annotator} already has the relation {relation.label} from span "
                    f"{relation.head_span_id} to span {relation.tail_span_id}"
                )
            try:
                cursor = self._conn.execute(
                    """INSERT INTO relations
                           (document_id, annotator, head_span, tail_span, label, id)
                       VALUES (?, ?, ?, ?, ?, ?)""",
                    (*key, relation.id),
                )
            except sqlite3.IntegrityError as error:  # the id is taken
                raise AnnotatorError(f"relation {relation.id} exists already") from error
        return Relation(*key, id=cursor.lastrowid)

    def update_relation(self, relation_id: int, label: str) -> Relation:
        """Relabel a relation (same id); returns it as changed. AnnotatorError if the layer
        has that relation already."""
        if not label.strip():
            raise AnnotatorError("a relation needs a non-empty label")
        with self.transaction():
            old = self.relation(relation_id)
            same = self._conn.execute(
                """SELECT 1 FROM relations WHERE head_span = ? AND tail_span = ? AND label = ?
                   AND id != ?""",
                (old.head_span_id, old.tail_span_id, label, relation_id),
            ).fetchone()
            if same is not None:
                raise AnnotatorError(
                    f"{old.annotator} already has the relation {label} from span "
                    f"{old.head_span_id} to span {old.tail_span_id}"
                )
            self._conn.execute("UPDATE relations SET label = ? WHERE id = ?", (label, relation_id))
        return Relation(
            old.document_id, old.annotator, old.head_span_id, old.tail_span_id, label, old.id
        )

    def delete_relation(self, relation_id: int) -> Relation:
        """Delete a relation; returns it as it was, so that undo can restore it (`add_relation`)."""
        with self.transaction():
            gone = self.relation(relation_id)
            self._conn.execute("DELETE FROM relations WHERE id = ?", (relation_id,))
        return gone

    def delete_relations_of_span(self, span_id: int) -> list[Relation]:
        """Delete every relation of which the span is the head or the tail (what deleting the
        span would cascade to); returns them as they were, in the order they were added."""
        with self.transaction():
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM relations "
                "WHERE head_span = ? OR tail_span = ? ORDER BY id",
                (span_id, span_id),
            ).fetchall()
            self._conn.execute(
                "DELETE FROM relations WHERE head_span = ? OR tail_span = ?", (span_id, span_id)
            )
        return [Relation(*row) for row in rows]

    def _check_span(self, relation: Relation, end: str, span_id: int) -> None:
        row = self._conn.execute(
            "SELECT document_id, annotator FROM spans WHERE id = ?", (span_id,)
        ).fetchone()
        problem = check_relation_end(relation, end, span_id, None if row is None else tuple(row))
        if problem:
            raise AnnotatorError(problem)
