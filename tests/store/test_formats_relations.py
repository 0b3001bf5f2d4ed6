"""Relations through real project files in the formats that carry them (Label Studio,
Prodigy, doccano's relations variant, spaCy): export -> import -> export is identical on the
tricky texts; bad relations are `FILE:LINE: reason` with the project file unchanged; CoNLL
and doccano's plain variant say how many relations they leave out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.model import Relation
from annotator.store.exporter import export_formatted
from annotator.store.importer import import_paths
from annotator.store.project import Project, create_project, open_project
from tests.helpers.projects import TRICKY, dump_database, fill_tricky

# (format, doccano's relations variant, suffix)
FORMATS = [
    ("labelstudio", False, ".json"),
    ("prodigy", False, ".jsonl"),
    ("doccano", True, ".jsonl"),
]
IDS = ["labelstudio", "prodigy", "doccano-relations"]


def link_quotes(project: Project) -> int:
    """A `source` from every QUOTE to the layer's first ACTOR (on every tricky text that has
    one), through the store's own add_relation."""
    count = 0
    with project.transaction():
        for doc_id in [f"doc-{name}" for name in TRICKY]:
            for annotator in project.annotators():
                spans = project.spans(doc_id, annotator)
                actors = [s for s in spans if s.label == "ACTOR"]
                for span in spans:
                    if actors and span.label == "QUOTE":
                        assert span.id is not None and actors[0].id is not None
                        project.add_relation(
                            Relation(doc_id, annotator, span.id, actors[0].id, "source")
                        )
                        count += 1
    return count


def relation_triples(project: Project) -> list[tuple]:
    """Every relation by its documents, annotators and its ends' offsets and labels."""
    result = []
    for doc_id, annotator, head, tail, label in project.relation_rows():
        h, t = project.span(head), project.span(tail)
        result.append((doc_id, annotator, h.start, h.end, h.label, t.start, t.end, t.label, label))
    return sorted(result)


@pytest.fixture(scope="module")
def linked_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("linked") / "linked.db"
    with create_project(path) as project:
        fill_tricky(project)
        assert link_quotes(project) > 10
    return path


@pytest.mark.parametrize(("name", "relations", "suffix"), FORMATS, ids=IDS)
def test_round_trip_with_relations_is_identical(
    linked_project: Path, tmp_path: Path, name: str, relations: bool, suffix: str
) -> None:
    first_out = tmp_path / f"first{suffix}"
    with open_project(linked_project) as first:
        report = export_formatted(first, name, first_out, relations=relations)
        expected = relation_triples(first)
    assert not any("relation" in note for note in report.notes)  # none left out
    with create_project(tmp_path / "second.db") as second:
        imported = import_paths(second, [first_out], format=name)
        assert imported.documents_added == len(TRICKY)
        assert imported.relations_added == len(expected)
        assert relation_triples(second) == expected
        second_out = tmp_path / f"second{suffix}"
        export_formatted(second, name, second_out, relations=relations)
    assert second_out.read_bytes() == first_out.read_bytes()


def test_spacy_export_carries_the_relations(linked_project: Path, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "out.spacy"
    with open_project(linked_project) as project:
        report = export_formatted(project, "spacy", out)
        expected = relation_triples(project)
    assert not any("relation" in note for note in report.notes)
    found = []
    for doc in DocBin().from_disk(out).get_docs(spacy.blank("en").vocab):
        spans = list(doc.spans["sc"])
        for head, tail, label in doc.user_data["relations"]:
            h, t = spans[head], spans[tail]
            ends = (h.start_char, h.end_char, h.label_, t.start_char, t.end_char, t.label_)
            found.append((doc.user_data["id"], doc.user_data["annotator"], *ends, label))
    assert sorted(found) == expected


@pytest.mark.parametrize(("name", "relations"), [("conll", False), ("doccano", False)])
def test_formats_without_relations_say_how_many_they_leave_out(
    linked_project: Path, tmp_path: Path, name: str, relations: bool
) -> None:
    with open_project(linked_project) as project:
        report = export_formatted(project, name, tmp_path / "out", relations=relations)
        count = len(relation_triples(project))
    where = (
        "`--relations` chooses the entities/relations variant that carries them"
        if name == "doccano"
        else "the conll format has no place for relations"
    )
    assert f"{count} relation(s) of the exported layers are not in this export ({where})" in (
        report.notes
    )


TEXT = "Kerry met Lavrov in Geneva."


def labelstudio(result: list[dict]) -> str:
    region = {"id": "k", "type": "labels", "value": {"start": 0, "end": 5, "labels": ["ACTOR"]}}
    other = {"id": "l", "type": "labels", "value": {"start": 10, "end": 16, "labels": ["ACTOR"]}}
    annotation = {"created_username": "alice", "result": [region, other, *result]}
    task = {"data": {"text": TEXT, "id": "d"}, "annotations": [annotation]}
    return (
        "[\n"
        + json.dumps({"data": {"text": "fine", "id": "ok"}})
        + ",\n"
        + json.dumps(task)
        + "\n]\n"
    )


def prodigy(relations: list[dict], spans: list[dict] | None = None) -> str:
    spans = spans or [
        {"start": 0, "end": 5, "label": "ACTOR", "token_start": 0, "token_end": 0},
        {"start": 10, "end": 16, "label": "ACTOR", "token_start": 2, "token_end": 2},
    ]
    task = {"text": TEXT, "meta": {"id": "d"}, "spans": spans, "relations": relations}
    return json.dumps({"text": "fine", "meta": {"id": "ok"}}) + "\n" + json.dumps(task) + "\n"


def doccano(relations: list[dict], extra: dict | None = None) -> str:
    obj = {"id": "d", "text": TEXT, "annotator": "alice", **(extra or {}),
           "entities": [{"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 5},
                        {"id": 2, "label": "ACTOR", "start_offset": 10, "end_offset": 16}],
           "relations": relations}  # fmt: skip
    return json.dumps({"id": "ok", "text": "fine", "label": []}) + "\n" + json.dumps(obj) + "\n"


MET = {"type": "relation", "from_id": "k", "to_id": "l", "labels": ["met"]}
P_MET = {"head": 0, "child": 2, "label": "met"}
D_MET = {"id": 3, "from_id": 1, "to_id": 2, "type": "met"}
BAD = [
    ("labelstudio", ".json", labelstudio([{**MET, "to_id": "gone"}]), 3,
     "task 1, annotation 0, result 2: to_id 'gone' names no labels region of this annotation"),
    ("labelstudio", ".json", labelstudio([MET, MET]), 3,
     "task 1, annotation 0, result 3 repeats task 1, annotation 0, result 2 (same ends and "
     "label 'met')"),
    ("labelstudio", ".json",
     labelstudio([{"id": "k2", "type": "labels", "meta": {"fragment_of": "k"},
                   "value": {"start": 3, "end": 9, "labels": ["ACTOR"]}}]), 3,
     "task 1, annotation 0, result 2: the span fragment [3, 9) overlaps the one before it (or "
     "is out of order)"),
    ("prodigy", ".jsonl", prodigy([{**P_MET, "child": 7}]), 2,
     'relation 0: no span ends at token 7 (give "child_span" to say which span it names)'),
    ("prodigy", ".jsonl", prodigy([P_MET, P_MET]), 2,
     "relation 1 repeats relation 0 (same ends and label 'met')"),
    ("prodigy", ".jsonl",
     prodigy([], [{"start": 0, "end": 5, "label": "ACTOR", "fragment_group": 0},
                  {"start": 30, "end": 31, "label": "ACTOR", "fragment_group": 0}]), 2,
     "span 1 [30, 31) lies outside the text (length 27)"),
    ("doccano", ".jsonl", doccano([{**D_MET, "from_id": 8}]), 2,
     "relation 0: from_id 8 names no entity of this line"),
    ("doccano", ".jsonl", doccano([D_MET, {**D_MET, "id": 4}]), 2,
     "relation 1 repeats relation 0 (same ends and label 'met')"),
    ("doccano", ".jsonl", doccano([], {"fragments": [[[0, 2], [2, 5]], None]}), 2,
     "fragments 0: the span fragment [2, 5) touches the one before it (make them one)"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "suffix", "content", "line", "reason"), BAD)
def test_bad_relations_leave_the_project_unchanged(
    linked_project: Path, tmp_path: Path, name: str, suffix: str, content: str, line: int,
    reason: str,
) -> None:  # fmt: skip
    path = tmp_path / "project.db"
    path.write_bytes(linked_project.read_bytes())
    source = tmp_path / f"bad{suffix}"
    source.write_text(content, encoding="utf-8")
    before = dump_database(path)
    with open_project(path) as project, pytest.raises(InputError) as error:
        import_paths(project, [source], format=name, add_labels=True)
    assert str(error.value) == f"{source}:{line}: {reason}"
    assert dump_database(path) == before


def test_label_studio_sdk_accepts_the_relations_and_the_config(
    linked_project: Path, tmp_path: Path
) -> None:
    pytest.importorskip("label_studio_sdk")
    from label_studio_sdk.label_interface import LabelInterface

    from annotator.core.formats import get_format

    out = tmp_path / "tasks.json"
    with open_project(linked_project) as project:
        export_formatted(project, "labelstudio", out)
        config = get_format("labelstudio").print_config(  # type: ignore[misc]
            project.labels(), project.relation_types()
        )
        expected = len(relation_triples(project))
    interface = LabelInterface(config)
    interface.validate()
    assert '<Relation value="source"' in config
    relations = 0
    for task in json.loads(out.read_text(encoding="utf-8")):
        for annotation in task["annotations"]:
            assert interface.validate_prediction(annotation, return_errors=True) == []
            regions = {r["id"] for r in annotation["result"] if r["type"] == "labels"}
            for result in annotation["result"]:
                if result["type"] == "relation":
                    assert {result["from_id"], result["to_id"]} <= regions
                    assert result["labels"] == ["source"]
                    relations += 1
    assert relations == expected
