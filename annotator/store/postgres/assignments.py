"""Assignments (each annotator's queue), project info, package merge bases and the progress
counts of a shared project: a part of `PostgresProject`, the twin of
store/sqlite/assignments.py. Each method that writes is one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import psycopg

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR, Status
from annotator.store.sqlite.schema import now

AssignmentRow = tuple[str, str, int]
_STATUS_OF = (
    "coalesce((SELECT status FROM document_status s WHERE s.document_id = a.document_id "
    "AND s.annotator = %(a)s), 'new')"
)


class AssignmentTables:
    if TYPE_CHECKING:

        def transaction(self) -> AbstractContextManager[None]: ...

        def ensure_annotator(self, name: str) -> str: ...

        def _q(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]: ...

    def assignment_rows(self, annotator: str | None = None) -> list[AssignmentRow]:
        sql = "SELECT document_id, annotator, position FROM assignments"
        params: tuple[str, ...] = ()
        if annotator is not None:
            sql += " WHERE annotator = %s"
            params = (annotator,)
        rows = self._q(sql + " ORDER BY annotator, position", params)
        return [(d, a, int(p)) for d, a, p in rows]

    def add_assignments(self, rows: Sequence[AssignmentRow]) -> None:
        with self.transaction():
            for name in sorted({annotator for _, annotator, _ in rows}):
                self.ensure_annotator(name)
            known = {
                row[0]
                for row in self._q(
                    "SELECT id FROM documents WHERE id = ANY(%s)", (list({r[0] for r in rows}),)
                )
            }
            missing = [r[0] for r in rows if r[0] not in known]
            if missing:
                raise AnnotatorError(f"no document with id {missing[0]!r}")
            stamp = now()
            try:
                with self.transaction():
                    for document_id, annotator, position in rows:
                        self._q(
                            """INSERT INTO assignments (document_id, annotator, position,
                               created) VALUES (%s, %s, %s, %s)""",
                            (document_id, annotator, position, stamp),
                        )
            except psycopg.errors.UniqueViolation as error:
                raise AnnotatorError(f"an assignment exists already ({error})") from error

    def remove_assignments(self, pairs: Sequence[tuple[str, str]]) -> list[AssignmentRow]:
        removed: list[AssignmentRow] = []
        with self.transaction():
            for document_id, annotator in pairs:
                row = self._q(
                    """DELETE FROM assignments WHERE document_id = %s AND annotator = %s
                       RETURNING document_id, annotator, position""",
                    (document_id, annotator),
                ).fetchone()
                if row is not None:
                    removed.append((row[0], row[1], int(row[2])))
        return removed

    def queue_seqs(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[int]:
        where = ["a.annotator = %(a)s", f"{_STATUS_OF} != 'done'"]
        params: dict[str, Any] = {"a": annotator}
        if status is not None:
            where.append(f"{_STATUS_OF} = %(status)s")
            params["status"] = str(status)
        rows = self._q(
            "SELECT d.seq, d.id, d.title FROM assignments a JOIN documents d "
            "ON d.id = a.document_id WHERE " + " AND ".join(where) + " ORDER BY a.position, d.seq",
            params,
        ).fetchall()
        wanted = title_contains.casefold()
        return [
            int(seq)
            for seq, doc_id, title in rows
            if not wanted or wanted in title.casefold() or wanted in doc_id.casefold()
        ]

    def queue_counts(self, annotator: str) -> tuple[int, int]:
        row = self._q(
            """SELECT count(s.status), count(*) FROM assignments a
               LEFT JOIN document_status s ON s.document_id = a.document_id
                    AND s.annotator = a.annotator AND s.status = 'done'
               WHERE a.annotator = %s""",
            (annotator,),
        ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def document_statuses(self) -> list[tuple[str, str, str]]:
        rows = self._q(
            """SELECT s.document_id, s.annotator, s.status FROM document_status s
               JOIN documents d ON d.id = s.document_id
               WHERE s.status != 'new' AND s.annotator != %s
               ORDER BY d.seq, s.annotator""",
            (GOLD_ANNOTATOR,),
        )
        return [(d, a, s) for d, a, s in rows]

    def layer_activity(self) -> list[tuple[str, int, int, str | None]]:
        rows = self._q(
            """SELECT a.name,
                      (SELECT count(*) FROM spans WHERE annotator = a.name),
                      (SELECT count(*) FROM relations WHERE annotator = a.name),
                      greatest(
                          coalesce((SELECT max(updated) FROM spans WHERE annotator = a.name), ''),
                          coalesce((SELECT max(updated) FROM document_status
                                    WHERE annotator = a.name), ''))
               FROM annotators a WHERE a.name != %s ORDER BY a.name""",
            (GOLD_ANNOTATOR,),
        )
        return [(n, int(s), int(r), last or None) for n, s, r, last in rows]

    def project_info(self, key: str) -> str | None:
        row = self._q("SELECT value FROM project_info WHERE key = %s", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_project_info(self, key: str, value: str) -> None:
        with self.transaction():
            self._q(
                """INSERT INTO project_info (key, value) VALUES (%s, %s)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                (key, value),
            )

    def merge_bases(self, source: str) -> dict[str, str]:
        rows = self._q("SELECT document_id, layer FROM merge_bases WHERE source = %s", (source,))
        return {document_id: layer for document_id, layer in rows}

    def merge_sources(self) -> list[str]:
        """Every source with merge bases, by name."""
        rows = self._q("SELECT DISTINCT source FROM merge_bases ORDER BY source")
        return [row[0] for row in rows]

    def set_merge_bases(self, source: str, rows: Sequence[tuple[str, str]]) -> None:
        with self.transaction():
            for document_id, layer in rows:
                self._q(
                    """INSERT INTO merge_bases (source, document_id, layer) VALUES (%s, %s, %s)
                       ON CONFLICT (source, document_id) DO UPDATE SET layer = excluded.layer""",
                    (source, document_id, layer),
                )
