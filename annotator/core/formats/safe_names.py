"""File names for document ids and annotator names, which may be anything.

An id becomes its own file name when that is safe everywhere (Linux, macOS, Windows): not
empty, no path separators or control characters, none of `<>:"|?*`, no leading dot or
trailing dot or space, not a Windows device name (`con`, `nul`, `com1`, even with a suffix),
at most 100 characters, and not the same as an earlier name ignoring case (case-insensitive
file systems). Any other id gets a readable stand-in plus a hash of the real id, e.g.
`.._x` -> `_.._x~3f0a1c2b9e`, so no name can write outside its folder. The mapping is written
beside the files (`write_mapping`) and read back on import (`read_mapping`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.textio import decoded_lines

MAX_LENGTH = 100
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*\u2028\u2029\x85]')
_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{prefix}{digit}" for prefix in ("com", "lpt") for digit in "0123456789¹²³"
}


def is_safe(name: str) -> bool:
    """True if `name` can be a file name on any common system, as it is."""
    if not name or len(name) > MAX_LENGTH or name != name.strip() or name.endswith("."):
        return False
    if name.startswith((".", "-", "~")) or _UNSAFE_CHARS.search(name):
        return False
    if "~" in name:  # the stand-ins' mark: a real id never looks like one
        return False
    return name.split(".")[0].lower().rstrip(" ") not in _DEVICES


def stand_in(name: str) -> str:
    """A safe name for an unsafe one: its safe characters (at most 60) and a hash."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    readable = _UNSAFE_CHARS.sub("_", name)[:60].strip(" .")
    return f"_{readable}~{digest}"


class SafeNames:
    """Gives each distinct real name one safe file name, unique ignoring case."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        """`reserved`: names the folder already uses for something else (its own files)."""
        self.by_real: dict[str, str] = {}
        self._taken: set[str] = {name.casefold() for name in reserved}

    def __call__(self, real: str) -> str:
        name = self.by_real.get(real)
        if name is None:
            name = real if is_safe(real) and real.casefold() not in self._taken else stand_in(real)
            self._taken.add(name.casefold())
            self.by_real[real] = name
        return name


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


_UNESCAPE = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def _unescape(value: str) -> str:
    return re.sub(r"\\[\\tnr]", lambda m: _UNESCAPE[m.group()], value)


def write_rows(path: Path, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """A tab-separated file; tabs, line ends and backslashes in values are escaped."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(header) + "\n")
        for row in rows:
            out.write("\t".join(map(_escape, row)) + "\n")


def read_rows(
    path: Path, header: tuple[str, ...], encoding: str = "utf-8"
) -> list[tuple[int, tuple[str, ...]]]:
    """(line number, values) for each row of a file `write_rows` wrote; InputError
    (`FILE:LINE: reason`, a byte that is not `encoding` named) otherwise."""
    rows = []
    for number, line, _ in decoded_lines(path, encoding):
        line = line.rstrip("\r\n")
        if number == 1:
            if tuple(line.split("\t")) != header:
                expected = " TAB ".join(header)
                raise InputError(f"expected the header line {expected}", path, 1)
            continue
        if not line:
            continue
        values = line.split("\t")
        if len(values) != len(header):
            raise InputError(f"expected {len(header)} tab-separated values", path, number)
        rows.append((number, tuple(map(_unescape, values))))
    return rows


def read_mapping(path: Path, encoding: str = "utf-8") -> dict[str, str]:
    """safe name -> real name, from a file `write_mapping` wrote, in file order."""
    mapping: dict[str, str] = {}
    for number, (name, real) in read_rows(path, ("name", "id"), encoding):
        if name in mapping:
            raise InputError(f"the name {name!r} appears twice", path, number)
        mapping[name] = real
    return mapping


def write_mapping(path: Path, names: SafeNames) -> None:
    """Every (safe name, real name) pair, in the order the names were given."""
    write_rows(path, ("name", "id"), [(name, real) for real, name in names.by_real.items()])
