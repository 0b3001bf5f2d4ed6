"""Who is assigned which document (each annotator's queue), the project's id and other
`project_info` values, the bases of package merges, and the per-annotator counts of the
progress report, in the SQLite implementation: a part of `Project` (a base class of it),
kept apart for its size.

Each method that writes is one transaction (a savepoint inside a caller's).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR, Status
from annotator.store.sqlite.schema import now

# An assignment row: (document id, annotator, position in the annotator's queue).
AssignmentRow = tuple[str, str, int]


class AssignmentTable:
    """Assignments, project info and merge bases, on `Project`'s connection."""

    _conn: sqlite3.Connection

    if TYPE_CHECKING:  # Project's

        def transaction(self) -> AbstractContextManager[None]: ...

        def ensure_annotator(self, name: str) -> str: ...

    # -- assignments ----------------------------------------------------------------------

    def assignment_rows(self, annotator: str | None = None) -> list[AssignmentRow]:
        """Every assignment (or `annotator`'s) as (document id, annotator, position), by
        annotator, then queue position."""
        sql = "SELECT document_id, annotator, position FROM assignments"
        params: tuple[str, ...] = ()
        if annotator is not None:
            sql += " WHERE annotator = ?"
            params = (annotator,)
        return [
            tuple(row) for row in self._conn.execute(sql + " ORDER BY annotator, position", params)
        ]

    def add_assignments(self, rows: Sequence[AssignmentRow]) -> None:
        """Assign each (document, annotator) at that queue position; AnnotatorError, and
        nothing written, if a document does not exist or the pair is assigned already."""
        with self.transaction():
            for name in sorted({annotator for _, annotator, _ in rows}):
                self.ensure_annotator(name)
            stamp = now()
            try:
                self._conn.executemany(
                    """INSERT INTO assignments (document_id, annotator, position, created)
                       VALUES (?, ?, ?, ?)""",
                    [
                        (document_id, annotator, position, stamp)
                        for document_id, annotator, position in rows
                    ],
                )
            except sqlite3.IntegrityError as error:
                missing = self._missing_documents([row[0] for row in rows])
                if missing:
                    raise AnnotatorError(f"no document with id {missing[0]!r}") from error
                raise AnnotatorError(f"an assignment exists already ({error})") from error

    def _missing_documents(self, document_ids: Sequence[str]) -> list[str]:
        known = {
            row[0]
            for row in self._conn.execute(
                "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                (_json_list(document_ids),),
            )
        }
        return [d for d in dict.fromkeys(document_ids) if d not in known]

    def remove_assignments(self, pairs: Sequence[tuple[str, str]]) -> list[AssignmentRow]:
        """Unassign each (document, annotator); returns the rows removed (pairs that were
        not assigned are left out). Work already done stays in the layer."""
        removed: list[AssignmentRow] = []
        with self.transaction():
            for document_id, annotator in pairs:
                row = self._conn.execute(
                    """DELETE FROM assignments WHERE document_id = ? AND annotator = ?
                       RETURNING document_id, annotator, position""",
                    (document_id, annotator),
                ).fetchone()
                if row is not None:
                    removed.append(tuple(row))
        return removed

    def queue_seqs(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[int]:
        """The `seq` numbers of `annotator`'s queue: the documents assigned to them and not
        marked done, in queue order (`status` and `title_contains` filter it further, as in
        `document_seqs`)."""
        where = [
            "a.annotator = :a",
            "coalesce((SELECT status FROM document_status s WHERE s.document_id = a.document_id "
            "AND s.annotator = :a), 'new') != 'done'",
        ]
        params = {"a": annotator}
        if status is not None:
            where.append(
                "coalesce((SELECT status FROM document_status s WHERE "
                "s.document_id = a.document_id AND s.annotator = :a), 'new') = :status"
            )
            params["status"] = str(status)
        if title_contains:
            where.append("(instr(casefold(d.title), :q) > 0 OR instr(casefold(d.id), :q) > 0)")
            params["q"] = title_contains.casefold()
        sql = (
            "SELECT d.seq FROM assignments a JOIN documents d ON d.id = a.document_id WHERE "
            + " AND ".join(where)
            + " ORDER BY a.position, d.seq"
        )
        return [row[0] for row in self._conn.execute(sql, params)]

    def queue_counts(self, annotator: str) -> tuple[int, int]:
        """(assigned documents `annotator` has marked done, documents assigned to them)."""
        row = self._conn.execute(
            """SELECT count(s.status), count(*) FROM assignments a
               LEFT JOIN document_status s ON s.document_id = a.document_id
                    AND s.annotator = a.annotator AND s.status = 'done'
               WHERE a.annotator = ?""",
            (annotator,),
        ).fetchone()
        return int(row[0]), int(row[1])

    def document_statuses(self) -> list[tuple[str, str, str]]:
        """Every stored status that is not `new` as (document id, annotator, status), gold
        aside, in project order then by annotator."""
        return [
            tuple(row)
            for row in self._conn.execute(
                """SELECT s.document_id, s.annotator, s.status FROM document_status s
                   JOIN documents d ON d.id = s.document_id
                   WHERE s.status != 'new' AND s.annotator != ?
                   ORDER BY d.seq, s.annotator""",
                (GOLD_ANNOTATOR,),
            )
        ]

    def layer_activity(self) -> list[tuple[str, int, int, str | None]]:
        """Per annotator (gold aside, by name): (name, spans, relations, when they last
        changed a span or a status: a UTC ISO 8601 time, or None)."""
        rows = self._conn.execute(
            """SELECT a.name,
                      (SELECT count(*) FROM spans WHERE annotator = a.name),
                      (SELECT count(*) FROM relations WHERE annotator = a.name),
                      max(coalesce((SELECT max(updated) FROM spans WHERE annotator = a.name), ''),
                          coalesce((SELECT max(updated) FROM document_status
                                    WHERE annotator = a.name), ''))
               FROM annotators a WHERE a.name != ? ORDER BY a.name""",
            (GOLD_ANNOTATOR,),
        )
        return [(name, spans, relations, last or None) for name, spans, relations, last in rows]

    # -- project info and merge bases -----------------------------------------------------

    def project_info(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM project_info WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_project_info(self, key: str, value: str) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO project_info (key, value) VALUES (?, ?)", (key, value)
            )

    def merge_bases(self, source: str) -> dict[str, str]:
        """Each document's recorded layer (JSON) under `source`, by document id."""
        rows = self._conn.execute(
            "SELECT document_id, layer FROM merge_bases WHERE source = ?", (source,)
        )
        return {document_id: layer for document_id, layer in rows}

    def merge_sources(self) -> list[str]:
        """Every source with merge bases, by name."""
        rows = self._conn.execute("SELECT DISTINCT source FROM merge_bases ORDER BY source")
        return [row[0] for row in rows]

    def set_merge_bases(self, source: str, rows: Sequence[tuple[str, str]]) -> None:
        """Record (document id, layer JSON) under `source`, replacing what was there."""
        with self.transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO merge_bases (source, document_id, layer) VALUES (?, ?, ?)",
                [(source, document_id, layer) for document_id, layer in rows],
            )


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)
