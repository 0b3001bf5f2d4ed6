"""Long work off the GUI thread: a task always finishes, whatever its handlers do."""

from __future__ import annotations

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
