"""What the app's table models share (annotator/ui/table_model.py): fixed columns with
headers over a flat list of rows, a valid Qt model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from annotator.ui.table_model import ColumnsModel, Index


class Words(ColumnsModel):
    COLUMNS = ("Word", "Length")

    def __init__(self, words: list[str]):
        super().__init__()
        self.words = words

    def row_count(self) -> int:
        return len(self.words)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        word = self.words[index.row()]
        return word if index.column() == 0 else len(word)


def test_a_columns_model_is_a_flat_valid_qt_model(qtbot, qtmodeltester) -> None:
    model = Words(["Kerry", "met", "Lavrov"])
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert [model.headerData(c, horizontal) for c in range(2)] == ["Word", "Length"]
    assert model.headerData(0, vertical) is None
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.column_changed(1, 1)
    top, bottom = changed.args[:2]
    assert (top.row(), top.column(), bottom.row(), bottom.column()) == (1, 1, 2, 1)
    with qtbot.assertNotEmitted(model.dataChanged):
        Words([]).column_changed(0)  # no rows: nothing to tell
        model.column_changed(0, 2, 1)
