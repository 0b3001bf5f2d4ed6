"""Starting the store process ahead of the window (store/launch.py): `StoreHost` adopts a
process started before Qt was imported, and one nobody adopted is ended cleanly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from annotator.core.model import Document
from annotator.store.host import StoreHost
from annotator.store.launch import start_store_process
from annotator.store.project import create_project

ROOT = Path(__file__).resolve().parents[2]


def test_a_process_started_early_is_the_host_s(tmp_path):
    path = tmp_path / "p.db"
    with create_project(path) as made:
        made.add_document(Document("a", "Lavrov spoke.", "a"))
    started = start_store_process()
    host = StoreHost(started)
    try:
        assert host.pid == started.process.pid
        project = host.open(path)
        assert project.document("a").text == "Lavrov spoke."
        project.close()
    finally:
        host.close()
    assert started.process.returncode == 0


def test_a_process_nobody_took_over_is_stopped():
    started = start_store_process()
    started.stop()
    assert started.process.returncode == 0


def test_the_store_process_runs_the_same_package_as_the_app(tmp_path):
    """From a second copy of the package (a git worktree sharing one virtualenv, a source
    folder beside an installed copy), the store process imports that copy, not the one the
    interpreter would find: here, a copy with a function only it has."""
    copy = tmp_path / "checkout"
    shutil.copytree(
        ROOT / "annotator", copy / "annotator", ignore=shutil.ignore_patterns("__pycache__")
    )
    reads = copy / "annotator" / "store" / "reads.py"
    reads.write_text(
        reads.read_text(encoding="utf-8")
        + "\n\ndef where_from(project):\n    import annotator\n\n    return annotator.__file__\n",
        encoding="utf-8",
    )
    path = tmp_path / "p.db"
    create_project(path).close()
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(copy)!r})\n"
        "from annotator.store.host import StoreHost\n"
        "from annotator.store.reads import where_from\n"
        "host = StoreHost()\n"
        f"project = host.open({str(path)!r})\n"
        "print(project.call(where_from))\n"
        "project.close()\n"
        "host.close()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-P", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(copy / "annotator" / "__init__.py")
