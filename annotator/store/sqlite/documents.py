"""The documents of a project, the document list's rows and each annotator's status of a
document, in the SQLite implementation: a part of `Project` (a base class of it), kept
apart for its size.

Each method that writes is one transaction (a savepoint inside a caller's).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, DocumentSummary, Status, text_sha256
from annotator.store.sqlite.integrity import checked_meta, checked_text
from annotator.store.sqlite.schema import now

# A document list row; parameters: annotator, annotator. Never reads the text column.
# The title as bytes: one that is no longer valid UTF-8 (a damaged file) must not keep the
# list, and so the app, from opening (see _shown).
_SUMMARY_SELECT = """
    SELECT d.seq, d.id, CAST(d.title AS BLOB),
           coalesce((SELECT status FROM document_status
                     WHERE document_id = d.id AND annotator = ?), 'new'),
           (SELECT count(*) FROM spans WHERE document_id = d.id AND annotator = ?)
    FROM documents d"""


class DocumentTable:
    """Documents, their list rows and their statuses, on `Project`'s connection."""

    path: Path
    _conn: sqlite3.Connection

    if TYPE_CHECKING:  # Project's

        def transaction(self) -> AbstractContextManager[None]: ...

        def ensure_annotator(self, name: str) -> str: ...

        def _defer_indexing(self, size: int) -> None: ...

    # -- documents ------------------------------------------------------------------------

    def document_count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document(self, document_id: str) -> Document:
        """The document, its text checked against the SHA-256 stored with it (ProjectError
        naming the document if the text or the stored meta is damaged)."""
        row = self._conn.execute(
            """SELECT id, CAST(text AS BLOB), text_sha256, title, CAST(meta AS BLOB)
               FROM documents WHERE id = ?""",
            (document_id,),
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {document_id!r} in {self.path}")
        text = checked_text(self.path, row[0], row[1], row[2])
        return Document(row[0], text, row[3], checked_meta(self.path, row[0], row[4]))

    def document_length(self, document_id: str) -> int:
        """The document's length in code points, without reading its text."""
        row = self._conn.execute(
            "SELECT length FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {document_id!r} in {self.path}")
        return int(row[0])

    def add_document(self, document: Document) -> None:
        """Insert a new document. The caller checks that its id is free."""
        self._defer_indexing(len(document.text))  # indexed in batches (sqlite/search.py)
        with self.transaction():
            self._conn.execute(
                """
                INSERT INTO documents (id, title, text, length, text_sha256, meta, created)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    document.id,
                    document.title,
                    document.text,
                    len(document.text),
                    text_sha256(document.text),
                    json.dumps(document.meta, ensure_ascii=False),
                    now(),
                ),
            )

    def set_meta(self, document_id: str, meta: dict[str, Any], title: str | None = None) -> None:
        """Replace a document's meta (and, when given, the title the list shows)."""
        with self.transaction():
            self._conn.execute(
                "UPDATE documents SET meta = ?, title = coalesce(?, title) WHERE id = ?",
                (json.dumps(meta, ensure_ascii=False), title, document_id),
            )

    def stored_sha256(self, document_id: str) -> str | None:
        """The SHA-256 of the stored text of `document_id`, or None if there is none."""
        row = self._conn.execute(
            "SELECT text_sha256 FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return None if row is None else row[0]

    def document_seqs(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[int]:
        """The `seq` numbers of the documents in the list, in import order: cheap (an index
        scan, no text read) even for 100,000 documents.

        `status` keeps only documents with that status for `annotator`; `title_contains`
        keeps titles or ids containing that text (case-insensitive).
        """
        where, params = [], {"a": annotator}
        if status is Status.NEW:
            where.append(
                "d.id NOT IN (SELECT document_id FROM document_status "
                "WHERE annotator = :a AND status != 'new')"
            )
        elif status is not None:
            where.append(
                "d.id IN (SELECT document_id FROM document_status "
                "WHERE annotator = :a AND status = :status)"
            )
            params["status"] = str(status)
        if title_contains:
            where.append("(instr(casefold(d.title), :q) > 0 OR instr(casefold(d.id), :q) > 0)")
            params["q"] = title_contains.casefold()
        sql = "SELECT d.seq FROM documents d"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [row[0] for row in self._conn.execute(sql + " ORDER BY d.seq", params)]

    def summaries_of(self, seqs: Sequence[int], annotator: str) -> list[DocumentSummary]:
        """The list rows (title, this annotator's status and span count) of these documents,
        in `seq` order. One page of the document list at a time."""
        marks = ", ".join("?" * len(seqs))
        rows = self._conn.execute(
            f"{_SUMMARY_SELECT} WHERE d.seq IN ({marks}) ORDER BY d.seq",
            (annotator, annotator, *seqs),
        )
        return [DocumentSummary(seq, i, _shown(t), Status(st), n) for seq, i, t, st, n in rows]

    def summaries(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[DocumentSummary]:
        """Every row of the document list at once (see `document_seqs` for the filters)."""
        seqs = self.document_seqs(annotator, status, title_contains)
        page = 500
        return [
            row
            for first in range(0, len(seqs), page)
            for row in self.summaries_of(seqs[first : first + page], annotator)
        ]

    def summary(self, document_id: str, annotator: str) -> DocumentSummary:
        """One row of the document list, for refreshing a single line."""
        row = self._conn.execute(
            f"{_SUMMARY_SELECT} WHERE d.id = ?", (annotator, annotator, document_id)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {document_id!r} in {self.path}")
        return DocumentSummary(row[0], row[1], _shown(row[2]), Status(row[3]), row[4])

    def document_seq(self, document_id: str) -> int | None:
        row = self._conn.execute("SELECT seq FROM documents WHERE id = ?", (document_id,))
        found = row.fetchone()
        return None if found is None else found[0]

    # -- status ---------------------------------------------------------------------------

    def status(self, document_id: str, annotator: str) -> Status:
        row = self._conn.execute(
            "SELECT status FROM document_status WHERE document_id = ? AND annotator = ?",
            (document_id, annotator),
        ).fetchone()
        return Status.NEW if row is None else Status(row[0])

    def set_status(self, document_id: str, annotator: str, status: Status) -> None:
        with self.transaction():
            self.ensure_annotator(annotator)
            self._write_status(document_id, annotator, status)

    def _write_status(self, document_id: str, annotator: str, status: Status) -> None:
        self._conn.execute(
            """
            INSERT INTO document_status (document_id, annotator, status, updated)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (document_id, annotator)
            DO UPDATE SET status = excluded.status, updated = excluded.updated
            """,
            (document_id, annotator, str(status), now()),
        )


def _shown(title: bytes) -> str:
    """A stored title for the list: damaged bytes become U+FFFD (opening the document then
    says it is damaged)."""
    return title.decode("utf-8", "replace")
