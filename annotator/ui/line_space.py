"""Room above every line of a plain text view, for what is painted there (the label tags).

A `QPlainTextEdit` lays out its text with `QPlainTextDocumentLayout`, which ignores block
formats: a `QTextBlockFormat`'s top margin or line height changes nothing in it (only
`QTextEdit`'s rich text layout reads them, and that one lays out a whole 1 MB article at
once). A top margin would also leave the wrapped lines of a paragraph without room.

So the room is made in the layout itself. `LineSpaceLayout` is the plain text layout with
one addition: after Qt has laid out a block, each of its lines is moved down by
`space_above` pixels more than the one before, so that every line, wrapped or not, has
that much free space above its text. An empty paragraph (the blank line between two) has
nothing to show above it and keeps its height. Qt derives everything else from the lines' positions
and the block's bounding rectangle (which it computes from them): painting, the caret and
the selection, hit testing (`cursorForPosition`), the pixel offset of the top line, the
scroll bar's range and page steps. The scroll bar still counts lines, so the line at the
top stays there when the room changes.

The work follows what is shown. Qt asks for a block's bounding rectangle before it reads
the block's lines (that is where it lays a block out when needed), and only for the
blocks it paints or measures near the screen; the override looks at the first line's
position (its y is `space_above` once moved) and moves the lines of a block only when
they are not where they belong. Changing the room costs nothing until a block is shown.
With no room the lines are exactly where Qt put them (the same sums Qt makes), so turning
the room off restores the normal layout.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit

__all__ = ["LineSpaceLayout", "install"]


class LineSpaceLayout(QPlainTextDocumentLayout):
    """A plain text layout that can leave `space_above` pixels free above every line."""

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._space = 0
        self._moved = False  # whether any block may hold lines moved for a room

    @property
    def space_above(self) -> int:
        """The pixels free above every line of text, empty paragraphs aside (0: Qt's own
        layout)."""
        return self._space

    def set_space_above(self, pixels: int) -> None:
        """Leave `pixels` (>= 0) free above every line of text; the views repaint and
        rescroll."""
        pixels = max(0, int(pixels))
        if pixels == self._space:
            return
        self._space = pixels
        self._moved = self._moved or pixels > 0
        # The views re-measure (the scroll bar's range: QPlainTextEdit listens to this
        # signal) and repaint; each block is moved when it is next measured.
        self.documentSizeChanged.emit(self.documentSize())
        self.requestUpdate()

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # Qt override
        rect = super().blockBoundingRect(block)  # lays the block out when needed
        if not self._moved:
            return rect
        layout = block.layout()
        space = self._space if block.length() > 1 else 0  # an empty line: nothing above it
        if not layout.lineCount() or layout.lineAt(0).y() == space:
            return rect
        self._place_lines(block, space)
        return super().blockBoundingRect(block)

    @staticmethod
    def _place_lines(block: QTextBlock, space: int) -> None:
        # The sums of QPlainTextDocumentLayout::layoutBlock, with the room added above each
        # line: with no room, the positions Qt gave.
        layout = block.layout()
        y = 0.0
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            y += space
            line.setPosition(QPointF(line.x(), y))
            y += line.height()
            if line.leading() < 0:
                y += math.ceil(line.leading())


def install(view: QPlainTextEdit) -> LineSpaceLayout:
    """Give `view` a new, empty document laid out by a `LineSpaceLayout` (call it before
    anything else uses the view's document: the old one is dropped). The document is set up
    as `QPlainTextEdit` sets up its own: the view's font, laid out for its viewport."""
    document = QTextDocument(view)
    layout = LineSpaceLayout(document)
    document.setDocumentLayout(layout)
    document.setDefaultFont(view.font())
    layout.setPaintDevice(view.viewport())
    view.setDocument(document)
    return layout
