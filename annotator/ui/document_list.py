"""The document list: title, this annotator's status and span count, for every document.

The model keeps plain tuples read in one query (ids, titles, statuses, counts; never texts)
and builds display values only for the rows Qt asks about. Filters are applied in SQL. One
document's row is refreshed on its own when its spans or status change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import DocumentSummary, Status
from annotator.store.project import Project
from annotator.ui.plain import as_tooltip

STATUS_TEXT = {Status.NEW: "new", Status.IN_PROGRESS: "in progress", Status.DONE: "done"}
STATUS_COLOR = {
    Status.NEW: QColor("#7a7a7a"),
    Status.IN_PROGRESS: QColor("#b26b00"),
    Status.DONE: QColor("#2e7d32"),
}
_Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    COLUMNS = ("Title", "Status", "Spans")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, project: Project, annotator: str):
        super().__init__()
        self.project = project
        self.annotator = annotator
        self.status_filter: Status | None = None
        self.title_filter = ""
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[str, int] = {}
        self.reload()

    def reload(self) -> None:
        """Read the list again (after an import, a filter change, another annotator)."""
        self.beginResetModel()
        self._rows = self.project.summaries(self.annotator, self.status_filter, self.title_filter)
        self._row_of = {}
        self.endResetModel()

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.reload()

    def set_filter(self, status: Status | None, title: str) -> None:
        self.status_filter, self.title_filter = status, title.strip()
        self.reload()

    def refresh_document(self, document_id: str) -> None:
        """Re-read one document's row (its status or span count changed)."""
        row = self.row_of(document_id)
        if row is None:
            return
        self._rows[row] = self.project.summary(document_id, self.annotator)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def row_of(self, document_id: str) -> int | None:
        if not self._row_of and self._rows:
            self._row_of = {summary.id: row for row, summary in enumerate(self._rows)}
        return self._row_of.get(document_id)

    def document_id(self, row: int) -> str:
        return self._rows[row].id

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
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

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
