"""Persistent span colours, painted block by block.

For each block Qt asks to format, the highlighter finds the spans that touch it through the
interval index, cuts the block at every span boundary, and gives each piece one merged
format: the outermost span's colour as a light background; where spans nest, the innermost
span's colour as a stronger background and an underline, so an inner span shows its own
extent even inside an outer span of the same label; bold where three or more overlap. A
discontinuous span colours its fragments only, not the text between them.
One span change re-highlights only the blocks that span touches (`rehighlight_range`).

The spans are the `LayerModel`'s: the highlighter keeps only an interval index of their ids
for painting, kept up to date from the model's events.

Opening a long article must not wait for every block: while the text is being set
(`deferring()`), blocks are only noted as pending. The view then highlights the blocks on
screen before it paints them (`highlight_blocks`) and the rest in short idle-time slices
(`highlight_pending`), so the first paint costs what a bare text view costs plus one
screenful of formatting.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from annotator.core.model import Label, Span
from annotator.core.span_index import SpanIndex
from annotator.ui import span_colors
from annotator.ui.layer_model import LayerModel
from annotator.ui.qt_offsets import OffsetMap

# The fill and text colour of a span: ui/span_colors.py (readable on light and dark).


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, parent: QTextDocument, layer: LayerModel):
        super().__init__(parent)
        self.offsets = OffsetMap("")
        self.layer = layer
        self.index: SpanIndex[int] = SpanIndex()  # of the layer's span ids
        self.colors: dict[str, QColor] = {}
        self._formats: dict[tuple[str, str | None, bool], QTextCharFormat] = {}
        self._deferring = False
        self._pending: set[int] = set()  # block numbers not highlighted yet
        self._scan = 0  # where highlight_pending resumes
        layer.inserted.connect(self._on_layer_inserted)
        layer.removed.connect(self._on_layer_removed)
        layer.changed.connect(self._on_layer_changed)

    # -- lazy highlighting ----------------------------------------------------------------

    @contextmanager
    def deferring(self) -> Iterator[None]:
        """While the text is set: note blocks as pending instead of formatting them."""
        self._pending.clear()
        self._scan = 0
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False

    def has_pending(self) -> bool:
        return bool(self._pending)

    def highlight_blocks(self, first: QTextBlock, last_number: int) -> None:
        """Highlight the pending blocks from `first` to block number `last_number`."""
        block = first
        while block.isValid() and block.blockNumber() <= last_number:
            if block.blockNumber() in self._pending:
                self.rehighlightBlock(block)
            block = block.next()

    def highlight_pending(self, budget_s: float = 0.008) -> bool:
        """Highlight pending blocks in document order for about `budget_s` seconds;
        returns True while some remain."""
        document = self.document()
        if document is None or not self._pending:
            return False
        deadline = time.perf_counter() + budget_s
        block = document.findBlockByNumber(self._scan)
        while block.isValid() and self._pending:
            if block.blockNumber() in self._pending:
                self.rehighlightBlock(block)
                if time.perf_counter() > deadline:
                    break
            block = block.next()
        self._scan = block.blockNumber() if block.isValid() else 0
        return bool(self._pending)

    def set_data(self, offsets: OffsetMap) -> None:
        """After the layer model was reset: index its spans; the caller then sets the text,
        which re-highlights all."""
        self.offsets = offsets
        self.index = SpanIndex(
            (span.id, span.start, span.end) for span in self.layer.spans() if span.id is not None
        )

    def set_labels(self, labels: list[Label]) -> None:
        self.colors = {label.name: QColor(label.color) for label in labels}
        self._formats.clear()

    def span(self, key: int) -> Span:
        """The span of an index key."""
        span = self.layer.span(key)
        assert span is not None
        return span

    # -- incremental updates, from the layer model ------------------------------------------

    def _on_layer_inserted(self, _: int, span: Span) -> None:
        assert span.id is not None
        self.index.add(span.id, span.start, span.end)
        self.rehighlight_range(span.start, span.end)

    def _on_layer_removed(self, _: int, span: Span) -> None:
        assert span.id is not None
        self.index.remove(span.id)
        self.rehighlight_range(span.start, span.end)

    def _on_layer_changed(self, _o: int, _n: int, old: Span, new: Span) -> None:
        """A relabelled or re-noted span (same id): one re-highlight of the blocks touched."""
        assert old.id is not None and new.id is not None
        self.index.remove(old.id)
        self.index.add(new.id, new.start, new.end)
        self.rehighlight_range(min(old.start, new.start), max(old.end, new.end))

    def rehighlight_range(self, start: int, end: int) -> None:
        """Re-highlight only the blocks that [start, end) touches."""
        document = self.document()
        if document is None:
            return
        qt_start, qt_end = self.offsets.span_to_qt(start, end)
        block = document.findBlock(qt_start)
        while block.isValid() and block.position() < max(qt_end, qt_start + 1):
            self.rehighlightBlock(block)
            block = block.next()

    # -- painting -------------------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:  # Qt override
        if not len(self.layer):
            return
        block = self.currentBlock()
        if self._deferring:
            self._pending.add(block.blockNumber())
            return
        self._pending.discard(block.blockNumber())
        qt_block = block.position()
        qt_block_end = qt_block + block.length() - 1  # without the separator
        if qt_block_end <= qt_block:
            return
        start, end = self.offsets.span_from_qt(qt_block, qt_block_end)
        keys = self.index.overlapping(start, end)
        if not keys:
            return
        # Each span as a Qt range clipped to this block, outermost first (index order).
        pieces = []
        cuts = {qt_block, qt_block_end}
        for key in keys:
            span = self.span(key)
            for piece_start, piece_end in span.pieces:  # a discontinuous span: its fragments
                if piece_end <= start or piece_start >= end:
                    continue
                a, b = self.offsets.span_to_qt(piece_start, piece_end)
                a, b = max(a, qt_block), min(b, qt_block_end)
                if a < b:
                    pieces.append((a, b, span.label))
                    cuts.add(a)
                    cuts.add(b)
        bounds = sorted(cuts)
        for a, b in itertools.pairwise(bounds):
            covering = [label for (s, e, label) in pieces if s <= a and e >= b]
            if covering:
                self.setFormat(a - qt_block, b - a, self._format(covering))

    def _format(self, covering: list[str]) -> QTextCharFormat:
        outer = covering[0]
        inner = covering[-1] if len(covering) > 1 else None
        key = (outer, inner, len(covering) > 2)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            color = self.colors.get(inner or outer, QColor("#888888"))
            span_colors.paint_span(fmt, color, nested=inner is not None)
            if inner is not None:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(self.colors.get(inner, QColor("#888888")).darker(130))
                fmt.setFontUnderline(True)
            if key[2]:
                fmt.setFontWeight(QFont.Weight.Bold)
            self._formats[key] = fmt
        return fmt
