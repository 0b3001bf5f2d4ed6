"""What the team actions do: Review ▸ Progress (and the agreement view opened from it with
a pair ticked), Review ▸ Assign documents…, File ▸ Merge packages…. Assigning the whole
project and merging run in worker tasks with progress; the window's views then show the
result as for an import."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.ops.assignments import assign, set_annotators_of
from annotator.ops.changes import Changes
from annotator.ui.plain import plain_message_box
from annotator.ui.tasks import Task

if TYPE_CHECKING:
    from annotator.store.packages import PackageMerge
    from annotator.ui.agreement_view import AgreementWindow  # opened on demand: a slow import
    from annotator.ui.assign_dialog import AssignDialog
    from annotator.ui.main_window import MainWindow
    from annotator.ui.progress_view import ProgressWindow


class TeamActions:
    def __init__(self, window: MainWindow):
        self.window = window
        self.progress: ProgressWindow | None = None
        self.assign_dialog: AssignDialog | None = None
        self.last_merge: list[PackageMerge] = []

    # -- progress -------------------------------------------------------------------------

    def open_progress(self) -> ProgressWindow:
        if self.progress is None:
            # On demand: not on the window's start.
            from annotator.ui.progress_view import ProgressWindow

            self.progress = ProgressWindow(self.window.project)
            self.progress.agreement_requested.connect(self.open_agreement_with)
        self.progress.compute()
        self.progress.show()
        self.progress.raise_()
        self.progress.activateWindow()
        return self.progress

    def open_agreement_with(self, annotators: Sequence[str]) -> AgreementWindow:
        """The agreement view, with `annotators` ticked, computing for them."""
        agreement = self.window.review.open_agreement()
        agreement.set_choices(list(annotators))
        if agreement.task is None:
            agreement.compute()
        else:  # the first computation, for the default choice, is running: then ours
            agreement.task.finished.connect(agreement.compute)
        return agreement

    # -- assignment -----------------------------------------------------------------------

    def open_assign_dialog(self) -> AssignDialog:
        w = self.window
        document = w.controller.document
        assigned = []
        if document is not None:
            assigned = [a for d, a, _ in w.project.assignment_rows() if d == document.id]
        # On demand: not on the window's start.
        from annotator.ui.assign_dialog import AssignDialog

        dialog = AssignDialog(
            w.project.annotators(), document.id if document else None, assigned, w
        )
        dialog.assign_requested.connect(self.assign)
        dialog.document_requested.connect(self.set_annotators)
        self.assign_dialog = dialog
        dialog.show()
        return dialog

    def assign(self, options: dict[str, Any]) -> Task | None:
        """Run `ops.assignments.assign` in a worker; the list shows the new queue."""
        w = self.window
        if w.edits.busy():
            return None
        own = w.project

        def job(progress: Callable[[int, int], bool]) -> Changes:
            with own.reopen() as project:
                return project.call(assign, **options)

        return w.files.start_task("Assigning…", job, self._on_assigned, writes=True)

    def _on_assigned(self, changes: Changes) -> None:
        w = self.window
        w.controller.apply_changes(changes)
        w.external.own_write_reloaded()
        names = {a for _, a in changes.assigned}
        w.statusBar().showMessage(
            f"Assigned {len(changes.assigned)} document layer(s) to {len(names)} annotator(s)."
            if changes.assigned
            else "Nothing to assign: every document has its annotators already.",
            10000,
        )
        self._refresh_progress()

    def set_annotators(self, document_id: str, annotators: list[str]) -> None:
        w = self.window
        if w.edits.busy():
            return
        if w._run(lambda: w.controller.run(set_annotators_of, [document_id], annotators)):
            w.statusBar().showMessage(
                f"{document_id}: assigned to {', '.join(annotators) or 'nobody'}.", 8000
            )
            self._refresh_progress()

    # -- packages -------------------------------------------------------------------------

    def choose_packages(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window,
            "Merge packages",
            str(Path(self.window.project.path).parent),
            "Packages (*.db)",
        )
        if paths:
            self.merge([Path(p) for p in paths])

    def merge(self, paths: list[Path]) -> Task:
        """Merge packages in a worker (one transaction: all or nothing), then show the
        report: what each brought, and every conflict the rule decided."""
        from annotator.ops.packages import merge_packages  # on demand: not at start-up

        own = self.window.project

        def job(progress: Callable[[int, int], bool]) -> tuple[Changes, list[PackageMerge]]:
            with own.reopen() as project:
                return project.call(merge_packages, paths, progress=progress)

        return self.window.files.start_task("Merging packages…", job, self._on_merged, writes=True)

    def _on_merged(self, result: tuple[Changes, list[PackageMerge]]) -> None:
        w = self.window
        _, reports = result
        self.last_merge = reports
        w.external.own_write_reloaded()  # as after an import: every view reads again
        conflicts = [c for report in reports for c in report.conflicts]
        text = "\n".join(f"Merged {report.summary()}" for report in reports)
        box = plain_message_box(QMessageBox.Icon.Information, "Merge packages", text, w)
        if conflicts:
            box.setInformativeText(
                f"{len(conflicts)} change(s) made on both sides were decided by the merge "
                "rule (the package's version of a span changed in both; an edit kept over a "
                "deletion). Details lists each one."
            )
            box.setDetailedText("\n".join(conflicts))
        box.open()
        w.statusBar().showMessage(f"Merged {len(reports)} package(s).", 10000)
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        if self.progress is not None and self.progress.isVisible():
            self.progress.compute()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
