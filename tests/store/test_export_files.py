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


def test_a_replaced_export_keeps_its_mode(project, tmp_path):
    target = tmp_path / "private.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    export_jsonl(project, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") != "old\n"


def test_two_first_launches_at_once_share_one_default_project(tmp_path, monkeypatch):
    import annotator.store.importer as importer

    path = tmp_path / "default.db"
    real_import = importer.import_paths
    other_launch: list[int] = []

    def import_while_another_launch_finishes(project, paths):  # type: ignore[no-untyped-def]
        if not other_launch:
            other_launch.append(1)
            with open_or_create_sample(path) as other:  # the other launch, all the way
                other.set_meta("an-opening-on-syria", {"made_by": "the other launch"})
        return real_import(project, paths)

    monkeypatch.setattr(importer, "import_paths", import_while_another_launch_finishes)
    with open_or_create_sample(path) as project:
        assert project.document("an-opening-on-syria").meta == {"made_by": "the other launch"}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_an_export_is_on_disk_before_it_replaces_the_old_file(project, tmp_path, monkeypatch):
    """A power cut must leave the old file or the whole new one: the temporary file is
    synced before the rename, and the folder after it."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst) -> None:
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    export_jsonl(project, tmp_path / "out.jsonl")
    assert events == ["fsync file", "rename", "fsync folder"]


def test_a_binary_export_is_as_safe_as_a_text_one(tmp_path, monkeypatch):
    """spaCy's DocBin goes through the same synced temporary file and rename."""
    from annotator.core.formats.base import write_bytes_atomically

    target = tmp_path / "out.spacy"
    target.write_bytes(b"old")
    target.chmod(0o600)
    events: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    write_bytes_atomically(target, b"\x00new\xff")
    assert target.read_bytes() == b"\x00new\xff"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # the replaced file's mode is kept
    assert events == ["fsync", "fsync"]  # the file, then the folder
    assert [p.name for p in tmp_path.iterdir()] == ["out.spacy"]  # no temporary file left
