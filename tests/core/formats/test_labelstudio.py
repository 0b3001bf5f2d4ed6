"""Label Studio tasks: relation results both ways, discontinuous spans as one region per
fragment, exact round trips on the tricky texts, and bad relations named by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.formats import get_format
from annotator.core.formats.base import ExportDocument, ExportLayer, ExportRelation, Report
from annotator.core.jsonl import LayerRecord, SpanRecord
from tests.helpers.linked_fixtures import (
    as_documents,
    layers_read,
    layers_written,
    linked_documents,
)

LABELSTUDIO = get_format("labelstudio")
TEXT = "“We are not a party,” he said, “but a movement.” Kerry 😀"


def write(documents: list[ExportDocument], path: Path) -> Report:
    report = Report()
    assert LABELSTUDIO.write is not None
    LABELSTUDIO.write(documents, path, [], report)
    return report


def read(path: Path) -> tuple[list[LayerRecord], Report]:
    report = Report()
    assert LABELSTUDIO.read is not None
    return list(LABELSTUDIO.read(path, "utf-8", report)), report


def quote_and_speaker() -> ExportDocument:
    first = (TEXT.index("We"), TEXT.index(",”"))
    second = (TEXT.index("but"), TEXT.index(".”"))
    kerry = TEXT.index("Kerry")
    spans = (
        SpanRecord(first[0], second[1], "QUOTE", "split", (first, second)),
        SpanRecord(kerry, kerry + 5, "ACTOR"),
    )
    layer = ExportLayer("alice", None, spans, (ExportRelation(0, 1, "source"),))
    return ExportDocument("d", TEXT, "", {}, (layer,))


def test_relations_and_fragments_have_label_studios_shape(tmp_path: Path) -> None:
    report = write([quote_and_speaker()], tmp_path / "t.json")
    [task] = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    result = task["annotations"][0]["result"]
    assert [(r.get("id"), r["type"]) for r in result] == [
        ("r1", "labels"),
        ("r1.2", "labels"),
        ("r2", "labels"),
        (None, "relation"),
    ]
    assert result[0]["value"]["text"] == "We are not a party"
    assert result[0]["meta"] == {"text": ["split"]}
    assert result[1]["value"]["text"] == "but a movement"
    assert result[1]["meta"] == {"fragment_of": "r1"}
    assert result[3] == {
        "type": "relation",
        "from_id": "r1",
        "to_id": "r2",
        "direction": "right",
        "labels": ["source"],
    }
    assert report.notes == [
        "1 discontinuous span(s) written as one region per fragment (Label Studio has no "
        'discontinuous regions; meta "fragment_of" joins them)'
    ]


def test_round_trip_with_relations_and_fragments_is_exact(tmp_path: Path) -> None:
    documents = linked_documents()
    write(documents, tmp_path / "first.json")
    records, _ = read(tmp_path / "first.json")
    assert layers_read(records) == layers_written(documents)
    assert any(r.relations for r in records)  # type: ignore[attr-defined]
    assert any(s.fragments for r in records for s in r.spans)
    write(as_documents(records), tmp_path / "second.json")
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()


def task_with(result: list[dict]) -> str:
    task = {
        "data": {"text": TEXT, "id": "d"},
        "annotations": [{"completed_by": 1, "result": result}],
    }
    return "[\n" + json.dumps(task) + "\n]\n"


def labels(region_id: str | None, start: int, end: int, label: str = "ACTOR", **more) -> dict:
    region = {"type": "labels", "value": {"start": start, "end": end, "labels": [label]}, **more}
    if region_id is not None:
        region["id"] = region_id
    return region


def relation(from_id: str, to_id: str, *names: str, direction: str = "right") -> dict:
    return {"type": "relation", "from_id": from_id, "to_id": to_id, "direction": direction,
            "labels": list(names)}  # fmt: skip


def test_a_left_relation_runs_from_to_id_and_several_labels_are_several_relations(
    tmp_path: Path,
) -> None:
    kerry = TEXT.index("Kerry")
    path = tmp_path / "t.json"
    path.write_text(
        task_with(
            [
                labels("q", 1, 19, "QUOTE"),
                labels("k", kerry, kerry + 5),
                relation("k", "q", "source", "claimant", direction="left"),
                relation("q", "k", "said", direction="bi"),
                relation("q", "k"),
            ]
        ),
        encoding="utf-8",
    )
    [record], report = read(path)
    assert record.spans == [SpanRecord(1, 19, "QUOTE"), SpanRecord(kerry, kerry + 5, "ACTOR")]
    assert record.relations == [  # type: ignore[attr-defined]
        ExportRelation(0, 1, "source"),
        ExportRelation(0, 1, "claimant"),
        ExportRelation(0, 1, "said"),
    ]
    assert report.notes == [
        f"{path}: 1 relation(s) without a label skipped (this project's relations have a type)",
        f"{path}: 1 two-way relation(s) read as from_id -> to_id",
    ]


BAD = [
    (
        [labels("a", 0, 5), relation("a", "zz", "source")],
        "task 0, annotation 0, result 1: to_id 'zz' names no labels region of this annotation",
    ),
    (
        [labels("a", 0, 5), labels("b", 6, 9), relation("a", "b", "x"), relation("a", "b", "x")],
        "task 0, annotation 0, result 3 repeats task 0, annotation 0, result 2 (same ends and "
        "label 'x')",
    ),
    (
        [labels("a", 0, 5), labels("a", 6, 9)],
        "task 0, annotation 0, result 1: region id 'a' is used twice",
    ),
    (
        [labels("a", 0, 5), labels("a.2", 6, 9, meta={"fragment_of": "nope"})],
        "task 0, annotation 0, result 1: \"meta.fragment_of\" names 'nope', which is no ACTOR "
        "region of this annotation",
    ),
    (
        [labels("a", 0, 5), labels("a.2", 3, 9, meta={"fragment_of": "a"})],
        "task 0, annotation 0, result 1: the span fragment [3, 9) overlaps the one before it "
        "(or is out of order)",
    ),
    (
        [labels("a", 0, 5), labels("a.2", 5, 9, meta={"fragment_of": "a"})],
        "task 0, annotation 0, result 1: the span fragment [5, 9) touches the one before it "
        "(make them one)",
    ),
    (
        [labels("a", 0, 5), relation("a", "a", "x", direction="up")],
        'task 0, annotation 0, result 1: "direction" must be "right", "left" or "bi", got "up"',
    ),
]


@pytest.mark.parametrize(("result", "reason"), BAD)
def test_bad_relations_and_fragments_name_the_file_and_line(
    tmp_path: Path, result: list[dict], reason: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(task_with(result), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read(path)
    assert str(error.value) == f"{path}:2: {reason}"


def test_a_relation_may_name_any_fragments_region(tmp_path: Path) -> None:
    kerry = TEXT.index("Kerry")
    path = tmp_path / "t.json"
    path.write_text(
        task_with(
            [
                labels("k", kerry, kerry + 5),
                labels("q", 1, 19, "QUOTE"),
                labels("q2", 32, 46, "QUOTE", meta={"fragment_of": "q"}),
                relation("q2", "k", "source"),
            ]
        ),
        encoding="utf-8",
    )
    [record], _ = read(path)
    assert record.spans == [
        SpanRecord(1, 46, "QUOTE", None, ((1, 19), (32, 46))),
        SpanRecord(kerry, kerry + 5, "ACTOR"),
    ]
    assert record.relations == [ExportRelation(0, 1, "source")]  # type: ignore[attr-defined]
