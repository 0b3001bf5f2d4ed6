"""Backups (annotator/store/backup.py) through the real `annotator backup`: only into
regular files, and never leaving a temporary file behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main

ROOT = Path(__file__).parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and err.count("\n") == 1, err
    return err


def test_a_backup_into_a_device_or_a_pipe_is_refused(project_path, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for dest in (Path("/dev/null"), fifo):  # a FIFO is refused at once, not opened
        assert main(["backup", str(project_path), str(dest)]) == 1
        assert "a backup must be a regular file" in one_line_error(capsys)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "project.db"]
    assert not [name for name in os.listdir("/dev") if name.endswith(".partial")]


def test_a_backup_to_dev_stdout_is_refused(project_path):
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "backup", str(project_path), "/dev/stdout"],
        capture_output=True,
        env=ENV,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == b""
    assert b"a backup must be a regular file" in done.stderr and done.stderr.count(b"\n") == 1
    assert os.path.islink("/dev/stdout")
