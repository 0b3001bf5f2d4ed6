"""Export files (annotator/core/output_files.py) through the real `annotator export`: a
regular file is replaced atomically; a pipe, a device or /dev/stdout is written into and
stays what it was."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Document, Span
from annotator.core.output_files import STALE_AFTER_SECONDS, temporary_name
from annotator.store.importer import import_paths
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


# -- temporary files: never left on an error, and a dead writer's removed by the next one --


def many_documents(path: Path, documents: int) -> Path:
    source = path.with_name("many.jsonl")
    with open(source, "w", encoding="utf-8") as out:
        for i in range(documents):
            out.write(json.dumps({"id": f"n{i}", "text": f"Article {i}. Kerry met Lavrov. " * 60}))
            out.write("\n")
    with create_project(path) as project:
        import_paths(project, [source])
    source.unlink()
    return path


def test_a_killed_export_leaves_a_temporary_file_the_next_export_removes(tmp_path):
    project = many_documents(tmp_path / "p.db", 12_000)  # a 20 MB export: time to kill it
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    out = out_folder / "export.jsonl"
    args = [sys.executable, "-m", "annotator", "export", str(project), "-o", str(out)]
    proc = subprocess.Popen(args, env=ENV, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not litter(out_folder):  # the export is being written
        assert proc.poll() is None, "the export finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    (left,) = litter(out_folder)
    assert left.startswith(f".export.jsonl.{proc.pid}@") and left.endswith(".tmp")
    assert not out.exists()

    assert main(["export", str(project), "-o", str(out)]) == 0  # the next export
    assert sorted(p.name for p in out_folder.iterdir()) == ["export.jsonl"]


def test_a_killed_brat_export_leaves_a_temporary_folder_the_next_export_removes(tmp_path):
    project = many_documents(tmp_path / "p.db", 4_000)  # 8,000 files: time to kill it
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    out = out_folder / "brat"
    args = [sys.executable, "-m", "annotator", "export", str(project), "--format", "brat"]
    proc = subprocess.Popen([*args, "-o", str(out)], env=ENV, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (litter(out_folder) and len(os.listdir(out_folder / litter(out_folder)[0])) > 20):
        assert proc.poll() is None, "the export finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    (left,) = litter(out_folder)
    assert left.startswith(f".brat.{proc.pid}@") and left.endswith(".tmp")
    assert (out_folder / left).is_dir() and not out.exists()

    assert main(["export", str(project), "--format", "brat", "-o", str(out)]) == 0
    assert sorted(p.name for p in out_folder.iterdir()) == ["brat"]
    assert len(list(out.glob("*.ann"))) == 4_000


def test_only_temporary_folders_of_dead_or_long_gone_writers_are_removed(small_db, tmp_path):
    """A brat export's temporary folder is removed on the rules of a temporary file; "not
    written for a day" looks at everything inside it, where a live export writes."""
    folder = tmp_path / "out"
    folder.mkdir()
    dead = subprocess.run(  # a writer that made its temporary folder and died
        [sys.executable, "-c", MAKE_TEMPORARY_FOLDER, str(folder / "a")],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    live = temporary_name(folder / "b", ".tmp")  # this process's: still writing
    other_host = folder / f".c.{os.getpid()}@another-machine.{'0' * 32}.tmp"
    day_old = folder / f".d.{'2' * 32}.tmp"  # named as before the pid was in it
    writing_deep = folder / f".e.{'3' * 32}.tmp"  # a day old, but a file in it is new
    backup_like = folder / f".f.1@{'x' * 3}.{'4' * 32}.partial"  # backups are files
    mine = folder / "notes.tmp"  # not our naming: never touched
    for path in (live, other_host, day_old, writing_deep, backup_like, mine):
        (path / "alice").mkdir(parents=True)
        (path / "alice" / "d0.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    old = time.time() - STALE_AFTER_SECONDS - 60
    for path in (day_old, writing_deep, backup_like, mine):
        for inner in (path / "alice" / "d0.ann", path / "alice", path):
            os.utime(inner, (old, old))
    os.utime(writing_deep / "alice", (old + 120, old + 120))  # only the subfolder is not old
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("a user's file", encoding="utf-8")
    linked = folder / f".g.{'5' * 32}.tmp"  # a link with our name: never followed
    linked.symlink_to(outside, target_is_directory=True)
    os.utime(linked, (old, old), follow_symlinks=False)

    assert main(["export", str(small_db), "--format", "brat", "-o", str(folder / "x")]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in (live, other_host, writing_deep, backup_like, mine, linked)] + ["x"]
    )
    assert dead.startswith(".a.") and not (folder / dead).exists()
    assert not day_old.exists() and (outside / "keep.txt").exists()


MAKE_TEMPORARY_FOLDER = """
import sys
from pathlib import Path
from annotator.core.output_files import temporary_name
path = temporary_name(Path(sys.argv[1]), ".tmp")
(path / "alice").mkdir(parents=True)
(path / "alice" / "d0.txt").write_text("half an export")
print(path.name)
"""


def test_only_temporary_files_of_dead_or_long_gone_writers_are_removed(small_db, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    dead = subprocess.run(  # a writer that made its temporary file and died
        [sys.executable, "-c", MAKE_TEMPORARY, str(folder / "a.jsonl")],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    live = temporary_name(folder / "b.jsonl", ".tmp")  # this process's: still writing
    live.write_text("being written", encoding="utf-8")
    other_host = folder / f".c.jsonl.{os.getpid()}@another-machine.{'0' * 32}.tmp"
    old_style = folder / f".d.jsonl.{'1' * 32}.tmp"  # named as before the pid was in it
    for path in (other_host, old_style):
        path.write_text("someone's", encoding="utf-8")
    day_old = folder / f".e.jsonl.{'2' * 32}.tmp"
    day_old.write_text("left a day ago", encoding="utf-8")
    os.utime(day_old, (time.time() - STALE_AFTER_SECONDS - 60,) * 2)
    mine = folder / "notes.tmp"  # not our naming: never touched
    mine.write_text("a user's own file", encoding="utf-8")

    assert main(["export", str(small_db), "-o", str(folder / "out.jsonl")]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["out.jsonl", live.name, other_host.name, old_style.name, mine.name]
    )
    assert dead.startswith(".a.jsonl.") and not (folder / dead).exists()


MAKE_TEMPORARY = """
import sys
from pathlib import Path
from annotator.core.output_files import temporary_name
path = temporary_name(Path(sys.argv[1]), ".tmp")
path.write_text("half an export")
print(path.name)
"""


def test_a_link_to_a_pipe_is_replaced_like_any_link(small_db, tmp_path):
    """Only /dev/stdout and its kind lead an export through a link (a link planted where
    an export goes must not send it elsewhere)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.jsonl"
    link.symlink_to(fifo)
    assert main(["export", str(small_db), "-o", str(link)]) == 0  # no reader: never opened
    assert not link.is_symlink() and link.read_bytes() == exported(small_db)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_block_device_is_refused(small_db, tmp_path, capsys):
    # A node of its own, of a device number reserved for local use: even a bug here could
    # write no disk.
    block = tmp_path / "disk"
    try:
        os.mknod(block, stat.S_IFBLK | 0o600, os.makedev(240, 0))
    except PermissionError:
        pytest.skip("making a device node needs root")
    assert main(["export", str(small_db), "-o", str(block)]) == 1
    assert capsys.readouterr().err == (
        f"annotator: error: {block}: is a block device; export to a file, a pipe or a terminal\n"
    )
    assert stat.S_ISBLK(block.lstat().st_mode)
