"""Which journal files a project's connections in this process write to, and what to do
when another program deletes or replaces them.

While any connection of a process has a project open, SQLite never deletes its `-wal` (no
one else is the last user), and every connection of the process shares one mapping of
the `-shm`. So if the `-wal`, the `-shm` or the `.db` at the project's path are not the
files the process opened, another program (a sync client, a clean-up script) removed or
replaced them: a write now would go into a file nobody will read, and a connection opened
now would mix the old shared memory with the new files. One record per project file and
process (not per connection: a worker's new connection must not pass where the window's
refuses) says which files were opened, and once they are gone every write and every new
connection is refused until the last connection closes.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import ProjectError

Identity = tuple[int, int] | None


def file_identity(path: Path) -> Identity:
    """(device, inode) of the file at `path`, None if there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def journal_identity(path: Path) -> tuple[Identity, Identity]:
    """Which files the project's `-wal` and `-shm` are, None where absent."""
    return (
        file_identity(path.with_name(path.name + "-wal")),
        file_identity(path.with_name(path.name + "-shm")),
    )


@dataclass
class OpenFile:
    """The files this process's connections to one project use, and how many there are."""

    key: Identity  # the .db
    journal: tuple[Identity, Identity]
    users: int = 0
    lost: str | None = None  # why nothing more may be written, once it is so

    def changed(self, path: Path) -> bool:
        return file_identity(path) != self.key or journal_identity(path) != self.journal


_OPEN: dict[Identity, OpenFile] = {}
_LOCK = threading.Lock()


def lost_reason(path: Path, kept: str = "Nothing was written since.") -> str:
    """What to tell the user; `kept` says where what the window had was saved."""
    return (
        f"another program deleted or replaced this project's journal ({path.name}-wal, "
        f"{path.name}-shm) or the file itself while it was open, so nothing more can be "
        f"saved to it from here. {kept} To go on, quit the app, then open the rescue copy "
        "(File ▸ Open project) to keep working from what you saw, or the project itself to "
        "see what the other program left; compare them before you continue"
    )


def check_still_ours(path: Path) -> None:
    """Before another connection opens `path`: ProjectError if the process's connections
    to it lost their files (a new connection would read a mix of old and new)."""
    with _LOCK:
        record = _OPEN.get(file_identity(path))
        if record is None:
            return
        if record.lost is None and record.changed(path):
            record.lost = lost_reason(path)
        if record.lost is not None:
            raise ProjectError(record.lost, path)


def claim(path: Path) -> OpenFile:
    """Count one more connection to `path` (after its first read has opened the journal
    files); ProjectError as `check_still_ours`."""
    with _LOCK:
        key = file_identity(path)
        record = _OPEN.get(key)
        if record is None:
            record = _OPEN[key] = OpenFile(key, journal_identity(path))
        elif record.lost is None and record.changed(path):
            record.lost = lost_reason(path)
        if record.lost is not None:
            raise ProjectError(record.lost, path)
        record.users += 1
        return record


def release(record: OpenFile) -> None:
    with _LOCK:
        record.users -= 1
        if record.users <= 0 and _OPEN.get(record.key) is record:
            del _OPEN[record.key]


def close_without_checkpoint(conn: sqlite3.Connection) -> None:
    """Close `conn` leaving the database file alone: its last-user checkpoint would copy
    this connection's stale journal over what others wrote since. Where SQLite cannot be
    told so, the connection is never closed (the store process ends with os._exit)."""
    setconfig = getattr(conn, "setconfig", None)  # Python 3.12+
    if setconfig is not None:
        setconfig(_NO_CKPT_ON_CLOSE, True)
        conn.close()
        return
    if _set_no_checkpoint_3_11(conn):
        conn.close()
    else:
        KEPT_OPEN.append(conn)


def _set_no_checkpoint_3_11(conn: sqlite3.Connection) -> bool:
    # Python 3.11 has no setconfig: call sqlite3_db_config on the connection's sqlite3*
    # (the first field after the object header). Only where a variadic C function takes
    # its arguments as ctypes passes them: not on Apple's arm64 ABI.
    if sys.platform == "darwin" or os.name == "nt":
        return False
    try:
        import _sqlite3

        lib = ctypes.CDLL(_sqlite3.__file__)
        handle = ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
        if not handle:
            return False
        db_config = lib.sqlite3_db_config
        db_config.restype = ctypes.c_int
        result = db_config(
            ctypes.c_void_p(handle), _NO_CKPT_ON_CLOSE, ctypes.c_int(1), ctypes.c_void_p(0)
        )
    except (OSError, AttributeError, ImportError):
        return False
    return int(result) == 0  # SQLITE_OK


_NO_CKPT_ON_CLOSE = 1006  # SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE
KEPT_OPEN: list[sqlite3.Connection] = []
