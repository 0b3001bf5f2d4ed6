"""One annotation project: an SQLite file, opened through sqlite-utils.

Every public method that writes is one transaction: it either happens whole or not at all,
and it is on disk (WAL journal, synchronous=FULL) when the method returns.
Methods take and return the plain objects of `annotator.core.model`; no caller writes SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.labels import check_label_name
from annotator.core.model import (
    Document,
    DocumentSummary,
    Label,
    Relation,
    Span,
    Status,
    check_span_bounds,
    text_sha256,
)
from annotator.store.interface import ProjectStore
from annotator.store.sqlite import journal
from annotator.store.sqlite.bulk_reads import BulkReads
from annotator.store.sqlite.copying import copy_database, free_name
from annotator.store.sqlite.integrity import RESTORE_HINT, checked_meta, checked_text
from annotator.store.sqlite.relations import RelationTable

_KEEP = object()  # update_span: leave the note as it is
# A document list row; parameters: annotator, annotator. Never reads the text column.
# The title as bytes: one that is no longer valid UTF-8 (a damaged file) must not keep the
# list, and so the app, from opening (see _shown).
_SUMMARY_SELECT = """
    SELECT d.seq, d.id, CAST(d.title AS BLOB),
           coalesce((SELECT status FROM document_status
                     WHERE document_id = d.id AND annotator = ?), 'new'),
           (SELECT count(*) FROM spans WHERE document_id = d.id AND annotator = ?)
    FROM documents d"""


T = TypeVar("T")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


READ_ONLY_REASON = (
    "is read-only, so nothing can be changed in it (make the file writable, or work on a copy)"
)


class Project(RelationTable, BulkReads):
    """An open project file. Use `open_project` or `create_project` to get one.

    `read_only` is True when the file could only be opened for reading (no write
    permission): every write then raises ProjectError and changes nothing.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False):
        self.path = path
        self._conn = conn
        self.read_only = read_only
        self.db = sqlite_utils.Database(conn)
        # SQLite's lower() only folds ASCII: "Élysée" would never match "élysée".
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        # The files this process's connections to the project write to (sqlite/journal.py);
        # a first read opens (or makes) the journal files.
        self._file: journal.OpenFile | None = None
        self._closed = False
        if not read_only:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self._file = journal.claim(path)

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection, for this package's own modules (opening, upgrading) and for the
        tests' raw checks of the file; not part of the store interface: nothing else of the
        app writes SQL."""
        return self._conn

    # -- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (again: nothing). Before that, copy every change into the
        `.db` itself (a FULL checkpoint), so that the file alone holds everything even while
        another program keeps the project open and so keeps its `-wal`."""
        if self._closed:
            return
        self._closed = True
        lost = self._file is not None and self._file.lost is not None
        if lost:
            journal.close_without_checkpoint(self._conn)
        else:
            if not self.read_only:
                with suppress(sqlite3.Error):
                    self._conn.execute("PRAGMA wal_checkpoint(FULL)")
            self._conn.close()
        if self._file is not None:
            journal.release(self._file)

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`function(self, *args, **kwargs)`: a store function run on this project (the
        app's `RemoteProject.call` runs the same in the store process)."""
        return function(self, *args, **kwargs)

    # Opening builds a Project, so it imports this module: these import it when called.

    def reopen(self) -> Project:
        """The same project on a connection of its own (a worker thread's)."""
        from annotator.store.sqlite.opening import open_project

        return open_project(self.path)

    def open_another(self, path: Path) -> Project:
        """Another project, opened the way this one was (here: in this process)."""
        from annotator.store.sqlite.opening import open_project

        return open_project(path)

    def create_another(self, path: Path) -> Project:
        from annotator.store.sqlite.opening import create_project

        return create_project(path)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def data_version(self) -> int:
        """A number that changes whenever another connection (another window, the CLI)
        commits a change to the file; this connection's own writes leave it as it is.
        Cheap: no table is read. The app polls it to pick up other instances' changes."""
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as error:  # closed, or the file vanished
            raise ProjectError(f"cannot be read ({error})", self.path) from error

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another connection's write before ProjectError."""
        self._conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing unit of work. Nested calls become savepoints.

        `BEGIN IMMEDIATE` takes the write lock at once, so a second process waits for it
        (busy timeout) instead of failing half way through.
        """
        if self.read_only:
            raise ProjectError(READ_ONLY_REASON, self.path)
        if self._conn.in_transaction:
            with self.db.atomic():
                yield
            return
        if self._file is not None and self._file.lost is not None:
            raise ProjectError(self._file.lost, self.path)
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _as_project_error(error, self.path) from error
        try:
            self._check_journal()
            yield
            self._conn.execute("COMMIT")
        except BaseException as error:
            # A failed COMMIT (disk full, I/O error) leaves the transaction open: end it, or
            # every later action would become a savepoint inside it and never reach disk.
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError:
                raise _as_project_error(error, self.path) from error
            raise
        # Into the .db at once: a copy of the .db alone, or a -wal deleted by another
        # program, then loses nothing. PASSIVE never waits for anyone; the change is
        # committed whatever it does.
        with suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _check_journal(self) -> None:
        """Before a write: are the `.db`, `-wal` and `-shm` at the project's path still the
        files this process opened (sqlite/journal.py)? If not, save everything this
        connection still sees to a rescue copy, refuse every later write and every new
        connection, and say so."""
        record = self._file
        if record is None or not record.changed(self.path):
            return
        self._conn.execute("ROLLBACK")
        raise ProjectError(self._rescue(record), self.path)

    def files_lost(self) -> str | None:
        """Why nothing more can be saved here, if another program deleted or replaced the
        project's files (found now, with a rescue copy made, or before); else None. Cheap
        (a few stat calls): the app asks as it polls, so it says so before the next edit."""
        record = self._file
        if record is None:
            return None
        if record.lost is None and record.changed(self.path):
            self._rescue(record)
        return record.lost

    def _rescue(self, record: journal.OpenFile) -> str:
        """Copy everything this connection still sees beside the project; mark the file
        lost for every connection of this process. Returns the reason."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        rescue = free_name(self.path.with_name(f"{self.path.name}.rescued-{stamp}.db"))
        try:
            copy_database(self._conn, rescue)
            kept = f"Everything this window showed is saved in the rescue copy {rescue}."
        except AnnotatorError as error:
            kept = f"A rescue copy could not be written ({error.reason})."
        record.lost = journal.lost_reason(self.path, kept)
        return record.lost

    # -- labels and annotators ------------------------------------------------------------

    def labels(self) -> list[Label]:
        rows = self._conn.execute(
            "SELECT name, color, key, description FROM labels ORDER BY position, name"
        )
        return [Label(*row) for row in rows]

    def add_label(self, label: Label) -> None:
        check_label_name(label.name)
        with self.transaction():
            position = self._conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM labels"
            ).fetchone()[0]
            self.db.table("labels").insert(
                {
                    "name": label.name,
                    "color": label.color,
                    "key": label.key,
                    "description": label.description,
                    "position": position,
                }
            )

    def annotators(self) -> list[str]:
        return [row[0] for row in self._conn.execute("SELECT name FROM annotators ORDER BY name")]

    def ensure_annotator(self, name: str) -> str:
        """Register `name` (stripped) as an annotator if it is new; return it.

        A read-only project cannot register a name: it is returned all the same, so that
        the layers can still be read under it."""
        name = check_annotator_name(name)
        known = self._conn.execute("SELECT 1 FROM annotators WHERE name = ?", (name,))
        if known.fetchone() is not None or self.read_only:
            return name
        with self.transaction():
            self._conn.execute(
                "INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)", (name, now())
            )
        return name

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

    # -- spans ----------------------------------------------------------------------------

    def spans(self, document_id: str, annotator: str) -> list[Span]:
        """`annotator`'s spans of the document, sorted by (start, end, label)."""
        rows = self._conn.execute(
            """
            SELECT id, start, "end", label, note FROM spans
            WHERE document_id = ? AND annotator = ? ORDER BY start, "end", label
            """,
            (document_id, annotator),
        )
        return [
            Span(document_id, annotator, start, end, label, note, span_id)
            for span_id, start, end, label, note in rows
        ]

    def span(self, span_id: int) -> Span:
        row = self._conn.execute(
            'SELECT document_id, annotator, start, "end", label, note, id FROM spans WHERE id = ?',
            (span_id,),
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"span {span_id} no longer exists (deleted elsewhere?)")
        return Span(*row)

    def add_span(self, span: Span, relations: Sequence[Relation] = ()) -> Span:
        """Write a new span (or, with `span.id` set, restore a deleted one under its id,
        together with the `relations` that `delete_span` returned with it, under theirs).

        Checks the offsets against the text and the label against the label set, and each
        relation as `add_relation` does; AnnotatorError writes nothing. A document that was
        `new` for this annotator becomes `in_progress`. Returns the stored span.
        """
        row = self._conn.execute(
            "SELECT length FROM documents WHERE id = ?", (span.document_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {span.document_id!r}")
        problem = check_span_bounds(row[0], span.start, span.end)
        if problem:
            raise AnnotatorError(f"span {problem}")
        if span.label not in {label.name for label in self.labels()}:
            raise AnnotatorError(f"unknown label {span.label!r}")
        with self.transaction():
            annotator = self.ensure_annotator(span.annotator)
            stamp = now()
            try:
                cursor = self._conn.execute(
                    """
                    INSERT INTO spans (id, document_id, annotator, start, "end", label, note,
                                       created, updated)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    (
                        span.id,
                        span.document_id,
                        annotator,
                        span.start,
                        span.end,
                        span.label,
                        span.note,
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
        self, span_id: int, *, label: str | None = None, note: str | object | None = _KEEP
    ) -> Span:
        """Change a span's label and/or note (pass `note=None` to clear it)."""
        with self.transaction():
            span = self.span(span_id)
            changed = span
            if label is not None and label != span.label:
                if label not in {lab.name for lab in self.labels()}:
                    raise AnnotatorError(f"unknown label {label!r}")
                changed = replace(changed, label=label)
            if note is not _KEEP:
                assert note is None or isinstance(note, str)
                changed = replace(changed, note=note or None)
            try:
                self._conn.execute(
                    "UPDATE spans SET label = ?, note = ?, updated = ? WHERE id = ?",
                    (changed.label, changed.note, now(), span_id),
                )
            except sqlite3.IntegrityError as error:
                raise AnnotatorError(
                    f"{span.annotator} already has the span {changed.label} "
                    f"[{span.start}, {span.end})"
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
                                             created, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    (document_id, annotator, s.start, s.end, s.label, s.note, stamp, stamp)
                    for s in spans
                ],
            )
            added = max(cursor.rowcount, 0)  # the rows inserted, summed over the batch
            if added < len(spans):
                self._merge_notes(document_id, annotator, [s for s in spans if s.note])
            if status is not None:
                self._write_status(document_id, annotator, status)
        return added, len(spans) - added

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

    # -- overview -------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts for `annotator stats`: documents, annotators, spans by label and annotator."""
        q = self._conn.execute
        per_label = dict(q("SELECT label, count(*) FROM spans GROUP BY label ORDER BY label"))
        for label in self.labels():
            per_label.setdefault(label.name, 0)
        return {
            "project": str(self.path),
            "documents": self.document_count(),
            "annotators": self.annotators(),
            "spans": q("SELECT count(*) FROM spans").fetchone()[0],
            "spans_per_label": dict(sorted(per_label.items())),
            "spans_per_annotator": dict(
                q(
                    """SELECT a.name, count(s.id) FROM annotators a
                       LEFT JOIN spans s ON s.annotator = a.name
                       GROUP BY a.name ORDER BY a.name"""
                )
            ),
            "done_per_annotator": dict(
                q(
                    """SELECT a.name, count(s.document_id) FROM annotators a
                       LEFT JOIN document_status s ON s.annotator = a.name AND s.status = 'done'
                       GROUP BY a.name ORDER BY a.name"""
                )
            ),
        }


def _shown(title: bytes) -> str:
    """A stored title for the list: damaged bytes become U+FFFD (opening the document then
    says it is damaged)."""
    return title.decode("utf-8", "replace")


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


def _as_project_error(error: sqlite3.DatabaseError, path: Path) -> ProjectError:
    message = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "disk is full" in message:
        return ProjectError(
            "the disk is full: the change was rolled back and nothing was written; free some "
            "space and try again",
            path,
        )
    if code == sqlite3.SQLITE_READONLY or "readonly" in message:
        return ProjectError(READ_ONLY_REASON, path)
    if code == sqlite3.SQLITE_CORRUPT or "malformed" in message:
        return ProjectError(f"is damaged ({message}); {RESTORE_HINT}", path)
    if "locked" in message or "busy" in message:
        return ProjectError(
            "the project is busy: another window or command is writing to it (an import?); "
            "nothing was changed, try again when it has finished",
            path,
        )
    return ProjectError(f"could not write the project ({message}); nothing was changed", path)


def check_annotator_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise AnnotatorError("an annotator needs a non-empty name")
    if len(name) > 100:
        raise AnnotatorError(f"annotator name too long ({len(name)} characters, at most 100)")
    return name


def _implements_the_interface(project: Project) -> ProjectStore:
    return project  # mypy: Project is a ProjectStore
