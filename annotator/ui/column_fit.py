"""A review table's columns sized to their contents within limits, and to the table's width.

Each column's natural width is that of its header and of its cells' text (the first `ROWS`
rows), kept between the column's `Limits`, in average character widths (a column that
does not give way is never narrower than its header). When the natural widths do not all
fit the viewport, the flexible columns (an annotator's version, a document's title) give
way, the widest first, down to their least width. Width to spare goes first to the
flexible columns cut at their greatest width, then to the stretch column. The fit is made
again whenever the rows, the cells or the viewport's width change. A cell cut short is
elided by its view, and its tooltip (the model's) has the whole text.

A width the user set by dragging a divider (any resize not made here) is the user's: it is
kept on every later fit, and the other columns make room for it. `user_widths` holds those
by column name, not position (a comparison's columns are its annotators, which differ from
one comparison to the next), for `layout_settings` to remember.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

ROWS = 1000  # as Qt's own resizeColumnToContents: enough to judge, bounded for long lists


@dataclass(frozen=True)
class Limits:
    """A column's least and greatest width in average character widths; a flexible column
    may be cut down to its least width (and elided) so that every column fits."""

    least: int = 4
    most: int = 60
    flexible: bool = False


class ColumnFit(QObject):
    """Keeps `table`'s columns fitted: `limits(column)` says each column's limits; the
    spare width goes to column `stretch` (-1: the last)."""

    def __init__(
        self, table: QTableView, limits: Callable[[int], Limits], stretch: int = -1
    ) -> None:
        super().__init__(table)
        self.table = table
        self.limits = limits
        self.stretch = stretch
        self.user_widths: dict[str, int] = {}
        self._fitting = False
        self._again = False  # the viewport changed while fitting: fit once more
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The spare width is given out here; a stretched last section would also count
        # as the user's resizing.
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._on_header_section_resized)
        # Per column, the width of each of its first ROWS cells' text: measured once, so a
        # resize or a dragged divider only shares the width out again (measuring 1,000 rows
        # of every column took 74 ms), and a changed cell is measured alone.
        self._cells: dict[int, list[int]] = {}
        model = table.model()
        for rows_moved in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.columnsInserted,
            model.columnsRemoved,
        ):
            rows_moved.connect(self._measure_again)
        model.dataChanged.connect(self._on_model_data_changed)
        model.headerDataChanged.connect(self.fit)
        table.viewport().installEventFilter(self)

    def name(self, column: int) -> str:
        return str(self.table.model().headerData(column, Qt.Orientation.Horizontal) or column)

    def content_width(self, column: int) -> int:
        """The width that shows `column`'s header and its cells' text whole."""
        cells = self._cells.get(column)
        if cells is None:
            rows = min(self.table.model().rowCount(), ROWS)
            cells = self._cells[column] = [self._cell_width(row, column) for row in range(rows)]
        return max([self.table.horizontalHeader().sectionSizeHint(column), *cells])

    def _cell_width(self, row: int, column: int) -> int:
        text = self.table.model().index(row, column).data()
        if not text:
            return 0
        margin = self.table.style().pixelMetric(
            QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table
        )
        padding = 2 * (margin + 1) + 2  # as the item delegate's, and the grid line
        return self.table.fontMetrics().horizontalAdvance(str(text)) + padding

    def _measure_again(self, *_: object) -> None:
        self._cells.clear()
        self.fit()

    def _on_model_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, *_: object
    ) -> None:
        if not (top_left.isValid() and bottom_right.isValid()):
            self._measure_again()
            return
        for column in range(top_left.column(), bottom_right.column() + 1):
            cells = self._cells.get(column)
            if cells is None:
                continue
            for row in range(top_left.row(), min(bottom_right.row() + 1, len(cells))):
                cells[row] = self._cell_width(row, column)
        self.fit()

    def fit(self) -> None:
        if self._fitting:
            self._again = True
            return
        self._fitting = True
        try:
            self._fit()
            if self._again:  # a scroll bar came or went: the viewport's width is new
                self._again = False
                self._fit()
        finally:
            self._fitting = False

    def _fit(self) -> None:
        header = self.table.horizontalHeader()
        count = self.table.model().columnCount()
        if not count:
            return
        char = max(self.table.fontMetrics().averageCharWidth(), 1)
        widths: dict[int, int] = {}
        content: dict[int, int] = {}  # of the flexible columns
        least: dict[int, int] = {}
        for column in range(count):
            if header.isSectionHidden(column):
                continue
            chosen = self.user_widths.get(self.name(column))
            if chosen is not None:
                widths[column] = chosen
                continue
            limits = self.limits(column)
            low = max(limits.least * char, header.minimumSectionSize())
            if not limits.flexible:  # its header whole: a figure's column says what it is
                low = max(low, header.sectionSizeHint(column))
            high = max(limits.most * char, low)
            natural = max(self.content_width(column), low)
            widths[column] = min(natural, high)
            if limits.flexible:
                content[column], least[column] = natural, low
        flexible = list(least)
        available = self.table.viewport().width()
        budget = available - sum(w for c, w in widths.items() if c not in least)
        if flexible and sum(widths[c] for c in flexible) > budget:
            cap = _cap(budget, [(widths[c], least[c]) for c in flexible])
            for column in flexible:
                widths[column] = max(least[column], min(widths[column], cap))
        elif any(content[c] > widths[c] for c in flexible):
            # Room to spare: the texts cut at their greatest width get more of it first.
            cap = _cap(budget, [(content[c], widths[c]) for c in flexible])
            for column in flexible:
                widths[column] = max(widths[column], min(content[column], cap))
        stretch = self.stretch % count
        spare = available - sum(widths.values())
        if spare > 0 and stretch in widths and self.name(stretch) not in self.user_widths:
            widths[stretch] += spare
        for column, width in widths.items():
            header.resizeSection(column, width)

    def set_user_widths(self, widths: dict[str, int]) -> None:
        """Widths remembered from an earlier window, as if the user had set them here."""
        self.user_widths = dict(widths)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit()
        return False

    def _on_header_section_resized(self, column: int, _old: int, new: int) -> None:
        if self._fitting or new <= 0:  # ours, or a column hidden
            return
        self.user_widths[self.name(column)] = new
        self.fit()  # the others make room, as far as they can


def _cap(budget: int, columns: list[tuple[int, int]]) -> int:
    """The greatest width `cap` such that the columns (natural, least), each at
    max(least, min(natural, cap)), take no more than `budget` (0 if none does)."""
    low, high = 0, max(natural for natural, _ in columns)
    while low < high:
        middle = (low + high + 1) // 2
        if sum(max(least, min(natural, middle)) for natural, least in columns) <= budget:
            low = middle
        else:
            high = middle - 1
    return low
