"""Consistent copies of a project file: `annotator backup`, the app's rolling daily backup,
and the `.bak` written before a schema upgrade.

Copies go through SQLite's online backup API from one read transaction, so they are a
consistent snapshot even while another connection writes (WAL readers never block writers).
A copy is written under a temporary name, checked, and renamed into place: a crash never
leaves half a backup under the real name.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

from annotator.core.errors import ProjectError
from annotator.core.output_files import remove_stale_temporaries, special_file, temporary_name

DAILY_KEEP = 7


def copy_database(
    conn: sqlite3.Connection,
    dest: Path,
    check_copy: Callable[[sqlite3.Connection], None] | None = None,
) -> Path:
    """Write a consistent copy of the database open on `conn` to `dest` (replacing a file
    there only once the copy is whole and checked, by its page check and then by `check_copy`,
    which raises to refuse it). Returns `dest`."""
    _check_destination(dest)
    remove_stale_temporaries(dest.parent)  # what killed backups left there
    tmp = temporary_name(dest, ".partial")
    try:
        target = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.backup(target)  # all pages in one step: one snapshot, no restarts
            # A backup is one self-contained file: no -wal beside it to lose.
            target.execute("PRAGMA journal_mode = DELETE")
            check = target.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise ProjectError(f"the copy failed its check ({check})", dest)
            if check_copy is not None:
                check_copy(target)
        finally:
            target.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except sqlite3.Error as error:
        message = str(error)
        if "full" in message:
            message = "the disk is full"
        raise ProjectError(
            f"could not write the copy ({message}); nothing was written", dest
        ) from error
    except OSError as error:
        raise ProjectError(
            f"could not write the copy ({error.strerror or error}); nothing was written", dest
        ) from error
    finally:
        _remove_copy(tmp)
    return dest


def _remove_copy(path: Path) -> None:
    """Remove a database file and the journal files SQLite may have left beside it."""
    for name in (path, *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))):
        name.unlink(missing_ok=True)


def _check_destination(dest: Path) -> None:
    """ProjectError unless a copy may be written to `dest`: a regular file or a new name in
    a folder that exists."""
    if dest.is_dir():
        raise ProjectError("is a folder; give a file name for the copy", dest)
    if not dest.parent.is_dir():
        raise ProjectError(f"folder {dest.parent} does not exist", dest)
    kind = special_file(dest)
    if kind is not None:
        # A copy is checked and renamed into place before it counts as a backup: nothing of
        # that can happen in a pipe or a device (and a rename would replace /dev/null).
        raise ProjectError(
            f"is {kind}; a backup must be a regular file: give a file name, or a folder "
            "to put the copy in",
            dest,
        )


def backup_project(source: Path, dest: Path) -> Path:
    """`annotator backup`: copy the project at `source` to `dest` (a file, or a folder to
    put `source`'s name in). Safe while the app or another command writes to it."""
    # The project module imports this one.
    from annotator.store.project import check_not_project_file, check_whole

    if dest.is_dir():
        dest = dest / source.name
    check_not_project_file(source, dest)
    _check_destination(dest)  # before the project is opened: nothing is read for nothing
    check_whole(source)  # a damaged project is refused, whatever its size, by its name
    return copy_project(source, dest)


def copy_project(source: Path, dest: Path) -> Path:
    """Copy the project at `source` to the file `dest` through a connection that only
    reads (see `open_for_copying`); the caller has checked the project's pages."""
    from annotator.store.project import open_for_copying

    conn = open_for_copying(source)
    try:
        return copy_database(conn, dest, lambda copy: _check_texts(copy, source))
    finally:
        conn.close()


def _check_texts(copy: sqlite3.Connection, source: Path) -> None:
    """ProjectError if a text of the copy of `source` is damaged: a copy that cannot be
    trusted must not push out an older, good one."""
    from annotator.store.project import damaged_document, text_damage

    document_id = damaged_document(copy)
    if document_id is not None:
        raise ProjectError(f"{text_damage(document_id)}; no copy was written", source)


def backup_folder(project_path: Path) -> Path:
    """Where the daily backups of `project_path` live: `PROJECT.db.backups/` beside it."""
    return project_path.with_name(project_path.name + ".backups")


def daily_backup(
    project_path: Path, keep: int = DAILY_KEEP, today: date | None = None
) -> Path | None:
    """Make today's backup of `project_path` (`PROJECT.db.backups/PROJECT-YYYY-MM-DD.db`)
    unless there is one, then delete all but the newest `keep`. Returns the new copy, or
    None if today's was already there."""
    today = today or date.today()
    folder = backup_folder(project_path)
    folder.mkdir(exist_ok=True)
    stem = project_path.stem
    dest = folder / f"{stem}-{today.isoformat()}.db"
    made = None
    if not dest.exists():
        # The app has checked the project (on open, or in the background when it is large)
        # before it asks; the copy is checked anyway.
        made = copy_project(project_path, dest)
    pattern = re.compile(re.escape(stem) + r"-\d{4}-\d{2}-\d{2}\.db")
    dated = sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name))
    for old in dated[: max(len(dated) - max(keep, 1), 0)]:
        old.unlink(missing_ok=True)
    return made


def free_name(path: Path) -> Path:
    """`path`, or `path` with .1, .2, ... added if it is taken."""
    candidate, n = path, 0
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate
