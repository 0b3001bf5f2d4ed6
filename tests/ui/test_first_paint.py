"""The start-up path as a whole process: `python -m annotator PROJECT.db` opens the window
by the short path (no command-line module, no pandas) and, with
ANNOTATOR_REPORT_FIRST_PAINT, says when it first painted and quits (the start-up
benchmark's hook)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from annotator.__main__ import app_arguments
from tests.helpers.projects import ARTICLE, make_project

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_reports_its_first_paint_and_quits(tmp_path):
    path = tmp_path / "p.db"
    make_project(path, {"doc-1": ARTICLE}).close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_REPORT_FIRST_PAINT": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
    }
    # What the window process imported, printed as it exits.
    probe = (
        "import atexit, sys, runpy\n"
        "atexit.register(lambda: print('loaded', *sorted(m for m in ('pandas', 'numpy', "
        "'annotator.cli', 'annotator.core.formats.spacy_docbin', 'annotator.ui.agreement_view', "
        "'annotator.ui.compare_view') if m in sys.modules)))\n"
        "sys.argv = ['annotator', *sys.argv[1:]]\n"
        "runpy.run_module('annotator', run_name='__main__')\n"
    )
    before = time.time()
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path), "--annotator", "alice"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    (painted,) = [line for line in lines if line.startswith("first-paint ")]
    assert before < float(painted.split()[1]) < time.time()
    # None of them: the short path, sqlite-utils held them off, the review windows wait.
    assert "loaded" in lines


def test_only_a_command_line_that_opens_the_app_takes_the_short_path():
    assert app_arguments([]) == (None, None)
    assert app_arguments(["p.db"]) == (Path("p.db"), None)
    assert app_arguments(["p.db", "--annotator", "bob"]) == (Path("p.db"), "bob")
    assert app_arguments(["--annotator=bob", "dir/p"]) == (Path("dir/p"), "bob")
    for cli in (["stats", "p.db"], ["--help"], ["--version"], ["a.db", "b.db"], ["--annotator"]):
        assert app_arguments(cli) is None, cli
    assert app_arguments(["myproject"]) is None  # could be a command: annotator.cli decides


def test_the_window_s_modules_import_no_sqlite_store():
    """The store's SQLite modules (sqlite-utils: about 100 ms) are the store process's: the
    window's own start imports none of them, nor the importer, exporter or packages."""
    import subprocess
    import sys

    code = (
        "import sys, annotator.ui.app, annotator.ui.main_window\n"
        "heavy = [m for m in ('sqlite_utils', 'annotator.store.sqlite', 'annotator.store.importer',"
        " 'annotator.store.exporter', 'annotator.store.packages') if m in sys.modules]\n"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
