"""One record per project file and process of the journal files its connections use: once
another program deletes or replaces them, every write and every new connection in the
process is refused, and closing never copies the stale journal over others' work."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import ProjectError
from annotator.core.model import Document, Span
from annotator.store.project import open_project
from annotator.store.sqlite import journal


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "annotator", *args], check=True, capture_output=True)


def test_a_new_connection_after_the_wal_is_deleted_is_refused_too(project_path: Path):
    window = open_project(project_path)
    window.add_document(Document("d", "Mayor Lee spoke to Kim.", "d"))
    project_path.with_name("project.db-wal").unlink()  # a sync client
    # A worker's connection (an import, an export) would read the old shared memory with
    # the new files: refused before it reads anything.
    with pytest.raises(ProjectError, match="another program deleted or replaced"):
        open_project(project_path)
    with pytest.raises(ProjectError, match="nothing more can be saved to it from here"):
        window.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    window.close()
    window.close()  # twice: nothing happens
    with open_project(project_path) as again:  # once all are closed, a fresh start
        assert again.document("d").title == "d"


def test_closing_a_lost_connection_leaves_what_others_wrote(project_path: Path, tmp_path):
    window = open_project(project_path)
    window.add_document(Document("d", "Mayor Lee spoke to Kim.", "d"))
    project_path.with_name("project.db-wal").unlink()
    project_path.with_name("project.db-shm").unlink()
    source = tmp_path / "more.txt"
    source.write_text("Another article.\n", encoding="utf-8")
    cli("import", str(project_path), str(source))  # another program writes meanwhile
    with pytest.raises(ProjectError, match="another program deleted or replaced"):
        window.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    (rescue,) = tmp_path.glob("project.db.rescued-*.db")
    window.close()  # must not checkpoint its stale journal over the import
    with open_project(project_path) as again:
        assert sorted(again.document_seqs("x")) and again.document("more").title
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_project(rescue) as kept:
        assert kept.document("d").text == "Mayor Lee spoke to Kim."


def test_a_replaced_project_file_is_noticed_before_a_write(project_path: Path, tmp_path):
    window = open_project(project_path)
    window.add_document(Document("d", "Mayor Lee spoke to Kim.", "d"))
    copy = tmp_path / "copy.db"
    source = sqlite3.connect(project_path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    copy.replace(project_path)  # another file under the project's name
    with pytest.raises(ProjectError, match="or the file itself while it was open"):
        window.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    window.close()


def test_connections_of_a_healthy_project_share_one_record(project_path: Path):
    first = open_project(project_path)
    second = open_project(project_path)
    assert first._file is second._file and first._file is not None
    assert first._file.users == 2
    first.close()
    second.close()
    assert journal.file_identity(project_path) not in journal._OPEN
