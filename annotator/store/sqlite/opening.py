"""Opening, creating and upgrading a project file, and the checks that refuse a file that
is not a whole project of this or an older version (ProjectError, the file untouched)."""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from pathlib import Path

import sqlite_utils

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.labels import chosen_relation_types, default_labels
from annotator.core.model import Label, RelationType
from annotator.store.sqlite import journal
from annotator.store.sqlite.copying import copy_database, free_name
from annotator.store.sqlite.integrity import (
    RESTORE_HINT,
    damaged_document,
    quick_check_damage,
    refuse_damage,
    text_damage,
)
from annotator.store.sqlite.project import Project
from annotator.store.sqlite.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024  # a full page check on open up to this size


def warm_up() -> None:
    """Get this process ready to open a project quickly: the store's modules are imported
    by now (this module imports them), and sqlite-utils loads its plugins (an entry-point
    scan of every installed package, done at its first `Database`). The store process does
    this while the app imports Qt (about 60 ms it would otherwise wait at the first open)."""
    sqlite_utils.Database(memory=True).close()


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; Project.transaction() makes them.
    target: str | Path = path
    if read_only:
        target = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"
        wal = path.with_name(path.name + "-wal")
        if not os.access(path.parent, os.W_OK | os.X_OK) and not wal.exists():
            # A folder we cannot write (a colleague's, a read-only share) cannot hold the
            # -shm file a WAL reader needs; with no -wal there, nobody is writing the file,
            # so it can be read as an immutable file.
            target += "&immutable=1"
    conn = sqlite3.connect(
        target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, uri=read_only
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _configure(conn: sqlite3.Connection, read_only: bool = False) -> None:
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def is_read_only_file(path: Path) -> bool:
    """True if the project must be opened for reading only: the file has no write
    permission (no write bit at all counts even for root, who could write it anyway: the
    owner made it read-only on purpose), or its folder cannot hold the journal files."""
    mode = path.stat().st_mode
    return (
        not (mode & 0o222)
        or not os.access(path, os.W_OK)
        or not os.access(path.parent, os.W_OK | os.X_OK)
    )


def open_project(path: str | Path, check_pages: bool = True) -> Project:
    """Open an existing project. A file that is not one, or is from a newer version of this
    program, raises ProjectError and is left untouched. `check_pages=False`: no page check
    (this process has the project open, checked, already)."""
    path = Path(path)
    read_only = path.is_file() and is_read_only_file(path)
    conn, version = _open_checked(path, read_only, check_pages)
    try:
        _configure(conn, read_only)
    except BaseException:
        conn.close()
        raise
    project = Project(path, conn, read_only)
    if version < SCHEMA_VERSION:
        try:
            upgrade(project, version)
        except BaseException:
            project.close()
            raise
    return project


def open_for_copying(path: str | Path) -> sqlite3.Connection:
    """A connection to the project at `path` that only reads, for copying it: the file is
    never written, not even upgraded (a backup must not change what it copies). Its pages
    are not checked: the caller does that (`check_whole`), and the copy is checked anyway."""
    path = Path(path)
    conn, _ = _open_checked(path, _reading_read_only(path), check_pages=False)
    return conn


def copy_project(source: Path, dest: Path) -> Path:
    """Copy the project at `source` to the file `dest` through a connection that only
    reads (see `open_for_copying`); the caller has checked the project's pages."""
    conn = open_for_copying(source)
    try:
        return copy_database(conn, dest, lambda copy: _check_texts(copy, source))
    finally:
        conn.close()


def _check_texts(copy: sqlite3.Connection, source: Path) -> None:
    """ProjectError if a text of the copy of `source` is damaged: a copy that cannot be
    trusted must not push out an older, good one."""
    document_id = damaged_document(copy)
    if document_id is not None:
        raise ProjectError(f"{text_damage(document_id)}; no copy was written", source)


def _reading_read_only(path: Path) -> bool:
    """Whether a connection that will only read the project at `path` must be read-only.
    A connection that may write deletes the -wal and -shm it made when it closes; one that
    may not leaves them beside the project. So read-only only where it must be, or where a
    -wal is there already: another program has the project open, or one that died left
    changes in it, which the close of a writing connection would copy into the file."""
    wal = path.with_name(path.name + "-wal")
    return path.is_file() and (is_read_only_file(path) or wal.exists())


def _open_checked(
    path: Path, read_only: bool, check_pages: bool = True
) -> tuple[sqlite3.Connection, int]:
    """A connection to the project at `path` and its schema version, after the checks that
    refuse what is not a whole project of this or an older version (ProjectError)."""
    if path.is_dir():
        raise ProjectError("is a folder, not a project file", path)
    if not path.exists():
        raise ProjectError("no such project file (create one with `annotator init`)", path)
    # Only SQLite may open the file. POSIX locks belong to the process, and closing any
    # descriptor of the file drops them all: a plain open() here, in a worker thread, would
    # strip the window's connection of its locks, and the next program to close the project
    # would delete the WAL the window still writes to (tests/reliability/
    # test_same_process_connections.py). SQLite shares its descriptors within the process.
    if path.stat().st_size == 0:
        raise ProjectError("an empty file, so not an annotator project", path)
    # A connection of this process to a file whose journal another program removed would
    # read the old shared memory with the new files.
    journal.check_still_ours(path)
    try:
        conn = _connect(path, read_only)
    except sqlite3.Error as error:
        raise ProjectError(f"cannot be opened ({error})", path) from error
    try:
        return conn, _check_file(conn, path, read_only, check_pages)
    except BaseException:
        conn.close()
        raise


def check_not_project_file(project_path: Path, target: Path) -> None:
    """AnnotatorError if writing `target` would replace the project file or one of its
    journal files (an export or a copy named like the project destroys it). A project
    that is no file (a shared one, named by a URL) cannot be."""
    if not isinstance(project_path, Path):
        return
    for own in (
        project_path,
        *(project_path.with_name(project_path.name + s) for s in ("-wal", "-shm", "-journal")),
    ):
        same = target.resolve() == own.resolve()
        if not same and target.exists() and own.exists():
            same = os.path.samefile(target, own)  # a hard link to it
        if same:
            what = "the project file" if own == project_path else f"the project's {own.name}"
            raise AnnotatorError(f"is {what}; choose another name", target)


def _check_file(
    conn: sqlite3.Connection, path: Path, read_only: bool, check_pages: bool = True
) -> int:
    """The schema version of an annotator project that is whole and not too new; otherwise
    ProjectError (and the file is not written to). `read_only`: the caller will not write
    through `conn` (else opening may: see below)."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    except sqlite3.DatabaseError as error:
        code = getattr(error, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_NOTADB:  # no SQLite header, or nothing valid after it
            raise ProjectError(
                "not an SQLite database (or one damaged past reading), so not an annotator project",
                path,
            ) from error
        if code == sqlite3.SQLITE_CORRUPT:
            raise ProjectError(f"is damaged ({error}); {RESTORE_HINT}", path) from error
        raise ProjectError(f"cannot be read as a project ({error})", path) from error
    if app_id != APPLICATION_ID:
        raise ProjectError("is an SQLite database but not an annotator project", path)
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"was written by a newer annotator (schema version {version}; this version "
            f"reads up to {SCHEMA_VERSION}): upgrade annotator to open it",
            path,
        )
    # An overwritten file often opens fine and fails later, in the middle of someone's
    # work: look at every page now when that is quick (about 3 ms a MB), and whatever the
    # size when opening is about to write (an upgrade, or the switch to WAL of a file not in
    # it, such as a restored backup): nothing is ever written into a damaged file. A larger
    # file is checked by the app in the background (`find_damage`) and by every command
    # (`check_whole`). A truncated one SQLite itself refuses above, from its header.
    writes = not read_only and (version < SCHEMA_VERSION or journal_mode != "wal")
    if check_pages and (writes or path.stat().st_size <= QUICK_CHECK_MAX_BYTES):
        refuse_damage(conn, path)
    return int(version)


def check_whole(path: Path) -> None:
    """ProjectError unless the project at `path` passes the checks of opening and every one
    of its pages reads (`PRAGMA quick_check`, about 3 ms a MB, whatever the size): what a
    command calls before it reads or writes a project too large for the check on open.
    The file is not written, and no journal file is left beside it."""
    conn, _ = _open_checked(path, _reading_read_only(path), check_pages=False)
    try:
        refuse_damage(conn, path)
    finally:
        conn.close()


def find_damage(path: Path) -> str | None:
    """A full page check of the project at `path` through a read-only connection of its
    own (safe in a background thread, while others write): a message saying what is
    damaged and what to do, or None if the file is whole."""
    try:
        conn = _connect(path, read_only=True)
    except sqlite3.Error as error:
        return f"{path}: cannot be read ({error})"
    try:
        damage = quick_check_damage(conn)
    finally:
        conn.close()
    return None if damage is None else f"{path}: is damaged ({damage}); {RESTORE_HINT}"


def create_project(
    path: str | Path,
    labels: list[Label] | None = None,
    relation_types: list[RelationType] | None = None,
) -> Project:
    """Create a new project with `labels` (default: ACTOR, QUOTE, EVENT, CLAIM) and
    `relation_types` (default: those of source, claimant, participant whose labels it has).

    Refuses to overwrite an existing non-empty file.
    """
    path = Path(path)
    if path.is_dir():
        raise ProjectError("is a folder, not a project file", path)
    if path.exists() and path.stat().st_size > 0:
        raise ProjectError("already exists; open it instead of creating it", path)
    if not path.parent.exists():
        raise ProjectError(f"folder {path.parent} does not exist", path)
    conn = _connect(path)
    _configure(conn)
    project = Project(path, conn)
    try:
        with project.transaction():
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _migrate(project, 0)
            chosen = default_labels() if labels is None else labels
            for label in chosen:
                project.add_label(label)
            for kind in chosen_relation_types(chosen, relation_types):
                project.add_relation_type(kind)
    except BaseException:
        conn.close()
        path.unlink(missing_ok=True)
        raise
    return project


def upgrade(project: Project, version: int) -> None:
    """Bring a project of an older schema `version` up to SCHEMA_VERSION, in one
    transaction, after writing a consistent copy beside it (`PROJECT.db.v1.bak`). If the
    upgrade fails, the file is as it was and the message says where the copy is."""
    path = project.path
    if project.read_only:
        raise ProjectError(
            f"was written by an older annotator (schema version {version}) and must be "
            f"upgraded to version {SCHEMA_VERSION}, but it is read-only: make it writable "
            "and open it again",
            path,
        )
    bak = copy_database(project.conn, free_name(path.with_name(f"{path.name}.v{version}.bak")))
    try:
        _migrate(project, version)
    except (sqlite3.Error, AnnotatorError) as error:
        reason = error.reason if isinstance(error, AnnotatorError) else str(error)
        raise ProjectError(
            f"could not be upgraded from schema version {version} to {SCHEMA_VERSION} "
            f"({reason}); the project is unchanged, and a copy made before the upgrade is "
            f"at {bak}",
            path,
        ) from error


def _migrate(project: Project, version: int) -> None:
    with project.transaction():
        # Another program may have upgraded the file while this one waited for the lock.
        version = int(project.conn.execute("PRAGMA user_version").fetchone()[0])
        for target in sorted(n for n in MIGRATIONS if version < n <= SCHEMA_VERSION):
            MIGRATIONS[target](project.db)
        project.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        project.db.table("project_info").upsert(
            {"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key"
        )
