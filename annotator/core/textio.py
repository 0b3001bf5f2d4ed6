"""Decoding input files: UTF-8 (a leading BOM is accepted and stripped), with errors that
name the file, the line and the byte."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit


def decode(
    data: bytes,
    path: str | Path,
    encoding: str = "utf-8",
    first_line: int = 1,
    strip_bom: bool = True,
) -> str:
    """`data` decoded exactly (no newline translation); InputError naming the bad byte.

    `first_line` is the line number of `data`'s first line in its file, for the message.
    """
    is_utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8")
    if strip_bom and is_utf8 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = first_line + data.count(b"\n", 0, error.start)
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            f"not valid {encoding}: byte 0x{data[error.start]:02x} at byte {column} of the line "
            f"cannot be decoded (pass --encoding if the file uses another encoding)",
            path,
            line,
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path) from None


def decoded_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str, int]]:
    """(line number, decoded line with its line end, byte offset of the line's end) for
    each line of `path`, split on \\n only (U+2028 or a stray \\r never splits a line).

    A line longer than MAX_DOCUMENT_BYTES is refused before it is read whole, so memory
    stays bounded whatever the file; the first line loses a UTF-8 byte-order mark.
    """
    byte_end = 0
    with open(path, "rb") as fh:
        number = 0
        while raw := fh.readline(MAX_DOCUMENT_BYTES + 1):
            number += 1
            if len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n"):
                raise InputError(
                    f"the line is longer than {describe_limit()}, the limit for one document "
                    "with its annotations (is this the right file?)",
                    path,
                    number,
                )
            byte_end += len(raw)
            yield number, decode(raw, path, encoding, number, strip_bom=number == 1), byte_end
