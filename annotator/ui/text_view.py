"""The article view: read-only plain text, span colours, selection in code points.

All conversion between Qt positions and stored offsets goes through `OffsetMap`; this
widget's public methods speak code points only. The spans shown are a `LayerModel`'s (the
window's, shared with the span table, or the view's own); the view shows the model's text
when it is reset and follows its events.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPaintEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.core.model import Label, Span
from annotator.ops.changes import Changes
from annotator.ui.after_paint import AfterPaint
from annotator.ui.highlighter import SpanHighlighter
from annotator.ui.hit_painter import paint_hits
from annotator.ui.layer_model import LayerModel
from annotator.ui.line_space import LineSpaceLayout
from annotator.ui.line_space import install as install_line_space
from annotator.ui.plain import as_html
from annotator.ui.qt_offsets import OffsetMap

CURRENT_ALPHA = 170  # the picked span: its label colour, strong, bold and underlined


class SpanTextView(QPlainTextEdit):
    """Shows one document and one annotator's spans."""

    span_clicked = Signal(object)  # the innermost Span under a click, or None

    def __init__(self, parent: QWidget | None = None, layer: LayerModel | None = None):
        super().__init__(parent)
        # Its layout can leave room above every line (the label tags stand there).
        self.line_space: LineSpaceLayout = install_line_space(self)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.document().setDocumentMargin(12)
        self.offsets = OffsetMap("")
        self.layer_model = LayerModel() if layer is None else layer
        self.highlighter = SpanHighlighter(self.document(), self.layer_model)
        self.labels: dict[str, Label] = {}
        self.current: Span | None = None
        self._hits: list[tuple[int, int]] = []  # the search hits on screen, painted over
        self._current_hit: tuple[int, int] | None = None
        self._marks: list[tuple[int, int, QColor]] = []  # review differences
        self._mark_selections: list[QTextEdit.ExtraSelection] = []
        self._current_mark = -1
        # What else paints over the text, after the hits (the suggestions): called in order.
        # Painted after the text, each given the paint event (its rect: what is repainted).
        self.overlay_painters: list[Callable[[QPaintEvent], None]] = []
        # What stands over the text and names a span (the label tags): the span drawn at a
        # viewport point, or None. Asked first by a click and a tooltip, in order.
        self.span_marks: list[Callable[[QPoint], Span | None]] = []
        # Blocks off screen are formatted in idle-time slices, which start once the new text
        # has painted: before, they would only delay its first paint.
        self._idle_highlight = QTimer(self)
        self._idle_highlight.setInterval(0)
        self._idle_highlight.timeout.connect(self._on_idle_highlight_timeout)
        self._idle_after_paint = AfterPaint(self.viewport(), self._idle_highlight.start, False)
        self.layer_model.was_reset.connect(self._on_layer_was_reset)
        self.layer_model.removed.connect(self._on_layer_removed)
        self.layer_model.changed.connect(self._on_layer_changed)

    def _on_idle_highlight_timeout(self) -> None:
        if not self.highlighter.highlight_pending():
            self._idle_highlight.stop()

    def _highlight_visible(self) -> None:
        """Format the pending blocks on screen (and a screenful below) before they paint."""
        if not self.highlighter.has_pending():
            return
        first = self.firstVisibleBlock()
        wanted_lines = 2 * self.viewport().height() / self.fontMetrics().lineSpacing()
        block, lines = first, 0
        while block.isValid() and lines < wanted_lines:
            lines += max(1, block.lineCount())
            block = block.next()
        last = block.blockNumber() if block.isValid() else self.document().blockCount()
        self.highlighter.highlight_blocks(first, last)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._highlight_visible()
        super().paintEvent(event)
        if self._hits:
            paint_hits(self, self._hits, self._current_hit)
        for paint in self.overlay_painters:
            paint(event)

    # -- content --------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.layer_model.text

    @property
    def layer(self) -> tuple[str, str] | None:
        """(document id, annotator) shown."""
        return self.layer_model.layer

    def set_document(
        self,
        text: str,
        spans: list[Span],
        labels: list[Label],
        layer: tuple[str, str] | None = None,
    ) -> None:
        """Show `text` with `spans`; the text is always plain, never interpreted as HTML.
        `layer`: the (document id, annotator) the spans are of, for `apply_changes`. Resets
        the layer model (and so the span table that shares it)."""
        self.labels = {label.name: label for label in labels}
        self.highlighter.set_labels(labels)
        self.layer_model.reset(layer, text, spans)

    def _on_layer_was_reset(self) -> None:
        self.offsets = OffsetMap(self.layer_model.text)
        self.current = None
        self._hits, self._current_hit = [], None
        self._marks, self._mark_selections, self._current_mark = [], [], -1
        self.highlighter.set_data(self.offsets)
        with self.highlighter.deferring():  # blocks off screen are formatted when idle
            self.setPlainText(self.offsets.display_text)
        self._highlight_visible()
        self._idle_highlight.stop()
        if self.highlighter.has_pending():
            self._idle_after_paint.arm()
        else:
            self._idle_after_paint.disarm()
        self._update_extra_selections()

    def set_labels(self, labels: list[Label]) -> None:
        self.labels = {label.name: label for label in labels}
        self.highlighter.set_labels(labels)
        self.highlighter.rehighlight()

    # The layer model's own operations, for a view used alone (the window changes the layer
    # model it shares, once): only the blocks of the spans changed are highlighted again.

    def apply_changes(self, changes: Changes) -> None:
        self.layer_model.apply_changes(changes)

    def add_span(self, span: Span) -> None:
        self.layer_model.insert(span)

    def remove_span(self, span: Span) -> None:
        self.layer_model.remove(span)

    def change_span(self, old: Span, new: Span) -> None:
        self.layer_model.replace(old, new)

    def _on_layer_removed(self, _: int, span: Span) -> None:
        if self.current is not None and self.current.id == span.id:
            self.set_current_span(None)

    def _on_layer_changed(self, _o: int, _n: int, old: Span, new: Span) -> None:
        if self.current is not None and self.current.id == old.id:
            self.set_current_span(new)

    def spans(self) -> list[Span]:
        return self.layer_model.spans()

    def span_by_id(self, span_id: int | None) -> Span | None:
        """The span shown with this id, or None."""
        return self.layer_model.span(span_id)

    # -- selection and the current span ---------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code points [start, end), or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        qt_start, qt_end = self.offsets.span_to_qt(start, end)
        # Looked at before the cursor moves: setting it scrolls just enough to show the
        # caret, which would leave a hit on the view's last line.
        shown = self._in_view(qt_start, qt_end)
        cursor = self.textCursor()
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if not shown:
            self._center_on(qt_start)

    def show_range(self, start: int, end: int) -> None:
        """Scroll `[start, end)` into view (to the middle if it was off screen), leaving the
        selection alone."""
        qt_start, qt_end = self.offsets.span_to_qt(start, end)
        if not self._in_view(qt_start, qt_end):
            self._center_on(qt_start)

    def _in_view(self, qt_start: int, qt_end: int) -> bool:
        """Whether `[qt_start, qt_end)` is in view whole, with half a line to spare above
        and below (a hit on the last line, cut by the edge, is not); a range taller than
        the view, whether its start is."""
        first, last = QTextCursor(self.document()), QTextCursor(self.document())
        first.setPosition(qt_start)
        last.setPosition(qt_end)
        margin = self.line_pitch() // 2
        shown = self.viewport().rect().adjusted(0, margin, 0, -margin)
        top, bottom = self.cursorRect(first), self.cursorRect(last)
        if bottom.bottom() - top.top() > shown.height():
            bottom = top
        return shown.contains(top) and shown.contains(bottom)

    def _center_on(self, qt_pos: int) -> None:
        """Bring the line of `qt_pos` to the middle, not to the bottom edge. The bar is
        scrolled, not the caret, so that the selection stays as the user left it."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_pos)
        bar = self.verticalScrollBar()
        line = (
            cursor.block().firstLineNumber()
            + cursor.block().layout().lineForTextPosition(cursor.positionInBlock()).lineNumber()
        )
        visible_lines = self.viewport().height() // self.line_pitch()
        bar.setValue(max(0, line - visible_lines // 2))
        # The bar counts lines, and that was a guess: lines differ in height (a blank one
        # has no room for tags above it), and a paragraph not laid out yet counts as one
        # line. Look where the line landed and move by the lines it is off.
        middle = self.viewport().height() / 2
        for _ in range(4):
            off = round((self.cursorRect(cursor).center().y() - middle) / self.line_pitch())
            if not off or not 0 <= bar.value() + off <= bar.maximum():
                break
            bar.setValue(bar.value() + off)

    def line_pitch(self) -> int:
        """The pixels from one line's top to the next's: the font's line spacing and the
        room left above every line (ui/line_space.py)."""
        return max(1, self.fontMetrics().lineSpacing() + self.line_space.space_above)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def set_current_span(self, span: Span | None, scroll: bool = False) -> None:
        self.current = span
        if span is not None and scroll:
            qt_start, _ = self.offsets.span_to_qt(span.start, span.end)
            cursor = self.textCursor()
            cursor.setPosition(qt_start)
            self.setTextCursor(cursor)
            self.centerCursor()
        self._update_extra_selections()

    def spans_at(self, offset: int) -> list[Span]:
        """The spans covering code point `offset`, outermost first."""
        index = self.highlighter.index
        return [self.highlighter.span(key) for key in index.overlapping(offset, offset)]

    def spans_under(self, point: QPoint) -> list[Span]:
        """The spans a viewport point shows: the one whose tag (`span_marks`) is there, else
        those covering the character under it, outermost first."""
        for mark in self.span_marks:
            span = mark(point)
            if span is not None:
                return [span]
        offset = self.offset_at(point)
        return self.spans_at(offset) if offset is not None else []

    def text_point(self, point: QPoint) -> QPoint:
        """`point` (in the viewport), moved out of the room above a line (ui/line_space.py)
        onto the line's top: Qt takes a point in that room for the start of the line below,
        wherever it is, so a click, a drag or a hover there would miss the text under it."""
        space = self.line_space.space_above
        if not space:
            return point
        top = self.cursorRect(self.cursorForPosition(point)).top()
        if point.y() < top <= point.y() + space:
            return QPoint(point.x(), top)
        return point

    def offset_at(self, point: QPoint) -> int | None:
        """The code point under a viewport point (None past the end of the text). A point in
        the room above a line (ui/line_space.py) is over that line."""
        point = self.text_point(point)
        cursor = self.cursorForPosition(point)
        qt_pos = cursor.position()
        # cursorForPosition gives the nearest gap; the character is the one the point is over.
        if self.cursorRect(cursor).left() > point.x() and cursor.positionInBlock() > 0:
            qt_pos -= 1
        if qt_pos >= self.offsets.qt_length:
            return None
        return self.offsets.from_qt(qt_pos)

    # -- search hits (ui/find_search.py finds them; only those on screen are shown) -----

    def set_hits(self, hits: list[tuple[int, int]], current: tuple[int, int] | None) -> None:
        """Highlight `hits` (code point ranges on screen), `current` among them more strongly.
        Painted over the text (ui/hit_painter.py), not extra selections: Qt's cost for those
        grows with their square within a paragraph (100 in one: 90 ms a paint)."""
        self._hits, self._current_hit = list(hits), current
        self.viewport().update()

    def hits_shown(self) -> list[tuple[int, int]]:
        return list(self._hits)

    def visible_range(self, rect: QRect | None = None) -> tuple[int, int]:
        """The code points on screen (or in `rect` of the viewport), [start, end): whole
        lines, from the one at the top edge to the one at the bottom edge."""
        if not self.offsets.qt_length:
            return 0, 0
        rect = rect if rect is not None else self.viewport().rect()
        qt_start = self._line_bounds(self.cursorForPosition(rect.topLeft()))[0]
        qt_end = self._line_bounds(self.cursorForPosition(rect.bottomRight()))[1]
        return self.offsets.from_qt(qt_start), self.offsets.from_qt(qt_end)

    def _line_bounds(self, cursor: QTextCursor) -> tuple[int, int]:
        block = cursor.block()
        line = block.layout().lineForTextPosition(cursor.positionInBlock())
        if not line.isValid():  # not laid out: the whole block
            return block.position(), min(block.position() + block.length(), self.offsets.qt_length)
        first = block.position() + line.textStart()
        return first, min(first + line.textLength() + 1, self.offsets.qt_length)

    # -- review marks ---------------------------------------------------------------------

    def set_marks(self, marks: list[tuple[int, int, QColor]]) -> None:
        """Underline each `[start, end)` with a wavy line of its colour (the comparison
        view's disagreements). Replaces the previous marks."""
        self._marks, self._current_mark = list(marks), -1
        self._mark_selections = [self._mark(*mark, current=False) for mark in self._marks]
        self._update_extra_selections()

    def set_current_mark(self, index: int) -> None:
        """Make mark `index` (-1: none) the current one: its text bold in its colour on a
        straight line. Not a background: that would hide the colours of the spans under it,
        which are what the reviewer compares."""
        if 0 <= self._current_mark < len(self._marks):
            old = self._current_mark
            self._mark_selections[old] = self._mark(*self._marks[old], current=False)
        self._current_mark = index
        if 0 <= index < len(self._marks):
            self._mark_selections[index] = self._mark(*self._marks[index], current=True)
        self._update_extra_selections()

    def marks(self) -> list[tuple[int, int, QColor]]:
        return list(self._marks)

    def _mark(self, start: int, end: int, color: QColor, current: bool) -> QTextEdit.ExtraSelection:
        extra = self._extra(start, end, color)
        extra.format.clearBackground()
        extra.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        extra.format.setUnderlineColor(color)
        if current:
            # Unmistakable, and the spans' colours untouched (they are what the reviewer
            # compares: whether a column has a span here must stay visible): the text in the
            # kind's colour, bold, on a straight line instead of the wave. (An overline read
            # as underlining the line above; a wash made "marked" and "not marked" alike.)
            extra.format.setForeground(color)
            extra.format.setFontWeight(QFont.Weight.Bold)
            extra.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        return extra

    def _update_extra_selections(self) -> None:
        # Hits and marks are built once per search or comparison: picking a span must not
        # rebuild thousands.
        selections = list(self._mark_selections)
        if self.current is not None:
            label = self.labels.get(self.current.label)
            color = QColor(label.color if label else "#888888")
            color.setAlpha(CURRENT_ALPHA)  # stronger than any span, unlike Qt's selection
            for start, end in self.current.pieces:  # a discontinuous span: its fragments
                extra = self._extra(start, end, color)
                extra.format.setFontWeight(QFont.Weight.Bold)
                extra.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                selections.append(extra)
        self.setExtraSelections(selections)

    def _extra(self, start: int, end: int, color: QColor) -> QTextEdit.ExtraSelection:
        extra = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        qt_start, qt_end = self.offsets.span_to_qt(start, end)
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        extra.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        extra.format = fmt
        return extra

    # -- events ---------------------------------------------------------------------------

    # Qt's own selection by mouse (press, drag, double-click) hit-tests the event's point:
    # give it the point on the text (see text_point).
    def _on_text(self, event: QMouseEvent) -> QMouseEvent:
        point = event.position().toPoint()
        moved = self.text_point(point)
        if moved == point:
            return event
        return QMouseEvent(
            event.type(),
            QPointF(moved),
            event.globalPosition(),
            event.button(),
            event.buttons(),
            event.modifiers(),
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(self._on_text(event))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(self._on_text(event))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(self._on_text(event))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(self._on_text(event))
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        spans = self.spans_under(event.position().toPoint())
        self.span_clicked.emit(spans[-1] if spans else None)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            self._show_tooltip(event)
            return True
        return super().event(event)

    def _show_tooltip(self, event: QHelpEvent) -> None:
        spans = self.spans_under(self.viewport().mapFromGlobal(event.globalPos()))
        if spans:
            QToolTip.showText(event.globalPos(), self.tooltip_html(spans), self)
        else:
            QToolTip.hideText()

    def tooltip_html(self, spans: list[Span]) -> str:
        """Label, annotator, position, text and note of each span, as typed: an article's `<b>`
        or `&amp;` shows literally, a note keeps its line breaks."""
        rows = []
        for span in spans:
            label = self.labels.get(span.label)
            # As #rrggbb: the stored colour is data, and goes into a style attribute.
            color = QColor(label.color if label else "#888888").name()
            snippet = span.text_of(self.text)  # a discontinuous span: its pieces
            if len(snippet) > 80:
                snippet = snippet[:77] + "…"
            note = f"<br><i>{as_html(span.note)}</i>" if span.note else ""
            rows.append(
                f"<p><b style='color:{color}'>{as_html(span.label)}</b> "
                f"· {as_html(span.annotator)} · {span.start}–{span.end}<br>"
                f"{as_html(snippet)}{note}</p>"
            )
        return "".join(rows)
