"""Long work (imports, exports, the daily backup) off the GUI thread, with a progress
dialog and Cancel (or, for background upkeep, quietly).

A job is a plain function `job(progress) -> result` that opens its own project connection
(SQLite connections belong to one thread) and calls `progress(done, total)`, which returns
False once the user has pressed Cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError
from annotator.ui.plain import plain_message_box

Job = Callable[[Callable[[int, int], bool]], Any]
_STEPS = 1000


class _Worker(QObject):
    progressed = Signal(int)  # 0.._STEPS
    succeeded = Signal(object)
    failed = Signal(object)  # the AnnotatorError, or a message for an unexpected error

    def __init__(self, job: Job):
        super().__init__()
        self.job = job
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            result = self.job(self._progress)
        except AnnotatorError as error:
            self.failed.emit(error)
        except Exception as error:
            self.failed.emit(f"Unexpected error: {error!r}")
        else:
            self.succeeded.emit(result)

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(int(_STEPS * done / total) if total else _STEPS)
        return not self.cancelled


class Task(QObject):
    """One running job. Keep a reference until `finished` is emitted."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        job: Job,
        on_success: Callable[[Any], None],
        on_failure: Callable[[AnnotatorError], None] | None = None,
        quiet: bool = False,
    ):
        """`quiet`: no progress dialog (background upkeep the user did not ask for)."""
        super().__init__(parent)
        self.writes = False  # True for an import: it holds the project's write lock
        # True for a suggestion run: it writes on its own connection without holding edits
        # back; the window looks for other programs' changes again when it ends.
        self.defers_checks = False
        self.aborted = False
        self.parent_widget = parent
        self.title = title
        self.on_success = on_success
        self.on_failure = on_failure  # None: the task shows the error itself
        self.dialog: QProgressDialog | None = None
        self.worker_thread = QThread()
        self.worker = _Worker(job)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        if not quiet:
            self.dialog = QProgressDialog(title, "Cancel", 0, _STEPS, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(400)  # quick jobs never flash a dialog
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.worker.progressed.connect(self.dialog.setValue)
            self.dialog.canceled.connect(self._on_dialog_canceled)
        self.worker.succeeded.connect(self._on_worker_succeeded)
        self.worker.failed.connect(self._on_worker_failed)
        self._ended = threading.Event()  # set in the worker's thread as it reports its end
        for ended in (self.worker.succeeded, self.worker.failed):
            ended.connect(lambda _: self._ended.set(), Qt.ConnectionType.DirectConnection)
        self.worker_thread.start()

    def abort(self) -> None:
        """Cancel and wait for the worker to stop (its window is closing): the result and
        any error are dropped."""
        self.worker.cancelled = True
        self.aborted = True  # a result already on its way (queued) is dropped too
        self.worker.succeeded.disconnect(self._on_worker_succeeded)
        self.worker.failed.disconnect(self._on_worker_failed)
        self._stop()
        self.finished.emit()

    def settle(self, timeout_s: float = 10.0) -> bool:
        """Wait for the job's end and handle its result now, without running the event
        loop (an undo waits so for a suggestion run's own commit: see edit_actions); False
        if it has not ended within `timeout_s`."""
        if not self._ended.wait(timeout_s):
            return False
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall.value)
        return True

    def _on_dialog_canceled(self) -> None:
        self.worker.cancelled = True  # a plain bool: read by the worker at its next report

    def _on_worker_succeeded(self, result: Any) -> None:
        if self.aborted:
            return
        self._stop()
        try:
            self.on_success(result)
        finally:
            # Even if showing the result failed: a task that never finishes would keep
            # its window refusing edits ("an import is running") until a restart.
            self.finished.emit()

    def _on_worker_failed(self, error: AnnotatorError | str) -> None:
        if self.aborted:
            return
        self._stop()
        try:
            if self.on_failure is not None and isinstance(error, AnnotatorError):
                self.on_failure(error)
                return
            plain_message_box(
                QMessageBox.Icon.Warning, self.title, str(error), self.parent_widget
            ).open()
        finally:
            self.finished.emit()

    def _stop(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.close()
