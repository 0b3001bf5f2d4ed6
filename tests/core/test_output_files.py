"""Export files (annotator/core/output_files.py) through the real `annotator export`: a
regular file is replaced atomically; a pipe, a device or /dev/stdout is written into and
stays what it was."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Document, Span
from annotator.store.project import create_project

ROOT = Path(__file__).parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with create_project(path) as project:
        for i in range(3):
            project.add_document(Document(f"d{i}", f"Kerry met Lavrov, {i}.", f"d{i}"))
        project.add_span(Span("d0", "alice", 0, 5, "ACTOR"))
    return path


def exported(path: Path, *options: str) -> bytes:
    """The export as a regular file gets it (the reference for every other target)."""
    out = path.with_name("reference.out")
    assert main(["export", str(path), "-o", str(out), *options]) == 0
    data = out.read_bytes()
    out.unlink()
    return data


def litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".partial")))


@pytest.mark.parametrize("options", [[], ["--format", "doccano"]])
def test_an_export_to_dev_null_leaves_dev_null_a_device(small_db, options, capsys):
    assert main(["export", str(small_db), "-o", "/dev/null", *options]) == 0
    assert "exported" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.stat("/dev/null").st_rdev == os.makedev(1, 3)
    assert litter(Path("/dev")) == []


@pytest.mark.parametrize("options", [[], ["--format", "conll"]])
def test_an_export_into_a_fifo_reaches_its_reader_and_the_fifo_stays(
    small_db, tmp_path, options, capsys
):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    # Opening a FIFO for writing waits for a reader, as the shell's `>` into it would.
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["export", str(small_db), "-o", str(fifo), *options]) == 0
    reader.join(timeout=30)
    assert received == [exported(small_db, *options)] and received[0]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert litter(tmp_path) == []


def test_an_export_to_dev_stdout_prints_it(small_db, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "export", str(small_db), "-o", "/dev/stdout"],
        capture_output=True,
        env=ENV,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == exported(small_db) and b"Traceback" not in done.stderr
    assert os.path.islink("/dev/stdout") and litter(Path("/dev")) == []


def test_an_export_to_dev_stdout_appended_to_a_file_adds_to_it(small_db, tmp_path):
    """`annotator export p.db -o /dev/stdout >> log`: /dev/stdout leads to a regular file
    here, which is written where the shell left it, not replaced by a new file."""
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier lines\n")
    with open(log, "ab") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "annotator", "export", str(small_db), "-o", "/dev/stdout"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=ENV,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert log.read_bytes() == b"earlier lines\n" + exported(small_db)
    assert litter(tmp_path) == [] and litter(Path("/dev")) == []


def test_a_regular_file_is_still_replaced_whole(small_db, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"an older export\n")
    inode = out.stat().st_ino
    assert main(["export", str(small_db), "-o", str(out)]) == 0
    assert out.read_bytes() == exported(small_db)
    assert out.stat().st_ino != inode  # a new file renamed into place, not written over
    assert litter(tmp_path) == []
