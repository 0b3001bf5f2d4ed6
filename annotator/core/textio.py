"""Decoding input files, with errors that name the file, the line and the byte.

Any text encoding Python knows (UTF-8 by default). A byte-order mark at the start of a file
is dropped (UTF-8, UTF-16, UTF-32; "utf-8-sig" is UTF-8); "utf-16" or "utf-32" without
one is read in the byte order its first character shows, as JSON, CoNLL and text files
start with an ASCII character. Files are decoded before they are split into lines, so
lines split on the decoded "\\n" whatever the encoding, and incrementally, so that memory
stays bounded whatever the file's size.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit

CHUNK_BYTES = 1024 * 1024  # read and decoded at a time
MAX_BYTES_PER_CHARACTER = 4  # UTF-8, UTF-16 and UTF-32 alike

_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}
_ASCII = "".join(map(chr, range(128)))


def resolve_codec(encoding: str, head: bytes, path: str | Path) -> tuple[str, int]:
    """(codec, length of the byte-order mark) for a file in `encoding` that starts with
    `head` (its first four bytes or more); InputError for an unknown encoding."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    # "hex", "rot13" and the like are codecs, but not of bytes to text (as str.decode says)
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InputError(f"unknown encoding {encoding!r}", path)
    name = info.name
    if name == "utf-8-sig":
        name = "utf-8"
    if name == "utf-8":
        # A UTF-16 or UTF-32 byte-order mark cannot begin UTF-8 text: the file says what it
        # is (the app's import has no encoding to choose). UTF-32 first: FF FE 00 00 also
        # begins with UTF-16's FF FE.
        for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
            if head.startswith(_BOMS[codec]):
                return codec, len(_BOMS[codec])
    if name in ("utf-16", "utf-32"):
        for codec in (f"{name}-le", f"{name}-be"):
            if head.startswith(_BOMS[codec]):
                return codec, len(_BOMS[codec])
        # No mark: big-endian puts the NUL bytes of an ASCII character first.
        big = head[:1] == b"\0" and (name == "utf-16" or head[:2] == b"\0\0")
        return f"{name}-{'be' if big else 'le'}", 0
    bom = _BOMS.get(name)
    return name, len(bom) if bom and head.startswith(bom) else 0


def sniff_unicode(head: bytes) -> str:
    """The encoding of a text starting with `head`, if its byte-order mark or the NUL bytes
    around an ASCII first character show UTF-16 or UTF-32 (as RFC 4627 tells JSON's
    encodings apart); else "utf-8"."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\0\0\0" in (head[:3], head[1:4]):
        return "utf-32"
    if b"\0" in (head[:1], head[1:2]):
        return "utf-16"
    return "utf-8"


class ByteCounter:
    """How many bytes text takes in `codec`: the unit of every size limit on input."""

    def __init__(self, codec: str):
        self._encode = codecs.getincrementalencoder(codec)("replace").encode
        try:
            self._ascii_as_is = _ASCII.encode(codec) == _ASCII.encode("ascii")
        except UnicodeEncodeError:
            self._ascii_as_is = False

    def __call__(self, text: str) -> int:
        if self._ascii_as_is and text.isascii():  # isascii is O(1) on a str
            return len(text)
        return len(self._encode(text))


class DecodedFile:
    """The text of the file at `path`, decoded incrementally (`chunks`), its mark dropped.

    `bom` is the mark's length in bytes and `bytes_read` how far reading has got (for
    progress); `byte_length(text)` measures decoded text in the file's encoding.
    """

    def __init__(self, path: Path, encoding: str = "utf-8"):
        self.path = path
        self.encoding = encoding
        with open(path, "rb") as fh:
            head = fh.read(4)
        self.codec, self.bom = resolve_codec(encoding, head, path)
        self.byte_length = ByteCounter(self.codec)
        self.bytes_read = 0

    def chunks(self) -> Iterator[str]:
        """The text in pieces of about CHUNK_BYTES bytes of the file. A byte that cannot
        be decoded raises InputError naming its line and its byte in the line, after the
        text before it has been yielded."""
        decoder = codecs.getincrementaldecoder(self.codec)()
        measure = ByteCounter(self.codec)
        line, column = 1, 0  # the line being read, and its bytes read so far
        with open(self.path, "rb") as fh:
            fh.seek(self.bom)
            self.bytes_read = self.bom
            while True:
                data = fh.read(CHUNK_BYTES)
                try:
                    text = decoder.decode(data, final=not data)
                except UnicodeDecodeError as error:
                    valid = error.object[: error.start].decode(self.codec)
                    if valid:
                        yield valid
                    line, column = _advance(line, column, valid, measure)
                    raise _undecodable(self.encoding, error, column, self.path, line) from None
                except UnicodeError as error:  # a codec such as idna: not for files
                    raise _not_a_file_codec(self.encoding, error, self.path, line) from None
                self.bytes_read += len(data)
                if text:
                    line, column = _advance(line, column, text, measure)
                    yield text
                if not data:
                    return


def _advance(line: int, column: int, text: str, measure: ByteCounter) -> tuple[int, int]:
    """(line, bytes into it) after reading `text` from (line, column)."""
    newlines = text.count("\n")
    if not newlines:
        return line, column + measure(text)
    return line + newlines, measure(text[text.rfind("\n") + 1 :])


def _undecodable(
    encoding: str, error: UnicodeDecodeError, column: int, path: str | Path, line: int
) -> InputError:
    return InputError(
        f"not valid {encoding}: byte 0x{error.object[error.start]:02x} at byte {column + 1} "
        "of the line cannot be decoded (pass --encoding if the file uses another encoding)",
        path,
        line,
    )


def decode(
    data: bytes,
    path: str | Path,
    encoding: str = "utf-8",
    first_line: int = 1,
    strip_bom: bool = True,
) -> str:
    """`data` decoded exactly (no newline translation); InputError naming the bad byte.

    `first_line` is the line number of `data`'s first line in its file, for the message.
    A leading byte-order mark is dropped unless `strip_bom` is False.
    """
    codec, bom = resolve_codec(encoding, data[:4], path)
    if strip_bom:
        data = data[bom:]
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        valid = data[: error.start].decode(codec)
        line, column = _advance(first_line, 0, valid, ByteCounter(codec))
        raise _undecodable(encoding, error, column, path, line) from None
    except UnicodeError as error:
        raise _not_a_file_codec(encoding, error, path, first_line) from None


def _not_a_file_codec(
    encoding: str, error: UnicodeError, path: str | Path, line: int
) -> InputError:
    return InputError(
        f"cannot be read as {encoding} ({error}); pass --encoding with a file encoding "
        "(utf-8, utf-16, latin-1, …)",
        path,
        line,
    )


def decoded_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str, int]]:
    """(line number, decoded line with its line end, byte offset of the line's end) for
    each line of `path`, split on the decoded \\n only (U+2028 or a stray \\r never splits
    a line).

    A line longer than MAX_DOCUMENT_BYTES bytes (not counting its line end) is refused
    as soon as that much of it has been read, so memory stays bounded whatever the file.
    """
    limit = MAX_DOCUMENT_BYTES  # read when called: tests lower it
    source = DecodedFile(path, encoding)
    newline_bytes = len("\n".encode(source.codec))
    number, byte_end = 1, source.bom
    pending: list[str] = []  # the line being read, in pieces
    size = 0  # its bytes so far
    for text in source.chunks():
        start = 0
        while True:
            end = text.find("\n", start) + 1  # 0: no line end in the rest of the chunk
            piece = text[start:end] if end else text[start:]
            size += source.byte_length(piece)
            if size - (newline_bytes if end else 0) > limit:
                raise InputError(
                    f"the line is longer than {describe_limit(limit)}, the limit for one "
                    "document with its annotations (is this the right file?)",
                    path,
                    number,
                )
            if piece:
                pending.append(piece)
            if not end:
                break
            byte_end += size
            yield number, "".join(pending), byte_end
            number, pending, size, start = number + 1, [], 0, end
    if pending:
        yield number, "".join(pending), byte_end + size
