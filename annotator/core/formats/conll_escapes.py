"""The escapes of the CoNLL format (see `conll`): whitespace, `|` and `\\` in tokens, notes
and header fields, so that no token line holds a tab, a newline or a space of the text."""

from __future__ import annotations

import re

from annotator.core.strict_json import LineError

_ESCAPES = {" ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "|": "\\p", "\\": "\\\\"}
_UNESCAPES = {"s": " ", "t": "\t", "n": "\n", "r": "\r", "p": "|", "\\": "\\", "_": "_", "-": "-"}


def escape(value: str) -> str:
    """`value` with whitespace, `|` and `\\` escaped: no tab, newline or space is left."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isspace():
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def unescape(value: str) -> str:
    """The inverse of `escape`; LineError for an unknown or cut-off escape."""
    if "\\" not in value:
        return value
    out = []
    index = 0
    while index < len(value):
        char = value[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        code = value[index + 1 : index + 2]
        if code in _UNESCAPES:
            out.append(_UNESCAPES[code])
            index += 2
        elif code == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", value[index + 2 : index + 6]):
            char = chr(int(value[index + 2 : index + 6], 16))
            if "\ud800" <= char <= "\udfff":
                raise LineError(
                    f"{value[index : index + 6]!r} escapes a lone surrogate, not a character"
                )
            out.append(char)
            index += 6
        else:
            raise LineError(f"unknown escape {value[index : index + 2]!r} in {value!r}")
    return "".join(out)


def header_field(value: str | None) -> str:
    """An id or annotator in the header: `_` stands for none (so a name `_` is `\\_`), and
    a leading `-` is escaped so that a header never reads as CoNLL-2003's `-DOCSTART- -X-`."""
    if value is None:
        return "_"
    if value == "_":
        return "\\_"
    value = escape(value)
    return "\\" + value if value.startswith("-") else value
