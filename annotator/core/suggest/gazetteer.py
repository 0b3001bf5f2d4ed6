"""Gazetteer files: names a user imports for the known-actors suggester.

One name a line, or `name<TAB>alias` (the alias is another form of the name: both are
looked for, and a suggestion covers whichever form the text has). Blank lines and lines
whose first visible character is `#` are skipped. The text is UTF-8, with or without a
byte-order mark, or UTF-16 or UTF-32 with one (`core.textio`); lines end in LF or CRLF.
A name's white space is collapsed to single spaces.

`read_gazetteer(path)` reads it all or nothing: the first bad line (more than one tab, an
empty name, a name or alias over MAX_NAME_LENGTH characters, a NUL or another control
character, a byte that cannot be decoded) or a file over the size limit raises InputError
`FILE:LINE: reason`, and nothing is returned. Names the matcher ignores (one character, or
no letter or digit) are accepted here: they are a user's data, just never matched.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core import limits
from annotator.core.errors import InputError
from annotator.core.textio import decode

MAX_NAME_LENGTH = 200  # characters, after white space is collapsed
_FORM = "a line is a NAME, or NAME<TAB>ALIAS"
# Unicode's control characters (category Cc) but the tab.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def read_gazetteer(path: Path, encoding: str = "utf-8") -> list[tuple[str, str]]:
    """The (name, alias or "") rows of the gazetteer file at `path` (in `encoding`, UTF-8
    unless told; a byte-order mark decides), in file order, each once; InputError naming
    the file and line at the first problem."""
    limit = limits.MAX_DOCUMENT_BYTES  # read when called: tests lower it
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)  # a pipe or a device has no size to ask first
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path) from None
    if len(data) > limit:
        raise InputError(
            f"the file is larger than {limits.describe_limit(limit)}, the limit for a "
            "gazetteer (is this the right file?)",
            path,
        )
    text = decode(data, path, encoding)
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        row = _row(line.removesuffix("\r"), path, number)
        if row is not None and row not in seen:
            seen.add(row)
            rows.append(row)
    return rows


def _row(line: str, path: Path, number: int) -> tuple[str, str] | None:
    """The (name, alias) of one line, None for a blank or comment line."""
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    _check_characters(line, path, number)
    parts = line.split("\t")
    if len(parts) > 2:
        raise InputError(f"{len(parts) - 1} tabs in the line: {_FORM}", path, number)
    name = " ".join(parts[0].split())
    alias = " ".join(parts[1].split()) if len(parts) == 2 else ""
    if not name:
        raise InputError(f"the name before the tab is empty: {_FORM}", path, number)
    for what, value in (("name", name), ("alias", alias)):
        if len(value) > MAX_NAME_LENGTH:
            raise InputError(
                f"the {what} is {len(value)} characters long, over the {MAX_NAME_LENGTH} a "
                "name may have (is this the right file?)",
                path,
                number,
            )
    return name, "" if alias == name else alias


def _check_characters(line: str, path: Path, number: int) -> None:
    found = _CONTROL.search(line)
    if found is None:
        return
    ch = found.group()
    if ch == "\0":
        reason = (
            "a NUL character in the line (a UTF-16 file needs its byte-order mark; or save "
            "it as UTF-8)"
        )
    elif ch == "\r":
        reason = "a carriage return inside the line (lines end in LF or CRLF)"
    else:
        reason = (
            f"control character U+{ord(ch):04X} in the line (only a tab, between a name "
            "and its alias)"
        )
    raise InputError(reason, path, number)
