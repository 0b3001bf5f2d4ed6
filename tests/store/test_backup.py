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
from annotator.core.model import Document
from annotator.store.project import create_project, open_project
from tests.helpers.projects import make_v1_project

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


# -- temporary files: never left on an error, and a dead writer's removed by the next one --

# `annotator backup` in a process that may write files of at most LIMIT bytes: writing
# more fails as on a full disk (EFBIG instead of ENOSPC), wherever the tests run.
LIMITED_BACKUP = """
import resource, signal, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
from annotator.cli import main
from annotator.core.model import Document
from annotator.store.project import create_project, open_project
sys.exit(main(["backup", *sys.argv[2:]]))
"""


def many_documents(path: Path, documents: int) -> Path:
    with create_project(path) as project:
        for i in range(documents):
            project.add_document(Document(f"n{i}", f"Article {i}. Kerry met Lavrov. " * 60, ""))
    return path


def test_a_backup_that_fails_half_way_leaves_nothing_and_keeps_the_old_copy(tmp_path):
    project = many_documents(tmp_path / "p.db", 300)  # about 700 kB
    folder = tmp_path / "backups"
    folder.mkdir()
    good = folder / "copy.db"
    assert main(["backup", str(project), str(good)]) == 0
    before = good.read_bytes()
    with open_project(project) as opened:  # now larger than the limit below
        for i in range(300, 600):
            opened.add_document(Document(f"n{i}", f"Article {i}. Kerry met Lavrov. " * 60, ""))
    limit = str(project.stat().st_size // 2)
    done = subprocess.run(
        [sys.executable, "-c", LIMITED_BACKUP, limit, str(project), str(good)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("annotator: error: ") and done.stderr.count("\n") == 1
    assert "nothing was written" in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["copy.db"]  # no .partial, no -journal
    assert good.read_bytes() == before


def test_a_killed_backups_files_are_removed_by_the_next_backup(project_path, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    left = subprocess.run(  # a backup killed while SQLite wrote its copy and journal
        [sys.executable, "-c", KILLED_BACKUP, str(folder / "copy.db")],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(p.name for p in folder.iterdir()) == sorted(left) and len(left) == 2
    assert main(["backup", str(project_path), str(folder / "other.db")]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["other.db"]


KILLED_BACKUP = """
import sys
from pathlib import Path
from annotator.core.output_files import temporary_name
partial = temporary_name(Path(sys.argv[1]), ".partial")
journal = partial.with_name(partial.name + "-journal")
for path in (partial, journal):
    path.write_bytes(b"half a copy")
print(partial.name, journal.name)
"""


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
