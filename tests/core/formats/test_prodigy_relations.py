"""Prodigy's relations (rel.manual's shape) and discontinuous spans (entries sharing a
fragment_group): both ways, exact round trips on the tricky texts, bad relations by line."""

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

PRODIGY = get_format("prodigy")
TEXT = "“We are not a party,” he said, “but a movement.” Kerry spoke."


def export(documents: list[ExportDocument], path: Path) -> tuple[list[dict], Report]:
    report = Report()
    assert PRODIGY.write is not None
    PRODIGY.write(documents, path, [], report)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()], report


def read(path: Path) -> tuple[list[LayerRecord], Report]:
    report = Report()
    assert PRODIGY.read is not None
    return list(PRODIGY.read(path, "utf-8", report)), report


def test_relations_have_rel_manuals_shape_and_fragments_share_a_group(tmp_path: Path) -> None:
    first = (TEXT.index("We"), TEXT.index(",”"))
    second = (TEXT.index("but"), TEXT.index(".”"))
    kerry = TEXT.index("Kerry")
    spans = (
        SpanRecord(first[0], second[1], "QUOTE", "split", (first, second)),
        SpanRecord(kerry, kerry + 5, "ACTOR"),
    )
    layer = ExportLayer("alice", None, spans, (ExportRelation(0, 1, "source"),))
    [task], report = export([ExportDocument("d", TEXT, "", {}, (layer,))], tmp_path / "p.jsonl")
    tokens = {t["start"]: t["id"] for t in task["tokens"]}
    ends = {t["end"]: t["id"] for t in task["tokens"]}
    assert task["spans"] == [
        {"start": first[0], "end": first[1], "label": "QUOTE", "token_start": tokens[first[0]],
         "token_end": ends[first[1]], "fragment_group": 0, "note": "split"},
        {"start": second[0], "end": second[1], "label": "QUOTE",
         "token_start": tokens[second[0]], "token_end": ends[second[1]],
         "fragment_group": 0},
        {"start": kerry, "end": kerry + 5, "label": "ACTOR", "token_start": tokens[kerry],
         "token_end": tokens[kerry]},
    ]  # fmt: skip
    head, child = task["spans"][0], task["spans"][2]
    keys = ("start", "end", "token_start", "token_end", "label")
    assert task["relations"] == [
        {
            "head": head["token_end"],
            "child": child["token_end"],
            "head_span": {key: head[key] for key in keys},
            "child_span": {key: child[key] for key in keys},
            "label": "source",
        }
    ]
    assert any("1 discontinuous span(s) written as one entry per fragment" in n
               for n in report.notes)  # fmt: skip


def test_round_trip_with_relations_and_fragments_is_exact(tmp_path: Path) -> None:
    documents = linked_documents()
    export(documents, tmp_path / "first.jsonl")
    records, _ = read(tmp_path / "first.jsonl")
    assert layers_read(records) == layers_written(documents)
    assert any(r.relations for r in records)  # type: ignore[attr-defined]
    export(as_documents(records), tmp_path / "second.jsonl")
    assert (tmp_path / "second.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()


def line(spans: list[dict], relations: list[dict]) -> str:
    return json.dumps({"text": TEXT, "spans": spans, "relations": relations}) + "\n"


KERRY = TEXT.index("Kerry")
QUOTE = {"start": 1, "end": 19, "label": "QUOTE", "token_start": 1, "token_end": 5}
ACTOR = {"start": KERRY, "end": KERRY + 5, "label": "ACTOR", "token_start": 17, "token_end": 17}


def test_a_relation_without_spans_is_found_by_its_end_tokens(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(line([QUOTE, ACTOR], [{"head": 5, "child": 17, "label": "source"}]),
                    encoding="utf-8")  # fmt: skip
    [record], report = read(path)
    assert record.relations == [ExportRelation(0, 1, "source")]  # type: ignore[attr-defined]
    assert report.notes == []


BAD = [
    (
        [QUOTE, ACTOR],
        [{"head": 5, "child": 17, "label": "source", "child_span": {**ACTOR, "start": 0}}],
        f"relation 0: child_span [0, {KERRY + 5}) ACTOR names no span of this task",
    ),
    (
        [QUOTE, ACTOR],
        [{"head": 9, "child": 17, "label": "source"}],
        'relation 0: no span ends at token 9 (give "head_span" to say which span it names)',
    ),
    (
        [QUOTE, ACTOR],
        [{"head": 5, "child": 17, "label": "source"}] * 2,
        "relation 1 repeats relation 0 (same ends and label 'source')",
    ),
    (
        [QUOTE, ACTOR],
        [{"head": 5, "child": 17}],
        "relation 0: label must be a non-empty string",
    ),
    (
        [{**QUOTE, "fragment_group": 1}, {**ACTOR, "fragment_group": 1}],
        [],
        "span 1: fragment_group 1 joins a ACTOR fragment to a QUOTE span (the fragments of a "
        "span share its label)",
    ),
    (
        [{**QUOTE, "fragment_group": 1}, {**QUOTE, "start": 10, "end": 25, "fragment_group": 1}],
        [],
        "fragment_group 1: the span fragment [10, 25) overlaps the one before it (or is out of "
        "order)",
    ),
]


@pytest.mark.parametrize(("spans", "relations", "reason"), BAD)
def test_bad_relations_and_fragments_name_the_file_and_line(
    tmp_path: Path, spans: list[dict], relations: list[dict], reason: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x"}) + "\n" + line(spans, relations), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read(path)
    assert str(error.value) == f"{path}:2: {reason}"
