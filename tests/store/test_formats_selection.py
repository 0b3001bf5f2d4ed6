"""Which layers and spans an export takes: --annotator, --gold, --status, --labels, and the
documents nobody has touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR, Document, Span, Status
from annotator.store.exporter import export_formatted, export_jsonl, iter_export_documents
from annotator.store.project import Project

TEXT = "Kerry met Lavrov in Geneva. They talked."


@pytest.fixture
def filled(project: Project) -> Project:
    for doc_id in ("d1", "d2", "d3"):
        project.add_document(Document(doc_id, f"{doc_id}: {TEXT}", doc_id, {"n": doc_id}))
    project.add_span(Span("d1", "alice", 4, 9, "ACTOR", "US"))
    project.add_span(Span("d1", "alice", 4, 30, "QUOTE"))
    project.add_span(Span("d1", "bob", 14, 20, "ACTOR"))
    project.add_span(Span("d1", GOLD_ANNOTATOR, 4, 9, "ACTOR"))
    project.set_status("d1", "alice", Status.DONE)
    project.set_status("d1", GOLD_ANNOTATOR, Status.DONE)
    project.add_span(Span("d2", "bob", 4, 9, "CLAIM"))
    project.set_status("d2", "bob", Status.IN_PROGRESS)
    return project  # d3: nobody has touched it


def layers(project: Project, **selection) -> list[tuple[str, str | None, list[str]]]:
    return [
        (document.id, layer.annotator, [span.label for span in layer.spans])
        for document in iter_export_documents(project, **selection)
        for layer in document.layers
    ]


def test_no_selection_gives_every_layer_and_untouched_documents_once(filled: Project):
    assert layers(filled) == [
        ("d1", "alice", ["ACTOR", "QUOTE"]),
        ("d1", "bob", ["ACTOR"]),
        ("d1", "gold", ["ACTOR"]),
        ("d2", "bob", ["CLAIM"]),
        ("d3", None, []),
    ]


def test_annotators_pick_their_layers_only(filled: Project):
    assert layers(filled, annotators=["bob"]) == [
        ("d1", "bob", ["ACTOR"]),
        ("d2", "bob", ["CLAIM"]),
    ]
    assert layers(filled, annotators=["alice", "bob"])[:2] == [
        ("d1", "alice", ["ACTOR", "QUOTE"]),
        ("d1", "bob", ["ACTOR"]),
    ]


def test_gold_gives_the_adjudicated_layer(filled: Project):
    assert layers(filled, gold=True) == [("d1", "gold", ["ACTOR"])]
    assert layers(filled, gold=True, annotators=["bob"]) == [
        ("d1", "bob", ["ACTOR"]),
        ("d1", "gold", ["ACTOR"]),
        ("d2", "bob", ["CLAIM"]),
    ]


def test_gold_without_adjudication_is_an_error(project: Project):
    project.add_document(Document("d", TEXT, "d"))
    project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    with pytest.raises(AnnotatorError, match="no gold layer yet"):
        layers(project, gold=True)


def test_status_done_takes_finished_layers(filled: Project):
    assert layers(filled, status="done") == [
        ("d1", "alice", ["ACTOR", "QUOTE"]),
        ("d1", "gold", ["ACTOR"]),
    ]
    assert layers(filled, status=Status.IN_PROGRESS) == [
        ("d1", "bob", ["ACTOR"]),
        ("d2", "bob", ["CLAIM"]),
    ]


def test_labels_filter_spans_and_keep_layers(filled: Project):
    assert layers(filled, labels=["ACTOR"]) == [
        ("d1", "alice", ["ACTOR"]),
        ("d1", "bob", ["ACTOR"]),
        ("d1", "gold", ["ACTOR"]),
        ("d2", "bob", []),
        ("d3", None, []),
    ]


def test_selections_combine(filled: Project):
    assert layers(filled, annotators=["alice", "bob"], status="done", labels=["QUOTE"]) == [
        ("d1", "alice", ["QUOTE"])
    ]


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ({"annotators": ["zed"]}, "unknown annotator 'zed' (the project has: alice, bob, gold)"),
        ({"labels": ["PLACE"]}, "unknown label 'PLACE' (the project has: ACTOR, QUOTE"),
        ({"status": "finished"}, "unknown status 'finished'"),
    ],
)
def test_unknown_names_are_errors_naming_the_projects(filled: Project, selection, message):
    with pytest.raises(AnnotatorError) as error:
        layers(filled, **selection)
    assert message in str(error.value)


def test_jsonl_format_writes_the_bytes_of_the_plain_export(filled: Project, tmp_path: Path):
    export_jsonl(filled, tmp_path / "plain.jsonl")
    report = export_formatted(filled, "jsonl", tmp_path / "format.jsonl")
    assert (tmp_path / "format.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()
    assert (report.documents, report.layers, report.spans) == (3, 5, 5)


def test_labels_selection_limits_the_brat_configuration(filled: Project, tmp_path: Path):
    export_formatted(filled, "brat", tmp_path / "out", labels=["ACTOR", "CLAIM"])
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert conf.split("\n\n")[0] == "[entities]\nACTOR\nCLAIM"


def test_selected_export_in_every_format_has_only_the_selection(filled: Project, tmp_path: Path):
    export_formatted(filled, "doccano", tmp_path / "d.jsonl", annotators=["bob"])
    lines = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert [(x["id"], x["annotator"], x["label"]) for x in lines] == [
        ("d1", "bob", [[14, 20, "ACTOR"]]),
        ("d2", "bob", [[4, 9, "CLAIM"]]),
    ]
    export_formatted(filled, "labelstudio", tmp_path / "t.json", status="done")
    tasks = json.loads((tmp_path / "t.json").read_text())
    assert [[a["created_username"] for a in t["annotations"]] for t in tasks] == [["alice", "gold"]]


def test_cancelled_export_writes_nothing(project: Project, tmp_path: Path):
    for number in range(450):
        project.add_document(Document(f"d{number}", TEXT, "t"))
    calls = []
    before = sorted(tmp_path.iterdir())

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 400

    with pytest.raises(AnnotatorError, match="cancelled"):
        export_formatted(project, "doccano", tmp_path / "out.jsonl", progress=progress)
    assert calls == [(200, 450), (400, 450)]
    assert sorted(tmp_path.iterdir()) == before
    with pytest.raises(AnnotatorError, match="cancelled"):
        export_formatted(project, "brat", tmp_path / "brat", progress=progress)
    assert sorted(tmp_path.iterdir()) == before


def test_relations_whose_span_a_label_filter_drops_are_counted(filled: Project, tmp_path: Path):
    with filled.transaction():
        ids = [
            row[0]
            for row in filled.conn.execute(
                "SELECT id FROM spans WHERE document_id = 'd1' AND annotator = 'alice' "
                'ORDER BY start, "end"'
            )
        ]
        filled.conn.execute(
            "INSERT INTO relations (document_id, annotator, head_span, tail_span, label) "
            "VALUES ('d1', 'alice', ?, ?, 'SAYS')",
            ids,
        )
    out = tmp_path / "all.jsonl"
    report = export_formatted(filled, "doccano", out, relations=True)
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["relations"] == [{"id": 3, "from_id": 1, "to_id": 2, "type": "SAYS"}]
    assert report.notes == []
    report = export_formatted(filled, "doccano", out, relations=True, labels=["ACTOR"])
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["relations"] == [] and len(first["entities"]) == 1
    assert report.notes == ["1 relation(s) left out: --labels left out one of their spans"]


def test_the_token_formats_take_the_same_selection(filled: Project, tmp_path: Path):
    """--annotator, --labels and --status reach prodigy, conll and spacy too."""
    export_formatted(filled, "prodigy", tmp_path / "p.jsonl", annotators=["bob"])
    tasks = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert [(t["meta"]["id"], t["_annotator_id"]) for t in tasks] == [("d1", "bob"), ("d2", "bob")]

    export_formatted(filled, "conll", tmp_path / "c.conll", annotators=["alice"], labels=["QUOTE"])
    tags = {line.split("\t")[-1] for line in (tmp_path / "c.conll").read_text().splitlines()}
    assert {tag for tag in tags if tag[:2] in ("B-", "I-")} == {"B-QUOTE", "I-QUOTE"}

    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    export_formatted(filled, "spacy", tmp_path / "s.spacy", status="done")
    docs = list(DocBin().from_disk(tmp_path / "s.spacy").get_docs(Vocab()))
    assert [(d.user_data["id"], d.user_data["annotator"]) for d in docs] == [
        ("d1", "alice"),
        ("d1", GOLD_ANNOTATOR),
    ]
