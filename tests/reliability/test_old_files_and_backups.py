"""Promises 5 and 7: an older project is upgraded in a transaction after a `.bak` copy; a
newer one is refused naming both versions; `annotator backup` copies consistently while
another process writes; the app keeps a rolling daily backup beside the project."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.model import Document
from annotator.store.backup import backup_folder, daily_backup
from annotator.store.project import create_project, open_project
from annotator.store.sqlite import schema
from annotator.store.sqlite.schema import SCHEMA_VERSION
from tests.helpers.projects import make_v1_project

WORKER = Path(__file__).with_name("crash_worker.py")


def test_a_version_1_project_is_upgraded_after_a_bak_copy(tmp_path: Path, dump):
    path = tmp_path / "old.db"
    make_v1_project(path)
    before = dump(path)
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexes = {row[1] for row in project.conn.execute("PRAGMA index_list(spans)")}
        assert "spans_by_label" in indexes  # version 2
        (span,) = project.spans("d", "alice")
        assert (span.start, span.end, span.label, span.note) == (0, 5, "ACTOR", "a note")
        assert span.fragments == ()  # version 3: discontinuous spans, relation types
        # No default relation type: the old project has no QUOTE, CLAIM or EVENT label.
        assert project.relation_types() == []
        assert [label.event for label in project.labels()] == [False]  # version 4
    bak = tmp_path / "old.db.v1.bak"
    assert dump(bak) == before  # the copy is the version 1 file, whole
    assert not (tmp_path / "old.db.v1.bak-wal").exists()  # one self-contained file
    with open_project(path):
        pass  # opened again: nothing more to upgrade, no second copy
    assert sorted(p.name for p in tmp_path.glob("*.bak*")) == ["old.db.v1.bak"]


def test_a_failed_upgrade_leaves_the_original_and_says_where_the_bak_is(
    tmp_path, monkeypatch, dump
):
    path = tmp_path / "old.db"
    make_v1_project(path)
    before = dump(path)

    def broken(db):  # half of an upgrade, then a failure
        db.execute("CREATE INDEX half ON spans (note)")
        raise sqlite3.OperationalError("simulated failure in the upgrade")

    monkeypatch.setitem(schema.MIGRATIONS, 2, broken)
    with pytest.raises(ProjectError) as caught:
        open_project(path)
    message = str(caught.value)
    assert f"could not be upgraded from schema version 1 to {SCHEMA_VERSION}" in message
    assert "simulated failure" in message and "the project is unchanged" in message
    assert f"a copy made before the upgrade is at {tmp_path / 'old.db.v1.bak'}" in message
    assert dump(path) == before
    assert dump(tmp_path / "old.db.v1.bak") == before


def test_a_newer_project_is_refused_naming_both_versions(tmp_path: Path, capsys):
    path = tmp_path / "new.db"
    create_project(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    assert main(["stats", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"schema version {SCHEMA_VERSION + 5}; this version reads up to {SCHEMA_VERSION}" in err
    assert path.read_bytes() == before


def test_backup_while_another_process_writes_is_a_consistent_snapshot(tmp_path, capsys):
    path = tmp_path / "busy.db"
    with create_project(path) as project:
        project.add_document(Document("doc", "x" * 3000, "doc"))
    log = tmp_path / "writer.log"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    args = [sys.executable, str(WORKER), "writer", str(path), str(log), "alice", "500"]
    writer = subprocess.Popen(args, env=env)
    copies = []
    while writer.poll() is None or not copies:
        copy = tmp_path / f"copy-{len(copies)}.db"
        assert main(["backup", str(path), str(copy)]) == 0
        assert f"backed up {path} to {copy}" in capsys.readouterr().err
        copies.append(copy)
    assert writer.wait() == 0
    # Every state the writer's log passes through; a consistent copy is one of them.
    states, ids = [frozenset()], set()
    for line in log.read_text().splitlines():
        done = json.loads(line).get("done")
        if done:
            (ids.add if done["op"] == "add" else ids.remove)(done["id"])
            states.append(frozenset(ids))
    for copy in copies:
        assert not Path(f"{copy}-wal").exists()
        with open_project(copy) as project:
            assert project.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert frozenset(s.id for s in project.spans("doc", "alice")) in states
    assert len(copies) >= 2


def test_backup_into_a_folder_and_onto_itself(project_path: Path, tmp_path: Path, capsys, dump):
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["backup", str(project_path), str(folder)]) == 0
    assert dump(folder / project_path.name) == dump(project_path)
    assert main(["backup", str(project_path), str(project_path)]) == 1
    assert "is the project file; choose another name" in capsys.readouterr().err


def test_daily_backups_roll_and_keep_the_newest(project_path: Path, dump):
    first = date(2026, 1, 1)
    made = [daily_backup(project_path, keep=7, today=first + timedelta(days=n)) for n in range(10)]
    assert all(made)
    assert daily_backup(project_path, keep=7, today=first + timedelta(days=9)) is None  # once a day
    folder = backup_folder(project_path)
    assert folder == project_path.with_name("project.db.backups")
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"project-2026-01-{day:02d}.db" for day in range(4, 11)]
    assert dump(folder / names[-1]) == dump(project_path)


def test_the_app_makes_todays_backup_off_the_gui_thread(
    qtbot, ui_project, settings, monkeypatch, dump
):
    from annotator.store import backup
    from annotator.ui.main_window import MainWindow

    threads = []

    def recording(path, keep):
        threads.append((threading.current_thread(), keep))
        return daily_backup(path, keep)

    monkeypatch.setattr(backup, "daily_backup", recording)
    settings.setValue("backups/keep", 3)
    window = MainWindow(ui_project, "alice", settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.backup.running, timeout=30_000)
    ((thread, keep),) = threads
    assert thread is not threading.main_thread() and keep == 3
    today = backup_folder(ui_project.path) / f"ui-{date.today().isoformat()}.db"
    assert dump(today) == dump(ui_project.path)
    qtbot.waitUntil(lambda: "Today's backup" in window.statusBar().currentMessage())


def test_the_daily_backup_can_be_switched_off(qtbot, ui_project, settings):
    from annotator.ui.main_window import MainWindow

    settings.setValue("backups/daily", False)
    window = MainWindow(ui_project, "alice", settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.backup.running)
    assert not backup_folder(ui_project.path).exists()


def test_a_read_only_version_1_project_is_refused_not_half_upgraded(tmp_path: Path, dump):
    path = tmp_path / "old.db"
    make_v1_project(path)
    path.chmod(0o444)
    before = dump(path)
    with pytest.raises(
        ProjectError, match=rf"schema version 1.*upgraded to version {SCHEMA_VERSION}.*read-only"
    ):
        open_project(path)
    assert dump(path) == before
    assert not list(tmp_path.glob("*.bak*"))
