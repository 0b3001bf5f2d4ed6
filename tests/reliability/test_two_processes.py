"""Promise 2 at the store and the command line: two processes writing one project at once
never corrupt it and never lose or overwrite each other's writes; a write waits for the
other's (busy timeout) instead of failing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from annotator.core.model import Document
from annotator.store.project import create_project, open_project

WORKER = Path(__file__).with_name("crash_worker.py")
EDITS = 600
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}


def writer(path: Path, log: Path, annotator: str) -> subprocess.Popen[bytes]:
    args = ["writer", str(path), str(log), annotator, str(EDITS)]
    return subprocess.Popen([sys.executable, str(WORKER), *args], env=ENV)


def expected_layer(log: Path) -> set[int]:
    ids: set[int] = set()
    for line in log.read_text().splitlines():
        done = json.loads(line).get("done")
        if done and done["op"] == "add":
            ids.add(done["id"])
        elif done:
            ids.remove(done["id"])
    return ids


def test_two_processes_editing_at_once_lose_nothing(tmp_path: Path, figures: Counter):
    path = tmp_path / "shared.db"
    with create_project(path) as project:
        project.add_document(Document("doc", "x" * 2000, "doc"))
    logs = {name: tmp_path / f"{name}.log" for name in ("alice", "bob")}
    procs = [writer(path, log, name) for name, log in logs.items()]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]  # no "busy" error: they waited
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for name, log in logs.items():
            assert {s.id for s in project.spans("doc", name)} == expected_layer(log)
            assert len(expected_layer(log)) == EDITS // 2
    figures["edits by two processes at once checked"] += 2 * EDITS


def test_two_cli_imports_and_a_writer_at_once(tmp_path: Path):
    path = tmp_path / "shared.db"
    with create_project(path) as project:
        project.add_document(Document("doc", "x" * 2000, "doc"))
    sources = []
    for name in ("a", "b"):
        source = tmp_path / f"{name}.jsonl"
        with open(source, "w", encoding="utf-8") as out:
            for i in range(5_000):
                out.write(json.dumps({"id": f"{name}{i}", "text": f"Text {name} {i}."}) + "\n")
        sources.append(source)
    cli = [sys.executable, "-m", "annotator"]
    imports = [
        subprocess.Popen([*cli, "import", str(path), str(s)], env=ENV, stderr=subprocess.PIPE)
        for s in sources
    ]
    log = tmp_path / "carol.log"
    edits = writer(path, log, "carol")
    for proc in imports:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert b"5000 new document(s)" in err
    assert edits.wait(timeout=120) == 0
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert project.document_count() == 10_001
        assert {s.id for s in project.spans("doc", "carol")} == expected_layer(log)
