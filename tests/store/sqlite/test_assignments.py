"""store/sqlite/assignments.py and schema 7: the project id, kept by copies and upgrades."""

from __future__ import annotations

from pathlib import Path

from annotator.cli import main
from annotator.core.model import Document
from annotator.store.progress import progress_report
from annotator.store.project import create_project, open_project
from tests.helpers.projects import make_v1_project


def test_every_project_has_its_own_id_and_a_copy_keeps_it(tmp_path: Path):
    with create_project(tmp_path / "a.db") as a, create_project(tmp_path / "b.db") as b:
        ids = a.project_info("project_id"), b.project_info("project_id")
    assert all(ids) and ids[0] != ids[1] and len(ids[0] or "") == 32
    assert main(["backup", str(tmp_path / "a.db"), str(tmp_path / "copy.db")]) == 0
    with open_project(tmp_path / "copy.db") as copy:
        assert copy.project_info("project_id") == ids[0]


def test_an_old_project_gets_an_id_when_upgraded(tmp_path: Path):
    path = tmp_path / "old.db"
    make_v1_project(path)
    with open_project(path) as project:
        first = project.project_info("project_id")
        assert first and project.merge_bases("anything") == {}
        assert project.assignment_rows() == []
    with open_project(path) as project:
        assert project.project_info("project_id") == first
        report = progress_report(project)  # version 1's stamps: read, or unknown
        assert report["annotators"]["alice"]["spans"] == 1


def test_merge_bases_replace_what_was_recorded(tmp_path: Path):
    with create_project(tmp_path / "p.db") as project:
        project.add_document(Document("d", "Text.", "Text."))
        project.set_merge_bases("x", [("d", '{"a": 1}')])
        project.set_merge_bases("x", [("d", '{"a": 2}')])
        assert project.merge_bases("x") == {"d": '{"a": 2}'}
        assert project.merge_bases("y") == {}
        project.set_project_info("k", "v")
        assert project.project_info("k") == "v" and project.project_info("nope") is None
