"""The importer's rules for every format, on a real project file: what any input must be."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.store.importer import import_paths
from annotator.store.project import Project

TEXT = "Kerry met Lavrov."


def nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


# format -> (file name, writer of a file holding one document with `meta`)
META_FILES: dict[str, tuple[str, Callable[[dict], str]]] = {
    "jsonl": ("in.jsonl", lambda meta: json.dumps({"id": "d", "text": TEXT, "meta": meta})),
    "doccano": ("in.jsonl", lambda meta: json.dumps({"id": "d", "text": TEXT, "meta": meta})),
    "prodigy": ("in.jsonl", lambda meta: json.dumps({"text": TEXT, "meta": {"id": "d", **meta}})),
    "labelstudio": (
        "in.json",
        lambda meta: json.dumps([{"data": {"text": TEXT, "id": "d", **meta}}]),
    ),
}


@pytest.mark.parametrize("fmt", sorted(META_FILES))
def test_json_nested_100_levels_deep_imports(project: Project, tmp_path: Path, fmt: str):
    name, content = META_FILES[fmt]
    path = tmp_path / name
    path.write_text(content({"deep": nested(100)}) + "\n", encoding="utf-8")
    import_paths(project, [path], format=fmt)
    assert project.document("d").meta["deep"] == nested(100)


def test_brat_meta_nested_100_levels_deep_imports(project: Project, tmp_path: Path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "d.txt").write_text(TEXT, encoding="utf-8")
    (folder / "d.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    meta = json.dumps({"id": "d", "meta": {"deep": nested(100)}})
    (folder / "meta.jsonl").write_text(meta + "\n", encoding="utf-8")
    import_paths(project, [folder], format="brat")
    assert project.document("d").meta["deep"] == nested(100)
