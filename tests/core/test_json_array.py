"""A file that is one JSON array, read item by item: the same values whatever the chunks,
exact lines and columns, and an item over the size limit refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core import json_array, textio
from annotator.core.errors import InputError
from annotator.core.json_array import json_array_items

ITEMS = [
    {"data": {"text": "Kerry 😀 met Lavrov.\nCa\u0308fe\u2028.", "id": 1}},
    1234567,
    -0.5e-3,
    True,
    None,
    "a string with \\u escapes: \u00e9 \\",
    [],
    {"a": [{"b": "}]"}, '[{\\"', 10**30]},
]


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "tasks.json"
    path.write_bytes(text.encode(encoding))
    return path


def values(path: Path, encoding: str = "utf-8") -> list:
    return [value for _, value, _ in json_array_items(path, encoding, "task")]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_items_are_the_same_whatever_the_chunks(tmp_path, monkeypatch, chunk, indent):
    monkeypatch.setattr(textio, "CHUNK_BYTES", chunk)
    path = write(tmp_path, json.dumps(ITEMS, indent=indent, ensure_ascii=False))
    assert values(path) == ITEMS


def test_items_name_the_line_they_start_on(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(textio, "CHUNK_BYTES", 5)
    text = '\n[\n  {"a": 1},\n\n  {"b":\n 2}, 3,\n4\n]\n'
    path = write(tmp_path, text)
    lines = [line for line, _, _ in json_array_items(path, "utf-8", "task")]
    assert lines == [3, 5, 6, 7]


def test_bytes_read_grow_to_the_file_size(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(textio, "CHUNK_BYTES", 16)
    path = write(tmp_path, json.dumps([{"n": i} for i in range(50)]))
    read = [bytes_read for _, _, bytes_read in json_array_items(path, "utf-8", "task")]
    assert read == sorted(read) and read[-1] == path.stat().st_size


def test_one_object_is_one_item(tmp_path: Path):
    assert values(write(tmp_path, ' \n{"data": {"text": "a"}}\n')) == [{"data": {"text": "a"}}]


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
def test_a_file_of_nothing_has_no_items(tmp_path: Path, text: str):
    assert values(write(tmp_path, text)) == []


def test_utf16_with_a_mark(tmp_path: Path):
    path = tmp_path / "tasks.json"
    path.write_bytes(b"\xff\xfe" + json.dumps(ITEMS, ensure_ascii=False).encode("utf-16-le"))
    assert values(path, "utf-16") == ITEMS


@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('[\n{"a": 1},\n{"a": 1 2}\n]', 3, "not valid JSON (Expecting ',' delimiter at column 9)"),
        ('[\n{"a": 1},\n  {"a": tru}\n]', 3, "not valid JSON (Expecting value at column 9)"),
        ('[\n{"a": 1},\n{"a": "no end}\n]', 3, "not valid JSON (Invalid control character at"),
        ('[\n{"a": 1},\n{"a": "no end', 3, "not valid JSON (Unterminated string starting at"),
        ('[\n{"a": 1}\n{"a": 2}]', 3, "expected ',' or ']' between tasks"),
        ('[\n{"a": 1},\n{"a": 1, "a": 2}]', 3, "duplicate key 'a' in a JSON object"),
        ('[\n{"a": 1},\n{"a": NaN}]', 3, "NaN is not a valid JSON number"),
        ('[\n{"a": 1},\n' + "[" * 500 + "]" * 500 + "]", 3, "JSON nested deeper than"),
        ('[{"a": 1}]\n\n[]', 3, "unexpected content after the array of tasks"),
        ('{"a": 1}\n{"a": 2}', 2, "unexpected content after the task"),
        ('\n"tasks"', 2, "expected a JSON array of tasks"),
        ('[\n{"a": 1},\n', 3, "the file ends where task 1 should be"),
        ('[\n{"a": 1}', 2, "expected ',' or ']' between tasks"),
    ],
)
def test_errors_name_the_line(tmp_path, monkeypatch, chunk, text, line, reason):
    monkeypatch.setattr(textio, "CHUNK_BYTES", chunk)
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        values(path)
    assert str(caught.value).startswith(f"{path}:{line}: {reason}")


def test_a_column_counts_from_the_start_of_its_line_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(textio, "CHUNK_BYTES", 4)
    path = write(tmp_path, '[{"a": 1}, {"a": 2}, {"a": 3 4}]')
    with pytest.raises(InputError) as caught:
        values(path)
    assert str(caught.value).endswith(":1: not valid JSON (Expecting ',' delimiter at column 30)")


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_an_item_over_the_limit_is_refused_naming_its_line(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(textio, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(json_array, "MAX_DOCUMENT_BYTES", 100)
    fits = json.dumps({"text": "é" * 44}, ensure_ascii=False)  # 56 characters
    assert len(fits.encode()) == 100
    too_large = json.dumps({"text": "é" * 45}, ensure_ascii=False)
    path = write(tmp_path, f"[\n{fits},\n{fits},\n{too_large}\n]")
    items = json_array_items(path, "utf-8", "task")
    assert [next(items)[1], next(items)[1]] == [json.loads(fits)] * 2
    with pytest.raises(InputError) as caught:
        next(items)
    assert str(caught.value).startswith(f"{path}:4: task 2 is larger than 100 bytes, the limit")


def test_an_endless_item_is_refused_once_the_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(json_array, "MAX_DOCUMENT_BYTES", 100)
    monkeypatch.setattr(textio, "CHUNK_BYTES", 10)
    path = write(tmp_path, '[{"a": 1},\n{"text": "' + "x" * 10_000)
    reads: list[int] = []
    original = textio.DecodedFile.chunks

    def counted(self):  # type: ignore[no-untyped-def]
        for chunk in original(self):
            reads.append(len(chunk))
            yield chunk

    monkeypatch.setattr(textio.DecodedFile, "chunks", counted)
    with pytest.raises(InputError, match=r":2: task 1 is larger than 100 bytes"):
        values(path)
    assert sum(reads) < 1000  # it stopped reading soon after the limit
