"""Decoding input bytes and reading `.txt` articles: exact text, errors naming file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.textfiles import read_text_document
from annotator.core.textio import decode


def test_decode_keeps_every_line_ending():
    data = "a\r\nb\rc\nd\u2028e\u2029f\tg".encode()
    assert decode(data, "f.txt") == "a\r\nb\rc\nd\u2028e\u2029f\tg"


def test_decode_strips_a_leading_bom_only():
    assert decode(b"\xef\xbb\xbfabc", "f.txt") == "abc"
    assert decode(b"\xef\xbb\xbfabc", "f.txt", strip_bom=False) == "\ufeffabc"
    assert decode("a\ufeffb".encode(), "f.txt") == "a\ufeffb"


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"\xff", 1, 1),
        (b"ok\nok\nab\xc3(", 3, 3),
        (b"\xef\xbb\xbfline one\r\nline two \x80", 2, 10),
    ],
)
def test_decode_error_names_line_and_byte(data: bytes, line: int, column: int):
    with pytest.raises(InputError) as caught:
        decode(data, "f.txt")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"f.txt:{line}: not valid utf-8")
    assert f"at byte {column} of the line" in str(caught.value)


def test_decode_error_counts_from_first_line():
    with pytest.raises(InputError, match=r"^f.jsonl:41: "):
        decode(b"\xff", "f.jsonl", first_line=41)


def test_decode_with_unknown_encoding():
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode(b"abc", "f.txt", "klingon")


def test_decode_other_encodings():
    assert decode("café".encode("cp1252"), "f.txt", "cp1252") == "café"


def test_text_document_keeps_bytes_and_takes_stem_and_first_line(tmp_path: Path):
    path = tmp_path / "kerry-talks.txt"
    body = "\r\n  \r\n  Kerry talks  \r\nSecond\rline\u2028\tend\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    document = read_text_document(path)
    assert document.id == "kerry-talks"
    assert document.title == "Kerry talks"
    assert document.text == body  # BOM gone, every CR and LF kept
    assert document.meta == {"source": "kerry-talks.txt"}


def test_long_first_line_is_cut_for_the_title(tmp_path: Path):
    path = tmp_path / "long.txt"
    path.write_text("x" * 500, encoding="utf-8")
    title = read_text_document(path).title
    assert len(title) == 200 and title.endswith("…")


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\t\n"])
def test_empty_text_file_is_refused(tmp_path: Path, content: bytes):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="the file is empty") as caught:
        read_text_document(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_text_file_not_utf8_names_the_line(tmp_path: Path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Title\nCafé\n".encode("latin-1"))
    with pytest.raises(InputError, match="^" + re.escape(f"{path}:2: not valid utf-8")):
        read_text_document(path)
    assert read_text_document(path, "latin-1").text == "Title\nCafé\n"
