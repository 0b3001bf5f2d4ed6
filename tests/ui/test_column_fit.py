"""Columns fitted to their contents and to the table's width, through a real table: the
flexible ones give way, the spare width goes to the stretch column, and a width the user
drags is kept."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from annotator.ui.column_fit import ColumnFit, Limits
from tests.helpers.table_columns import columns_outside, drag_divider

HEADERS = ["#", "Kind", "alice", "bob", "Gold"]
ROWS = [
    ["1", "only alice marked it", "QUOTE 20–40 “" + "bridge opens " * 8 + "”", "—", "—"],
    ["2", "label differs", "EVENT 10–14 “told”", "CLAIM 10–14 “told”", "not started"],
]
LIMITS = [Limits(2, 5), Limits(10, 30), *[Limits(8, 60, flexible=True)] * 3]


@pytest.fixture
def table(qtbot):
    model = QStandardItemModel(0, len(HEADERS))
    model.setHorizontalHeaderLabels(HEADERS)
    for row in ROWS:
        model.appendRow([QStandardItem(text) for text in row])
    view = QTableView()
    view.setModel(model)
    view.fit = ColumnFit(view, lambda column: LIMITS[column])  # type: ignore[attr-defined]
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def sizes(view: QTableView) -> list[int]:
    return [view.horizontalHeader().sectionSize(c) for c in range(len(HEADERS))]


def test_columns_fill_the_width_and_only_flexible_ones_give_way(table: QTableView) -> None:
    fit: ColumnFit = table.fit  # type: ignore[attr-defined]
    assert not columns_outside(table)
    assert sum(sizes(table)) == table.viewport().width()
    number, kind, alice, bob, gold = sizes(table)
    assert number < kind == fit.content_width(1)  # the kind whole, the row number small
    assert bob == fit.content_width(3)  # short enough: as wide as it needs
    assert alice < fit.content_width(2)  # the long version is cut short
    assert gold >= fit.content_width(4)  # and the spare width is gold's


def test_a_narrower_table_still_fits_and_a_wider_one_shows_everything(
    qtbot, table: QTableView
) -> None:
    fit: ColumnFit = table.fit  # type: ignore[attr-defined]
    table.resize(450, 300)
    qtbot.waitUntil(lambda: table.viewport().width() < 450)
    assert not columns_outside(table)
    table.resize(1600, 300)
    qtbot.waitUntil(lambda: table.viewport().width() > 1500)
    assert not columns_outside(table)
    assert sizes(table)[2] == fit.content_width(2)
    assert fit.user_widths == {}  # none of that was the user's


def test_a_dragged_width_is_kept_and_the_others_make_room(qtbot, table: QTableView) -> None:
    fit: ColumnFit = table.fit  # type: ignore[attr-defined]
    before = sizes(table)
    drag_divider(table, 1, -40)  # the kind narrower
    assert fit.user_widths == {"Kind": before[1] - 40}
    assert sizes(table)[1] == before[1] - 40
    assert sizes(table)[2] > before[2]  # alice's version takes the room
    assert not columns_outside(table)
    drag_divider(table, 3, 80)  # bob's wider: the others give way, all still in view
    assert fit.user_widths["bob"] == before[3] + 80
    assert not columns_outside(table)
    table.model().appendRow([QStandardItem(t) for t in ("3", "x" * 80, "", "", "")])
    table.resize(650, 300)
    qtbot.waitUntil(lambda: sizes(table)[1] == before[1] - 40 and not columns_outside(table))


def test_widths_given_by_name_apply_to_the_column_of_that_name(table: QTableView) -> None:
    fit: ColumnFit = table.fit  # type: ignore[attr-defined]
    fit.set_user_widths({"Gold": 90, "carol": 200})  # carol is not in this table
    assert sizes(table)[4] == 90
    assert not columns_outside(table)
    assert fit.user_widths == {"Gold": 90, "carol": 200}  # kept for the next table


def test_a_resize_or_a_drag_reads_no_cell_again_and_a_changed_cell_is_read_alone(
    qtbot, table: QTableView, monkeypatch
) -> None:
    """The cells are measured once: sharing the width out again (a resize, a divider
    dragged) must not re-read 1,000 rows of every column; a changed cell is read alone."""
    fit: ColumnFit = table.fit  # type: ignore[attr-defined]
    model = table.model()
    assert isinstance(model, QStandardItemModel)
    read: list[tuple[int, int]] = []
    cell_width = fit._cell_width

    def counted(row: int, column: int) -> int:
        read.append((row, column))
        return cell_width(row, column)

    monkeypatch.setattr(fit, "_cell_width", counted)
    table.resize(520, 300)
    qtbot.waitUntil(lambda: table.viewport().width() < 520)
    drag_divider(table, 3, 40)
    assert read == [] and not columns_outside(table)
    model.item(1, 4).setText("same as alice: EVENT 10–14 “told” " * 3)
    assert read == [(1, 4)]
    assert fit.content_width(4) > fit.content_width(3)  # the longer text counts
    model.appendRow([QStandardItem(t) for t in ROWS[0]])  # rows moved: measured again
    assert len(read) > 1
