"""Findings of a review of the reliability work, each with the test that shows it fixed:
an export or a copy never replaces the project or its journal, a backup never changes
what it copies, two programs upgrading one old file at once both succeed, and a project
in a folder nobody may write opens read-only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.model import Document, Span
from annotator.store import project as project_module
from annotator.store.project import open_project
from annotator.store.schema import SCHEMA_VERSION
from tests.helpers.projects import make_v1_project


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("command", [["export"], ["export", "--format", "doccano"], ["backup"]])
def test_nothing_is_written_over_the_project_or_its_journal(
    project_path: Path, suffix: str, command: list[str], capsys, dump
) -> None:
    with open_project(project_path) as project:
        project.add_document(Document("d", "Mayor Lee spoke.", "d"))
        project.add_span(Span("d", "alice", 0, 9, "ACTOR"))
        keeper = open_project(project_path)  # an open window keeps the -wal and -shm there
    target = project_path.with_name(project_path.name + suffix)
    before = dump(project_path)
    args = [command[0], str(project_path), *command[1:]]
    args += ["-o", str(target)] if command[0] == "export" else [str(target)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{target}: is the project" in err and "choose another name" in err
    keeper.close()
    assert dump(project_path) == before


def test_a_backup_never_upgrades_the_project_it_copies(tmp_path: Path, dump) -> None:
    old = tmp_path / "old.db"
    make_v1_project(old)
    before = dump(old)
    assert main(["backup", str(old), str(tmp_path / "copy.db")]) == 0
    assert dump(old) == before  # still version 1
    assert not list(tmp_path.glob("*.bak*"))
    assert dump(tmp_path / "copy.db") == before
    old.chmod(0o444)  # and a read-only old project can be backed up too
    assert main(["backup", str(old), str(tmp_path / "copy2.db")]) == 0


def test_an_upgrade_made_meanwhile_by_another_program_is_not_made_twice(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    make_v1_project(old)
    with open_project(old) as project:  # upgraded here, as by the first of two programs
        # The second program read version 1 before the first finished, then got the lock.
        project_module._migrate(project, 1)
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_project_in_a_folder_nobody_may_write_opens_read_only(
    project_path: Path, monkeypatch, dump
) -> None:
    with open_project(project_path) as project:
        project.add_document(Document("d", "Mayor Lee spoke.", "d"))
    before = dump(project_path)
    folder = project_path.parent
    real_access = os.access

    def access(path, mode, **kwargs):  # the tests run as root, who may write anywhere
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(project_module.os, "access", access)
    with open_project(project_path) as project:
        assert project.read_only
        assert project.document("d").title == "d"
        with pytest.raises(ProjectError):
            project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    assert not project_path.with_name(project_path.name + "-shm").exists()
    assert dump(project_path) == before
