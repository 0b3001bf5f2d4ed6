"""Reading lines of any encoding: decoded before they are split, in chunks, with exact line
numbers, byte offsets and errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.core import textio
from annotator.core.errors import InputError
from annotator.core.textio import decode, decoded_lines, sniff_unicode

# Every character that trips a line splitter or a byte count: CRLF, a lone CR, U+2028,
# NEL, an emoji (a surrogate pair in UTF-16), U+010A (its UTF-16 bytes hold 0x0A), no line
# end on the last line.
TEXT = 'one\r\n{"a": "Ċ😀"}\n\nthree\rsame line\u2028still\x85same\nlast'
LINES = ["one\r\n", '{"a": "Ċ😀"}\n', "\n", "three\rsame line\u2028still\x85same\n", "last"]

# encoding name -> how a file in it starts when it has a byte-order mark
WITH_BOM = {
    "utf-8": codecs.BOM_UTF8,
    "utf-8-sig": codecs.BOM_UTF8,
    "utf-16": codecs.BOM_UTF16_LE,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32": codecs.BOM_UTF32_LE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def body(encoding: str, text: str = TEXT, big_endian: bool = False) -> bytes:
    """`text` in `encoding` without a byte-order mark."""
    codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(
        encoding, encoding
    )
    if big_endian:
        codec = codec.replace("-le", "-be")
    return text.encode(codec)


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("encoding", sorted(WITH_BOM))
def test_every_unicode_encoding_reads_as_its_utf8_twin(tmp_path: Path, encoding: str, bom: bool):
    data = (WITH_BOM[encoding] if bom else b"") + body(encoding)
    path = write(tmp_path, data)
    lines = list(decoded_lines(path, encoding))
    assert [line for _, line, _ in lines] == LINES
    assert [number for number, _, _ in lines] == [1, 2, 3, 4, 5]
    assert lines[-1][2] == len(data)  # byte offsets count the file's own bytes
    ends = [end for _, _, end in lines]
    mark = len(WITH_BOM[encoding]) if bom else 0
    expected = [mark + len(body(encoding, "".join(LINES[: i + 1]))) for i in range(len(LINES))]
    assert ends == expected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_big_endian_without_a_mark_is_recognised(tmp_path: Path, encoding: str):
    path = write(tmp_path, body(encoding, big_endian=True))
    assert [line for _, line, _ in decoded_lines(path, encoding)] == LINES


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-32-be"])
def test_chunks_cutting_characters_and_line_ends_change_nothing(
    tmp_path: Path, monkeypatch, encoding: str, chunk: int
):
    monkeypatch.setattr(textio, "CHUNK_BYTES", chunk)
    path = write(tmp_path, body(encoding))
    assert [line for _, line, _ in decoded_lines(path, encoding)] == LINES


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_the_line_limit_counts_the_files_bytes(tmp_path: Path, monkeypatch, encoding: str):
    monkeypatch.setattr(textio, "MAX_DOCUMENT_BYTES", 12)
    width = len("x".encode(encoding))
    fits = "x" * (12 // width)
    path = write(tmp_path, body(encoding, f"{fits}\n{fits}x\n"))
    lines = decoded_lines(path, encoding)
    assert next(lines)[1] == fits + "\n"
    with pytest.raises(InputError, match="^" + f"{path}:2: the line is longer than 12 bytes"):
        next(lines)


@pytest.mark.parametrize("chunk", [2, 1024])
def test_a_bad_utf16_unit_names_its_line_and_byte_after_the_good_lines(
    tmp_path: Path, monkeypatch, chunk: int
):
    monkeypatch.setattr(textio, "CHUNK_BYTES", chunk)
    lone_surrogate = b"\x00\xd8"  # a high surrogate followed by no low one
    data = body("utf-16-le", "good\nab") + lone_surrogate + body("utf-16-le", "c\n")
    path = write(tmp_path, data)
    lines = decoded_lines(path, "utf-16-le")
    assert next(lines)[:2] == (1, "good\n")
    with pytest.raises(InputError) as caught:
        next(lines)
    assert str(caught.value).startswith(
        f"{path}:2: not valid utf-16-le: byte 0x00 at byte 5 of the line cannot be decoded"
    )


def test_a_truncated_utf16_file_is_an_error_not_a_lost_byte(tmp_path: Path):
    path = write(tmp_path, body("utf-16-le", "ok\nab") + b"c")
    with pytest.raises(InputError, match=r":2: not valid utf-16-le: byte 0x63 at byte 5 "):
        list(decoded_lines(path, "utf-16-le"))


@pytest.mark.parametrize("encoding", ["klingon", "hex", "rot13"])
def test_unknown_and_non_text_encodings_are_refused(tmp_path: Path, encoding: str):
    path = write(tmp_path, b"abc\n")
    with pytest.raises(InputError, match=f"^{path}: unknown encoding '{encoding}'$"):
        list(decoded_lines(path, encoding))
    with pytest.raises(InputError, match=f"unknown encoding '{encoding}'"):
        decode(b"abc", path, encoding)


def test_decode_strips_the_mark_of_any_unicode_encoding_and_counts_utf16_lines():
    assert decode(codecs.BOM_UTF16_BE + "a\nb".encode("utf-16-be"), "f", "utf-16") == "a\nb"
    assert decode(codecs.BOM_UTF16_LE + b"a\x00", "f", "utf-16-le") == "a"
    assert decode(codecs.BOM_UTF16_LE + b"a\x00", "f", "utf-16-le", strip_bom=False) == "\ufeffa"
    with pytest.raises(InputError, match=r"^f:3: not valid utf-16: byte 0x00 at byte 3 "):
        decode("a\nb\nc".encode("utf-16-le") + b"\x00\xdc", "f", "utf-16")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b'{"a": 1}', "utf-8"),
        (codecs.BOM_UTF8 + b"{", "utf-8"),
        ("{".encode("utf-16-le"), "utf-16"),
        ("{".encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_BE + b"\x00{", "utf-16"),
        ("{".encode("utf-32-le"), "utf-32"),
        ("{".encode("utf-32-be"), "utf-32"),
        (codecs.BOM_UTF32_LE + "{".encode("utf-32-le"), "utf-32"),
    ],
)
def test_sniff_unicode(data: bytes, encoding: str):
    assert sniff_unicode(data) == encoding
