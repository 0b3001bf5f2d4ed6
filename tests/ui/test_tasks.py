"""Long work off the GUI thread: a task always finishes, whatever its handlers do."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, Qt

from annotator.core.errors import AnnotatorError
from annotator.ui.tasks import Task


def test_a_task_whose_result_handler_fails_still_finishes(qtbot, window) -> None:
    # Found in a trial: an import's result handler failed (the project read as damaged),
    # the task never finished, and the window refused every edit ("An import is
    # running") until a restart.
    def failing(_: object) -> None:
        raise AnnotatorError("the project file is damaged")

    task = window.files.start_task("Importing…", lambda progress: 1, failing, writes=True)
    with qtbot.captureExceptions() as exceptions, qtbot.waitSignal(task.finished):
        pass
    assert [str(e[1]) for e in exceptions] == ["the project file is damaged"]
    assert task not in window.tasks and not window.edits.busy()


def test_a_task_whose_failure_handler_fails_still_finishes(qtbot, window) -> None:
    def job(progress: object) -> None:
        raise AnnotatorError("bad file")

    def failing(error: AnnotatorError) -> None:
        raise RuntimeError("handler bug")

    task = Task(window, "Importing…", job, lambda result: None, failing)
    with qtbot.captureExceptions() as exceptions, qtbot.waitSignal(task.finished):
        pass
    assert [type(e[1]) for e in exceptions] == [RuntimeError]


def test_an_aborted_task_drops_a_result_already_on_its_way(qtbot, window) -> None:
    # A quiet suggestion run that ended just as its window closed: its result was queued,
    # then the abort; the result's handler must not run on the closed window, nor the
    # task finish twice.
    results: list[object] = []
    finished: list[bool] = []
    go, sent = threading.Event(), threading.Event()
    task = Task(window, "Suggesting", lambda progress: go.wait(10), results.append, quiet=True)
    task.worker.succeeded.connect(lambda _: sent.set(), Qt.ConnectionType.DirectConnection)
    task.finished.connect(lambda: finished.append(True))
    go.set()
    assert sent.wait(10)  # the result waits in the GUI thread's event queue
    task.abort()
    QCoreApplication.processEvents()  # what was queued is delivered now
    assert results == [] and finished == [True]
