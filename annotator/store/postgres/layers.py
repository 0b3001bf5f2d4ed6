"""The spans, relation types and relations of a shared project: a part of
`PostgresProject` (a base class of it), kept apart for its size. Each write is one
transaction (a savepoint inside a caller's).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.types.json import Jsonb

from annotator.core.errors import AnnotatorError
from annotator.core.model import (
    Fragments,
    Label,
    Relation,
    RelationType,
    Span,
    Status,
    check_relation_end,
    check_span_shape,
)
from annotator.store.sqlite.schema import now

_KEEP = object()
_SPAN = 'document_id, annotator, start, "end", label, note, id, fragments'
_RELATION = "document_id, annotator, head_span, tail_span, label, id"


def _fragments(value: Any) -> Fragments:
    return tuple((start, end) for start, end in value) if value else ()


def span_of_row(row: Sequence[Any]) -> Span:
    document_id, annotator, start, end, label, note, span_id, fragments = row
    return Span(document_id, annotator, start, end, label, note, span_id, _fragments(fragments))


def _fragments_json(fragments: Fragments) -> Jsonb | None:
    return Jsonb([list(f) for f in fragments]) if fragments else None


class LayerTables:
    path: Path
    _conn: psycopg.Connection[Any]

    if TYPE_CHECKING:  # PostgresProject's

        def transaction(self) -> AbstractContextManager[None]: ...

        def _q(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]: ...

        def labels(self) -> list[Label]: ...

        def ensure_annotator(self, name: str) -> str: ...

        def document_length(self, document_id: str) -> int: ...

        def _write_status(self, document_id: str, annotator: str, status: Status) -> None: ...

    # -- spans ----------------------------------------------------------------------------

    def spans(self, document_id: str, annotator: str) -> list[Span]:
        rows = self._q(
            f"""SELECT {_SPAN} FROM spans WHERE document_id = %s AND annotator = %s
                ORDER BY start, "end", label""",
            (document_id, annotator),
        )
        return [span_of_row(row) for row in rows]

    def spans_over(self, document_id: str, annotator: str, start: int, end: int) -> list[Span]:
        rows = self._q(
            f"""SELECT {_SPAN} FROM spans
                WHERE document_id = %s AND annotator = %s AND start < %s AND "end" > %s
                ORDER BY start, "end", label""",
            (document_id, annotator, end, start),
        )
        return [span_of_row(row) for row in rows]

    def span(self, span_id: int) -> Span:
        row = self._q(f"SELECT {_SPAN} FROM spans WHERE id = %s", (span_id,)).fetchone()
        if row is None:
            raise AnnotatorError(f"span {span_id} no longer exists (deleted elsewhere?)")
        return span_of_row(row)

    def _check_bounds(self, span: Span) -> None:
        length = self.document_length(span.document_id)
        problem = check_span_shape(length, span.start, span.end, span.fragments)
        if problem:
            raise AnnotatorError(f"span {problem}")

    def add_span(self, span: Span, relations: Sequence[Relation] = ()) -> Span:
        from annotator.store.postgres.project import refuse_nul

        self._check_bounds(span)
        if span.label not in {label.name for label in self.labels()}:
            raise AnnotatorError(f"unknown label {span.label!r}")
        refuse_nul(span.note, "the note")
        with self.transaction():
            annotator = self.ensure_annotator(span.annotator)
            stamp = now()
            columns = (
                'document_id, annotator, start, "end", label, note, fragments, created, updated'
            )
            values = [
                span.document_id,
                annotator,
                span.start,
                span.end,
                span.label,
                span.note,
                _fragments_json(span.fragments),
                stamp,
                stamp,
            ]
            if span.id is not None:
                columns += ", id"
                values.append(span.id)
            marks = ", ".join(["%s"] * len(values))
            try:
                with self.transaction():
                    row = self._q(
                        f"INSERT INTO spans ({columns}) VALUES ({marks}) RETURNING id", values
                    ).fetchone()
            except psycopg.errors.UniqueViolation as error:
                if "spans_pkey" in str(error):
                    raise AnnotatorError(f"span {span.id} exists already") from error
                raise AnnotatorError(
                    f"{annotator} already has the span {span.label} [{span.start}, {span.end})"
                ) from error
            self._q(
                """INSERT INTO document_status (document_id, annotator, status, updated)
                   VALUES (%s, %s, 'in_progress', %s) ON CONFLICT (document_id, annotator)
                   DO UPDATE SET status = 'in_progress', updated = excluded.updated
                   WHERE document_status.status = 'new'""",
                (span.document_id, annotator, stamp),
            )
            # A restored id came from the sequence once: it is below the sequence's value,
            # which is never set back (another member's rows are out of this login's sight).
            for relation in relations:
                self.add_relation(relation)
        return replace(span, annotator=annotator, id=row[0])  # type: ignore[index]

    def delete_span(self, span_id: int) -> tuple[Span, list[Relation]]:
        with self.transaction():
            span = self.span(span_id)
            relations = self.delete_relations_of_span(span_id)
            self._q("DELETE FROM spans WHERE id = %s", (span_id,))
        return span, relations

    def update_span(
        self,
        span_id: int,
        *,
        label: str | None = None,
        note: str | object | None = _KEEP,
        bounds: tuple[int, int, Fragments] | None = None,
    ) -> Span:
        from annotator.store.postgres.project import refuse_nul

        with self.transaction():
            span = self.span(span_id)
            changed = span
            if bounds is not None:
                start, end, fragments = bounds
                changed = replace(changed, start=start, end=end, fragments=tuple(fragments))
                self._check_bounds(changed)
            if label is not None and label != span.label:
                if label not in {lab.name for lab in self.labels()}:
                    raise AnnotatorError(f"unknown label {label!r}")
                changed = replace(changed, label=label)
            if note is not _KEEP:
                assert note is None or isinstance(note, str)
                refuse_nul(note, "the note")
                changed = replace(changed, note=note or None)
            try:
                with self.transaction():
                    self._q(
                        """UPDATE spans SET label = %s, note = %s, start = %s, "end" = %s,
                           fragments = %s, updated = %s WHERE id = %s""",
                        (
                            changed.label,
                            changed.note,
                            changed.start,
                            changed.end,
                            _fragments_json(changed.fragments),
                            now(),
                            span_id,
                        ),
                    )
            except psycopg.errors.UniqueViolation as error:
                raise AnnotatorError(
                    f"{span.annotator} already has the span {changed.label} "
                    f"[{changed.start}, {changed.end})"
                ) from error
        return changed

    def merge_layer(
        self, document_id: str, annotator: str, spans: list[Span], status: Status | None
    ) -> tuple[int, int]:
        from annotator.store.postgres.project import refuse_nul

        for span in spans:
            refuse_nul(span.note, "a note")
        with self.transaction():
            annotator = self.ensure_annotator(annotator)
            stamp = now()
            with self._conn.cursor() as cursor:
                cursor.executemany(  # pipelined: one round trip for the batch
                    """INSERT INTO spans (document_id, annotator, start, "end", label, note,
                                          fragments, created, updated)
                       VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING""",
                    [
                        (
                            document_id,
                            annotator,
                            s.start,
                            s.end,
                            s.label,
                            s.note,
                            _fragments_json(s.fragments),
                            stamp,
                            stamp,
                        )
                        for s in spans
                    ],
                )
                added = max(cursor.rowcount, 0)  # the rows inserted, summed over the batch
            if added < len(spans):
                self._merge_notes(document_id, annotator, [s for s in spans if s.note])
            if status is not None:
                self._write_status(document_id, annotator, status)
        return added, len(spans) - added

    def restore_layer(
        self,
        document_id: str,
        annotator: str,
        spans: Sequence[Span],
        relations: Sequence[Relation],
        status: Status | None,
    ) -> None:
        with self.transaction():
            annotator = self.ensure_annotator(annotator)
            stamp = now()
            with self._conn.cursor() as cursor:
                cursor.executemany(
                    """INSERT INTO spans (id, document_id, annotator, start, "end", label, note,
                                          fragments, created, updated)
                       VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
                    [
                        (
                            s.id,
                            document_id,
                            annotator,
                            s.start,
                            s.end,
                            s.label,
                            s.note,
                            _fragments_json(s.fragments),
                            stamp,
                            stamp,
                        )
                        for s in spans
                    ],
                )
                cursor.executemany(
                    """INSERT INTO relations (id, document_id, annotator, head_span, tail_span,
                                              label) VALUES (%s, %s, %s, %s, %s, %s)""",
                    [
                        (r.id, document_id, annotator, r.head_span_id, r.tail_span_id, r.label)
                        for r in relations
                    ],
                )
            for table in ("spans", "relations"):  # past the ids written, never back
                self._q(
                    f"""SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest(
                           (SELECT max(id) FROM {table}),
                           pg_sequence_last_value(pg_get_serial_sequence('{table}', 'id')),
                           1))"""
                )
            if status is not None:
                self._write_status(document_id, annotator, status)

    def _merge_notes(self, document_id: str, annotator: str, spans: list[Span]) -> None:
        for span in spans:
            key = (document_id, annotator, span.start, span.end, span.label)
            where = (
                'document_id = %s AND annotator = %s AND start = %s AND "end" = %s AND label = %s'
            )
            (note,) = self._q(f"SELECT note FROM spans WHERE {where}", key).fetchone()  # type: ignore[misc]
            if note is None:
                self._q(f"UPDATE spans SET note = %s WHERE {where}", (span.note, *key))
            elif note != span.note:
                raise AnnotatorError(
                    f"{annotator}'s {span.label} span [{span.start}, {span.end}) already has "
                    f"the note {note!r}, which differs from {span.note!r}"
                )

    # -- relation types and relations ---------------------------------------------------

    def relation_types(self) -> list[RelationType]:
        rows = self._q(
            """SELECT name, head_labels, tail_labels, color, key, description, guideline,
                      required FROM relation_types ORDER BY position, name"""
        )
        return [
            RelationType(n, tuple(json.loads(h)), tuple(json.loads(t)), c, k, d, g, bool(r))
            for n, h, t, c, k, d, g, r in rows
        ]

    def add_relation_type(self, kind: RelationType) -> None:
        from annotator.store.sqlite.schema import relation_type_row

        if not kind.name.strip() or kind.name != kind.name.strip():
            raise AnnotatorError(f"the relation type name {kind.name!r} is blank or padded")
        with self.transaction():
            (position,) = self._q(
                "SELECT coalesce(max(position) + 1, 0) FROM relation_types"
            ).fetchone()  # type: ignore[misc]
            try:
                with self.transaction():
                    self._q(
                        """INSERT INTO relation_types (name, head_labels, tail_labels, color,
                           key, description, guideline, required, position)
                           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)""",
                        relation_type_row(kind, position),
                    )
            except psycopg.errors.UniqueViolation as error:
                raise AnnotatorError(f"there is a relation type {kind.name!r} already") from error

    def relations(self, document_id: str, annotator: str) -> list[Relation]:
        rows = self._q(
            f"SELECT {_RELATION} FROM relations WHERE document_id = %s AND annotator = %s "
            "ORDER BY id",
            (document_id, annotator),
        )
        return [Relation(*row) for row in rows]

    def relation(self, relation_id: int) -> Relation:
        row = self._q(f"SELECT {_RELATION} FROM relations WHERE id = %s", (relation_id,))
        found = row.fetchone()
        if found is None:
            raise AnnotatorError(f"relation {relation_id} no longer exists (deleted elsewhere?)")
        return Relation(*found)

    def add_relation(self, relation: Relation) -> Relation:
        if not relation.label.strip():
            raise AnnotatorError("a relation needs a non-empty label")
        with self.transaction():
            for end, span_id in (("head", relation.head_span_id), ("tail", relation.tail_span_id)):
                self._check_relation_span(relation, end, span_id)
            key = (
                relation.document_id,
                relation.annotator,
                relation.head_span_id,
                relation.tail_span_id,
                relation.label,
            )
            same = self._q(
                """SELECT 1 FROM relations WHERE document_id = %s AND annotator = %s
                   AND head_span = %s AND tail_span = %s AND label = %s""",
                key,
            ).fetchone()
            if same is not None:
                raise AnnotatorError(
                    f"{relation.annotator} already has the relation {relation.label} from span "
                    f"{relation.head_span_id} to span {relation.tail_span_id}"
                )
            columns = "document_id, annotator, head_span, tail_span, label"
            values: list[Any] = list(key)
            if relation.id is not None:
                columns += ", id"
                values.append(relation.id)
            try:
                with self.transaction():
                    (new_id,) = self._q(
                        f"INSERT INTO relations ({columns}) VALUES "
                        f"({', '.join(['%s'] * len(values))}) RETURNING id",
                        values,
                    ).fetchone()  # type: ignore[misc]
            except psycopg.errors.UniqueViolation as error:
                raise AnnotatorError(f"relation {relation.id} exists already") from error
        return Relation(*key, id=new_id)

    def update_relation(self, relation_id: int, label: str) -> Relation:
        if not label.strip():
            raise AnnotatorError("a relation needs a non-empty label")
        with self.transaction():
            old = self.relation(relation_id)
            same = self._q(
                """SELECT 1 FROM relations WHERE head_span = %s AND tail_span = %s
                   AND label = %s AND id != %s""",
                (old.head_span_id, old.tail_span_id, label, relation_id),
            ).fetchone()
            if same is not None:
                raise AnnotatorError(
                    f"{old.annotator} already has the relation {label} from span "
                    f"{old.head_span_id} to span {old.tail_span_id}"
                )
            self._q("UPDATE relations SET label = %s WHERE id = %s", (label, relation_id))
        return replace(old, label=label)

    def delete_relation(self, relation_id: int) -> Relation:
        with self.transaction():
            gone = self.relation(relation_id)
            self._q("DELETE FROM relations WHERE id = %s", (relation_id,))
        return gone

    def delete_relations_of_span(self, span_id: int) -> list[Relation]:
        with self.transaction():
            rows = self._q(
                f"DELETE FROM relations WHERE head_span = %s OR tail_span = %s "
                f"RETURNING {_RELATION}",
                (span_id, span_id),
            ).fetchall()
        return sorted((Relation(*row) for row in rows), key=lambda r: r.id or 0)

    def _check_relation_span(self, relation: Relation, end: str, span_id: int) -> None:
        row = self._q(
            "SELECT document_id, annotator FROM spans WHERE id = %s", (span_id,)
        ).fetchone()
        problem = check_relation_end(relation, end, span_id, None if row is None else tuple(row))
        if problem:
            raise AnnotatorError(problem)
