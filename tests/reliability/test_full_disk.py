"""A disk that really fills: a 1 MB tmpfs mounted for the test (needs root; skipped where
mounting is not allowed; test_bad_projects.py forces the same SQLITE_FULL through
`PRAGMA max_page_count` everywhere). Writes roll back, messages say the disk is full, and
nothing half-written is left."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.model import Document
from annotator.store.importer import import_paths
from annotator.store.project import create_project, open_project


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "tiny"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def big_jsonl(path: Path, documents: int = 2_000) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(documents):
            out.write(json.dumps({"id": f"n{i}", "text": f"Article number {i}. " * 30}) + "\n")
    return path


def test_an_import_onto_a_full_disk_rolls_back_and_says_so(
    tiny_disk, tmp_path, capsys, figures, dump
):
    path = tiny_disk / "p.db"
    with create_project(path) as project:
        project.add_document(Document("first", "Already here.", "first"))
    before = dump(path)
    source = big_jsonl(tmp_path / "big.jsonl")  # about 1.2 MB: more than the disk holds
    with open_project(path) as project, pytest.raises(ProjectError) as caught:
        import_paths(project, [source])
    assert "the disk is full" in str(caught.value)
    assert main(["import", str(path), str(source)]) == 1
    assert "the disk is full" in capsys.readouterr().err
    assert dump(path) == before
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    figures["bad inputs tried"] += 1


def test_an_export_onto_a_full_disk_leaves_the_old_file(tiny_disk, tmp_path, capsys):
    path = tmp_path / "p.db"
    with create_project(path) as project:
        import_paths(project, [big_jsonl(tmp_path / "big.jsonl")])
    filler = tiny_disk / "filler"
    filler.write_bytes(b"x" * 600_000)  # what is left is less than the export needs
    out = tiny_disk / "export.jsonl"
    out.write_text("the old export\n", encoding="utf-8")
    assert main(["export", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: the disk is full") and err.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "the old export\n"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["export.jsonl", "filler"]


def test_a_backup_onto_a_full_disk_says_so_and_leaves_nothing(tiny_disk, tmp_path, capsys):
    path = tmp_path / "p.db"
    with create_project(path) as project:
        import_paths(project, [big_jsonl(tmp_path / "big.jsonl")])
    assert main(["backup", str(path), str(tiny_disk / "copy.db")]) == 1
    assert "the disk is full" in capsys.readouterr().err
    assert list(tiny_disk.iterdir()) == []


def test_a_backup_that_fills_the_disk_at_any_point_leaves_nothing(tiny_disk, tmp_path, capsys):
    """The copy fits, then its -wal and -shm (SQLite makes them when the copy leaves WAL
    mode) do not, or the copy itself does not: each failure removes every file it made."""
    path = tmp_path / "p.db"
    with create_project(path) as project:
        for i in range(120):
            project.add_document(Document(f"n{i}", f"Article {i}. " * 200, f"n{i}"))
    size = path.stat().st_size
    stats = os.statvfs(tiny_disk)
    free = stats.f_bavail * stats.f_frsize
    failures = 0
    for room in range(size - 16_384, size + 72 * 1024, 4096):  # what is left for the copy
        filler = tiny_disk / "filler"
        filler.write_bytes(b"x" * max(free - room, 0))
        code = main(["backup", str(path), str(tiny_disk / "copy.db")])
        err = capsys.readouterr().err
        if code == 0:
            (tiny_disk / "copy.db").unlink()
        else:
            failures += 1
            assert "nothing was written" in err and err.count("\n") == 1, err
        assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"], room
        filler.unlink()
    assert failures
