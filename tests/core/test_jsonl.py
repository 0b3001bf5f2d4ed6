"""The JSONL reader and writer on their own: strict parsing, exact line numbers, lossless text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.jsonl import SpanRecord, dump_line, parse_line, read_jsonl
from annotator.core.model import Status, text_id
from annotator.core.strict_json import LineError
from tests.helpers.jsonl_records import write_jsonl


def test_full_line_is_parsed():
    record = parse_line(
        json.dumps(
            {
                "id": "doc-1",
                "text": "Kerry spoke.",
                "meta": {"title": "T", "nested": {"a": [1, 2.5, None, True]}},
                "annotator": "alice",
                "status": "in_progress",
                "spans": [{"start": 0, "end": 5, "label": "ACTOR", "text": "Kerry", "note": "who"}],
            }
        )
    )
    assert record.id == "doc-1"
    assert record.text == "Kerry spoke."
    assert record.meta == {"title": "T", "nested": {"a": [1, 2.5, None, True]}}
    assert record.annotator == "alice"
    assert record.status is Status.IN_PROGRESS
    assert record.spans == [SpanRecord(0, 5, "ACTOR", "who")]


def test_minimal_line_gets_defaults():
    record = parse_line('{"text": "abc"}')
    assert record.id == text_id("abc")
    assert (record.meta, record.annotator, record.status, record.spans) == ({}, None, None, [])


def test_integer_id_becomes_a_string():
    assert parse_line('{"id": 7, "text": "abc"}').id == "7"


def test_empty_note_is_no_note():
    record = parse_line(
        '{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "X", "note": ""}]}'
    )
    assert record.spans[0].note is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('"text"', "must be a JSON object"),
        ("{}", '"text" is required'),
        ('{"text": 5}', '"text" is required'),
        ('{"text": "a", "text": "b"}', "duplicate key 'text'"),
        ('{"text": "a", "meta": {"k": 1, "k": 2}}', "duplicate key 'k'"),
        ('{"text": "a", "meta": {"x": NaN}}', "NaN is not a valid JSON number"),
        ('{"text": "a", "meta": {"x": Infinity}}', "Infinity is not a valid JSON number"),
        ('{"text": "a", "meta": {"x": -Infinity}}', "-Infinity is not a valid JSON number"),
        ('{"text": "a", "meta": {"x": 1e400}}', "not a finite number"),
        ('{"text": "a", "title": "T"}', "unknown key 'title'"),
        ('{"text": "a", "id": ""}', '"id" must be a non-empty string'),
        ('{"text": "a", "id": true}', '"id" must be a non-empty string'),
        ('{"text": "a", "id": 1.5}', '"id" must be a non-empty string'),
        ('{"text": "a", "meta": "m"}', '"meta" must be a JSON object'),
        ('{"text": "a", "meta": []}', '"meta" must be a JSON object'),
        ('{"text": "a", "meta": false}', '"meta" must be a JSON object'),
        ('{"text": "a", "annotator": ""}', '"annotator" must be a non-empty string'),
        ('{"text": "a", "annotator": 3}', '"annotator" must be a non-empty string'),
        ('{"text": "a", "status": "finished"}', 'unknown status "finished"'),
        ('{"text": "a", "status": 1}', "unknown status 1"),
        ('{"text": "a", "status": ["done"]}', 'unknown status ["done"]'),
        ('{"text": "a", "status": {}}', "unknown status {}"),
        ('{"text": "a", "spans": {}}', '"spans" must be a list'),
        ('{"text": "a", "spans": 0}', '"spans" must be a list'),
        ('{"text": "a", "spans": [5]}', "span 0 must be a JSON object"),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "colour": "red"}]}',
            "span 0: unknown key 'colour'",
        ),
        ('{"text": "ab", "spans": [{"end": 1, "label": "X"}]}', "'start' must be an integer"),
        ('{"text": "ab", "spans": [{"start": 0.0, "end": 1, "label": "X"}]}', "got 0.0"),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1e0, "label": "X"}]}', "got 1.0"),
        ('{"text": "ab", "spans": [{"start": false, "end": 1, "label": "X"}]}', "got false"),
        ('{"text": "ab", "spans": [{"start": "0", "end": 1, "label": "X"}]}', 'got "0"'),
        ('{"text": "ab", "spans": [{"start": 0, "end": 3, "label": "X"}]}', "outside the text"),
        ('{"text": "ab", "spans": [{"start": -1, "end": 1, "label": "X"}]}', "outside the text"),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 99999999999999999999999, "label": "X"}]}',
            "outside the text",
        ),
        ('{"text": "ab", "spans": [{"start": 1, "end": 1, "label": "X"}]}', "empty or reversed"),
        ('{"text": "ab", "spans": [{"start": 2, "end": 1, "label": "X"}]}', "empty or reversed"),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1}]}', '"label" must be a non-empty'),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": " "}]}', '"label" must be'),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "text": "b"}]}',
            'its text "b" disagrees with the offsets, which cover "a"',
        ),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "note": 5}]}',
            '"note" must be a string or null',
        ),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X"}, '
            '{"start": 0, "end": 9, "label": "X"}]}',
            "span 1 [0, 9) lies outside",
        ),
    ],
)
def test_bad_line_is_refused_with_a_reason(raw: str, reason: str):
    with pytest.raises(LineError) as caught:
        parse_line(raw)
    assert reason in str(caught.value)


def test_integer_with_thousands_of_digits_is_a_line_error_not_a_crash():
    raw = '{"text": "ab", "spans": [{"start": 1' + "0" * 5000 + ', "end": 2, "label": "X"}]}'
    with pytest.raises(LineError, match="too large"):
        parse_line(raw)


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\udc00x\\ud83d"])
def test_lone_surrogate_escape_is_refused(escape: str):
    # "\ud800" is valid JSON but not Unicode text: it cannot be hashed, stored or exported.
    with pytest.raises(LineError, match="surrogate"):
        parse_line('{"text": "a' + escape + 'b"}')


def test_escaped_surrogate_pair_is_one_emoji():
    assert parse_line('{"text": "\\ud83d\\ude00"}').text == "\U0001f600"


def test_offsets_are_code_points():
    text = "👩‍👩‍👧 e\u0301 Kerry"
    start = text.index("Kerry")
    raw = json.dumps(
        {"text": text, "spans": [{"start": start, "end": start + 5, "label": "A", "text": "Kerry"}]}
    )
    assert parse_line(raw).spans[0].start == 9  # 5 for the family, 2 for é


# -- files -------------------------------------------------------------------------------


def write_bytes(tmp_path: Path, data: bytes, name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_read_jsonl_numbers_lines_and_skips_blank_ones(tmp_path: Path):
    path = write_bytes(tmp_path, b'{"text": "a"}\n\n   \n{"text": "b"}\n{"text": "c"}')
    records = list(read_jsonl(path))
    assert [(r.line, r.text) for r in records] == [(1, "a"), (4, "b"), (5, "c")]
    assert records[-1].byte_end == path.stat().st_size


def test_read_jsonl_accepts_bom_and_crlf_line_ends(tmp_path: Path):
    path = write_bytes(tmp_path, b'\xef\xbb\xbf{"text": "a"}\r\n{"text": "b\\r\\n"}\r\n')
    assert [r.text for r in read_jsonl(path)] == ["a", "b\r\n"]


def test_read_jsonl_does_not_split_on_unicode_line_separators(tmp_path: Path):
    # Raw U+2028, U+2029, NEL and a lone CR inside a JSON string are legal JSON text.
    text = "one\u2028two\u2029three\x85four"
    path = write_bytes(tmp_path, (json.dumps({"text": text}, ensure_ascii=False) + "\n").encode())
    assert [r.text for r in read_jsonl(path)] == [text]


def test_read_jsonl_names_the_bad_line(tmp_path: Path):
    path = write_bytes(tmp_path, b'{"text": "a"}\n\n{"text": "b"}\n{"text": 1}\n{"text": "c"}\n')
    with pytest.raises(InputError) as caught:
        list(read_jsonl(path))
    assert str(caught.value) == f'{path}:4: "text" is required and must be a string'
    assert (caught.value.path, caught.value.line) == (str(path), 4)


def test_read_jsonl_names_the_line_with_a_bad_byte(tmp_path: Path):
    path = write_bytes(tmp_path, b'{"text": "a"}\n{"text": "b"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(InputError) as caught:
        list(read_jsonl(path))
    message = str(caught.value)
    assert message.startswith(f"{path}:3: not valid utf-8: byte 0xe9")
    assert "\n" not in message


def test_read_jsonl_with_another_encoding(tmp_path: Path):
    path = write_bytes(tmp_path, '{"text": "café"}\n'.encode("latin-1"))
    assert [r.text for r in read_jsonl(path, "latin-1")] == ["café"]


# -- writing -----------------------------------------------------------------------------


def test_dump_line_keeps_text_readable_but_escapes_line_separators():
    line = dump_line({"text": "é 👩‍👩‍👧 a\u2028b\u2029c\r\nd\re\tf"})
    assert "é 👩‍👩‍👧" in line
    for breaking in ("\n", "\r", "\u2028", "\u2029"):
        assert breaking not in line
    assert "\\u2028" in line and "\\u2029" in line


def test_write_jsonl_writes_one_line_per_record():
    out = io.StringIO()
    assert write_jsonl(iter([{"a": 1}, {"b": "x\ny"}]), out) == 2
    assert out.getvalue() == '{"a": 1}\n{"b": "x\\ny"}\n'


@given(st.text(), st.data())
def test_dump_then_parse_keeps_any_text_and_offsets(text: str, data: st.DataObject):
    spans = []
    if text:
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        spans = [{"start": start, "end": end, "label": "L", "text": text[start:end]}]
    line = dump_line({"id": "d", "text": text, "spans": spans})
    assert "\n" not in line and "\u2028" not in line
    record = parse_line(line)
    assert record.text == text
    assert [(s.start, s.end) for s in record.spans] == [(s["start"], s["end"]) for s in spans]
