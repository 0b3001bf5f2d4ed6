"""The document list: title, this annotator's status and span count, for every document
(or, in queue mode, for the annotator's queue: the documents assigned to them and not
done, in queue order).

The model is lazy: it holds only the documents' `seq` numbers (one index scan, filters
applied in SQL) and reads rows a page at a time when Qt first asks to show them; texts are
never read. One document's row is refreshed on its own when its spans or status change.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.core.model import DocumentSummary, Status
from annotator.ops.changes import Changes
from annotator.store.interface import ProjectStore
from annotator.ui.plain import as_tooltip
from annotator.ui.table_model import ColumnsModel, Index

STATUS_TEXT = {Status.NEW: "new", Status.IN_PROGRESS: "in progress", Status.DONE: "done"}
STATUS_COLOR = {
    Status.NEW: QColor("#7a7a7a"),
    Status.IN_PROGRESS: QColor("#b26b00"),
    Status.DONE: QColor("#2e7d32"),
}


class DocumentListModel(ColumnsModel):
    COLUMNS = ("Title", "Status", "Spans")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    PAGE = 256

    def __init__(self, project: ProjectStore, annotator: str):
        super().__init__()
        self.project = project
        self.annotator = annotator
        self.status_filter: Status | None = None
        self.title_filter = ""
        # The annotator's queue rather than every document: on by default for an annotator
        # with documents assigned, off for one without (read again with the list, so that
        # assignments made elsewhere show), until the user switches (`set_queue`).
        self.queue = False
        self.queue_chosen = False
        self._rows: dict[int, int] | None = None  # seq -> row, in queue order
        self._seqs: list[int] = []
        self._pages: dict[int, list[DocumentSummary]] = {}
        self.reload()

    def reload(self) -> None:
        """Read the list again (after an import, a filter change, another annotator)."""
        if not self.queue_chosen:
            self.queue = self._has_queue()
        self.beginResetModel()
        if self.queue:
            self._seqs = self.project.queue_seqs(
                self.annotator, self.status_filter, self.title_filter
            )
            self._rows = {seq: row for row, seq in enumerate(self._seqs)}
        else:
            self._seqs = self.project.document_seqs(
                self.annotator, self.status_filter, self.title_filter
            )
            self._rows = None
        self._pages = {}
        self.endResetModel()

    def set_annotator(self, annotator: str) -> None:
        if annotator != self.annotator:
            self.queue_chosen = False  # their own default
        self.annotator = annotator
        self.reload()

    # -- the queue ------------------------------------------------------------------------

    def _has_queue(self) -> bool:
        return bool(self.project.queue_counts(self.annotator)[1])

    def set_queue(self, on: bool) -> None:
        """Show the annotator's queue (True) or every document, as the user chose."""
        self.queue, self.queue_chosen = on, True
        self.reload()

    def queue_counts(self) -> tuple[int, int]:
        """(assigned documents done, assigned documents) of the list's annotator."""
        return self.project.queue_counts(self.annotator)

    def step_from(self, row: int | None, step: int) -> int:
        """The row "next" (+1) or "previous" (-1) goes to from `row`: in the queue, the
        next one not done yet (a document marked done stays in the list until it is read
        again); may be outside the list."""
        target = 0 if row is None else row + step
        if not self.queue:
            return target
        while 0 <= target < len(self._seqs) and self.summary(target).status is Status.DONE:
            target += 1 if step >= 0 else -1
        return target

    def set_filter(self, status: Status | None, title: str) -> None:
        self.status_filter, self.title_filter = status, title.strip()
        self.reload()

    def summary(self, row: int) -> DocumentSummary:
        page, offset = divmod(row, self.PAGE)
        rows = self._pages.get(page)
        if rows is None:
            seqs = self._seqs[page * self.PAGE : (page + 1) * self.PAGE]
            rows = self._pages[page] = self.project.summaries_of(seqs, self.annotator)
        return rows[offset]

    def document_id(self, row: int) -> str:
        return self.summary(row).id

    def row_of(self, document_id: str) -> int | None:
        seq = self.project.document_seq(document_id)
        if self._rows is not None:
            return None if seq is None else self._rows.get(seq)
        row = bisect_left(self._seqs, seq) if seq is not None else len(self._seqs)
        return row if row < len(self._seqs) and self._seqs[row] == seq else None

    def first_row_not_done(self) -> int | None:
        """The first row this annotator has not marked done, or None."""
        done = set(self.project.document_seqs(self.annotator, Status.DONE))
        return next((row for row, seq in enumerate(self._seqs) if seq not in done), None)

    def refresh_document(self, document_id: str) -> None:
        """Re-read one document's row (its status or span count changed)."""
        row = self.row_of(document_id)
        if row is None:
            return
        page, offset = divmod(row, self.PAGE)
        if page in self._pages:
            self._pages[page][offset] = self.project.summary(document_id, self.annotator)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def apply_changes(self, changes: Changes) -> None:
        """Re-read the rows whose span count or status an operation changed for this
        list's annotator (a relabel or a note changes neither); the whole list when the
        annotator's assignments changed."""
        if any(a == self.annotator for _, a in changes.assigned + changes.unassigned):
            self.reload()
            return
        spans = changes.spans_added + changes.spans_removed
        touched = [s.document_id for s in spans] + [d for d, _, _, _ in changes.statuses]
        for document_id in dict.fromkeys(touched):
            if changes.touches(document_id, self.annotator):
                self.refresh_document(document_id)

    # -- QAbstractTableModel --------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._seqs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self.summary(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return summary.title or summary.id
            if column == 1:
                return STATUS_TEXT[summary.status]
            return summary.span_count
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return as_tooltip(f"{summary.title}\nid: {summary.id}")
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return STATUS_COLOR[summary.status]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ID_ROLE:
            return summary.id
        return None
