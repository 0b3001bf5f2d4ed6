"""A damaged project larger than the check on open covers (QUICK_CHECK_MAX_BYTES) is refused
by every command with one line and left byte for byte as it was; damage that no page check
sees (a byte that breaks a text) is one line too."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import COMMANDS, main
from annotator.core.errors import ProjectError
from annotator.store.importer import import_paths
from annotator.store.project import QUICK_CHECK_MAX_BYTES, create_project, open_project

ROOT = Path(__file__).parents[2]
BTREE_PAGES = {2, 5, 10, 13}  # interior and leaf pages of indexes and tables


@pytest.fixture(scope="module")
def large_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole project past QUICK_CHECK_MAX_BYTES: many documents, two annotators."""
    folder = tmp_path_factory.mktemp("large")
    source = folder / "many.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for i in range(5_000):
            text = f"Article {i}. Kerry met Lavrov in Geneva. " * 50
            for annotator in ("alice", "bob"):
                spans = [{"start": 12, "end": 17, "label": "ACTOR"}]
                record = {"id": f"n{i}", "text": text, "annotator": annotator, "spans": spans}
                out.write(json.dumps({**record, "status": "done"}) + "\n")
    path = folder / "large.db"
    with create_project(path) as project:
        import_paths(project, [source])
    assert path.stat().st_size > QUICK_CHECK_MAX_BYTES
    return path


def damage_a_page_in_the_middle(path: Path) -> None:
    """Overwrite the first b-tree page from the middle of the file on with a pattern."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        page = path.stat().st_size // page_size // 2
        while True:
            fh.seek(page * page_size)
            if fh.read(1)[0] in BTREE_PAGES:
                break
            page += 1
        fh.seek(page * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))


def quick_check(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        conn.close()


@pytest.fixture
def damaged(large_project: Path, tmp_path: Path) -> Path:
    path = tmp_path / "damaged.db"
    shutil.copy(large_project, path)
    damage_a_page_in_the_middle(path)
    assert quick_check(path) != "ok"
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def arguments(command: str, project: Path, tmp_path: Path) -> tuple[list[str], str]:
    """The command line of `command` on `project`, and what its refusal must say."""
    package = tmp_path / "bob-package.db"
    source = tmp_path / "new.jsonl"
    source.write_text(json.dumps({"id": "new", "text": "A new article."}) + "\n", "utf-8")
    cases = {
        "init": ([str(project)], "already exists"),
        "import": ([str(project), str(source)], "is damaged"),
        "export": ([str(project), "-o", str(tmp_path / "out.jsonl")], "is damaged"),
        "stats": ([str(project)], "is damaged"),
        "agreement": ([str(project)], "is damaged"),
        "backup": ([str(project), str(tmp_path / "copy.db")], "is damaged"),
        "copy": ([str(project), str(tmp_path / "copied.db")], "is damaged"),
        "team": (["list", str(project)], "members and rights belong to shared projects"),
        "search": ([str(project), "article"], "is damaged"),
        "assign": (
            [str(project), "--annotators", "alice,bob", "--per-document", "2"],
            "is damaged",
        ),
        "unassign": ([str(project), "--documents", "n0"], "is damaged"),
        "reassign": (
            [str(project), "--documents", "n1", "--from", "alice", "--to", "carol"],
            "is damaged",
        ),
        "progress": ([str(project)], "is damaged"),
        "package": ([str(project), "--annotator", "bob", "-o", str(package)], "is damaged"),
        "merge": ([str(project), str(package)], "is damaged"),
        "suggest": ([str(project), "--documents", "n0,n1"], "is damaged"),
        "gazetteer": (["list", str(project)], "is damaged"),
    }
    rest, reason = cases[command]  # a new command needs its case here
    return [command, *rest], reason


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_a_large_damaged_project_in_one_line(
    command, damaged, tmp_path, capsys
):
    argv, reason = arguments(command, damaged, tmp_path)
    before, files = sha256(damaged), siblings(damaged)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: error: {damaged}: {reason}") and err.count("\n") == 1, err
    if reason == "is damaged":
        assert "restore the project from a backup" in err
    assert sha256(damaged) == before and siblings(damaged) == files  # no output, no -wal


@pytest.mark.parametrize("command", ["import", "export"])
def test_a_real_process_refuses_it_without_a_traceback(command, damaged, tmp_path):
    argv, _ = arguments(command, damaged, tmp_path)
    before = sha256(damaged)
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"annotator: error: {damaged}: is damaged")
    assert done.stderr.count("\n") == 1 and sha256(damaged) == before


def test_the_whole_project_still_works(large_project, tmp_path, capsys):
    """The same commands on the undamaged file (the check passes, and costs little)."""
    path = tmp_path / "whole.db"
    shutil.copy(large_project, path)
    for command in COMMANDS:
        if command not in ("init", "team"):  # a file has no members: see the test above
            argv, _ = arguments(command, path, tmp_path)
            assert main(argv) == 0, capsys.readouterr().err
    assert siblings(path) == [
        "bob-package.db",
        "copied.db",
        "copy.db",
        "new.jsonl",
        "out.jsonl",
        "whole.db",
    ]


def test_opening_refuses_to_switch_a_large_damaged_file_to_wal(large_project, tmp_path):
    """A restored backup is in rollback-journal mode: opening it switches it to WAL, which
    writes its header, so the page check runs first whatever the size."""
    path = tmp_path / "restored.db"
    shutil.copy(large_project, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    damage_a_page_in_the_middle(path)
    before = sha256(path)
    with pytest.raises(ProjectError, match="is damaged"):
        open_project(path)
    assert sha256(path) == before and siblings(path) == ["restored.db"]


def test_a_byte_that_breaks_a_title_is_one_line_too(project_path, tmp_path, capsys):
    """The page check cannot see it: the read that meets it is turned into the same error."""
    with open_project(project_path) as project:
        conn = project.conn
        conn.execute(
            "INSERT INTO documents (id, title, text, length, text_sha256, meta, created) "
            "VALUES ('d', CAST(x'4bff' AS TEXT), 'Kerry.', 6, ?, '{}', '2026')",
            (hashlib.sha256(b"Kerry.").hexdigest(),),
        )
    assert quick_check(project_path) == "ok"
    assert main(["export", str(project_path), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: error: {project_path}: is damaged (a text in it is not")
    assert "column 'title'" in err and err.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists()
