"""`annotator stats` shows each suggester's acceptance per label (accepted, rejected, open,
acceptance rate), from the decisions recorded by accepting and rejecting, the same on a
project file and a shared database; a project without suggestions shows no such table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Document, Suggestion
from annotator.ops import suggestions as suggestion_ops
from annotator.store.locations import create_any

TEXT = "“We will talk,” Kerry said. Lavrov agreed, and Kerry left."

TABLE = [
    "suggestions per suggester and label",
    "suggester  label  accepted  rejected  open  acceptance rate",
    "actors     ACTOR         2         1     1            0.667",
    "quotes     QUOTE         1         0     0            1.000",
    "spacy      ACTOR         0         0     1                -",
    "speakers   ACTOR         2         0     0            1.000",
    "acceptance rate: accepted / (accepted + rejected); - : nothing decided yet",
]


@pytest.fixture(params=["sqlite", "postgres"])
def project_name(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "p.db")
    return str(request.getfixturevalue("pg_url"))


def _decided(name: str) -> None:
    """A quote with its speaker accepted by alice; bob accepts Kerry and rejects Lavrov."""
    with create_any(name) as project:
        project.add_document(Document("d", TEXT, "d"))
        kerry, lavrov, later = (16, 21), (28, 34), (47, 52)
        project.store_suggestions(
            "d",
            [
                Suggestion("d", 1, 14, "QUOTE", ("quotes",), speaker=kerry),
                Suggestion("d", *kerry, "ACTOR", ("actors", "speakers")),
                Suggestion("d", *lavrov, "ACTOR", ("actors",)),
                Suggestion("d", *later, "ACTOR", ("actors", "spacy")),
            ],
        )
        held = {s.start: s for s in project.suggestions("d")}
        suggestion_ops.accept_suggestion(project, held[1].id, "alice")  # and its speaker
        suggestion_ops.accept_suggestion(project, held[16].id, "bob")
        suggestion_ops.reject_suggestion(project, held[28].id, "bob")


def test_stats_prints_the_acceptance_table(project_name: str, capsys):
    _decided(project_name)
    assert main(["stats", project_name]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = lines.index(TABLE[0])
    assert lines[start - 1] == "" and lines[start:] == TABLE


def test_stats_json_lists_the_rates(project_name: str, capsys):
    _decided(project_name)
    assert main(["stats", project_name, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["suggestions"]
    assert rows[0] == {
        "suggester": "actors",
        "label": "ACTOR",
        "accepted": 2,
        "rejected": 1,
        "open": 1,
        "acceptance_rate": pytest.approx(2 / 3),
    }
    assert rows[2]["acceptance_rate"] is None  # spacy's: nothing decided yet
    assert [(r["suggester"], r["label"]) for r in rows] == [
        ("actors", "ACTOR"),
        ("quotes", "QUOTE"),
        ("spacy", "ACTOR"),
        ("speakers", "ACTOR"),
    ]


def test_a_project_without_suggestions_has_no_table(project_name: str, capsys):
    with create_any(project_name) as project:
        project.add_document(Document("d", TEXT, "d"))
    assert main(["stats", project_name]) == 0
    assert "acceptance" not in capsys.readouterr().out
    assert main(["stats", project_name, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["suggestions"] == []


def test_the_command_itself_on_a_shared_project(pg_url: str):
    _decided(pg_url)
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "stats", pg_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-len(TABLE) :] == TABLE
