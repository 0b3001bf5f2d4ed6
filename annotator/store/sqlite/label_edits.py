"""Changing the label set and the relation types, in the SQLite implementation: a part of
`Project` (a base class of it), kept apart for its size.

A label's name is the key its spans hold (`spans.label REFERENCES labels(name) ON UPDATE
CASCADE`): renaming a label renames it in every span in the same statement, and in the
head and tail label lists of the relation types. A relation's label names its type without
a foreign key, so renaming a type renames its relations here. Each method that writes is
one transaction (a savepoint inside a caller's); the checks (names, counts, what may be
removed) are `annotator.ops.labels`'.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.labels import check_label_name
from annotator.core.model import Label, Relation, RelationType, Span
from annotator.store.sqlite.schema import label_row, relation_type_row
from annotator.store.sqlite.spans import span_of_row

_SPAN_COLUMNS = 'document_id, annotator, start, "end", label, note, id, fragments'
_RELATION_COLUMNS = "document_id, annotator, head_span, tail_span, label, id"


class LabelEdits:
    """Updating, removing and ordering labels and relation types, on `Project`'s
    connection."""

    _conn: sqlite3.Connection

    if TYPE_CHECKING:  # Project's and RelationTable's

        def transaction(self) -> AbstractContextManager[None]: ...

        def labels(self) -> list[Label]: ...

        def relation_types(self) -> list[RelationType]: ...

    # -- labels ---------------------------------------------------------------------------

    def update_label(self, name: str, label: Label) -> None:
        """Give the label `name` the fields of `label`, its name too: the spans and the
        relation types' label lists follow a rename. AnnotatorError if there is no label
        `name` or another label is called `label.name` already."""
        check_label_name(label.name)
        with self.transaction():
            self._label_exists(name)
            if label.name != name and self._has("labels", label.name):
                raise AnnotatorError(f"there is a label {label.name!r} already")
            self._conn.execute(
                """UPDATE labels SET name = ?, color = ?, key = ?, description = ?,
                   guideline = ?, event = ? WHERE name = ?""",
                (*label_row(label), name),
            )
            if label.name != name:
                for kind in self.relation_types():
                    heads = tuple(label.name if n == name else n for n in kind.head_labels)
                    tails = tuple(label.name if n == name else n for n in kind.tail_labels)
                    if (heads, tails) != (kind.head_labels, kind.tail_labels):
                        self._conn.execute(
                            "UPDATE relation_types SET head_labels = ?, tail_labels = ? "
                            "WHERE name = ?",
                            (_names_json(heads), _names_json(tails), kind.name),
                        )

    def remove_label(self, name: str) -> None:
        """Remove a label no span uses (AnnotatorError otherwise)."""
        with self.transaction():
            self._label_exists(name)
            used = self.label_use(name)
            if used:
                raise AnnotatorError(f"{used:,} span(s) use the label {name!r}: it stays")
            self._conn.execute("DELETE FROM labels WHERE name = ?", (name,))

    def order_labels(self, names: Sequence[str]) -> None:
        """Put the labels `names` first, in that order (the others keep theirs after)."""
        self._order("labels", names)

    def label_use(self, name: str) -> int:
        """How many spans (of every annotator, gold included) have the label."""
        row = self._conn.execute("SELECT count(*) FROM spans WHERE label = ?", (name,))
        return int(row.fetchone()[0])

    def spans_with_label(self, name: str) -> list[Span]:
        """Every span with the label, by id."""
        rows = self._conn.execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE label = ? ORDER BY id", (name,)
        )
        return [span_of_row(row) for row in rows]

    # -- relation types -------------------------------------------------------------------

    def update_relation_type(self, name: str, kind: RelationType) -> None:
        """Give the relation type `name` the fields of `kind`, its name too: its relations
        follow a rename. AnnotatorError if there is no such type or the new name is taken."""
        if not kind.name.strip() or kind.name != kind.name.strip():
            raise AnnotatorError(f"the relation type name {kind.name!r} is blank or padded")
        with self.transaction():
            row = self._conn.execute(
                "SELECT position FROM relation_types WHERE name = ?", (name,)
            ).fetchone()
            if row is None:
                raise AnnotatorError(f"there is no relation type {name!r} (removed elsewhere?)")
            if kind.name != name and self._has("relation_types", kind.name):
                raise AnnotatorError(f"there is a relation type {kind.name!r} already")
            values = relation_type_row(kind, row[0])
            self._conn.execute(
                """UPDATE relation_types SET name = ?, head_labels = ?, tail_labels = ?,
                   color = ?, key = ?, description = ?, guideline = ?, required = ?,
                   position = ? WHERE name = ?""",
                (*values, name),
            )
            if kind.name != name:
                self._conn.execute(
                    "UPDATE relations SET label = ? WHERE label = ?", (kind.name, name)
                )

    def remove_relation_type(self, name: str) -> None:
        """Remove a relation type no relation has (AnnotatorError otherwise)."""
        with self.transaction():
            if not self._has("relation_types", name):
                raise AnnotatorError(f"there is no relation type {name!r} (removed elsewhere?)")
            used = len(self.relations_of_type(name))
            if used:
                raise AnnotatorError(f"{used:,} relation(s) are of the type {name!r}: it stays")
            self._conn.execute("DELETE FROM relation_types WHERE name = ?", (name,))

    def order_relation_types(self, names: Sequence[str]) -> None:
        self._order("relation_types", names)

    def relations_of_type(self, name: str) -> list[Relation]:
        """Every relation labelled `name`, by id."""
        rows = self._conn.execute(
            f"SELECT {_RELATION_COLUMNS} FROM relations WHERE label = ? ORDER BY id", (name,)
        )
        return [Relation(*row) for row in rows]

    # -- shared ---------------------------------------------------------------------------

    def _order(self, table: str, names: Sequence[str]) -> None:
        with self.transaction():
            for position, name in enumerate(names):
                self._conn.execute(
                    f"UPDATE {table} SET position = ? WHERE name = ?", (position, name)
                )
            others = self._conn.execute(
                f"SELECT name FROM {table} ORDER BY position, name"
            ).fetchall()
            rest = [row[0] for row in others if row[0] not in set(names)]
            for offset, name in enumerate(rest, start=len(names)):
                self._conn.execute(
                    f"UPDATE {table} SET position = ? WHERE name = ?", (offset, name)
                )

    def _has(self, table: str, name: str) -> bool:
        row = self._conn.execute(f"SELECT 1 FROM {table} WHERE name = ?", (name,))
        return row.fetchone() is not None

    def _label_exists(self, name: str) -> None:
        if not self._has("labels", name):
            raise AnnotatorError(f"there is no label {name!r} (removed elsewhere?)")


def _names_json(names: Sequence[str]) -> str:
    return json.dumps(list(names), ensure_ascii=False)
