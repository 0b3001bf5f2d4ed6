"""doccano's entities/relations variant: relations and entity ids round trip exactly, the
pieces of discontinuous spans travel in "fragments", bad relations are named by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.formats import get_format
from annotator.core.formats.base import ExportDocument, Report
from annotator.core.jsonl import LayerRecord
from tests.helpers.linked_fixtures import (
    as_documents,
    layers_read,
    layers_written,
    linked_documents,
)

DOCCANO = get_format("doccano")
RELATIONS = DOCCANO.variants["relations"]


def export(documents: list[ExportDocument], path: Path, relations: bool = True) -> Report:
    report = Report()
    writer = (RELATIONS if relations else DOCCANO).write
    assert writer is not None
    writer(documents, path, [], report)
    return report


def read(path: Path) -> tuple[list[LayerRecord], Report]:
    report = Report()
    assert DOCCANO.read is not None
    return list(DOCCANO.read(path, "utf-8", report)), report


def test_relations_ids_and_fragments_round_trip_exactly(tmp_path: Path) -> None:
    documents = linked_documents()
    report = export(documents, tmp_path / "first.jsonl")
    records, _ = read(tmp_path / "first.jsonl")
    assert layers_read(records) == layers_written(documents)
    lines = [json.loads(raw) for raw in (tmp_path / "first.jsonl").read_text("utf-8").splitlines()]
    ids = [e["id"] for obj in lines for e in obj["entities"]]
    ids += [r["id"] for obj in lines for r in obj["relations"]]
    assert sorted(ids) == list(range(1, len(ids) + 1))  # unique in the file, numbered through
    assert any(obj.get("fragments") for obj in lines)
    export(as_documents(records), tmp_path / "second.jsonl")
    assert (tmp_path / "second.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()
    discontinuous = sum(
        1 for d in documents for layer in d.layers for s in layer.spans if s.fragments
    )
    assert report.notes[0].startswith(
        f"{discontinuous} discontinuous span(s) written as their outer span (doccano has no "
        'discontinuous spans), their pieces in "fragments"'
    )


def test_the_plain_variant_keeps_fragments_too(tmp_path: Path) -> None:
    documents = linked_documents()
    export(documents, tmp_path / "plain.jsonl", relations=False)
    records, _ = read(tmp_path / "plain.jsonl")
    written = [(d.id, layer.spans) for d in documents for layer in d.layers if layer.spans]
    assert [(r.id, tuple(r.spans)) for r in records if r.spans] == written


TEXT = "Kerry met Lavrov in Geneva."
ENTITIES = [
    {"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 5},
    {"id": 2, "label": "ACTOR", "start_offset": 10, "end_offset": 16},
]

BAD = [
    (
        {"relations": [{"id": 3, "from_id": 1, "to_id": 9, "type": "met"}]},
        "relation 0: to_id 9 names no entity of this line",
    ),
    (
        {
            "relations": [
                {"id": 3, "from_id": 1, "to_id": 2, "type": "met"},
                {"id": 4, "from_id": 1, "to_id": 2, "type": "met"},
            ]
        },
        "relation 1 repeats relation 0 (same ends and label 'met')",
    ),
    (
        {"fragments": [[[0, 2], [1, 5]], None]},
        "fragments 0: the span fragment [1, 5) overlaps the one before it (or is out of order)",
    ),
    (
        {"fragments": [[[0, 2], [3, 4]], None]},
        "fragments 0: the fragments run from 0 to 4, not over their span [0, 5)",
    ),
    (
        {"fragments": [None]},
        '"fragments" must be a list with one list of [start, end] (or null) per span (2)',
    ),
    (
        {"fragments": [[[0, 2], [3, 99]], None]},
        "fragments 0: the span fragment [3, 99) lies outside the text (length 27)",
    ),
]


@pytest.mark.parametrize(("extra", "reason"), BAD)
def test_bad_relations_and_fragments_name_the_file_and_line(
    tmp_path: Path, extra: dict, reason: str
) -> None:
    path = tmp_path / "bad.jsonl"
    obj = {"id": "d", "text": TEXT, "entities": ENTITIES, "relations": [], **extra}
    path.write_text(json.dumps({"text": "x", "label": []}) + "\n" + json.dumps(obj) + "\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as error:
        read(path)
    assert str(error.value) == f"{path}:2: {reason}"
