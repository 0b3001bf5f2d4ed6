"""The relations between spans of one layer, in the SQLite implementation: a part of
`Project` (a base class of it), kept apart for its size.

A relation links two spans of the same document and annotator (a QUOTE to its source
ACTOR). A span takes its relations with it when it is deleted: `Project.delete_span`
returns them, and `Project.add_span(span, relations)` puts them back under their ids, which
is how undo restores a deleted span whole. Each method that writes is one transaction (a
savepoint inside a caller's).
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation

_COLUMNS = "document_id, annotator, head_span, tail_span, label, id"


class RelationTable:
    """Reading, adding and deleting relations, on `Project`'s connection."""

    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # Project's

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
        if row is None:
            raise AnnotatorError(
                f"the {end} span {span_id} of the {relation.label} relation no longer exists "
                "(deleted elsewhere?)"
            )
        if tuple(row) != (relation.document_id, relation.annotator):
            raise AnnotatorError(
                f"the {end} span {span_id} of the {relation.label} relation is in {row[1]}'s "
                f"layer of document {row[0]!r}, not in {relation.annotator}'s layer of "
                f"{relation.document_id!r}: a relation links two spans of one layer"
            )
