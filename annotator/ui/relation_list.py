"""The relations list beside the span list: the open layer's relations, one a row
(`QUOTE “We will talk” → source → ACTOR Kerry`), by their head's position.

`RelationTableModel` is a Qt adapter over the window's `LayerModel`, like the span table:
a relation added or removed is one row inserted or removed, a relabelled one a row changed;
the rows of the picked span's relations are bold. `RelationListView` takes the keys: Delete
(or Backspace) deletes the relation, R changes its type, Enter picks its head span in the
text, Esc goes back to the text; it says so to the window through signals, so each edit
goes through the undo stack.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.core.model import Relation, Span
from annotator.ui.layer_model import LayerModel
from annotator.ui.plain import as_tooltip
from annotator.ui.relation_text import relation_line
from annotator.ui.table_model import ColumnsModel, Index


class RelationTableModel(ColumnsModel):
    COLUMNS = ("Relations",)

    def __init__(self, layer: LayerModel) -> None:
        super().__init__()
        self.layer = layer
        self._rows: list[Relation] = []
        self._picked: int | None = None  # the picked span's id
        layer.about_to_reset.connect(self.beginResetModel)
        layer.was_reset.connect(self._on_layer_was_reset)
        layer.relations_reset.connect(self._reload)
        layer.relation_added.connect(self._on_relation_added)
        layer.relation_removed.connect(self._on_relation_removed)
        layer.relation_changed.connect(self._on_relation_changed)
        layer.changed.connect(self._on_span_changed)

    def relation_at(self, row: int) -> Relation:
        return self._rows[row]

    def row_of(self, relation: Relation) -> int | None:
        """The row of the relation with `relation`'s id (the layer model's order)."""
        row = self.layer.relation_row(relation)
        if row is not None and row < len(self._rows) and self._rows[row].id == relation.id:
            return row
        return next((i for i, r in enumerate(self._rows) if r.id == relation.id), None)

    def set_picked(self, span: Span | None) -> None:
        """Make the rows of `span`'s relations bold (and the previous span's plain)."""
        before = self._picked
        self._picked = None if span is None else span.id
        if before != self._picked:
            self.column_changed(0)

    def picked_rows(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if self._involves_picked(r)]

    def _involves_picked(self, relation: Relation) -> bool:
        return self._picked is not None and self._picked in (
            relation.head_span_id,
            relation.tail_span_id,
        )

    # -- the layer model's events -----------------------------------------------------------

    def _on_layer_was_reset(self) -> None:
        self._rows = self.layer.relations()
        self._picked = None
        self.endResetModel()

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = self.layer.relations()
        self.endResetModel()

    def _on_relation_added(self, relation: Relation) -> None:
        row = self.layer.relation_row(relation)
        if row is None:
            return
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, relation)
        self.endInsertRows()

    def _on_relation_removed(self, relation: Relation) -> None:
        row = self.row_of(relation)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def _on_relation_changed(self, old: Relation, new: Relation) -> None:
        row = self.row_of(old)
        if row is None:
            return
        if self.layer.relation_row(new) == row:
            self._rows[row] = new
            self.column_changed(0, row, row)
        else:  # its new type moved it among relations between the same spans
            self._reload()

    def _on_span_changed(self, *_: object) -> None:
        """A span relabelled or moved: its relations read differently, and may move."""
        rows = self.layer.relations()
        if [r.id for r in rows] != [r.id for r in self._rows]:
            self._reload()
        else:
            self._rows = rows
            self.column_changed(0)

    # -- QAbstractTableModel --------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        relation = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return relation_line(self.layer, relation)
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_tooltip(relation_line(self.layer, relation))
        if role == Qt.ItemDataRole.FontRole and self._involves_picked(relation):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole:
            kind = self.layer.relation_type(relation.label)
            return QColor(kind.color) if kind else QColor("#777777")
        if role == Qt.ItemDataRole.BackgroundRole and self._involves_picked(relation):
            return QBrush(QColor(255, 243, 160, 120))
        return None


class RelationListView(QTableView):
    """The relations list: Delete, R (change the type) and Enter (show the head) act on
    the current row's relation; Esc leaves."""

    delete_requested = Signal(object)  # Relation
    relabel_requested = Signal(object)  # Relation
    show_requested = Signal(object)  # Relation
    left = Signal()  # Esc: back to the text

    _KEYS = (
        Qt.Key.Key_Delete,
        Qt.Key.Key_Backspace,
        Qt.Key.Key_R,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
    )

    def __init__(self, model: RelationTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.relations = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(22)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setHighlightSections(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setStyleSheet("RelationListView:focus { border: 2px solid palette(highlight); }")

    def current_relation(self) -> Relation | None:
        row = self.currentIndex().row()
        return self.relations.relation_at(row) if 0 <= row < self.relations.rowCount() else None

    def event(self, event: QEvent) -> bool:
        # The window's Delete (delete the span) must not take the key from the list.
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if (
                event.key() in self._KEYS
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            ):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        relation = self.current_relation()
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.left.emit()
            return
        if (
            relation is None
            or key not in self._KEYS
            or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_requested.emit(relation)
        elif key == Qt.Key.Key_R:
            self.relabel_requested.emit(relation)
        else:
            self.show_requested.emit(relation)
