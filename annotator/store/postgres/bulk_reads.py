"""The whole-project reads of a shared project (export, agreement, gold, copy), each in the
same row order as the SQLite implementation's (text columns are `COLLATE "C"`, code point
order), so that an export of either is the same byte for byte: a part of `PostgresProject`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg

from annotator.core.model import (
    GOLD_ANNOTATOR,
    Label,
    Status,
)


class BulkReads:
    path: Path
    _conn: psycopg.Connection[Any]

    if TYPE_CHECKING:  # PostgresProject's

        def transaction(self) -> AbstractContextManager[None]: ...

        def _q(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]: ...

        def labels(self) -> list[Label]: ...

        def ensure_annotator(self, name: str) -> str: ...

    # -- bulk reads -----------------------------------------------------------------------

    def stored_documents(self) -> Iterator[tuple[int, str, str, bytes, str, bytes]]:
        rows = self._q("SELECT seq, id, title, text, text_sha256, meta FROM documents ORDER BY seq")
        return ((s, i, t, bytes(x), h, bytes(m)) for s, i, t, x, h, m in rows)

    def layer_span_arrays(self) -> Iterator[tuple[int, str, str]]:
        return iter(
            self._q(
                """SELECT d.seq, s.annotator,
                          json_agg(json_build_array(s.start, s."end", s.label, s.id,
                                                    coalesce(s.fragments, '[]'::jsonb)))::text
                   FROM documents d JOIN spans s ON s.document_id = d.id
                   GROUP BY d.seq, s.annotator ORDER BY d.seq, s.annotator"""
            ).fetchall()
        )

    def span_notes(self) -> Iterator[tuple[int, int, str]]:
        return iter(
            self._q(
                """SELECT d.seq, s.id, s.note FROM documents d JOIN spans s
                   ON s.document_id = d.id WHERE s.note IS NOT NULL ORDER BY d.seq"""
            ).fetchall()
        )

    def layer_statuses(self) -> Iterator[tuple[int, str, str]]:
        return iter(
            self._q(
                """SELECT d.seq, ds.annotator, ds.status
                   FROM documents d JOIN document_status ds ON ds.document_id = d.id
                   ORDER BY d.seq, ds.annotator"""
            ).fetchall()
        )

    def relation_rows(self) -> Iterator[tuple[str, str, int, int, str]]:
        return iter(
            self._q(
                "SELECT document_id, annotator, head_span, tail_span, label FROM relations "
                "ORDER BY id"
            ).fetchall()
        )

    def relation_counts(self) -> dict[str, int]:
        rows = self._q("SELECT annotator, count(*) FROM relations GROUP BY annotator")
        return {name: int(count) for name, count in rows}

    def counted_layers(
        self, annotators: Sequence[str], include_unfinished: bool = False
    ) -> Iterator[tuple[str, str]]:
        sql = (
            "SELECT document_id, annotator FROM document_status "
            "WHERE status = %(done)s AND annotator = ANY(%(names)s)"
        )
        if include_unfinished:
            sql += (
                " UNION SELECT DISTINCT document_id, annotator FROM spans "
                "WHERE annotator = ANY(%(names)s)"
            )
        return iter(self._q(sql, {"done": str(Status.DONE), "names": list(annotators)}).fetchall())

    def span_triples(
        self, annotators: Sequence[str], labels: Sequence[str]
    ) -> Iterator[tuple[str, str, int, int, str]]:
        return iter(
            self._q(
                """SELECT document_id, annotator, start, "end", label FROM spans
                   WHERE annotator = ANY(%s) AND label = ANY(%s)
                   ORDER BY document_id, annotator, start, "end", label""",
                (list(annotators), list(labels)),
            ).fetchall()
        )

    def agreement_spans(
        self, annotators: Sequence[str], labels: Sequence[str]
    ) -> Iterator[tuple[str, str, int, int, str, int, str | None]]:
        """As the SQLite store's: fragments as JSON text ([[start, end], ...]), or None."""
        return iter(
            self._q(
                """SELECT document_id, annotator, start, "end", label, id, fragments::text
                   FROM spans WHERE annotator = ANY(%s) AND label = ANY(%s)""",
                (list(annotators), list(labels)),
            ).fetchall()
        )

    def document_lengths(self) -> Iterator[tuple[str, str, int]]:
        return iter(self._q("SELECT id, title, length FROM documents ORDER BY seq").fetchall())

    def annotators_with_layers(self) -> list[str]:
        rows = self._q(
            """SELECT name FROM annotators WHERE name != %s AND (
                   EXISTS (SELECT 1 FROM spans WHERE annotator = name)
                   OR EXISTS (SELECT 1 FROM document_status
                              WHERE annotator = name AND status != 'new'))
               ORDER BY name""",
            (GOLD_ANNOTATOR,),
        )
        return [name for (name,) in rows]
