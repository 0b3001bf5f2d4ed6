"""A file that is one JSON array (Label Studio's tasks), read item by item.

The file is decoded in chunks and each item decoded as soon as it is whole, so memory holds
about one item and one chunk whatever the file's size; an item larger than
MAX_DOCUMENT_BYTES is refused once that much of it has been read. Items are decoded by the
strict decoder every format uses (`strict_json`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit
from annotator.core.strict_json import JsonSyntaxError, LineError, decode_value, skip_space
from annotator.core.textio import CHUNK_BYTES, MAX_BYTES_PER_CHARACTER, DecodedFile

# A syntax error this close to the end of what has been read may only mean that the item
# goes on in the next chunk (a number, "true", a \\u escape cut in two).
_CUT_TOKEN = 16


class _Buffer:
    """The decoded text read so far and not yet consumed, with line numbers of positions."""

    def __init__(self, source: DecodedFile):
        self.source = source
        self._chunks = source.chunks()
        self.text = ""
        self.eof = False
        self._line = 1  # the line of `_counted`
        self._counted = 0
        self._first_column = 1  # the column of text[0] in its line

    def more(self, keep: int) -> int:
        """Drop the text before `keep`, read the next chunk; the new index of `keep`.
        At the end of the file `eof` is set and nothing changes."""
        chunk = next(self._chunks, None)
        if chunk is None:
            self.eof = True
            return keep
        self._first_column = self.column_at(keep)
        self._line = self.line_at(keep)
        self._counted = 0
        self.text = self.text[keep:] + chunk
        return 0

    def skip_space(self, position: int) -> int:
        """The index of the first non-space character at or after `position`, reading
        further as needed (len(text) at the end of the file)."""
        while True:
            position = skip_space(self.text, position)
            if position < len(self.text) or self.eof:
                return position
            position = self.more(position)

    def line_at(self, position: int) -> int:
        if position < self._counted:  # looking back (an error): count again
            self._line -= self.text.count("\n", position, self._counted)
        else:
            self._line += self.text.count("\n", self._counted, position)
        self._counted = position
        return self._line

    def column_at(self, position: int) -> int:
        newline = self.text.rfind("\n", 0, position)
        return position - newline if newline >= 0 else self._first_column + position


def json_array_items(path: Path, encoding: str, noun: str) -> Iterator[tuple[int, Any, int]]:
    """(line where it starts, value, bytes of the file read so far) for each item of the
    JSON array that is the whole of `path`, or for the one object if the file is a JSON
    object; nothing for a file of only whitespace. `noun` names an item in messages
    ("task"). InputError names the line of a bad item and, for syntax, the column."""
    buffer = _Buffer(DecodedFile(path, encoding))
    position = buffer.skip_space(0)
    if position == len(buffer.text):
        return
    if buffer.text[position] == "{":
        line = buffer.line_at(position)
        value, end = _item(buffer, position, path, f"{noun} 0")
        yield line, value, buffer.source.bytes_read
        _expect_end(buffer, end, path, f"after the {noun}")
        return
    if buffer.text[position] != "[":
        raise InputError(f"expected a JSON array of {noun}s", path, buffer.line_at(position))
    position, index = buffer.skip_space(position + 1), 0
    while not buffer.text.startswith("]", position):
        if index:
            if not buffer.text.startswith(",", position):
                raise InputError(
                    f"expected ',' or ']' between {noun}s", path, buffer.line_at(position)
                )
            position = buffer.skip_space(position + 1)
        line = buffer.line_at(position)
        value, end = _item(buffer, position, path, f"{noun} {index}")
        yield line, value, buffer.source.bytes_read
        position, index = buffer.skip_space(end), index + 1
    _expect_end(buffer, position + 1, path, f"after the array of {noun}s")


def _expect_end(buffer: _Buffer, position: int, path: Path, where: str) -> None:
    position = buffer.skip_space(position)
    if position < len(buffer.text):
        raise InputError(f"unexpected content {where}", path, buffer.line_at(position))


def _item(buffer: _Buffer, start: int, path: Path, what: str) -> tuple[Any, int]:
    """The value that begins at `buffer.text[start]` and the index just past it, reading
    on until it is whole. The buffer may drop text before `start` (`start` moves)."""
    limit = MAX_DOCUMENT_BYTES
    if start == len(buffer.text):
        raise InputError(f"the file ends where {what} should be", path, buffer.line_at(start))
    while True:
        try:
            value, end = decode_value(buffer.text, start)
        except JsonSyntaxError as error:
            cut = error.msg.startswith("Unterminated string") or (
                error.position >= len(buffer.text) - _CUT_TOKEN
            )
            if buffer.eof or not cut:
                column = buffer.column_at(error.position)
                line = buffer.line_at(error.position)
                raise InputError(error.at_column(column), path, line) from None
        except LineError as error:  # duplicate keys, NaN, nesting: more text changes nothing
            raise InputError(str(error), path, buffer.line_at(start)) from None
        else:
            whole = end < len(buffer.text) or buffer.eof or buffer.text[start] in '{["'
            if whole:
                if (end - start) * MAX_BYTES_PER_CHARACTER > limit and (
                    buffer.source.byte_length(buffer.text[start:end]) > limit
                ):
                    raise _too_large(what, limit, path, buffer.line_at(start))
                return value, end
        # Not whole yet: read on, doubling what is held so that decoding it again and
        # again costs at most twice decoding it once.
        if len(buffer.text) - start > limit:  # each character is at least a byte
            raise _too_large(what, limit, path, buffer.line_at(start))
        target = min(max(len(buffer.text) - start, CHUNK_BYTES) * 2, limit + 1)
        while len(buffer.text) - start < target and not buffer.eof:
            start = buffer.more(start)


def _too_large(what: str, limit: int, path: Path, line: int) -> InputError:
    return InputError(
        f"{what} is larger than {describe_limit(limit)}, the limit for one document with "
        "its annotations (is this the right file?)",
        path,
        line,
    )
