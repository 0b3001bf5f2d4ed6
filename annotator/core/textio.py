"""Decoding input files: UTF-8 (a leading BOM is accepted and stripped), with errors that
name the file, the line and the byte."""

from __future__ import annotations

import codecs
from pathlib import Path

from annotator.core.errors import InputError


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
