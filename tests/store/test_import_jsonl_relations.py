"""The project's JSONL with span ids, relations and discontinuous spans, on real project
files: export -> import -> export byte-identical on the tricky texts (emoji, ZWJ, CRLF,
RTL, CJK), a plain reader still finding text[start:end], and every bad relation or
fragment refused with `FILE:LINE: reason`, the project unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.model import Document, Relation, Span
from annotator.ops.relations import add_relation
from annotator.store.exporter import export_formatted, export_jsonl
from annotator.store.importer import import_paths
from annotator.store.project import Project, create_project, open_project
from tests.helpers.projects import TRICKY, fill_tricky

Dump = Callable[[Path], list[str]]


def link_and_split(project: Project) -> int:
    """In every layer: a source from each QUOTE to the layer's first ACTOR, and a
    discontinuous QUOTE (its first and last code points) when the text has room."""
    count = 0
    for doc_id in [f"doc-{name}" for name in TRICKY]:
        text = project.document(doc_id).text
        for annotator in project.annotators():
            spans = project.spans(doc_id, annotator)
            if not spans:
                continue
            if len(text) >= 3:
                project.add_span(
                    Span(
                        doc_id,
                        annotator,
                        0,
                        len(text),
                        "QUOTE",
                        "split",
                        None,
                        ((0, 1), (len(text) - 1, len(text))),
                    )
                )
            spans = project.spans(doc_id, annotator)
            actors = [s for s in spans if s.label == "ACTOR"]
            for quote in (s for s in spans if s.label == "QUOTE"):
                if actors:
                    assert quote.id is not None and actors[0].id is not None
                    relation = Relation(doc_id, annotator, quote.id, actors[0].id, "source")
                    add_relation(project, relation)
                    count += 1
    return count


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("linked") / "linked.db"
    with create_project(path) as project:
        fill_tricky(project)
        assert link_and_split(project) > 20
    return path


def test_export_import_export_is_byte_identical(linked: Path, tmp_path: Path):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    with open_project(linked) as project:
        export_jsonl(project, first)
        relations = project.conn.execute("SELECT count(*) FROM relations").fetchone()[0]
    with create_project(tmp_path / "again.db") as project:
        report = import_paths(project, [first])
        assert report.relations_added == relations
        export_jsonl(project, second)
    assert second.read_bytes() == first.read_bytes()


def test_the_same_in_brat(linked: Path, tmp_path: Path):
    """Discontinuous T lines and R lines on the tricky texts, through brat and back."""
    first, second = tmp_path / "first", tmp_path / "second"
    with open_project(linked) as project:
        export_formatted(project, "brat", first)
        export_jsonl(project, tmp_path / "before.jsonl")
    with create_project(tmp_path / "again.db") as project:
        import_paths(project, [first], format="brat")
        export_formatted(project, "brat", second)
        export_jsonl(project, tmp_path / "after.jsonl")
    assert (tmp_path / "after.jsonl").read_bytes() == (tmp_path / "before.jsonl").read_bytes()
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (second / name).read_bytes() == (first / name).read_bytes(), name
    ann = "".join(p.read_text(encoding="utf-8") for p in first.rglob("*.ann"))
    assert ";" in ann and "\tsource Arg1:T" in ann


def test_a_plain_reader_finds_every_span_and_relation(linked: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    with open_project(linked) as project:
        export_jsonl(project, out)
    fragmented = linked_count = 0
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        spans = {span["id"]: span for span in record["spans"]}
        assert list(spans) == list(range(1, len(spans) + 1))
        for span in spans.values():
            if "fragments" in span:
                fragmented += 1
                pieces = [text[s:e] for s, e in span["fragments"]]
                assert span["text"] == " … ".join(pieces)
                assert (span["start"], span["end"]) == (
                    span["fragments"][0][0],
                    span["fragments"][-1][1],
                )
            else:
                assert span["text"] == text[span["start"] : span["end"]]
        for relation in record["relations"]:
            assert set(relation) == {"head", "tail", "label"}
            assert spans[relation["head"]]["label"] == "QUOTE"
            assert spans[relation["tail"]]["label"] == "ACTOR"
            linked_count += 1
    assert fragmented > 10 and linked_count > 20


def test_importing_twice_keeps_each_relation_once(linked: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    with open_project(linked) as project:
        export_jsonl(project, out)
    with create_project(tmp_path / "again.db") as project:
        first = import_paths(project, [out])
        again = import_paths(project, [out])
        assert again.relations_added == 0
        assert again.relations_already_present == first.relations_added
        assert f"{first.relations_added} relation(s) already present" in again.summary()


def test_a_file_without_ids_or_relations_still_imports(project: Project, tmp_path: Path):
    source = tmp_path / "old.jsonl"
    line = {"id": "d", "text": "Kerry spoke.", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]}
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert import_paths(project, [source]).spans_added == 1


TEXT = "Kerry said the talks would resume."
SPANS = [
    {"id": 7, "start": 0, "end": 5, "label": "ACTOR"},
    {"id": 3, "start": 11, "end": 33, "label": "QUOTE"},
]
GOOD_RELATION = {"head": 3, "tail": 7, "label": "source"}


def line(spans: list[dict] | None = None, relations: list[dict] | None = None) -> dict:
    return {
        "id": "doc",
        "text": TEXT,
        "spans": SPANS if spans is None else spans,
        "relations": [GOOD_RELATION] if relations is None else relations,
    }


SPLIT = {"id": 9, "start": 0, "end": 33, "label": "QUOTE", "fragments": [[0, 5], [11, 33]]}
BAD = [
    (
        line(relations=[{"head": 3, "tail": 8, "label": "source"}]),
        "relation 0: its tail 8 is the id of no span of this line",
    ),
    (
        line(relations=[GOOD_RELATION, GOOD_RELATION]),
        "relation 1 repeats relation 0 (the same head, tail, label)",
    ),
    (
        line(relations=[{"head": 7, "tail": 3, "label": "source"}]),
        "a source relation links QUOTE to ACTOR, not ACTOR to QUOTE",
    ),
    (
        line(relations=[{"head": 3, "tail": 7, "label": "cue"}]),
        "relation type(s) the project lacks: cue (the project has: source, claimant, "
        "participant; pass --add-labels to add them)",
    ),
    (
        line(relations=[{"head": 3, "tail": 7, "label": "source", "id": 1}]),
        "relation 0: unknown key 'id' (expected head, tail, label)",
    ),
    (
        line(relations=[{"head": "3", "tail": 7, "label": "source"}]),
        "relation 0: 'head' must be an integer, got \"3\"",
    ),
    (
        line(spans=[*SPANS, {"id": 7, "start": 0, "end": 4, "label": "ACTOR"}]),
        "span 2: the id 7 is span 0's too",
    ),
    (
        line(spans=[*SPANS, {**SPLIT, "fragments": [[0, 5], [11, 99]]}]),
        "span 2 fragment [11, 99) lies outside the text (length 34)",
    ),
    (
        line(spans=[*SPANS, {**SPLIT, "fragments": [[0, 5], [11, 30]]}]),
        "span 2: its fragments run from 0 to 30, not from its start 0 to its end 33",
    ),
    (
        line(spans=[*SPANS, {**SPLIT, "end": 99, "fragments": [[0, 5], [11, 99]]}]),
        "span 2 [0, 99) lies outside the text (length 34)",
    ),
    (
        line(spans=[*SPANS, {**SPLIT, "fragments": [[0, 12], [11, 33]]}]),
        "span 2 fragment [11, 33) overlaps the one before it (or is out of order)",
    ),
    (
        line(spans=[*SPANS, {**SPLIT, "fragments": [[0, 5], [5, 33]]}]),
        "span 2 fragment [5, 33) touches the one before it (make them one)",
    ),
    (
        line(spans=[*SPANS, {**SPLIT, "fragments": [[0, 33]]}]),
        "span 2 has fewer than two fragments (a contiguous span has none)",
    ),
    (
        line(spans=[*SPANS, {**SPLIT, "text": "Kerry the talks would resume"}]),
        'span 2: its text "Kerry the talks would resume" disagrees with its fragments, which '
        'cover "Kerry … the talks would resume"',
    ),
    (
        line(spans=[*SPANS, {**SPLIT, "fragments": [[0, 5.0], [11, 33]]}]),
        "span 2: fragment 0: end must be an integer, got 5.0",
    ),
]


@pytest.mark.parametrize(("record", "reason"), BAD, ids=[str(n) for n in range(len(BAD))])
def test_bad_relations_and_fragments_name_the_line(
    project_path: Path, dump: Dump, tmp_path: Path, record: dict, reason: str
):
    with open_project(project_path) as project:
        project.add_document(Document("seed", "Seed text.", "seed"))
        project.add_span(Span("seed", "alice", 0, 4, "EVENT"))
    source = tmp_path / "bad.jsonl"
    good = {
        "id": "good",
        "text": "Lavrov agreed.",
        "spans": [{"start": 0, "end": 6, "label": "ACTOR"}],
    }
    source.write_text(
        json.dumps(good) + "\n" + json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    before = dump(project_path)
    with open_project(project_path) as project, pytest.raises(InputError) as error:
        import_paths(project, [source])
    assert str(error.value) == f"{source}:2: {reason}"
    assert dump(project_path) == before


def test_a_stored_span_with_other_fragments_is_a_conflict(project: Project, tmp_path: Path):
    project.add_document(Document("doc", TEXT, "doc"))
    project.add_span(Span("doc", "alice", 0, 33, "QUOTE"))
    source = tmp_path / "split.jsonl"
    source.write_text(
        json.dumps({**line([SPLIT], []), "annotator": "alice"}) + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as error:
        import_paths(project, [source])
    assert str(error.value) == (
        f"{source}:1: alice's QUOTE span [0, 33) is there already with no fragments, not "
        "fragments [0, 5) [11, 33)"
    )
    assert [s.fragments for s in project.spans("doc", "alice")] == [()]


def test_add_labels_adds_the_relation_types_with_the_labels_seen(project: Project, tmp_path: Path):
    source = tmp_path / "cue.jsonl"
    relations = [{"head": 3, "tail": 7, "label": "cue"}, {"head": 7, "tail": 3, "label": "cue"}]
    source.write_text(json.dumps(line(relations=relations)) + "\n", encoding="utf-8")
    report = import_paths(project, [source], add_labels=True)
    assert report.relation_types_added == ["cue"] and report.relations_added == 2
    cue = next(kind for kind in project.relation_types() if kind.name == "cue")
    assert (cue.head_labels, cue.tail_labels) == (("QUOTE", "ACTOR"), ("ACTOR", "QUOTE"))
    assert "relation types added: cue" in report.summary()


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
def test_relations_option_changes_nothing_where_relations_always_travel(
    linked: Path, tmp_path: Path, fmt: str
):
    plain, asked = tmp_path / "plain", tmp_path / "asked"
    with open_project(linked) as project:
        assert export_formatted(project, fmt, plain).notes == []  # nothing left behind
        assert export_formatted(project, fmt, asked, relations=True).notes == []
    assert files_in(asked) == files_in(plain)


def files_in(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {"": path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()}
