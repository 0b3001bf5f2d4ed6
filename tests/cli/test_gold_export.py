"""`annotator export --gold`: the curator's layer, made through the gold functions, as
training data; layers not yet curated are said to be included."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.cli import main
from annotator.core.disagreements import find_disagreements
from annotator.core.model import Document, Span, Status
from annotator.store.gold import accept_version, start_gold
from annotator.store.project import open_project

TEXT = "Mayor Lee told Kim: bridge opens in May."


def test_gold_export_after_curating(project_path: Path, capsys) -> None:
    with open_project(project_path) as project:
        for doc_id in ("d1", "d2"):
            project.add_document(Document(doc_id, TEXT, doc_id))
            project.add_span(Span(doc_id, "alice", 0, 9, "ACTOR"))
            project.add_span(Span(doc_id, "alice", 20, 40, "QUOTE"))
            project.add_span(Span(doc_id, "bob", 0, 9, "ACTOR"))
            project.add_span(Span(doc_id, "bob", 20, 39, "QUOTE"))
            start_gold(project, doc_id, ["alice", "bob"])
        layers = {
            name: [(s.start, s.end, s.label) for s in project.spans("d1", name)]
            for name in ("alice", "bob")
        }
        (boundary,) = find_disagreements(layers)
        accept_version(project, "d1", boundary, "bob")
        project.set_status("d1", "gold", Status.DONE)  # d2 stays in progress

    assert main(["export", str(project_path), "--gold"]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(r["id"], r["annotator"], r["status"]) for r in lines] == [
        ("d1", "gold", "done"),
        ("d2", "gold", "in_progress"),
    ]
    assert [(s["label"], s["text"]) for s in lines[0]["spans"]] == [
        ("ACTOR", "Mayor Lee"),
        ("QUOTE", "bridge opens in May"),
    ]
    assert "1 gold layer(s) not yet marked curated are included" in err

    assert main(["export", str(project_path), "--gold", "--status", "done"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["d1"]
    assert "not yet marked curated" not in err


def test_gold_export_carries_the_relations_accepted_into_gold(project_path: Path, capsys):
    from annotator.core.model import Relation

    with open_project(project_path) as project:
        project.add_document(Document("d1", TEXT, "d1"))
        for name, quote_end in (("alice", 40), ("bob", 39)):
            lee = project.add_span(Span("d1", name, 0, 9, "ACTOR"))
            quote = project.add_span(Span("d1", name, 20, quote_end, "QUOTE"))
            assert lee.id is not None and quote.id is not None
            project.add_relation(Relation("d1", name, quote.id, lee.id, "source"))
        start_gold(project, "d1", ["alice", "bob"])
        layers = {
            name: [(s.start, s.end, s.label) for s in project.spans("d1", name)]
            for name in ("alice", "bob")
        }
        (boundary,) = find_disagreements(layers)
        accept_version(project, "d1", boundary, "alice")  # her QUOTE, and her source link

    code = main(["export", str(project_path), "--gold", "--format", "doccano", "--relations"])
    assert code == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    entities = {
        e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]
    }
    assert [
        (entities[r["from_id"]], entities[r["to_id"]], r["type"]) for r in record["relations"]
    ] == [((20, 40, "QUOTE"), (0, 9, "ACTOR"), "source")]
