"""A shared project in a PostgreSQL database, through psycopg: the second implementation of
`ProjectStore` (store/interface.py), beside the SQLite file.

One connection per `PostgresProject` (a worker thread reopens its own). Every method that
writes is one transaction, nested ones savepoints (psycopg's `transaction()`). The change
token counts the commits of other connections, heard on the channel `annotator_changes`
(LISTEN/NOTIFY, see schema.py): the server tells every connected window, nobody polls a
table. Losing the server refuses the write in flight with a clear ProjectError; what was
committed before is on the server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import psycopg

from annotator.core.attribution import missing_item, required_types
from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.labels import check_label_name
from annotator.core.model import Label
from annotator.store.interface import ProjectStore
from annotator.store.locations import UrlPath, display_url
from annotator.store.postgres.assignments import AssignmentTables
from annotator.store.postgres.bulk_reads import BulkReads
from annotator.store.postgres.documents import DocumentTables
from annotator.store.postgres.label_edits import LabelEdits
from annotator.store.postgres.layers import LayerTables
from annotator.store.postgres.schema import CHANNEL
from annotator.store.postgres.search import SearchTexts
from annotator.store.postgres.suggestions import SuggestionTables
from annotator.store.sqlite.schema import label_row, now

T = TypeVar("T")


class PostgresProject(
    LabelEdits,
    LayerTables,
    DocumentTables,
    BulkReads,
    SearchTexts,
    AssignmentTables,
    SuggestionTables,
):
    """An open shared project. Use `open_postgres` or `create_postgres` (opening.py)."""

    read_only = False

    def __init__(self, url: str, conn: psycopg.Connection[Any]):
        self.url = url
        self.name = display_url(url)
        # Messages name the project by `path`: the URL (no password), which is no file.
        self.path: Path = UrlPath(url)  # type: ignore[assignment]
        self._closed = False
        self._others = 0  # commits of other connections heard so far: the change token
        self._lock_timeout: int | None = None
        self._depth = 0  # nested transactions open
        self._attach(conn)

    def _attach(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn
        self._pid = conn.info.backend_pid
        conn.add_notify_handler(self._heard)
        conn.execute(f"LISTEN {CHANNEL}")
        if self._lock_timeout is not None:
            conn.execute(f"SET lock_timeout = {self._lock_timeout}")

    def _live(self) -> psycopg.Connection[Any]:
        """The connection, made anew if the server dropped the last one (a restart, a
        network cut): the first call after the server is back works again. Whatever
        others did meanwhile went unheard, so the change token moves on (views reload,
        undo does not cross it)."""
        if self._conn.broken or (self._conn.closed and not self._closed):
            from annotator.store.postgres.opening import connect

            self._attach(connect(self.url))
            self._others += 1
        return self._conn

    def _heard(self, notify: psycopg.Notify) -> None:
        if notify.channel == CHANNEL and notify.payload != str(self._pid):
            self._others += 1

    # -- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._conn.close()

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return function(self, *args, **kwargs)

    def reopen(self) -> PostgresProject:
        from annotator.store.postgres.opening import open_postgres

        return open_postgres(self.url)

    def open_another(self, path: Path) -> Any:
        from annotator.store.locations import open_any

        return open_any(str(path))

    def create_another(self, path: Path) -> Any:
        from annotator.store.locations import create_any

        return create_any(str(path))

    def __enter__(self) -> PostgresProject:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def change_token(self) -> int:
        """The change token: how many commits of other connections this one has heard of.
        Asking makes one round trip to the server, which hands over what it has to tell."""
        try:
            conn = self._live()
            if conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                conn.execute("SELECT 1")
        except psycopg.Error as error:
            raise self._lost(error) from error
        return self._others

    @property
    def session_id(self) -> int:
        """The server's id of this connection (its backend pid): what its notifications
        carry (store/watching.py)."""
        return int(self._pid)

    def wait_for_notice(self, ignore: int | None, timeout: float) -> bool:
        """Block up to `timeout` seconds for a notification of a commit by a connection
        other than this one and `ignore`; True as soon as one comes."""
        skip = {str(self._pid), str(ignore)}
        conn = self._live()
        # While the generator waits, the notices come to it alone (psycopg warns that a
        # handler beside it may take some): the handler's count is kept up here.
        conn.remove_notify_handler(self._heard)
        try:
            for notice in conn.notifies(timeout=timeout):
                self._heard(notice)
                if notice.channel == CHANNEL and notice.payload not in skip:
                    return True
        except psycopg.OperationalError as error:
            raise self._lost(error) from error
        finally:
            conn.add_notify_handler(self._heard)
        return False

    def connection_for_rights(self) -> psycopg.Connection[Any]:
        """The connection, for managing members and rights (store/postgres/rights.py)."""
        return self._conn

    def fixed_annotator(self) -> str | None:
        """On a shared project the annotator is the database login: nobody works under
        another's name (the server's rights enforce it; see rights.py)."""
        return str(self._conn.info.user)  # the session's login: no round trip

    def files_lost(self) -> str | None:
        """A server keeps its own files: nothing of this project can be deleted under it."""
        return None

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another's lock before ProjectError."""
        self._lock_timeout = int(milliseconds)
        self._q(f"SET lock_timeout = {self._lock_timeout}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing unit of work; nested calls become savepoints. A lost server,
        a lock held too long or a refused right: ProjectError, nothing written."""
        self._depth += 1
        try:
            with self._live().transaction():
                yield
        except psycopg.errors.InsufficientPrivilege as error:
            raise ProjectError(
                f"the server refused the change: {error.diag.message_primary}; nothing was "
                "changed (your login may not write this)",
                self.path,
            ) from error
        except psycopg.errors.UniqueViolation as error:
            if self._depth > 1:  # a savepoint: the statement's caller says what was there
                raise
            raise AnnotatorError(
                f"that is there already ({error.diag.message_primary}); nothing was changed"
            ) from error
        except psycopg.DataError as error:
            raise AnnotatorError(
                f"the server cannot store a value of this change ({error.diag.message_primary}"
                "; a NUL character, say); nothing was changed"
            ) from error
        except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected) as error:
            raise self._busy() from error
        except psycopg.OperationalError as error:
            raise self._lost(error) from error
        finally:
            self._depth -= 1

    def _busy(self) -> ProjectError:
        """A lock held longer than the lock timeout, or two writers waiting for each other
        (the server cancels one): an operational error that is no lost server."""
        return ProjectError(
            "the project is busy: another member is writing the same rows; nothing was "
            "changed, try again",
            self.path,
        )

    def _lost(self, error: psycopg.Error) -> ProjectError:
        return ProjectError(
            f"the server cannot be reached ({str(error).strip() or type(error).__name__}): "
            "the change in progress was not saved; what was saved before is on the server",
            self.path,
        )

    def _q(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]:
        """A statement on the project's schema; a lost connection is a ProjectError."""
        try:
            return self._live().execute(sql, params)
        except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected) as error:
            raise self._busy() from error
        except psycopg.OperationalError as error:
            raise self._lost(error) from error

    # -- labels and annotators ------------------------------------------------------------

    def labels(self) -> list[Label]:
        rows = self._q(
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
            self._q(
                """INSERT INTO labels (name, color, key, description, guideline, event, position)
                   SELECT %s, %s, %s, %s, %s, %s, coalesce(max(position) + 1, 0) FROM labels""",
                label_row(label),
            )

    def annotators(self) -> list[str]:
        return [row[0] for row in self._q("SELECT name FROM annotators ORDER BY name")]

    def ensure_annotator(self, name: str) -> str:
        from annotator.store.sqlite.project import check_annotator_name

        name = check_annotator_name(name)
        if self._q("SELECT 1 FROM annotators WHERE name = %s", (name,)).fetchone() is None:
            with self.transaction():
                self._q(
                    "INSERT INTO annotators (name, created) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                    (name, now()),
                )
        return name

    # -- overview -------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        q = self._q
        per_label = dict(q("SELECT label, count(*) FROM spans GROUP BY label ORDER BY label"))
        for label in self.labels():
            per_label.setdefault(label.name, 0)
        return {
            "project": self.name,
            "documents": self.document_count(),
            "annotators": self.annotators(),
            "spans": q("SELECT count(*) FROM spans").fetchone()[0],  # type: ignore[index]
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
            "unattributed": self._unattributed(),
        }

    def _unattributed(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """As store/sqlite/attribution_stats.py: the texts are cut here (a document's text
        is its UTF-8 bytes on the server), each document read once."""
        texts: dict[str, str] = {}
        result: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for kind in required_types(self.relation_types()):
            per_annotator: dict[str, list[dict[str, Any]]] = {n: [] for n in self.annotators()}
            rows = self._q(
                """SELECT s.annotator, s.document_id, s.start, s."end", s.label, s.fragments
                   FROM spans s JOIN documents d ON d.id = s.document_id
                   WHERE s.label = ANY(%s) AND NOT EXISTS (
                       SELECT 1 FROM relations r WHERE r.head_span = s.id AND r.label = %s)
                   ORDER BY s.annotator, d.seq, s.start, s."end", s.id""",
                (list(kind.head_labels), kind.name),
            ).fetchall()
            for annotator, document, start, end, label, fragments in rows:
                if document not in texts:
                    texts[document] = self.document(document).text
                item = missing_item(
                    document, start, end, label, fragments or (), texts[document][start:]
                )
                per_annotator.setdefault(annotator, []).append(item)
            result[kind.name] = per_annotator
        return result


def refuse_nul(value: str | None, what: str) -> None:
    """PostgreSQL's text holds no NUL character: say so instead of the server's error."""
    if value is not None and "\x00" in value:
        raise AnnotatorError(
            f"{what} contains a NUL character, which a PostgreSQL project cannot store "
            "(keep this project in a SQLite file, or remove the character)"
        )


def _implements_the_interface(project: PostgresProject) -> ProjectStore:
    return project  # mypy: PostgresProject is a ProjectStore
