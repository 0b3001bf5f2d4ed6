"""The one strict JSON decoder of every input format: nesting limits and syntax columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.limits import MAX_JSON_DEPTH
from annotator.core.strict_json import LineError, decode_value, json_lines, parse_json


def nested(depth: int, opener: str = "[") -> str:
    """A JSON value `depth` levels deep: [[[...]]] or {"a": {"a": ... {}}}."""
    if opener == "[":
        return "[" * depth + "]" * depth
    return '{"a": ' * (depth - 1) + "{}" + "}" * (depth - 1)


@pytest.mark.parametrize("opener", ["[", "{"])
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_values_nested_too_deep_are_refused(opener: str, depth: int):
    with pytest.raises(LineError, match=f"^JSON nested deeper than {MAX_JSON_DEPTH} levels$"):
        parse_json(nested(depth, opener))
    line = '{"text": "a", "meta": {"x": ' + nested(depth, opener) + "}}"
    with pytest.raises(LineError, match="nested deeper"):
        parse_json(line)


@pytest.mark.parametrize("opener", ["[", "{"])
def test_values_nested_up_to_the_limit_are_read(opener: str):
    assert parse_json(nested(100, opener))
    value = parse_json(nested(MAX_JSON_DEPTH, opener))
    for _ in range(MAX_JSON_DEPTH - 1):
        value = value[0] if opener == "[" else value["a"]
    assert value in ([], {})


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = "[" * 5000 + "{" * 5000
    assert parse_json(json.dumps({"text": text, "meta": {"a": [text]}}))["text"] == text


def test_many_containers_side_by_side_are_not_nesting():
    value = [[{"a": [i]}] for i in range(10_000)]
    assert parse_json(json.dumps(value)) == value


def test_decode_value_stops_after_the_value():
    assert decode_value('  {"a": 1} [2]', 2) == ({"a": 1}, 10)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ('{"a": 1} x', "not valid JSON (Extra data at column 10)"),
        ('{"a": "b}', "not valid JSON (Unterminated string starting at column 7)"),
        ('{"a": 1, "a": 2}', "duplicate key 'a' in a JSON object"),
        ('{"a": NaN}', "NaN is not a valid JSON number"),
        ('{"a": 1e999}', "1e999 is not a finite number (too large for a float)"),
        ('{"a": "\\ud800"}', "a string contains a lone surrogate escape"),
        ('{"a": ' + "9" * 5000 + "}", "a number is too large (more than 4300 digits)"),
    ],
)
def test_what_the_decoder_refuses(raw: str, reason: str):
    with pytest.raises(LineError) as caught:
        parse_json(raw)
    assert str(caught.value).startswith(reason)


def test_json_lines_names_the_deep_line(tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"a": 1}\n\n' + nested(1000) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(json_lines(path, "utf-8"))
    assert str(caught.value) == f"{path}:3: JSON nested deeper than {MAX_JSON_DEPTH} levels"
