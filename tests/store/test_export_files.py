"""Export files as other people on a shared machine find them, and the seeded default."""

from __future__ import annotations

import os
import stat

from annotator.cli import main
from annotator.store.defaults import open_or_create_sample
from annotator.store.exporter import export_jsonl


def test_export_file_gets_the_usual_permissions(project, tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.jsonl"
        export_jsonl(project, target)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # readable by colleagues, as open() does


def test_cli_export_of_an_unknown_annotator_fails(project_path, tmp_path, capsys):
    assert main(["export", str(project_path), "--annotator", "nobdy", "-o", str(tmp_path / "x")])
    assert "unknown annotator 'nobdy'" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_default_project_is_created_whole_with_the_sample(tmp_path):
    path = tmp_path / "data" / "default.db"
    with open_or_create_sample(path) as project:
        assert project.document_count() == 1
        assert project.document("an-opening-on-syria").title == "An Opening on Syria"
    assert sorted(p.name for p in path.parent.iterdir() if "partial" in p.name) == []
    with open_or_create_sample(path) as again:  # opened, not seeded twice
        assert again.document_count() == 1
