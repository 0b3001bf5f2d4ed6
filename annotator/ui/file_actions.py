"""The File menu: a new or another project (in a window of its own), and import and export
in every format (their dialogs in import_dialog.py and export_dialog.py), which run in
worker tasks with their own connection while the window stays usable."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.store.interface import ProjectStore
from annotator.ui import first_run
from annotator.ui.open_windows import open_windows
from annotator.ui.plain import plain_message_box
from annotator.ui.tasks import Job, Task

if TYPE_CHECKING:
    from annotator.core.formats.base import Report
    from annotator.store.importer import ImportReport
    from annotator.ui.export_dialog import ExportChoice, ExportDialog
    from annotator.ui.import_dialog import ImportChoice, ImportDialog
    from annotator.ui.main_window import MainWindow


class FileActions:
    """New, open, import and export for one window."""

    def __init__(self, window: MainWindow):
        self.window = window

    def new_project(self) -> None:
        w = self.window
        # Before the file is made: a Cancel to the label editor's question must leave none.
        if not w.labels_menu.settle_editor():
            return
        path, _ = QFileDialog.getSaveFileName(
            w, "New project", str(Path.home() / "project.db"), "Projects (*.db)"
        )
        if path:
            new = Path(path) if Path(path).suffix else Path(path).with_suffix(".db")
            w._run(lambda: self.switch_project(w.project.create_another(new)))

    def open_project(self) -> None:
        w = self.window
        if not w.labels_menu.settle_editor():  # asked before choosing, not after
            return
        path, _ = QFileDialog.getOpenFileName(
            w, "Open project", str(Path(w.project.path).parent), "Projects (*.db)"
        )
        if path:
            w._run(lambda: self.switch_project(w.project.open_another(Path(path))))

    def switch_project(self, project: ProjectStore) -> None:
        """Show `project` in a new window in place of this one."""
        from annotator.ui.main_window import MainWindow

        w = self.window
        if not w.labels_menu.settle_editor():  # this window stays, with its label edits
            project.close()
            return
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

    def import_files(self) -> ImportDialog:
        """File ▸ Import: the dialog (every format, annotator, --add-labels, encoding); on
        Import, the import runs as a task."""
        return self.import_dialog([])

    def import_dialog(self, paths: list[Path]) -> ImportDialog:
        start = Path(self.window.project.path).parent
        # On demand: not on the window's start.
        from annotator.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.window, start, paths)
        dialog.accepted.connect(lambda: self._import_chosen(dialog.choice()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self.window, "Import a folder")
        if path:
            self.import_dialog([Path(path)])

    def _import_chosen(self, choice: ImportChoice) -> Task:
        return self.import_paths(
            choice.paths, choice.add_labels, choice.format, choice.annotator, choice.encoding
        )

    def import_paths(
        self,
        paths: list[Path],
        add_labels: bool = False,
        format: str = "jsonl",
        annotator: str | None = None,
        encoding: str = "utf-8",
    ) -> Task:
        """Import in a worker thread with its own connection; the views reload afterwards.

        As on the command line, annotations whose line names no annotator belong to
        `annotator`, by default "imported", never silently to whoever is running the app.
        """
        own = self.window.project

        from annotator.ops.imports import import_files  # the importer: not at start-up

        def job(progress: Callable[[int, int], bool]) -> ImportReport:
            with own.reopen() as project:  # a connection of the worker's own
                report, _ = project.call(
                    import_files,
                    paths,
                    annotator=annotator,
                    add_labels=add_labels,
                    encoding=encoding,
                    progress=progress,
                    format=format,
                )
                return report  # the views re-read whole: an import changes documents

        task = self.start_task("Importing…", job, self._on_import_finished, writes=True)
        task.on_failure = partial(self._on_import_failed, paths, format, annotator, encoding)
        return task

    def _on_import_failed(
        self,
        paths: list[Path],
        format: str,
        annotator: str | None,
        encoding: str,
        error: AnnotatorError,
    ) -> None:
        """Nothing was imported. For labels the project lacks, offer to add them."""
        from annotator.store.importer import UnknownLabelError

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
                and self.import_paths(paths, True, format, annotator, encoding)
            )
        )
        box.open()

    def _on_import_finished(self, report: ImportReport) -> None:
        # Our own import's commit, reloaded here: not another window's change.
        self.window.external.own_write_reloaded()
        self.window.statusBar().showMessage(f"Imported {report.summary()}", 10000)
        if report.notes or report.guessed:  # what could not be carried over: never silent
            lines = [f"guessed format: {guess}" for guess in report.guessed] + report.notes
            plain_message_box(
                QMessageBox.Icon.Information,
                "Import",
                f"Imported {report.summary()}.\n\n" + "\n".join(lines),
                self.window,
            ).open()

    def export(self) -> ExportDialog:
        """File ▸ Export: the dialog (every format and the command line's selection); on
        Export, the export runs as a task."""
        w = self.window
        names = [label.name for label in w.project.labels()]
        # On demand: not on the window's start.
        from annotator.ui.export_dialog import ExportDialog

        dialog = ExportDialog(w, Path(w.project.path), w.project.annotators(), names)
        dialog.accepted.connect(lambda: self.export_chosen(dialog.choice()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def export_chosen(self, choice: ExportChoice) -> Task:
        """Export as the dialog chose, in a worker with its own connection (progress and
        Cancel: a cancelled export writes nothing)."""
        own = self.window.project

        from annotator.store.exporter import export_formatted

        def job(progress: Callable[[int, int], bool]) -> Report:
            with own.reopen() as project:
                return project.call(
                    export_formatted,
                    choice.format,
                    choice.target,
                    annotators=choice.annotators,
                    gold=choice.gold,
                    status=choice.status,
                    labels=choice.labels,
                    relations=choice.relations,
                    progress=progress,
                )

        return self.start_task(
            "Exporting…", job, lambda report: self._on_export_finished(choice, report)
        )

    def _on_export_finished(self, choice: ExportChoice, report: Report) -> None:
        summary = (
            f"Exported {report.documents} document(s), {report.layers} layer(s), "
            f"{report.spans} span(s) as {choice.format} to {choice.target}"
        )
        self.window.statusBar().showMessage(summary, 10000)
        if report.notes:  # what the format could not carry: said, never dropped silently
            plain_message_box(
                QMessageBox.Icon.Information,
                "Export",
                summary + ".\n\n" + "\n".join(report.notes),
                self.window,
            ).open()

    def export_to(self, path: Path, annotators: list[str] | None = None) -> Task:
        """The project's JSONL to `path` (every layer, or `annotators`'), as a task."""
        own = self.window.project

        def job(progress: Callable[[int, int], bool]) -> int:
            with own.reopen() as project:
                from annotator.store.exporter import export_jsonl

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
