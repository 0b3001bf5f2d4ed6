"""The documents, document list rows and statuses of a shared project: a part of
`PostgresProject` (a base class of it), kept apart for its size.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg

from annotator.core.errors import AnnotatorError
from annotator.core.model import (
    Document,
    DocumentSummary,
    Label,
    Status,
    text_sha256,
)
from annotator.store.sqlite.integrity import checked_meta, checked_text
from annotator.store.sqlite.schema import now

_SUMMARY = """
    SELECT d.seq, d.id, d.title,
           coalesce((SELECT status FROM document_status
                     WHERE document_id = d.id AND annotator = %(a)s), 'new'),
           (SELECT count(*) FROM spans WHERE document_id = d.id AND annotator = %(a)s)
    FROM documents d"""


class DocumentTables:
    path: Path
    _conn: psycopg.Connection[Any]

    if TYPE_CHECKING:  # PostgresProject's

        def transaction(self) -> AbstractContextManager[None]: ...

        def _q(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]: ...

        def labels(self) -> list[Label]: ...

        def ensure_annotator(self, name: str) -> str: ...

    # -- documents ------------------------------------------------------------------------

    def document_count(self) -> int:
        (count,) = self._q("SELECT count(*) FROM documents").fetchone() or (0,)
        return int(count)

    def document(self, document_id: str) -> Document:
        row = self._q(
            "SELECT id, text, text_sha256, title, meta FROM documents WHERE id = %s",
            (document_id,),
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {document_id!r} in {self.path}")
        text = checked_text(self.path, row[0], bytes(row[1]), row[2])
        return Document(row[0], text, row[3], checked_meta(self.path, row[0], bytes(row[4])))

    def document_length(self, document_id: str) -> int:
        row = self._q("SELECT length FROM documents WHERE id = %s", (document_id,)).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {document_id!r} in {self.path}")
        return int(row[0])

    def add_document(self, document: Document) -> None:
        from annotator.store.postgres.project import refuse_nul

        refuse_nul(document.id, f"the id of document {document.id!r}")
        refuse_nul(document.title, f"the title of document {document.id!r}")
        with self.transaction():
            self._q(
                """INSERT INTO documents (id, title, text, length, text_sha256, meta, created)
                   VALUES (%s, %s, %s, %s, %s, %s, %s)""",
                (
                    document.id,
                    document.title,
                    document.text.encode("utf-8"),
                    len(document.text),
                    text_sha256(document.text),
                    json.dumps(document.meta, ensure_ascii=False).encode("utf-8"),
                    now(),
                ),
            )

    def set_meta(self, document_id: str, meta: dict[str, Any], title: str | None = None) -> None:
        with self.transaction():
            self._q(
                "UPDATE documents SET meta = %s, title = coalesce(%s, title) WHERE id = %s",
                (json.dumps(meta, ensure_ascii=False).encode("utf-8"), title, document_id),
            )

    def stored_sha256(self, document_id: str) -> str | None:
        row = self._q("SELECT text_sha256 FROM documents WHERE id = %s", (document_id,)).fetchone()
        return None if row is None else row[0]

    def document_seq(self, document_id: str) -> int | None:
        row = self._q("SELECT seq FROM documents WHERE id = %s", (document_id,)).fetchone()
        return None if row is None else int(row[0])

    def document_seqs(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[int]:
        where, params = [], {"a": annotator}
        if status is Status.NEW:
            where.append(
                "d.id NOT IN (SELECT document_id FROM document_status "
                "WHERE annotator = %(a)s AND status != 'new')"
            )
        elif status is not None:
            where.append(
                "d.id IN (SELECT document_id FROM document_status "
                "WHERE annotator = %(a)s AND status = %(status)s)"
            )
            params["status"] = str(status)
        seqs = [
            (seq, doc_id, title)
            for seq, doc_id, title in self._q(
                "SELECT d.seq, d.id, d.title FROM documents d"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY d.seq",
                params,
            )
        ]
        if title_contains:  # Python's casefold, as the SQLite store's (lower() is not it)
            wanted = title_contains.casefold()
            return [s for s, i, t in seqs if wanted in t.casefold() or wanted in i.casefold()]
        return [seq for seq, _, _ in seqs]

    def summaries_of(self, seqs: Sequence[int], annotator: str) -> list[DocumentSummary]:
        rows = self._q(
            f"{_SUMMARY} WHERE d.seq = ANY(%(seqs)s) ORDER BY d.seq",
            {"a": annotator, "seqs": list(seqs)},
        )
        return [DocumentSummary(seq, i, t, Status(st), n) for seq, i, t, st, n in rows]

    def summaries(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[DocumentSummary]:
        return self.summaries_of(self.document_seqs(annotator, status, title_contains), annotator)

    def summary(self, document_id: str, annotator: str) -> DocumentSummary:
        row = self._q(f"{_SUMMARY} WHERE d.id = %(id)s", {"a": annotator, "id": document_id})
        found = row.fetchone()
        if found is None:
            raise AnnotatorError(f"no document with id {document_id!r} in {self.path}")
        seq, i, t, st, n = found
        return DocumentSummary(seq, i, t, Status(st), n)

    # -- statuses -------------------------------------------------------------------------

    def status(self, document_id: str, annotator: str) -> Status:
        row = self._q(
            "SELECT status FROM document_status WHERE document_id = %s AND annotator = %s",
            (document_id, annotator),
        ).fetchone()
        return Status.NEW if row is None else Status(row[0])

    def set_status(self, document_id: str, annotator: str, status: Status) -> None:
        with self.transaction():
            self.ensure_annotator(annotator)
            self._write_status(document_id, annotator, status)

    def _write_status(self, document_id: str, annotator: str, status: Status) -> None:
        self._q(
            """INSERT INTO document_status (document_id, annotator, status, updated)
               VALUES (%s, %s, %s, %s) ON CONFLICT (document_id, annotator)
               DO UPDATE SET status = excluded.status, updated = excluded.updated""",
            (document_id, annotator, str(status), now()),
        )

    def statuses_of(self, annotator: str) -> dict[str, Status]:
        rows = self._q(
            "SELECT document_id, status FROM document_status WHERE annotator = %s", (annotator,)
        )
        return {document_id: Status(status) for document_id, status in rows}
