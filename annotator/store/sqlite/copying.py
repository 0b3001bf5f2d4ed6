"""Consistent copies of an SQLite database: the one way a project file is copied (backups,
the copy before an upgrade, a rescue copy), so that a copy is whole and checked before it
replaces anything."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from annotator.core.errors import ProjectError
from annotator.core.output_files import remove_stale_temporaries, special_file, temporary_name


def copy_database(
    conn: sqlite3.Connection,
    dest: Path,
    check_copy: Callable[[sqlite3.Connection], None] | None = None,
) -> Path:
    """Write a consistent copy of the database open on `conn` to `dest` (replacing a file
    there only once the copy is whole and checked, by its page check and then by `check_copy`,
    which raises to refuse it). Returns `dest`."""
    check_destination(dest)
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


def check_destination(dest: Path) -> None:
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


def free_name(path: Path) -> Path:
    """`path`, or `path` with .1, .2, ... added if it is taken."""
    candidate, n = path, 0
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate
