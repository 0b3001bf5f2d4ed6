"""The File menu: a new or another project (in a window of its own), and import and export,
which run in worker tasks with their own connection while the window stays usable."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.store.exporter import export_jsonl
from annotator.store.importer import ImportReport, UnknownLabelError, import_paths
from annotator.store.interface import ProjectStore
from annotator.ui import first_run
from annotator.ui.open_windows import open_windows
from annotator.ui.plain import plain_message_box
from annotator.ui.tasks import Job, Task

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class FileActions:
    """New, open, import and export for one window."""

    def __init__(self, window: MainWindow):
        self.window = window

    def new_project(self) -> None:
        w = self.window
        path, _ = QFileDialog.getSaveFileName(
            w, "New project", str(Path.home() / "project.db"), "Projects (*.db)"
        )
        if path:
            new = Path(path) if Path(path).suffix else Path(path).with_suffix(".db")
            w._run(lambda: self._switch_project(w.project.create_another(new)))

    def open_project(self) -> None:
        w = self.window
        path, _ = QFileDialog.getOpenFileName(
            w, "Open project", str(Path(w.project.path).parent), "Projects (*.db)"
        )
        if path:
            w._run(lambda: self._switch_project(w.project.open_another(Path(path))))

    def _switch_project(self, project: ProjectStore) -> None:
        from annotator.ui.main_window import MainWindow

        w = self.window
        w.review.close_all()
        # The name the user works under here, unless this project has its own: they have
        # said who they are (no dialog in the middle of the File menu's action).
        name = first_run.starting_annotator(w.settings, project.path, None)
        first_run.remember(w.settings, project.path, name)
        window = MainWindow(project, name, w.settings)
        open_windows().append(window)  # it outlives this window
        window.show()
        window.open_first_document()
        w.close()  # and so its project
        if w in open_windows():
            open_windows().remove(w)
        w.deleteLater()

    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Import documents", "", "Articles and annotations (*.txt *.jsonl)"
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self.window, "Import a folder of .txt / .jsonl files"
        )
        if path:
            self.import_paths([Path(path)])

    def import_paths(self, paths: list[Path], add_labels: bool = False) -> Task:
        """Import in a worker thread with its own connection; the views reload afterwards.

        As on the command line, annotations whose line names no annotator belong to
        "imported", never silently to whoever is running the app.
        """
        own = self.window.project

        def job(progress: Callable[[int, int], bool]) -> ImportReport:
            with own.reopen() as project:  # a connection of the worker's own
                return project.call(import_paths, paths, add_labels=add_labels, progress=progress)

        task = self.start_task("Importing…", job, self._on_import_finished, writes=True)
        task.on_failure = partial(self._on_import_failed, paths)
        return task

    def _on_import_failed(self, paths: list[Path], error: AnnotatorError) -> None:
        """Nothing was imported. For labels the project lacks, offer to add them."""
        if not isinstance(error, UnknownLabelError):
            self.window.show_error(str(error))
            return
        box = plain_message_box(
            QMessageBox.Icon.Question,
            "Import",
            f"{error.path}:{error.line}: the file uses the label {error.label!r}, which this "
            "project does not have. Nothing was imported.\n\nAdd the file's new labels to "
            "the project and import again?",
            self.window,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        box.buttonClicked.connect(
            lambda button: (
                box.standardButton(button) == QMessageBox.StandardButton.Yes
                and self.import_paths(paths, add_labels=True)
            )
        )
        box.open()

    def _on_import_finished(self, report: ImportReport) -> None:
        # Our own import's commit, reloaded here: not another window's change.
        self.window.external.own_write_reloaded()
        self.window.statusBar().showMessage(f"Imported {report.summary()}", 10000)

    def export(self) -> None:
        w = self.window
        default = str(Path(w.project.path).with_suffix(".jsonl"))
        path, _ = QFileDialog.getSaveFileName(w, "Export JSONL", default, "JSONL (*.jsonl)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path, annotators: list[str] | None = None) -> Task:
        own = self.window.project

        def job(progress: Callable[[int, int], bool]) -> int:
            with own.reopen() as project:
                return project.call(export_jsonl, path, annotators, progress)

        return self.start_task(
            "Exporting…",
            job,
            lambda count: self.window.statusBar().showMessage(
                f"Exported {count} line(s) to {path}", 10000
            ),
        )

    def start_task(
        self, title: str, job: Job, on_success: Callable[[Any], None], writes: bool = False
    ) -> Task:
        """Run `job` in a worker; while a writing task runs, the window's edits wait."""
        tasks = self.window.tasks
        task = Task(self.window, title, job, on_success)
        task.writes = writes
        tasks.append(task)
        task.finished.connect(lambda: tasks.remove(task))
        return task
