"""The files of a folder given to an import, read safely: nothing outside the folder given,
no file larger than the one size limit. Every folder import lists its folder with `walk`:
a brat folder, and a folder of files (.txt, .jsonl, .conll, ...) on every other path.

`walk(folder)` lists the folder's files before anything is read, and refuses the whole
folder (InputError naming the entry) for any entry whose real path, symbolic links resolved,
is not inside the real path of the folder given, or that is neither a regular file nor a
folder (a pipe would block the import, a link to nothing cannot be read). Refusing, not
skipping with a note, is deliberate: a link out of the folder is a mistake or an attack,
and either way the person importing must hear of it before the project changes, not find
one line in a long report after a document went missing. A link to a file inside may be
read. A link to a folder inside is not followed: the files it leads to are listed where they
really are (so each is read once, and a link loop cannot trap the walk), and the caller
reports such links.

`read_text(path, encoding)` reads one file whole, refused before a byte is read when it is
larger than `limits.MAX_DOCUMENT_BYTES` (looked up at each call, so that lowering the limit
lowers it here).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core import limits
from annotator.core.errors import InputError
from annotator.core.textio import decode


@dataclass
class FolderFiles:
    files: list[Path] = field(default_factory=list)  # regular files, by path, as under the folder
    linked_folders: list[Path] = field(default_factory=list)  # links to folders inside


def walk(folder: Path) -> FolderFiles:
    """Every file under `folder` (paths start with `folder` as given), sorted; InputError
    for an entry that leads outside it or is not a file or folder."""
    root = Path(os.path.realpath(folder))
    found = FolderFiles()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            names = sorted(os.listdir(current))
        except OSError as error:
            raise InputError(f"cannot list the folder ({error.strerror})", current) from None
        for name in names:
            path = current / name
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(root):
                raise InputError(
                    f"is a symbolic link leading outside the folder (to {real}); an import "
                    f"reads only what is inside {folder}",
                    path,
                )
            try:
                mode = os.stat(path).st_mode  # through a link, to what it leads to
            except OSError as error:
                reason = error.strerror
                if path.is_symlink():
                    reason = "a symbolic link that leads to nothing"
                raise InputError(f"cannot be read ({reason})", path) from None
            if stat.S_ISDIR(mode):
                (found.linked_folders if path.is_symlink() else pending).append(path)
            elif stat.S_ISREG(mode):
                found.files.append(path)
            else:
                raise InputError(_NOT_A_FILE, path)
    found.files.sort()
    found.linked_folders.sort()
    return found


_NOT_A_FILE = "is not a regular file (a pipe, a device or a socket); an import reads files only"


def read_text(path: Path, encoding: str, strip_bom: bool = True) -> str:
    """The text of `path`, decoded exactly (`textio.decode`: InputError naming the line and
    the byte); InputError before reading when the file is larger than the size limit."""
    limit = limits.MAX_DOCUMENT_BYTES
    too_large = InputError(
        f"the file is larger than {limits.describe_limit(limit)}, the limit for one document "
        "(is this the right file?)",
        path,
    )
    try:
        # Non-blocking, so that a pipe put in the file's place fails the check below
        # instead of waiting for a writer forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError(_NOT_A_FILE, path)
            if info.st_size > limit:
                raise too_large
            data = fh.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path) from None
    if len(data) > limit:  # it grew after the check
        raise too_large
    return decode(data, path, encoding, strip_bom=strip_bom)
