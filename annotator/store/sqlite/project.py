"""One annotation project: an SQLite file, opened through sqlite-utils.

Every public method that writes is one transaction: it either happens whole or not at all,
and it is on disk (WAL journal, synchronous=FULL) when the method returns.
Methods take and return the plain objects of `annotator.core.model`; no caller writes SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.labels import check_label_name
from annotator.core.model import Label
from annotator.store.interface import ProjectStore
from annotator.store.sqlite import journal
from annotator.store.sqlite.assignments import AssignmentTable
from annotator.store.sqlite.attribution_stats import unattributed
from annotator.store.sqlite.bulk_reads import BulkReads
from annotator.store.sqlite.copying import copy_database, free_name
from annotator.store.sqlite.documents import DocumentTable
from annotator.store.sqlite.integrity import RESTORE_HINT
from annotator.store.sqlite.label_edits import LabelEdits
from annotator.store.sqlite.relations import RelationTable
from annotator.store.sqlite.schema import now
from annotator.store.sqlite.search import SearchIndex
from annotator.store.sqlite.spans import SpanTable
from annotator.store.sqlite.suggestions import SuggestionTable

T = TypeVar("T")


READ_ONLY_REASON = (
    "is read-only, so nothing can be changed in it (make the file writable, or work on a copy)"
)


class Project(
    SpanTable,
    DocumentTable,
    RelationTable,
    LabelEdits,
    BulkReads,
    SearchIndex,
    AssignmentTable,
    SuggestionTable,
):
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
        self._span_texts_held = {}
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
        """The same project on a connection of its own (a worker thread's), without a page
        check: this process has it open, checked, already."""
        from annotator.store.sqlite.opening import open_project

        return open_project(self.path, check_pages=False)

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

    def change_token(self) -> int:
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
            self._index_deferred()  # an import's last documents (sqlite/search.py)
            self._conn.execute("COMMIT")
        except BaseException as error:
            # A failed COMMIT (disk full, I/O error) leaves the transaction open: end it, or
            # every later action would become a savepoint inside it and never reach disk.
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._forget_deferred()
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

    def fixed_annotator(self) -> str | None:
        """A file has no logins: whoever opens it chooses the name they work under."""
        return None

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
            "SELECT name, color, key, description, guideline, event FROM labels "
            "ORDER BY position, name"
        )
        return [
            Label(name, color, key, description, guideline, bool(event))
            for name, color, key, description, guideline, event in rows
        ]

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
                    "guideline": label.guideline,
                    "event": int(label.event),
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
            # The attribution check: per required relation type, what each annotator lacks.
            "unattributed": unattributed(self._conn, self.relation_types(), self.annotators()),
        }


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
