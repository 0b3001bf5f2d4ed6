"""The labels file: written one item a line, read back the same, bad ones refused with the
line of the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.label_files import label_file_text, read_label_file, write_label_file
from annotator.core.labels import default_labels, default_relation_types
from annotator.core.model import Label
from annotator.resources import resource_path


def test_round_trip_keeps_every_field(tmp_path: Path):
    labels = [*default_labels(), Label("PLACE", "#7B4173", None, "", "# Places\n\n<b>x</b> “ü”")]
    kinds = default_relation_types()
    path = tmp_path / "labels.json"
    assert write_label_file(path, labels, kinds) == len(labels) + len(kinds)
    assert read_label_file(path) == (labels, kinds)
    assert path.read_text(encoding="utf-8").count("\n") == len(labels) + len(kinds) + 2


def test_the_bundled_labels_json_is_a_labels_file():
    labels, kinds = read_label_file(resource_path("labels.json"))
    assert labels == default_labels() and kinds == []


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        ("{}", 1, "a JSON array"),
        ('[\n{"name": "A", "color": "#000000"},\n{"name": "B", "color": "red"}\n]', 3, "#rrggbb"),
        ('[\n{"name": "A", "color": "#000000", "colour": 1}\n]', 2, "unknown field(s) colour"),
        ('[\n{"name": "A\\tB", "color": "#000000"}\n]', 2, "contains a tab"),
        (
            '[\n{"name": "A", "color": "#000000"},\n{"name": "A", "color": "#000000"}\n]',
            3,
            "on line 2",
        ),
        ('[\n{"name": "A", "color": "#000000", "key": "12"}\n]', 2, '"key" is one visible'),
        (
            '[\n{"kind": "relation_type", "name": "r", "color": "#000000", "required": 1}\n]',
            2,
            "true or false",
        ),
        (
            '[\n{"kind": "relation_type", "name": "r", "color": "#000000", "head_labels": "A"}\n]',
            2,
            "list of label names",
        ),
        ('[\n{"kind": "link", "name": "r", "color": "#000000"}\n]', 2, '"kind" is'),
        ('[\n{"name": "A", "color": "#000000"}\n\n{"name": "B"}]', 4, "Expecting ',' or ']'"),
        ('[\n{"name": "A", "color": "#000000", "name": "B"}\n]', 2, "duplicate"),
        ("[\n3\n]", 2, "a JSON object"),
        ("[]\n]", 2, "text after the end"),
    ],
)
def test_bad_files_say_file_line_reason(tmp_path: Path, text: str, where: int, reason: str):
    path = tmp_path / "labels.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_label_file(path)
    assert str(caught.value).startswith(f"{path}:{where}: ")
    assert reason in str(caught.value)


def test_text_is_a_json_array():
    assert label_file_text([], []) == "[\n\n]\n"
