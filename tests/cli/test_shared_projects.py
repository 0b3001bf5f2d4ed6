"""Shared projects from the command line: `init URL`, every command on a URL, and `copy`
between a file and a database in both directions, exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_jsonl(path: Path) -> Path:
    lines = [
        {"id": "d1", "text": "Kerry met Lavrov in Geneva.", "annotator": "alice", "status": "done",
         "spans": [{"start": 0, "end": 5, "label": "ACTOR", "note": "é\\n"}]},
        {"id": "d2", "text": "“We talk,” he said. 😀", "annotator": "bob",
         "spans": [{"start": 0, "end": 10, "label": "QUOTE"}]},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


def test_init_import_stats_and_export_on_a_url(pg_url: str, tmp_path: Path):
    assert run("init", pg_url).returncode == 0
    again = run("init", pg_url)
    assert again.returncode == 1 and "already holds a project" in again.stderr
    assert "Traceback" not in again.stderr
    assert run("import", pg_url, str(write_jsonl(tmp_path / "in.jsonl"))).returncode == 0
    stats = json.loads(run("stats", pg_url, "--json").stdout)
    assert stats["documents"] == 2 and stats["spans"] == 2
    assert stats["project"].startswith("postgresql://") and ":" not in stats["project"][13:18]
    exported = run("export", pg_url)
    assert exported.returncode == 0 and '"Kerry met Lavrov in Geneva."' in exported.stdout


def test_copy_file_to_database_and_back_is_exact(pg_url: str, tmp_path: Path):
    source = tmp_path / "source.db"
    assert main(["init", str(source)]) == 0
    assert main(["import", str(source), str(write_jsonl(tmp_path / "in.jsonl"))]) == 0
    back = tmp_path / "back.db"
    assert main(["copy", str(source), pg_url]) == 0
    assert main(["copy", pg_url, str(back)]) == 0
    outputs = []
    for name in (str(source), pg_url, str(back)):
        target = tmp_path / f"out{len(outputs)}.jsonl"
        assert main(["export", name, "-o", str(target)]) == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_copy_into_a_project_that_exists_is_refused(pg_url: str, tmp_path: Path, capsys):
    source = tmp_path / "source.db"
    assert main(["init", str(source)]) == 0
    assert main(["init", pg_url]) == 0
    assert main(["copy", str(source), pg_url]) == 1
    assert "already holds a project" in capsys.readouterr().err


def test_a_server_that_is_not_there_is_one_line(tmp_path: Path):
    result = run("stats", "postgresql://nobody@127.0.0.1:1/none")
    assert result.returncode == 1 and "cannot connect to the server" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["stats", "export"])
def test_a_database_without_a_project_is_said(pg_url: str, command: str):
    result = run(command, pg_url)
    assert result.returncode == 1 and "holds no annotator project" in result.stderr


def test_backup_of_a_shared_project_is_a_file(pg_url: str, tmp_path: Path):
    assert main(["init", pg_url]) == 0
    assert main(["import", pg_url, str(write_jsonl(tmp_path / "in.jsonl"))]) == 0
    assert main(["backup", pg_url, str(tmp_path)]) == 0
    (copy,) = tmp_path.glob("t_*.db")
    outputs = []
    for name in (pg_url, str(copy)):
        target = tmp_path / f"out{len(outputs)}.jsonl"
        assert main(["export", name, "-o", str(target)]) == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_the_cli_refuses_to_import_under_another_members_name(pg_url: str, tmp_path: Path):
    assert main(["init", pg_url]) == 0
    for name in ("alice", "bob"):
        assert main(["team", "add", pg_url, name]) == 0
    as_alice = pg_url.replace("postgres@", "alice@")
    result = run("import", as_alice, str(write_jsonl(tmp_path / "in.jsonl")), "--annotator", "bob")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the server refused the change" in result.stderr
    assert json.loads(run("stats", pg_url, "--json").stdout)["spans"] == 0  # nothing written
