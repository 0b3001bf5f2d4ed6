"""Painting the find bar's hits over a text view: a translucent band on each hit's
characters (the current one stronger), line by line, from the blocks' own layouts.

Hits come sorted; each block's geometry and lines are looked up once for all its hits."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

if TYPE_CHECKING:
    from annotator.ui.text_view import SpanTextView

SEARCH_HIT = QColor(255, 214, 0, 110)  # over the text and the span colours: both show through
CURRENT_HIT = QColor(255, 120, 0)  # an outline: the current hit is also the selection


def paint_hits(
    view: SpanTextView, hits: list[tuple[int, int]], current: tuple[int, int] | None
) -> None:
    """Paint `hits` (code points, sorted) onto the view's viewport, after the text."""
    painter = QPainter(view.viewport())
    offset = view.contentOffset()
    document = view.document()
    bottom = view.viewport().height()
    block = None
    lines: list = []
    starts: list[int] = []
    top = 0.0
    for start, end in hits:
        qt_start, qt_end = view.offsets.span_to_qt(start, end)
        is_current = (start, end) == current
        position = qt_start
        while position < qt_end:
            if block is None or not (
                block.position() <= position < block.position() + block.length()
            ):
                block = document.findBlock(position)
                if not block.isValid():
                    break
                top = view.blockBoundingGeometry(block).translated(offset).top()
                layout = block.layout()
                lines = [layout.lineAt(n) for n in range(layout.lineCount())]
                starts = [line.textStart() for line in lines]
            if top > bottom or not lines:
                break
            relative = position - block.position()
            line = lines[max(0, bisect_right(starts, relative) - 1)]
            line_end = line.textStart() + line.textLength()
            stop = min(qt_end - block.position(), line_end, block.length() - 1)
            if stop <= relative:  # at a block's end: go on in the next block
                position = block.position() + block.length()
                continue
            x0 = line.cursorToX(relative)[0]
            x1 = line.cursorToX(stop)[0]
            rect = QRectF(x0 + offset.x(), top + line.y(), x1 - x0, line.height())
            if is_current:
                painter.setPen(QPen(CURRENT_HIT, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(-1, 0, 1, 0))
            else:
                painter.fillRect(rect, SEARCH_HIT)
            position = block.position() + stop
    painter.end()
