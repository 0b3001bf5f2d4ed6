"""Every offset format through real project files: export, import into a new project,
export again -> identical, on texts that shift offsets in one unit or another."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
from pathlib import Path

import pytest

from annotator.core.formats import get_format
from annotator.core.model import Document, RelationType, Span
from annotator.store.exporter import export_formatted
from annotator.store.importer import import_paths
from annotator.store.project import Project, create_project
from tests.helpers.jsonl_records import iter_layer_records, write_jsonl
from tests.helpers.projects import TRICKY, fill_tricky  # the foundation's tricky texts

# (format, relations variant, suffix of the export; "" for a folder)
FORMATS = [
    ("jsonl", False, ".jsonl"),
    ("doccano", False, ".jsonl"),
    ("doccano", True, ".jsonl"),
    ("labelstudio", False, ".json"),
    ("brat", False, ""),
]
IDS = [f"{name}{'-relations' if rel else ''}" for name, rel, _ in FORMATS]


def jsonl_dump(project: Project, relations: bool = True) -> list[dict]:
    """The project as its JSONL records; without `relations`, the records' relations left
    out (what a format that cannot carry them brings back)."""
    out = io.StringIO()
    write_jsonl(iter_layer_records(project), out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    if not relations:
        for record in records:
            record["relations"] = []
    return records


def carries_relations(name: str, relations: bool) -> bool:
    return relations or get_format(name).carries_relations


def add_relations(project: Project) -> int:
    """A SAYS relation (a type linking any labels) from each layer's first span to its last."""
    project.add_relation_type(RelationType("SAYS", (), (), "#888888"))
    with project.transaction():
        cursor = project.conn.execute(
            """INSERT INTO relations (document_id, annotator, head_span, tail_span, label)
               SELECT document_id, annotator, min(id), max(id), 'SAYS' FROM spans
               GROUP BY document_id, annotator"""
        )
    return cursor.rowcount


def read_output(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()}
    return {"": path.read_bytes()}


@pytest.fixture(scope="module")
def tricky_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tricky") / "tricky.db"
    with create_project(path) as project:
        fill_tricky(project)
        assert add_relations(project) > 0
    return path


@pytest.mark.parametrize(("name", "relations", "suffix"), FORMATS, ids=IDS)
def test_round_trip_is_identical(tricky_project: Path, tmp_path: Path, name, relations, suffix):
    from annotator.store.project import open_project

    first_out = tmp_path / f"first{suffix}"
    with open_project(tricky_project) as first:
        report = export_formatted(first, name, first_out, relations=relations)
        before = jsonl_dump(first, carries_relations(name, relations))
    assert report.documents == len(TRICKY)
    with create_project(tmp_path / "second.db") as second:
        # --add-labels: the SAYS relation type is the first project's
        imported = import_paths(second, [first_out], format=name, add_labels=True)
        assert imported.documents_added == len(TRICKY)
        second_out = tmp_path / f"second{suffix}"
        export_formatted(second, name, second_out, relations=relations)
        # Everything arrived: texts, offsets, labels, notes, statuses, annotators, meta.
        assert jsonl_dump(second) == before
        for record in before:
            assert second.document(record["id"]).text == TRICKY[record["id"][4:]]
            for span in record["spans"]:
                assert record["text"][span["start"] : span["end"]] == span["text"]
        if carries_relations(name, relations):
            count = second.conn.execute("SELECT count(*) FROM relations").fetchone()[0]
            assert imported.relations_added == count > 0
    assert read_output(second_out) == read_output(first_out)


@pytest.mark.parametrize(("name", "relations", "suffix"), FORMATS, ids=IDS)
def test_importing_twice_adds_nothing(
    tricky_project: Path, tmp_path: Path, name, relations, suffix
):
    from annotator.store.project import open_project

    out = tmp_path / f"out{suffix}"
    with open_project(tricky_project) as first:
        export_formatted(first, name, out, relations=relations)
    with create_project(tmp_path / "second.db") as second:
        import_paths(second, [out], format=name, add_labels=True)
        before = jsonl_dump(second)
        again = import_paths(second, [out], format=name)
        assert again.spans_added == 0 and again.documents_added == 0
        assert again.relations_added == 0
        assert jsonl_dump(second) == before


def test_an_emoji_before_a_span_does_not_shift_it_in_any_format(tmp_path: Path):
    text = "👩‍👩‍👧 e\u0301 𠀋 Kerry\r\nmet Lavrov"
    start = text.index("Kerry")
    with create_project(tmp_path / "a.db") as project:
        project.add_document(Document("d", text, "d"))
        project.add_span(Span("d", "alice", start, start + 5, "ACTOR"))
        for name, relations, suffix in FORMATS:
            out = tmp_path / f"{name}{relations}{suffix}"
            export_formatted(project, name, out, relations=relations)
            raw = read_output(out)
            if name == "brat":
                assert raw["alice/d.ann"].decode() == f"T1\tACTOR {start} {start + 5}\tKerry\n"
                assert raw["alice/d.txt"].decode() == text  # CRLF kept as it is
            else:
                content = raw[""].decode()
                assert f"{start}, " in content or f'"start": {start}' in content, name
                assert f"{start + 5}" in content


def test_every_registered_offset_format_writes_and_reads():
    for name in ("jsonl", "doccano", "labelstudio", "brat"):
        fmt = get_format(name)
        assert fmt.write is not None and fmt.read is not None
        assert fmt.description and fmt.name == name


def test_jsonl_export_loads_with_datasets_offline(
    tricky_project: Path, tmp_path: Path, monkeypatch
):
    datasets = pytest.importorskip("datasets")
    from annotator.store.project import open_project

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    out = tmp_path / "export.jsonl"
    with open_project(tricky_project) as project:
        report = export_formatted(project, "jsonl", out)
        expected = jsonl_dump(project)
    loaded = datasets.load_dataset(
        "json", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache")
    )
    assert loaded.num_rows == report.layers == len(expected)
    for row, record in zip(loaded, expected, strict=True):
        assert row["id"] == record["id"] and row["text"] == record["text"]
        assert row["annotator"] == record["annotator"]
        spans = [(s["start"], s["end"], s["label"]) for s in row["spans"]]
        assert spans == [(s["start"], s["end"], s["label"]) for s in record["spans"]]
        assert all(row["text"][s["start"] : s["end"]] == s["text"] for s in row["spans"])


def test_labelstudio_export_passes_the_sdk_validation(tricky_project: Path, tmp_path: Path):
    pytest.importorskip("label_studio_sdk")
    from label_studio_sdk.label_interface import LabelInterface
    from label_studio_sdk.types.import_api_request import ImportApiRequest

    from annotator.store.project import open_project

    out = tmp_path / "tasks.json"
    with open_project(tricky_project) as project:
        export_formatted(project, "labelstudio", out)
        config = get_format("labelstudio").print_config(  # type: ignore[misc]
            project.labels(), project.relation_types()
        )
    interface = LabelInterface(config)
    interface.validate()  # the config itself is valid Label Studio XML
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == len(TRICKY)
    regions = 0
    for task in tasks:
        # The SDK's model of a task for the import API (pydantic, strict types).
        ImportApiRequest.model_validate(task)
        assert interface.validate_task({"data": task["data"]})
        for annotation in task["annotations"]:
            assert interface.validate_prediction(annotation, return_errors=True) == []
            ids = {region["id"] for region in annotation["result"] if "id" in region}
            for region in annotation["result"]:
                if region["type"] == "relation":  # between regions of this annotation
                    assert {region["from_id"], region["to_id"]} <= ids
                    continue
                value = region["value"]
                assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
                regions += 1
    assert regions > 0


ONE_LINE = {ord(c): " " for c in "\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def brat_peek_reader():
    """brat-peek's standoff reader (`peek/ann_structure.py`, plain Python). The package's
    `__init__` also imports its plotting modules (seaborn, matplotlib), which a reader does
    not need, so the module is loaded from its file."""
    spec = importlib.util.find_spec("peek")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("brat-peek is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "ann_structure.py"
    module_spec = importlib.util.spec_from_file_location("brat_peek_ann_structure", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def test_brat_export_reads_back_with_brat_peek(tricky_project: Path, tmp_path: Path):
    peek = brat_peek_reader()
    from annotator.core.formats.brat import unescape_note
    from annotator.store.project import open_project

    out = tmp_path / "brat"
    with open_project(tricky_project) as project:
        export_formatted(project, "brat", out)
        layers = {
            (r["annotator"], r["id"]): r for r in jsonl_dump(project) if r["annotator"] is not None
        }
    ids = dict(line.split("\t") for line in (out / "ids.tsv").read_text().splitlines()[1:])
    checked = 0
    for ann in sorted(out.glob("*/*.ann")):
        record = layers[(ann.parent.name, ids[ann.stem])]
        document = peek.AnnDocument(str(ann))
        entities = document.anns["entities"]
        text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        assert text == record["text"]
        # brat-peek strips each line's trailing white space before splitting it, so it
        # cannot read a span whose text is all white space ("\r\n"): it skips that line
        # with a warning. Every other span must read back exactly.
        spans = [s for s in record["spans"] if text[s["start"] : s["end"]].strip()]
        assert len(entities) == len(spans)
        for entity, span in zip(entities, spans, strict=True):
            ((start, end),) = entity.span
            assert (start, end, entity.tag) == (span["start"], span["end"], span["label"])
            # brat-peek strips the line's trailing white space; line breaks and tabs are
            # written as spaces.
            shown = text[start:end].translate(ONE_LINE)
            assert entity.text == shown.rstrip()
            notes = [unescape_note(n.note) for n in entity.notes]
            assert notes == ([span["note"]] if span["note"] else [])
            checked += 1
    assert checked > 100


def test_brat_exports_are_deterministic(tmp_path: Path, tricky_project: Path):
    """`diff -r` of two exports of the same project: nothing depends on time or chance."""
    from annotator.store.project import open_project

    with open_project(tricky_project) as project:
        export_formatted(project, "brat", tmp_path / "a")
        export_formatted(project, "brat", tmp_path / "b")
    assert subprocess.run(["diff", "-r", tmp_path / "a", tmp_path / "b"]).returncode == 0
