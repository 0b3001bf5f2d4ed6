"""Writing the files a user names: exports (`write_atomically`) and backups (their
temporary names and the clean-up of those a dead process left, files and the temporary
folders a brat export writes).

A regular file, a link or a new name is replaced atomically: written under a temporary
name beside it, synced, and renamed over it, so an interrupted write leaves the old file or
the whole new one. A pipe, a terminal, /dev/null or /dev/stdout is written into directly
and stays what it is: replacing it would put a regular file where the device or pipe was.
A block device or a socket is refused.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from annotator.core.errors import AnnotatorError

# A temporary file whose writer is certainly gone, or that nobody has written for this long
# (see `_is_stale`), is removed by the next write into its folder.
STALE_AFTER_SECONDS = 24 * 60 * 60
_HOST = re.sub(r"[^A-Za-z0-9-]", "", socket.gethostname())[:63]
# `.NAME.PID@HOST.UUID.tmp` (exports: a file, or a folder for brat) and
# `.NAME.PID@HOST.UUID.partial` (backups), with the journal files SQLite makes beside a
# .partial; before the writer's pid and host were in the name it was `.NAME.UUID.tmp`
# (owner unknown).
_TEMPORARY = re.compile(
    r"\..+?(?:\.(?P<pid>\d+)@(?P<host>[A-Za-z0-9-]*))?\.[0-9a-f]{32}\.(?P<kind>tmp|partial)"
    r"(?P<journal>-journal|-wal|-shm)?"
)
# /dev/stdout is a link to /proc/self/fd/1; /dev/fd is /proc/self/fd (a folder of its own
# on the BSDs and macOS).
_DESCRIPTOR_FOLDER = re.compile(r"/proc/[^/]+/fd|/dev/fd")
_SUFFIXES = (".tmp", ".partial")


def write_atomically(path: Path, write: Callable[[IO[str]], int]) -> int:
    """Run `write(stream)` with a UTF-8 text stream (\\n line ends) into `path`, then close
    it. A regular file (or a new name) is written under a temporary name beside it and
    renamed into place, so an interrupted export never leaves half a file; it gets the usual
    permissions (as `open()` would give it, or those of the file it replaces). A pipe or a
    character device (`/dev/null`, a terminal, `/dev/stdout`) is written into directly.
    Returns what `write` did."""
    with (
        _output(path) as fd,
        os.fdopen(fd, "w", encoding="utf-8", newline="\n", closefd=False) as out,
    ):
        return write(out)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """`data` into `path` as `write_atomically` writes text (binary formats: spaCy's)."""
    with _output(path) as fd, os.fdopen(fd, "wb", closefd=False) as out:
        out.write(data)


def special_file(path: Path) -> str | None:
    """What `path` is, if it is there and is not a file that may be replaced: "a pipe",
    "a character device", "an open descriptor" (/dev/stdout, whatever it leads to), ...;
    None for a regular file, a link, or a name nothing has yet."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # nothing there (or unreachable: opening it will say why)
        return None
    if stat.S_ISLNK(mode):
        # A link is replaced, not followed: one planted where an export goes must not lead
        # the export elsewhere. Only a link to an open descriptor is written through.
        return "an open descriptor" if _names_a_descriptor(path) else None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def temporary_name(path: Path, suffix: str) -> Path:
    """A new name beside `path` to write it under before renaming: `.NAME.PID@HOST.UUID`
    + `suffix` (".tmp" or ".partial"), which `remove_stale_temporaries` recognises (a
    ".tmp" may be a file or a folder)."""
    assert suffix in _SUFFIXES
    # The name is only there for a person who finds the file: cut so that the whole stays
    # well within the 255 bytes a file name may have.
    stem = os.fsencode(path.name)[:80].decode("utf-8", "ignore")
    return path.with_name(f".{stem}.{os.getpid()}@{_HOST}.{os.urandom(16).hex()}{suffix}")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporaries of our naming (see `temporary_name`) in `folder` that a
    process killed while writing left there: files (an export of 1 GB leaves a 1 GB one)
    and ".tmp" folders (a brat export's, with everything in it). A link is never followed
    nor removed. Never raises; returns what it removed.

    A temporary is stale when its writer has certainly gone: the pid in its name is not
    alive on this host. The pid alone is not enough: another machine's export into a
    shared folder has a pid we cannot see, and a dead writer's pid may be reused. So a
    temporary nobody has written for a day is stale too (a live writer changes it all the
    time; one stopped for a day finds it gone and says so when it renames)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    cutoff = time.time() - STALE_AFTER_SECONDS
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match is None:
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                if _writer_gone(match) or not _file_written_since(entry, cutoff):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            elif (
                entry.is_dir(follow_symlinks=False)
                and (match["kind"], match["journal"]) == ("tmp", None)
                and (_writer_gone(match) or not _folder_written_since(entry.path, cutoff))
            ):
                import shutil  # here: the app's start imports this module

                shutil.rmtree(entry.path)  # never follows a link inside
                removed.append(Path(entry.path))
        except OSError:  # gone meanwhile, or not ours to remove
            continue
    return removed


def _writer_gone(match: re.Match[str]) -> bool:
    """Whether the pid in a temporary's name is certainly not alive (it is of this host)."""
    pid = match["pid"]
    return pid is not None and match["host"] == _HOST and not _alive(int(pid))


def _file_written_since(entry: os.DirEntry[str], cutoff: float) -> bool:
    return entry.stat(follow_symlinks=False).st_mtime > cutoff


def _folder_written_since(folder: str, cutoff: float) -> bool:
    """Whether anything in the tree of `folder` (itself included, links not followed) was
    changed after `cutoff`: a live brat export writes deep inside its folder, where the
    folder's own time does not change."""
    if os.lstat(folder).st_mtime > cutoff:
        return True
    for parent, names, files in os.walk(folder):
        for name in names + files:
            if os.lstat(os.path.join(parent, name)).st_mtime > cutoff:
                return True
    return False


def _alive(pid: int) -> bool:
    # A killed process that its parent has not reaped yet (a zombie) still counts as alive.
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except PermissionError:  # someone else's process
        return True
    except (ProcessLookupError, OverflowError):  # gone, or not a pid at all
        return False
    return True


def _names_a_descriptor(path: Path) -> bool:
    """True if the link `path` leads, through links, to an open descriptor (/proc/PID/fd/N,
    /dev/fd/N, /dev/stdout): the file behind it is written in place, never replaced
    (`-o /dev/stdout >> log` must add to `log`, and no temporary file belongs in /dev)."""
    current = Path(os.path.abspath(path))
    for _ in range(40):  # the kernel's limit of links followed
        if _DESCRIPTOR_FOLDER.fullmatch(os.path.realpath(current.parent)):
            return True
        if not current.is_symlink():
            return False
        current = Path(os.path.abspath(current.parent / os.readlink(current)))
    return False


@contextmanager
def _output(path: Path) -> Iterator[int]:
    """A descriptor to write `path` through: directly into a pipe or character device, else
    into a temporary file that is synced and renamed over `path` once the block ends."""
    if path.is_dir():  # a link to a folder too
        raise AnnotatorError("is a folder; give a file name for the export", path)
    kind = special_file(path)
    if kind is None:
        with _replacing(path) as fd:
            yield fd
        return
    if kind not in ("a pipe", "a character device", "an open descriptor"):
        raise AnnotatorError(f"is {kind}; export to a file, a pipe or a terminal", path)
    # O_APPEND: a file behind /dev/stdout is written where the shell's `>>` would (after
    # `>` it is empty, so the same as writing it from the start). A pipe's open waits for a
    # reader, as the shell's `>` into it would.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        yield fd
    finally:
        os.close(fd)


@contextmanager
def _replacing(path: Path) -> Iterator[int]:
    """A descriptor of a new temporary file beside `path`; once the block ends, the file is
    synced to disk and renamed over `path` (a power cut leaves the old file or the whole new
    one), and the folder is synced. On an error the temporary file is removed."""
    if not path.parent.is_dir():
        raise AnnotatorError(f"folder {path.parent} does not exist", path)
    remove_stale_temporaries(path.parent)
    tmp = temporary_name(path, ".tmp")
    # Mode 0o666 through os.open lets the system apply the umask, as open() would (reading
    # the umask with os.umask() would briefly change it for every thread).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            if path.exists():
                os.fchmod(fd, path.stat().st_mode & 0o777)  # a replaced file keeps its mode
            yield fd
            os.fsync(fd)  # on disk before the rename
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_folder(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
