"""The document list: title, this annotator's status and span count, for every document.

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
        self._seqs: list[int] = []
        self._pages: dict[int, list[DocumentSummary]] = {}
        self.reload()

    def reload(self) -> None:
        """Read the list again (after an import, a filter change, another annotator)."""
        self.beginResetModel()
        self._seqs = self.project.document_seqs(
            self.annotator, self.status_filter, self.title_filter
        )
        self._pages = {}
        self.endResetModel()

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.reload()

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
        list's annotator (a relabel or a note changes neither)."""
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
