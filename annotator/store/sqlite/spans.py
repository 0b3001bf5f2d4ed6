"""The spans of each annotator's layer, in the SQLite implementation: a part of `Project`
(a base class of it), kept apart for its size.

Each method that writes is one transaction (a savepoint inside a caller's).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import (
    Fragments,
    Label,
    Relation,
    Span,
    Status,
    check_span_shape,
    layer_spans,
)
from annotator.store.sqlite.schema import now

_KEEP = object()  # update_span: leave the note as it is
_COLUMNS = 'document_id, annotator, start, "end", label, note, id, fragments'


def fragments_json(fragments: Fragments) -> str | None:
    """The `fragments` column of a span: NULL for a contiguous one."""
    return json.dumps([list(f) for f in fragments]) if fragments else None


def fragments_of(column: str | None) -> Fragments:
    return tuple((start, end) for start, end in json.loads(column)) if column else ()


def span_of_row(row: tuple[Any, ...]) -> Span:
    """A `Span` from a row of `_COLUMNS`."""
    document_id, annotator, start, end, label, note, span_id, fragments = row
    return Span(document_id, annotator, start, end, label, note, span_id, fragments_of(fragments))


class SpanTable:
    """Reading, adding, changing and deleting spans, on `Project`'s connection."""

    _conn: sqlite3.Connection

    if TYPE_CHECKING:  # Project's, DocumentTable's and RelationTable's

        def transaction(self) -> AbstractContextManager[None]: ...

        def labels(self) -> list[Label]: ...

        def ensure_annotator(self, name: str) -> str: ...

        def _write_status(self, document_id: str, annotator: str, status: Status) -> None: ...

        def add_relation(self, relation: Relation) -> Relation: ...

        def delete_relations_of_span(self, span_id: int) -> list[Relation]: ...

    def spans(self, document_id: str, annotator: str) -> list[Span]:
        """`annotator`'s spans of the document, sorted by (start, end, label): a SpanList,
        which crosses to the window's process compactly."""
        rows = self._conn.execute(
            """
            SELECT start, "end", label, note, id, fragments FROM spans
            WHERE document_id = ? AND annotator = ? ORDER BY start, "end", label
            """,
            (document_id, annotator),
        )
        return layer_spans(
            document_id,
            annotator,
            (row if not row[5] else (*row[:5], fragments_of(row[5])) for row in rows),
        )

    def spans_over(self, document_id: str, annotator: str, start: int, end: int) -> list[Span]:
        """`annotator`'s spans of the document whose outer bounds overlap [start, end),
        sorted as `spans`: what one edit needs, without reading the whole layer."""
        rows = self._conn.execute(
            f"""SELECT {_COLUMNS} FROM spans
                WHERE document_id = ? AND annotator = ? AND start < ? AND "end" > ?
                ORDER BY start, "end", label""",
            (document_id, annotator, end, start),
        )
        return [span_of_row(row) for row in rows]

    def span(self, span_id: int) -> Span:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM spans WHERE id = ?", (span_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"span {span_id} no longer exists (deleted elsewhere?)")
        return span_of_row(row)

    def _check_bounds(self, span: Span) -> None:
        """AnnotatorError unless the span's offsets (and fragments) fit its document."""
        row = self._conn.execute(
            "SELECT length FROM documents WHERE id = ?", (span.document_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {span.document_id!r}")
        problem = check_span_shape(row[0], span.start, span.end, span.fragments)
        if problem:
            raise AnnotatorError(f"span {problem}")

    def add_span(self, span: Span, relations: Sequence[Relation] = ()) -> Span:
        """Write a new span (or, with `span.id` set, restore a deleted one under its id,
        together with the `relations` that `delete_span` returned with it, under theirs).

        Checks the offsets against the text and the label against the label set, and each
        relation as `add_relation` does; AnnotatorError writes nothing. A document that was
        `new` for this annotator becomes `in_progress`. Returns the stored span.
        """
        self._check_bounds(span)
        if span.label not in {label.name for label in self.labels()}:
            raise AnnotatorError(f"unknown label {span.label!r}")
        with self.transaction():
            annotator = self.ensure_annotator(span.annotator)
            stamp = now()
            try:
                cursor = self._conn.execute(
                    """
                    INSERT INTO spans (id, document_id, annotator, start, "end", label, note,
                                       fragments, created, updated)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    (
                        span.id,
                        span.document_id,
                        annotator,
                        span.start,
                        span.end,
                        span.label,
                        span.note,
                        fragments_json(span.fragments),
                        stamp,
                        stamp,
                    ),
                )
            except sqlite3.IntegrityError as error:
                raise AnnotatorError(
                    f"{annotator} already has the span {span.label} [{span.start}, {span.end})"
                ) from error
            self._conn.execute(
                """
                INSERT OR IGNORE INTO document_status (document_id, annotator, status, updated)
                VALUES (?, ?, 'in_progress', ?)
                """,
                (span.document_id, annotator, stamp),
            )
            self._conn.execute(
                """
                UPDATE document_status SET status = 'in_progress', updated = ?
                WHERE document_id = ? AND annotator = ? AND status = 'new'
                """,
                (stamp, span.document_id, annotator),
            )
            for relation in relations:
                self.add_relation(relation)
        return replace(span, annotator=annotator, id=cursor.lastrowid)

    def delete_span(self, span_id: int) -> tuple[Span, list[Relation]]:
        """Delete a span and every relation it is the head or tail of; returns them as they
        were, so that undo can restore them all (`add_span(span, relations)`)."""
        with self.transaction():
            span = self.span(span_id)
            relations = self.delete_relations_of_span(span_id)
            self._conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
        return span, relations

    def update_span(
        self,
        span_id: int,
        *,
        label: str | None = None,
        note: str | object | None = _KEEP,
        bounds: tuple[int, int, Fragments] | None = None,
    ) -> Span:
        """Change a span's label, note (pass `note=None` to clear it) and/or bounds
        (`(start, end, fragments)`, checked as `add_span` checks them)."""
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
                changed = replace(changed, note=note or None)
            try:
                self._conn.execute(
                    """UPDATE spans SET label = ?, note = ?, start = ?, "end" = ?, fragments = ?,
                       updated = ? WHERE id = ?""",
                    (
                        changed.label,
                        changed.note,
                        changed.start,
                        changed.end,
                        fragments_json(changed.fragments),
                        now(),
                        span_id,
                    ),
                )
            except sqlite3.IntegrityError as error:
                raise AnnotatorError(
                    f"{span.annotator} already has the span {changed.label} "
                    f"[{changed.start}, {changed.end})"
                ) from error
        return changed

    def merge_layer(
        self, document_id: str, annotator: str, spans: list[Span], status: Status | None
    ) -> tuple[int, int]:
        """Add `spans` to `annotator`'s layer of the document, skipping those it already has
        (same start, end, label), and set its status when one is given.

        The caller has checked offsets and labels. Returns (added, already present).
        """
        with self.transaction():
            annotator = self.ensure_annotator(annotator)
            stamp = now()
            cursor = self._conn.executemany(
                """
                INSERT OR IGNORE INTO spans (document_id, annotator, start, "end", label, note,
                                             fragments, created, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    (
                        document_id,
                        annotator,
                        s.start,
                        s.end,
                        s.label,
                        s.note,
                        fragments_json(s.fragments),
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
        """Write a layer exactly as another project holds it (copying a project): the spans
        and relations under their ids, the status only if one is given (a layer may have
        spans and no stored status). The caller has checked it; the layer must be empty."""
        with self.transaction():
            annotator = self.ensure_annotator(annotator)
            stamp = now()
            self._conn.executemany(
                """INSERT INTO spans (id, document_id, annotator, start, "end", label, note,
                                      fragments, created, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        s.id,
                        document_id,
                        annotator,
                        s.start,
                        s.end,
                        s.label,
                        s.note,
                        fragments_json(s.fragments),
                        stamp,
                        stamp,
                    )
                    for s in spans
                ],
            )
            self._conn.executemany(
                """INSERT INTO relations (id, document_id, annotator, head_span, tail_span, label)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                [
                    (r.id, document_id, annotator, r.head_span_id, r.tail_span_id, r.label)
                    for r in relations
                ],
            )
            if status is not None:
                self._write_status(document_id, annotator, status)

    def _merge_notes(self, document_id: str, annotator: str, spans: list[Span]) -> None:
        """A span that was already there gets the incoming note if it had none; a different
        note is a conflict (AnnotatorError), never silently dropped."""
        for span in spans:
            key = (document_id, annotator, span.start, span.end, span.label)
            where = 'document_id = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ?'
            (note,) = self._conn.execute(f"SELECT note FROM spans WHERE {where}", key).fetchone()
            if note is None:
                self._conn.execute(f"UPDATE spans SET note = ? WHERE {where}", (span.note, *key))
            elif note != span.note:
                raise AnnotatorError(
                    f"{annotator}'s {span.label} span [{span.start}, {span.end}) already has "
                    f"the note {note!r}, which differs from {span.note!r}"
                )
