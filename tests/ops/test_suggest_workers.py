"""The suggesters' worker processes: answers in the order the batches were sent, errors
brought back to the caller (never a wait forever), nothing left running after close, and
no re-import of the caller's main module."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.suggest import DEFAULT_SUGGESTERS
from annotator.core.suggest.pipeline import suggest_text
from annotator.ops.suggest_runs import worker_config
from annotator.ops.suggest_workers import Workers, _environment

TEXTS = [
    (f"d{n}", f"“We are ready to talk about item {n},” John Kerry said. Lavrov met Kerry.")
    for n in range(7)
]


def test_answers_come_back_in_the_order_sent():
    setup = (DEFAULT_SUGGESTERS, ["Lavrov", "Kerry"], None)
    config = worker_config(*setup)
    with Workers(3, setup) as workers:
        for n in range(0, len(TEXTS), 2):
            workers.send(TEXTS[n : n + 2])
        answers = [workers.receive() for _ in range(0, len(TEXTS), 2)]
    expected = [
        [suggest_text(d, text, config) for d, text in TEXTS[n : n + 2]] for n in (0, 2, 4, 6)
    ]
    assert answers == expected
    assert any(s.label == "ACTOR" and "actors" in s.suggesters for s in answers[0][0])


def test_a_failing_set_up_is_raised_by_the_first_batch():
    with Workers(1, (("no such suggester",), [], None)) as workers:
        workers.send(TEXTS[:1])
        with pytest.raises(RuntimeError, match="unknown suggester"):
            workers.receive()


def test_a_worker_that_dies_is_an_error_not_a_wait():
    workers = Workers(2, (DEFAULT_SUGGESTERS, [], None))
    try:
        processes = [worker._process for worker in workers._workers]
        processes[0].kill()
        processes[0].wait()
        workers.send(TEXTS[:1])
        with pytest.raises(AnnotatorError, match="worker process stopped"):
            workers.receive()
    finally:
        workers.close()
    assert all(process.poll() is not None for process in processes)


def test_close_ends_busy_workers_at_once():
    workers = Workers(2, (DEFAULT_SUGGESTERS, [], None))
    processes = [worker._process for worker in workers._workers]
    big = [("big", "“Word after word after word,” Kerry said. " * 20_000)] * 4
    for _ in range(4):
        workers.send(big)
    workers.close()
    assert all(process.poll() is not None for process in processes)


def test_a_caller_without_a_main_guard_is_not_run_again(tmp_path: Path):
    # multiprocessing's spawn would import this script again in every worker, and start
    # workers from there, without end; the workers are `python -m` of their own module.
    script = tmp_path / "unguarded.py"
    script.write_text(
        textwrap.dedent(
            """
            from annotator.core.model import Document
            from annotator.ops.suggest_runs import suggest_project
            from annotator.store.project import create_project

            project = create_project(%r)
            for n in range(120):
                text = f"“We are ready, all {n} of us,” Kerry said."
                project.add_document(Document(f"d{n}", text, "t"))
            print("documents", suggest_project(project, workers=2).documents)
            """
        )
        % str(tmp_path / "p.db"),
        encoding="utf-8",
    )
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root}
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("documents 120") == 1


def test_the_workers_import_this_very_package(monkeypatch):
    import annotator

    here = str(Path(annotator.__file__).resolve().parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(["/elsewhere", here]))
    assert _environment()["PYTHONPATH"] == os.pathsep.join(["/elsewhere", here])
    monkeypatch.delenv("PYTHONPATH")
    assert _environment()["PYTHONPATH"] == here  # a checkout, not the installed copy
