"""The one strict JSON decoder every input format uses: a JSONL line, a task of a JSON array.

Refused, with a LineError saying why: duplicate keys, NaN and Infinity, floats too large to
be finite, integers beyond Python's digit limit, lone surrogate escapes, and values nested
deeper than MAX_JSON_DEPTH levels (Python's decoder and encoder recurse once per level: a
line of 1,000 brackets would otherwise end in a RecursionError, here or when the value is
stored). Nesting costs nothing to check for ordinary input: a value with fewer brackets
than the limit cannot be too deep, and only a value with more is walked after decoding.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.limits import MAX_JSON_DEPTH
from annotator.core.textio import decoded_lines

_SPACE = re.compile(r"[ \t\n\r]*")  # what json.loads skips around a value


class LineError(Exception):
    """A problem in one line or value; the reader adds the file and line number."""


class JsonSyntaxError(LineError):
    """Not JSON: `msg` is the decoder's reason, `position` the index in the decoded text."""

    def __init__(self, msg: str, position: int):
        super().__init__(f"not valid JSON ({msg})")
        self.msg = msg
        self.position = position

    def at_column(self, column: int) -> str:
        """The reason with the column (1-based, in characters) of `position` in its line."""
        return f"not valid JSON ({self.msg} at column {column})"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise LineError(f"duplicate key {key!r} in a JSON object")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise LineError(f"{name} is not a valid JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 would become Infinity, which JSON cannot write
        raise LineError(f"{text} is not a finite number (too large for a float)")
    return value


_DECODER = json.JSONDecoder(
    object_pairs_hook=_no_duplicates, parse_constant=_no_constants, parse_float=_finite_float
)
TOO_DEEP = f"JSON nested deeper than {MAX_JSON_DEPTH} levels"


def decode_value(text: str, start: int) -> tuple[Any, int]:
    """The JSON value that begins at `text[start]` (not whitespace), and the index just
    past it, decoded strictly. JsonSyntaxError or LineError says what is wrong."""
    try:
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(error.msg.removesuffix(" at"), error.pos) from None
    except RecursionError:  # far deeper than the limit: the decoder ran out of stack
        raise LineError(TOO_DEEP) from None
    except ValueError:  # an integer beyond Python's int/str conversion limit
        raise LineError("a number is too large (more than 4300 digits)") from None
    if (
        isinstance(value, dict | list)
        and text.count("[", start, end) + text.count("{", start, end) > MAX_JSON_DEPTH
        and _deeper_than(value, MAX_JSON_DEPTH)
    ):
        raise LineError(TOO_DEEP)
    if (text.find("\\ud", start, end) >= 0 or text.find("\\uD", start, end) >= 0) and (
        _has_lone_surrogate(value)
    ):
        raise LineError(
            "a string contains a lone surrogate escape (such as \\ud800), which is not "
            "valid Unicode text"
        )
    return value, end


def parse_json(text: str) -> Any:
    """`text`, one JSON value on one line (whitespace around it allowed), parsed strictly;
    LineError says what is wrong, syntax errors with their column."""
    try:
        value, end = decode_value(text, skip_space(text, 0))
        end = skip_space(text, end)
        if end != len(text):
            raise JsonSyntaxError("Extra data", end)
    except JsonSyntaxError as error:
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise LineError(error.at_column(column)) from None
    return value


def json_lines(path: Path, encoding: str) -> Iterator[tuple[int, Any, int]]:
    """(line number, parsed JSON value, byte offset of the line's end) for each non-blank
    line of `path`, parsed strictly. InputError names the first bad line. Lines split on
    \\n only; one longer than MAX_DOCUMENT_BYTES is refused before it is read whole."""
    for number, line, byte_end in decoded_lines(path, encoding):
        if not line or line.isspace():  # isspace, unlike strip, copies nothing
            continue
        try:
            value = parse_json(line.rstrip("\r\n"))
        except LineError as error:
            raise InputError(str(error), path, number) from None
        yield number, value, byte_end


def skip_space(text: str, position: int) -> int:
    """The index of the first character at or after `position` that is not JSON's
    whitespace (len(text) if there is none)."""
    match = _SPACE.match(text, position)
    return match.end() if match else position


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels in `value` (walked without
    recursion, so any depth is safe to ask about)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return False


def _has_lone_surrogate(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
