"""Checks of a table's columns as the user sees them: each column inside the viewport, each
cell that does not fit elided with its whole text (as plain text) in its tooltip; and the
user's way of setting a width, a drag of the divider in the header."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QTableView

from annotator.ui.plain import as_tooltip


def columns_outside(table: QTableView) -> list[str]:
    """The columns that do not lie wholly inside the viewport, as `name: from-to`."""
    header = table.horizontalHeader()
    width = table.viewport().width()
    outside = []
    for column in range(header.count()):
        start = header.sectionViewportPosition(column)
        end = start + header.sectionSize(column)
        if start < 0 or end > width:
            name = table.model().headerData(column, Qt.Orientation.Horizontal)
            outside.append(f"{name!r}: {start}-{end} of {width}")
    return outside


def elided_cells(table: QTableView) -> list[tuple[int, int]]:
    """The cells whose text is wider than their column: those the view cuts short."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    model = table.model()
    cut = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            text = str(model.index(row, column).data() or "")
            if metrics.horizontalAdvance(text) + 2 * (margin + 1) > header.sectionSize(column):
                cut.append((row, column))
    return cut


def assert_columns_fit(table: QTableView) -> list[tuple[int, int]]:
    """Every column inside the viewport; every cell cut short has its text whole in its
    tooltip, as plain text. Returns the cells cut short."""
    assert table.isVisible()
    assert not columns_outside(table), columns_outside(table)
    cut = elided_cells(table)
    for row, column in cut:
        index = table.model().index(row, column)
        text = str(index.data())
        tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert tooltip == as_tooltip(text), (row, column, tooltip)
        assert html.escape(text) in tooltip
    return cut


def drag_divider(table: QTableView, column: int, by: int) -> None:
    """Drag the divider at the right edge of `column`'s header `by` pixels, as a user does."""
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    y = header.height() // 2
    target = header.viewport()
    button, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(target, button, none, QPoint(x, y))
    QTest.mouseMove(target, QPoint(x + by, y))
    QTest.mouseRelease(target, button, none, QPoint(x + by, y))
