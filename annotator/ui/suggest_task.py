"""Suggestion runs off the GUI thread: the jobs the window's tasks (`ui/tasks.py`) run.

Each job opens a connection of its own (`project.reopen()`, in the worker thread that runs
it) and calls `ops.suggest_runs.suggest_project` there: in the app that runs in the store
process, so the window never waits for the suggesters, however long the article. The
operations' modules are imported by the job, not here: the window's start imports no
suggester (nor the automaton library they use).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from annotator.core.errors import AnnotatorError
from annotator.core.suggest import ACTOR
from annotator.ops.changes import Changes, Decision
from annotator.store.reads import Loaded, read_suggestions
from annotator.ui.suggest_settings import chosen_suggesters, spacy_model
from annotator.ui.suggestion_model import SuggestionModel
from annotator.ui.tasks import Task

if TYPE_CHECKING:
    from annotator.ops.suggest_runs import SuggestRun
    from annotator.store.interface import ProjectStore
    from annotator.ui.main_window import MainWindow

# After an ACTOR span: the open document is suggested again once this long has passed
# without another (tagging every hit adds hundreds at once: one run).
AGAIN_AFTER_MS = 300


def suggest_document_job(
    project: ProjectStore,
    document_id: str,
    annotator: str,
    suggesters: Sequence[str] | None,
    model: str | None,
) -> Callable[[Callable[[int, int], bool]], Loaded]:
    """A job that suggests one document again (`suggesters` None: only read what is
    stored, as for a read-only project) and reads its suggestions back."""

    def job(progress: Callable[[int, int], bool]) -> Loaded:
        try:
            with project.reopen() as own:
                notice = ""
                if suggesters is not None:
                    from annotator.ops.suggest_runs import suggest_project

                    run = own.call(
                        suggest_project,
                        [document_id],
                        tuple(suggesters),
                        model,
                        spacy_optional=True,
                    )
                    notice = run.notice
                loaded = own.call(read_suggestions, document_id, annotator)  # one round trip
                return replace(loaded, notice=notice)
        except AnnotatorError:
            raise
        except Exception as error:
            # Nobody asked for this run: a line in the status bar, not a dialog at each
            # document opened; the traceback goes to standard error.
            traceback.print_exc()
            raise AnnotatorError(f"the suggesters failed: {error!r}") from error

    return job


def suggest_project_job(
    project: ProjectStore, suggesters: Sequence[str], model: str | None
) -> Callable[[Callable[[int, int], bool]], SuggestRun]:
    """A job that suggests every document of the project, with progress and Cancel (after
    the batch in hand: what was stored stays)."""

    def job(progress: Callable[[int, int], bool]) -> SuggestRun:
        from annotator.ops.suggest_runs import suggest_project

        with project.reopen() as own:
            run: SuggestRun = own.call(
                suggest_project,
                None,
                tuple(suggesters),
                model,
                progress=progress,
                spacy_optional=True,
            )
            return run

    return job


class SuggestRunner(QObject):
    """Runs the suggesters for one window: the open document at once when it opens (after
    its first paint, quietly), again after each ACTOR span the annotator adds (their names
    are known actors now), and the whole project on request, with progress and Cancel.
    What a run stored reaches the window's `SuggestionModel`.

    One run of the open document at a time: asked again meanwhile, it runs once more when
    the one in hand ends, for whatever document is open then."""

    def __init__(self, window: MainWindow, model: SuggestionModel):
        super().__init__(window)
        self.window = window
        self.model = model
        self.task: Task | None = None  # the open document's run (or read)
        self.project_task: Task | None = None
        self._again: bool | None = None  # asked again while a run went on: run (or read)?
        # Decisions made while a run went on: its read may predate them.
        self._decided: list[Decision] = []
        self.again_timer = QTimer(self)  # after an ACTOR span: a run once typing settles
        self.again_timer.setSingleShot(True)
        self.again_timer.setInterval(AGAIN_AFTER_MS)
        self.again_timer.timeout.connect(self.suggest_open_document)

    @property
    def running(self) -> bool:
        return self.task is not None

    def _settings(self) -> tuple[tuple[str, ...], str | None]:
        settings = self.window.settings
        return chosen_suggesters(settings), spacy_model(settings)

    def suggest_open_document(self, run: bool = True) -> Task | None:
        """Suggest the open document again (`run` False: only read what is stored) in a
        quiet worker; its suggestions are shown when it ends. None if nothing started (no
        document, the window closed, or a run already going: it runs again after it)."""
        w = self.window
        document = w.controller.document
        if document is None or not w.isVisible():
            return None
        if self.task is not None:
            self._again = bool(self._again) or run
            return None
        suggesters, model = self._settings()
        wants_run = run and not w.project.read_only
        job = suggest_document_job(
            w.project, document.id, w.controller.annotator, suggesters if wants_run else None, model
        )
        task = Task(
            w, "Suggesting", job, self._on_loaded, on_failure=self._on_load_failed, quiet=True
        )
        task.defers_checks = wants_run
        self.task = task
        self._track(task)
        task.finished.connect(self._on_task_finished)
        return task

    def _track(self, task: Task) -> None:
        tasks = self.window.tasks
        tasks.append(task)
        # Once: a task's end is told once, but an abort (the window closing) may follow it.
        task.finished.connect(lambda: task in tasks and tasks.remove(task))  # type: ignore[func-returns-value]

    def _on_loaded(self, loaded: Loaded) -> None:
        key = (loaded.document_id, loaded.annotator)
        if self.model.load(key, loaded.suggestions, loaded.decisions) and self._decided:
            self.model.apply_changes(Changes(decisions=tuple(self._decided)))
        if loaded.notice:
            self.window.statusBar().showMessage(f"Suggested {loaded.notice}", 8000)

    def _on_load_failed(self, error: AnnotatorError) -> None:
        self.window.statusBar().showMessage(f"Suggestions not updated: {error}", 8000)

    def _on_task_finished(self) -> None:
        task = self.task
        aborted = task is not None and task.aborted  # the window is closing
        self.task = None
        self._decided = []
        if task is not None and task.defers_checks and not aborted:
            # Our own write, on another connection: not another program's change; and
            # what another program did meanwhile (the checks waited) is picked up now.
            self.window.external.own_write_reloaded()
        again, self._again = self._again, None
        if again is not None and not aborted:
            self.suggest_open_document(run=again)

    def suggest_project(self) -> Task | None:
        """Suggest every document of the project, with a progress dialog and Cancel."""
        w = self.window
        if w.project.read_only:
            w.statusBar().showMessage("A read-only project: suggestions cannot be stored.", 6000)
            return None
        if self.project_task is not None:
            return self.project_task
        suggesters, model = self._settings()
        task = Task(
            w,
            "Suggesting the whole project",
            suggest_project_job(w.project, suggesters, model),
            self._on_project_suggested,
        )
        task.defers_checks = True
        self.project_task = task
        self._track(task)
        task.finished.connect(self._on_project_task_finished)
        return task

    def _on_project_task_finished(self) -> None:
        task, self.project_task = self.project_task, None
        if task is not None and not task.aborted:
            self.window.external.own_write_reloaded()  # as after the open document's run

    def _on_project_suggested(self, run: SuggestRun) -> None:
        w = self.window
        w.controller.apply_changes(run.changes)  # the open document's are read again
        documents = f"{run.documents:,} document{'s' if run.documents != 1 else ''}"
        message = f"Suggested {documents}: {run.suggestions:,} suggestions"
        if run.cancelled:
            message += " (cancelled: the documents done keep theirs)"
        if run.notice:
            message += f", {run.notice.rstrip('.')}"
        w.statusBar().showMessage(message + ".", 10000)

    def on_changes_applied(self, changes: Changes) -> None:
        """A run replaced the open document's suggestions: read them; an ACTOR span was
        added to the open layer: suggest again soon (the other mentions of its name)."""
        key = self.model.key or self.window.layer_model.layer
        if key is None:
            return
        if self.task is not None:
            self._decided.extend(changes.decisions)
        if key[0] in changes.suggestions:
            self.suggest_open_document(run=False)
        _, changed, added = changes.spans_of(*key)
        if any(s.label == ACTOR for s in added) or any(
            new.label == ACTOR
            and (old.label, old.start, old.end) != (new.label, new.start, new.end)
            for old, new in changed
        ):
            self.again_timer.start()
