"""A byte changed inside a stored text (which no page check sees) is found by its SHA-256
where that is cheap: opening the document, exporting it, backing the project up. Each
refuses naming the document, writes nothing, and keeps what was there."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.model import Document, Span
from annotator.store.backup import backup_folder, backup_project, daily_backup
from annotator.store.exporter import export_formatted, export_jsonl
from annotator.store.project import create_project, open_project

TEXTS = {"d0": "Kerry met Lavrov.", "d1": "Assad spoke in Damascus.", "d2": "Talks in Qatar."}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with create_project(path) as project:
        for doc_id, text in TEXTS.items():
            project.add_document(Document(doc_id, text, doc_id))
        project.add_span(Span("d0", "alice", 0, 5, "ACTOR"))
        project.add_span(Span("d1", "bob", 0, 5, "ACTOR"))
    return path


def flip(path: Path, document_id: str, stored: bytes) -> None:
    """What a flipped bit on disk does: the stored text changes, its SHA-256 does not."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE documents SET text = CAST(? AS TEXT) WHERE id = ?", (stored, document_id)
        )
    conn.close()


# "Assad" -> "Assed", and a byte that is no longer UTF-8 at all ("A" 0x41 -> 0xc1).
DAMAGES = {
    "a changed letter": b"Assed spoke in Damascus.",
    "not UTF-8": b"\xc1ssad spoke in Damascus.",
}


@pytest.fixture(params=sorted(DAMAGES))
def damaged(request: pytest.FixtureRequest, path: Path) -> Path:
    flip(path, "d1", DAMAGES[request.param])
    return path


def assert_names_d1(message: str) -> None:
    assert "the text of document 'd1' is damaged" in message, message
    assert "restore the project from a backup" in message and "\n" not in message.rstrip()


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and err.count("\n") == 1, err
    return err


def test_opening_the_damaged_document_says_so(damaged):
    with open_project(damaged) as project:
        assert project.document("d0").text == TEXTS["d0"]  # the others open as before
        with pytest.raises(ProjectError) as caught:
            project.document("d1")
    assert str(caught.value).startswith(f"{damaged}: ")
    assert_names_d1(str(caught.value))


@pytest.mark.parametrize("fmt", [None, "doccano", "conll", "brat"])
def test_an_export_refuses_and_writes_nothing(damaged, tmp_path, fmt):
    out = tmp_path / "out" / ("folder" if fmt == "brat" else "export")
    out.parent.mkdir()
    if fmt != "brat":
        out.write_text("the previous export\n", encoding="utf-8")
    with open_project(damaged) as project, pytest.raises(ProjectError) as caught:
        if fmt is None:
            export_jsonl(project, out)
        else:
            export_formatted(project, fmt, out)
    assert_names_d1(str(caught.value))
    expected = [] if fmt == "brat" else ["export"]
    assert sorted(os.listdir(out.parent)) == expected  # no temporary file either
    if fmt != "brat":
        assert out.read_text(encoding="utf-8") == "the previous export\n"


def test_the_cli_export_refuses_in_one_line(damaged, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    for argv in (["-o", str(out)], [], ["--format", "doccano"]):  # a file, standard output
        assert main(["export", str(damaged), *argv]) == 1
        assert_names_d1(one_line_error(capsys))
    assert not out.exists()


def test_an_export_that_leaves_the_damaged_document_out_goes_on(damaged, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["export", str(damaged), "--annotator", "alice", "-o", str(out)]) == 0
    assert '"id": "d0"' in out.read_text(encoding="utf-8")


def test_a_backup_refuses_and_keeps_the_previous_good_one(path, tmp_path, capsys):
    folder = tmp_path / "backups"
    folder.mkdir()
    good = folder / "copy.db"
    assert main(["backup", str(path), str(good)]) == 0
    capsys.readouterr()
    before = good.read_bytes()
    flip(path, "d1", DAMAGES["a changed letter"])
    assert main(["backup", str(path), str(good)]) == 1
    err = one_line_error(capsys)
    assert err.startswith(f"annotator: error: {path}: ") and "no copy was written" in err
    assert_names_d1(err)
    with pytest.raises(ProjectError, match="the text of document 'd1' is damaged"):
        backup_project(path, folder / "other.db")
    assert sorted(os.listdir(folder)) == ["copy.db"] and good.read_bytes() == before


def test_the_daily_backup_refuses_and_prunes_nothing(damaged):
    folder = backup_folder(damaged)
    folder.mkdir()
    first = date(2026, 1, 1)
    older = [folder / f"p-{first + timedelta(days=day)}.db" for day in range(3)]
    for copy in older:
        copy.write_bytes(b"an older daily copy")
    with pytest.raises(ProjectError, match="the text of document 'd1' is damaged"):
        daily_backup(damaged, keep=2, today=first + timedelta(days=9))
    assert sorted(folder.iterdir()) == older  # none pushed out, no copy of the damage
