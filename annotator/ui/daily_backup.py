"""The window's background upkeep on open: a full page check of a large project, then
today's backup copy, run quietly on a worker (`tasks.Task`) so a large project never
freezes the window. What the project's storage needs is decided where it lives
(`store.upkeep.background_upkeep`): the window never looks at the file.

It starts once the window has painted its text (or after START_AT_LATEST_MS, for a window
not shown): its channel opening the project a second time, and the day's copy, would
otherwise take the CPU from the start (the store process serves both).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from annotator.core.errors import AnnotatorError
from annotator.store.interface import ProjectStore
from annotator.ui.after_paint import AfterPaint
from annotator.ui.tasks import Task

START_AT_LATEST_MS = 1000


class DailyBackup(QObject):
    finished = Signal(str)  # a message for the status bar
    damage_found = Signal(str)  # the background page check found the file damaged

    def __init__(self, project: ProjectStore, settings: QSettings, parent: QWidget):
        super().__init__(parent)
        self.project = project
        self.settings = settings
        self.parent_widget = parent
        self.task: Task | None = None  # while the upkeep runs
        self._state = "new"  # then "waiting" (for the paint), "started" or "closed"
        self._waiting: AfterPaint | None = None  # the first paint that starts it

    @property
    def running(self) -> bool:
        return self.task is not None or self._state == "waiting"

    def start(self, after_paint_of: QWidget | None = None) -> None:
        """A full page check of a project too large to check on open (damage is announced
        by `damage_found`, and no backup is made that would push a good one out), then
        today's copy in PROJECT.db.backups/ (the newest `backups/keep` are kept; off when
        the setting `backups/daily` is false). With `after_paint_of`, once that widget
        first painted (at most START_AT_LATEST_MS from now)."""
        if after_paint_of is None:
            self._start_now()
            return
        self._state = "waiting"
        self._waiting = AfterPaint(after_paint_of, self._start_now, latest_ms=START_AT_LATEST_MS)

    def _stop_waiting(self) -> None:
        if self._waiting is not None:
            self._waiting.disarm()
            self._waiting = None

    def _start_now(self) -> None:
        if self._state not in ("new", "waiting"):
            return  # started already, or the window closed before it began
        self._stop_waiting()
        self._state = "started"
        # The store's SQLite modules are the store process's: not on the window's start.
        from annotator.store.upkeep import DAILY_KEEP, background_upkeep

        daily = bool(self.settings.value("backups/daily", True, type=bool))
        keep = int(self.settings.value("backups/keep", DAILY_KEEP, type=int))  # type: ignore[call-overload]

        def job(progress: Any) -> tuple[str | None, Any]:
            try:
                with self.project.reopen() as project:  # the worker thread's own channel
                    return project.call(background_upkeep, daily, keep)
            except OSError as error:
                raise AnnotatorError(f"The daily backup failed: {error}") from error

        self.task = Task(
            self.parent_widget,
            "Daily backup",
            job,
            self._on_done,
            self._on_failed,
            quiet=True,
        )
        self.task.finished.connect(self._on_task_finished)

    def close(self) -> None:
        """Wait for the copy (seconds at most; never cut it off), and announce nothing more."""
        if self._state != "started":  # not begun: it never will
            self._stop_waiting()
            self._state = "closed"
        if self.task is not None:
            self.task.abort()

    def _on_done(self, result: tuple[str | None, Any]) -> None:
        damage, made = result
        if damage is not None:
            self.damage_found.emit(damage)
        elif made is not None:
            self.finished.emit(f"Today's backup: {made}")

    def _on_failed(self, error: AnnotatorError) -> None:
        reason = str(error)
        if not reason.startswith("The daily backup failed"):
            reason = f"The daily backup failed: {reason}"
        self.finished.emit(reason)

    def _on_task_finished(self) -> None:
        self.task = None
