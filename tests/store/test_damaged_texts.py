"""A byte changed inside a stored text (which no page check sees) is found by its SHA-256
where that is cheap: opening the document, exporting it, backing the project up. Each
refuses naming the document, writes nothing, and keeps what was there. A stored meta that
is no longer a JSON object is refused the same way where it is read: opening the document
(an import merging into it too) and exporting it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
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


# -- a damaged stored meta ------------------------------------------------------------------

# What the documents.meta column of d1 holds, as bytes (written as TEXT), and the reason.
META_DAMAGES = {
    "cut JSON": (b'{"source": "ap"', "not JSON: Expecting ',' delimiter: line 1 column 16"),
    "not UTF-8": (b'{"source": "\xc1p"}', "not valid UTF-8"),
    "not an object": (b"[1, 2]", "JSON list, not an object"),
}


@pytest.fixture(params=sorted(META_DAMAGES))
def damaged_meta(request: pytest.FixtureRequest, path: Path) -> tuple[Path, str]:
    stored, reason = META_DAMAGES[request.param]
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE documents SET meta = CAST(? AS TEXT) WHERE id = 'd1'", (stored,))
    conn.close()
    return path, reason


def assert_names_d1_meta(message: str, reason: str) -> None:
    assert f"the stored meta of document 'd1' is damaged ({reason}" in message, message
    assert "restore the project from a backup" in message and "\n" not in message.rstrip()


def test_opening_a_document_with_a_damaged_meta_says_so(damaged_meta, dump):
    path, reason = damaged_meta
    before = dump(path)
    with open_project(path) as project:
        assert project.document("d0").meta == {}  # the others open as before
        with pytest.raises(ProjectError) as caught:
            project.document("d1")
    assert str(caught.value).startswith(f"{path}: ")
    assert_names_d1_meta(str(caught.value), reason)
    assert dump(path) == before


def test_an_import_merging_into_it_refuses_and_changes_nothing(
    damaged_meta, tmp_path, dump, capsys
):
    """The import reads the stored meta to merge new keys into it (then `set_meta`)."""
    path, reason = damaged_meta
    again = tmp_path / "again.jsonl"
    line = {"id": "d1", "text": TEXTS["d1"], "meta": {"new": 1}}
    again.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = dump(path)
    assert main(["import", str(path), str(again)]) == 1
    assert_names_d1_meta(one_line_error(capsys), reason)
    assert dump(path) == before


@pytest.mark.parametrize("fmt", [None, "doccano", "brat"])
def test_the_cli_export_of_a_damaged_meta_is_one_line(damaged_meta, tmp_path, capsys, fmt):
    path, reason = damaged_meta
    out = tmp_path / "out" / ("folder" if fmt == "brat" else "export")
    out.parent.mkdir()
    options = [] if fmt is None else ["--format", fmt]
    assert main(["export", str(path), "-o", str(out), *options]) == 1
    err = one_line_error(capsys)
    assert err.startswith(f"annotator: error: {path}: ")
    assert_names_d1_meta(err, reason)
    assert os.listdir(out.parent) == []  # nothing written, no temporary left


def test_a_real_export_process_says_so_without_a_traceback(damaged_meta, tmp_path):
    path, reason = damaged_meta
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "export", str(path), "-o", str(tmp_path / "o")],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("annotator: error: ") and done.stderr.count("\n") == 1
    assert_names_d1_meta(done.stderr, reason)
