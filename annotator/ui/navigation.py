"""Which document and whose layer a window shows: the document list's row (opened, stepped
through, filtered, remembered per project) and the annotator box."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker

from annotator.core.model import Status
from annotator.ui import first_run

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

STATUS_FILTERS: list[tuple[str, Status | None]] = [
    ("All documents", None),
    ("New", Status.NEW),
    ("In progress", Status.IN_PROGRESS),
    ("Done", Status.DONE),
]


class Navigation:
    """Moves one window between documents and annotators' layers."""

    def __init__(self, window: MainWindow):
        self.window = window

    # -- documents ------------------------------------------------------------------------

    def first_document_row(self) -> int | None:
        """The row of the document this project was left on, else of the first not yet done
        (or the first of all); None for an empty list."""
        w = self.window
        remembered = w.settings.value(self.last_document_key(), "", type=str)
        row = w.documents.row_of(str(remembered)) if remembered else None
        if row is None:
            row = w.documents.first_row_not_done()
        if row is None and w.documents.rowCount():
            row = 0
        return row

    def open_first_document(self, row: int | None = None) -> None:
        """Open the document this project was left on, else the first not yet done (or the
        first of all); `row`: that row, found already (`first_document_row`)."""
        row = self.first_document_row() if row is None else row
        if row is not None:
            self.select_document_row(row)
        else:
            self.window.statusBar().showMessage(
                "This project has no documents yet: File ▸ Import (Ctrl+I).", 0
            )

    def select_document_row(self, row: int) -> None:
        w = self.window
        w.document_view.selectionModel().setCurrentIndex(
            w.documents.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        w.document_view.scrollTo(w.documents.index(row, 0))

    def show_current_document_in_list(self) -> None:
        """Select the open document's row again after the list was reloaded (a filter, an
        import, another annotator), without opening it a second time."""
        w = self.window
        row = self.current_document_row()
        if row is not None:
            with QSignalBlocker(w.document_view.selectionModel()):
                self.select_document_row(row)

    def current_document_row(self) -> int | None:
        doc = self.window.controller.document
        return None if doc is None else self.window.documents.row_of(doc.id)

    def step_document(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) document of the list; False at the end."""
        w = self.window
        row = self.current_document_row()
        target = w.documents.step_from(row, step)  # in a queue: the next one not done
        if 0 <= target < w.documents.rowCount():
            self.select_document_row(target)
            return True
        w.statusBar().showMessage("No more documents in this list.", 4000)
        return False

    def on_document_view_current_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        w = self.window
        if current.isValid():
            doc_id = w.documents.document_id(current.row())
            if w.controller.document is None or w.controller.document.id != doc_id:
                w._run(lambda: w.controller.open_document(doc_id))

    def last_document_key(self) -> str:
        """The setting that remembers the document this project was left on."""
        path = Path(self.window.project.path).resolve()
        return "last_document/" + str(path).replace("/", "|")

    def apply_filter(self) -> None:
        w = self.window
        _, status = STATUS_FILTERS[w.status_filter.currentIndex()]
        w.documents.set_filter(status, w.filter_edit.text())
        self.show_current_document_in_list()

    # -- annotators -----------------------------------------------------------------------

    def on_annotator_box_chosen(self, *_: object) -> None:
        w = self.window
        name = w.annotator_box.currentText().strip()
        if not name:
            w.statusBar().showMessage("An annotator needs a name.", 4000)
            self.fill_annotators()
            return
        if name != w.controller.annotator and not w.edits.busy():
            w._run(lambda: self.set_annotator(name))

    def set_annotator(self, name: str, remember: bool = True) -> None:
        """Show and edit `name`'s layer; `remember` makes it the name the app starts with
        (not so for a curator visiting the gold layer)."""
        w = self.window
        w.controller.set_annotator(name)
        if remember:
            w.settings.setValue("annotator", w.controller.annotator)
            first_run.remember(w.settings, w.project.path, w.controller.annotator)
        w.documents.set_annotator(w.controller.annotator)
        self.fill_annotators()
        self.show_current_document_in_list()
        w._update_title()
        w._update_counts()
        w.key_hint.update_visibility()
        # A message about the last layer ("Ctrl+Z undoes it") no longer holds.
        w.statusBar().showMessage(f"Annotating as {w.controller.annotator}.", 5000)

    def fill_annotators(self) -> None:
        w = self.window
        with QSignalBlocker(w.annotator_box):
            w.annotator_box.clear()
            w.annotator_box.addItems(w.project.annotators())
            w.annotator_box.setCurrentText(w.controller.annotator)

    def show_layer(self, annotator: str, document_id: str) -> None:
        """Show `annotator`'s layer of a document here (the curator edits gold directly)."""
        w = self.window
        if w.edits.busy():
            return
        if annotator != w.controller.annotator:
            w._run(lambda: self.set_annotator(annotator, remember=False))
            w.statusBar().showMessage(
                f"Editing the {annotator!r} layer; pick your own name in the toolbar to go back.",
                10000,
            )
        row = w.documents.row_of(document_id)
        if row is None:  # filtered out: show every document
            w.status_filter.setCurrentIndex(0)
            w.filter_edit.clear()
            w.queue_switch.box.setChecked(False)  # not in the queue, or done
            row = w.documents.row_of(document_id)
        if row is not None:
            self.select_document_row(row)
        w.raise_()
        w.activateWindow()
