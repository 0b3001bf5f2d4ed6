"""The side panel: the current document's spans (label, text, position, note), by position.

`SpanTableModel` is a Qt adapter over the window's `LayerModel`: its rows are the layer's
spans, in the layer's order, and each of the layer's events becomes the matching Qt
notification (one row inserted, removed, moved or changed). The note column is editable;
the edit is handed to the window as an intent, so it goes through the undo stack like
every other change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from annotator.core.model import Label, Span
from annotator.ops.changes import Changes
from annotator.ui.layer_model import LayerModel
from annotator.ui.plain import as_tooltip
from annotator.ui.table_model import ColumnsModel, Index


class SpanTableModel(ColumnsModel):
    COLUMNS = ("Label", "Text", "Position", "Note")
    NOTE_COLUMN = 3

    note_edited = Signal(object, str)  # Span, the new note text

    def __init__(self, layer: LayerModel | None = None) -> None:
        super().__init__()
        self.layer_model = LayerModel() if layer is None else layer
        self._colors: dict[str, QColor] = {}
        events = self.layer_model
        events.about_to_reset.connect(self.beginResetModel)
        events.was_reset.connect(self.endResetModel)
        events.about_to_insert.connect(self._on_layer_about_to_insert)
        events.inserted.connect(self._on_layer_inserted)
        events.about_to_remove.connect(self._on_layer_about_to_remove)
        events.removed.connect(self._on_layer_removed)
        events.about_to_change.connect(self._on_layer_about_to_change)
        events.changed.connect(self._on_layer_changed)

    @property
    def text(self) -> str:
        return self.layer_model.text

    @property
    def layer(self) -> tuple[str, str] | None:
        """(document id, annotator) listed."""
        return self.layer_model.layer

    def set_spans(
        self,
        text: str,
        spans: list[Span],
        labels: list[Label],
        layer: tuple[str, str] | None = None,
    ) -> None:
        """List `spans`, of `layer` (document id, annotator: for `apply_changes`), by
        resetting the layer model (which the text view may share)."""
        self.set_labels(labels)
        self.layer_model.reset(layer, text, spans)

    def set_labels(self, labels: list[Label]) -> None:
        self._colors = {label.name: QColor(label.color) for label in labels}
        self.column_changed(0)

    # The layer model's own operations, for a table used alone (the window changes the
    # layer model it shares, once).

    def apply_changes(self, changes: Changes) -> None:
        self.layer_model.apply_changes(changes)

    def add(self, span: Span) -> int:
        return self.layer_model.insert(span)

    def remove(self, span: Span) -> None:
        self.layer_model.remove(span)

    def replace(self, old: Span, new: Span) -> int:
        return self.layer_model.replace(old, new)

    def row_of(self, span: Span) -> int | None:
        """The row of `span` (found by id, in O(log n)), or None."""
        return self.layer_model.row_of(span)

    def span_at(self, row: int) -> Span:
        return self.layer_model.span_at(row)

    # -- the layer model's events -----------------------------------------------------------

    def _on_layer_about_to_insert(self, row: int, _: Span) -> None:
        self.beginInsertRows(QModelIndex(), row, row)

    def _on_layer_inserted(self, _row: int, _span: Span) -> None:
        self.endInsertRows()

    def _on_layer_about_to_remove(self, row: int, _: Span) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)

    def _on_layer_removed(self, _row: int, _span: Span) -> None:
        self.endRemoveRows()

    def _on_layer_about_to_change(self, old_row: int, new_row: int, _o: Span, _n: Span) -> None:
        if new_row != old_row:
            # Qt counts the destination before the move: past the row when moving down.
            destination = new_row + 1 if new_row > old_row else new_row
            self.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), destination)

    def _on_layer_changed(self, old_row: int, new_row: int, _o: Span, _n: Span) -> None:
        if new_row != old_row:
            self.endMoveRows()
        self.dataChanged.emit(self.index(new_row, 0), self.index(new_row, len(self.COLUMNS) - 1))

    # -- QAbstractTableModel --------------------------------------------------------------

    def row_count(self) -> int:
        return len(self.layer_model)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self.layer_model.span_at(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return span.label
            if column == 1:  # a discontinuous span's fragments joined by " … "
                return " ".join(span.text_of(self.text).split())
            if column == 2:
                return ", ".join(f"{a}–{b}" for a, b in span.pieces)
            return span.note or ""
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 3):
            return as_tooltip(span.text_of(self.text) if column == 1 else span.note or "")
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
        span = self.layer_model.span_at(index.row())
        if (value or None) != span.note:
            self.note_edited.emit(span, str(value or ""))
        return False  # the row changes when the store confirms it (changes_applied)
