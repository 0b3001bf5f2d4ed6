"""`annotator stats` lists, per annotator, the spans the attribution check finds without
their required relation (a QUOTE without its `source`), in the table and in --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Document, Relation, Span
from annotator.store.project import create_project

TEXT = "“We will talk,” Kerry said. “Not now,” Lavrov said. “Later,” he added."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    project = create_project(path)
    project.add_document(Document("d1", TEXT, "d1"))
    project.add_document(Document("d2", "“Fine,” said nobody.", "d2"))

    def span(doc: str, annotator: str, phrase: str, label: str, text: str = TEXT) -> Span:
        start = text.index(phrase)
        return project.add_span(Span(doc, annotator, start, start + len(phrase), label))

    q1 = span("d1", "alice", "“We will talk,”", "QUOTE")
    kerry = span("d1", "alice", "Kerry", "ACTOR")
    span("d1", "alice", "“Not now,”", "QUOTE")
    span("d2", "alice", "“Fine,”", "QUOTE", "“Fine,” said nobody.")
    b1 = span("d1", "bob", "“Later,”", "QUOTE")
    lavrov = span("d1", "bob", "Lavrov", "ACTOR")
    assert q1.id and kerry.id and b1.id and lavrov.id
    project.add_relation(Relation("d1", "alice", q1.id, kerry.id, "source"))
    project.add_relation(Relation("d1", "bob", b1.id, lavrov.id, "claimant"))  # not a source
    project.close()
    return path


def test_stats_lists_quotes_without_a_source_per_annotator(db: Path, capsys):
    assert main(["stats", str(db)]) == 0
    out = capsys.readouterr().out
    tail = out[out.index("without a source") :]
    assert tail.splitlines() == [
        "without a source        spans",
        "alice                     2",
        "  d1  28–38  QUOTE  “Not now,”",
        "  d2  0–7  QUOTE  “Fine,”",
        "bob                       1",
        "  d1  52–60  QUOTE  “Later,”",
    ]


def test_stats_json_lists_every_unattributed_quote(db: Path, capsys):
    assert main(["stats", str(db), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["unattributed"] == {
        "source": {
            "alice": [
                {"document": "d1", "start": 28, "end": 38, "label": "QUOTE", "text": "“Not now,”"},
                {"document": "d2", "start": 0, "end": 7, "label": "QUOTE", "text": "“Fine,”"},
            ],
            "bob": [
                {"document": "d1", "start": 52, "end": 60, "label": "QUOTE", "text": "“Later,”"}
            ],
        }
    }
