"""The side panel: the current document's spans (label, text, position, note), by position.

`SpanTableModel` mirrors the text view's spans and changes one row at a time. The note
column is editable; the edit is handed to the window as an intent, so it goes through the
undo stack like every other change.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from annotator.core.model import Label, Span
from annotator.ops.changes import Changes
from annotator.ui.plain import as_tooltip
from annotator.ui.table_model import ColumnsModel, Index


def _key(span: Span) -> tuple[int, int, str, int]:
    return (span.start, span.end, span.label, span.id or 0)


class SpanTableModel(ColumnsModel):
    COLUMNS = ("Label", "Text", "Position", "Note")
    NOTE_COLUMN = 3

    note_edited = Signal(object, str)  # Span, the new note text

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self._spans: list[Span] = []
        self.layer: tuple[str, str] | None = None  # (document id, annotator) listed
        self._colors: dict[str, QColor] = {}

    def set_spans(
        self,
        text: str,
        spans: list[Span],
        labels: list[Label],
        layer: tuple[str, str] | None = None,
    ) -> None:
        """List `spans`, of `layer` (document id, annotator: for `apply_changes`)."""
        self.beginResetModel()
        self.layer = layer
        self.text = text
        self._spans = sorted(spans, key=_key)
        self.set_labels(labels)
        self.endResetModel()

    def set_labels(self, labels: list[Label]) -> None:
        self._colors = {label.name: QColor(label.color) for label in labels}
        if self._spans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 0))

    def apply_changes(self, changes: Changes) -> None:
        """Change the rows of the spans an operation changed in the layer listed (nothing
        if it did not touch it), one row at a time."""
        if self.layer is None:
            return
        removed, changed, added = changes.spans_of(*self.layer)
        for span in removed:
            self.remove(span)
        for old, new in changed:
            self.replace(old, new)
        for span in added:
            self.add(span)

    def add(self, span: Span) -> int:
        row = bisect_left(self._spans, _key(span), key=_key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._spans.insert(row, span)
        self.endInsertRows()
        return row

    def remove(self, span: Span) -> None:
        row = self.row_of(span)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._spans[row]
        self.endRemoveRows()

    def replace(self, old: Span, new: Span) -> int:
        self.remove(old)
        return self.add(new)

    def row_of(self, span: Span) -> int | None:
        """The row of `span` (found by position and id, in O(log n)), or None."""
        row = bisect_left(self._spans, _key(span), key=_key)
        found = row < len(self._spans) and self._spans[row].id == span.id
        return row if found else None

    def span_at(self, row: int) -> Span:
        return self._spans[row]

    # -- QAbstractTableModel --------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._spans)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self._spans[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return span.label
            if column == 1:
                return " ".join(self.text[span.start : span.end].split())
            if column == 2:
                return f"{span.start}–{span.end}"
            return span.note or ""
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 3):
            return as_tooltip(self.text[span.start : span.end] if column == 1 else span.note or "")
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            color = QColor(self._colors.get(span.label, QColor("#888888")))
            color.setAlpha(90)
            return QBrush(color)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.NOTE_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.NOTE_COLUMN:
            return False
        span = self._spans[index.row()]
        if (value or None) != span.note:
            self.note_edited.emit(span, str(value or ""))
        return False  # the row changes when the store confirms it (changes_applied)
