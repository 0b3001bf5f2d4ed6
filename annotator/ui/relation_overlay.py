"""What the text view paints over the text for relations: the picked span's partners and
the link mode's badges.

Only the picked span's relations are drawn, so a long article with hundreds of relations
stays readable: each partner is outlined in its relation type's colour with the type's name
on a tag, and an arc runs from the head to the tail when both are on screen; a partner off
screen gets a tag on the top or bottom edge ("↓ source: ACTOR Kerry"). In link mode each
candidate carries its number (1-9) and the one Tab reached is outlined thick.

The overlay paints inside the viewport's own paint event (an event filter that lets the
view paint first, then draws on top), so it scrolls with the text and costs nothing when
no span is picked. It measures only the blocks on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Span
from annotator.ui.layer_model import LayerModel
from annotator.ui.qt_offsets import OffsetMap
from annotator.ui.relation_text import quoted

FALLBACK_COLOR = "#777777"
LINK_COLOR = QColor("#1a73e8")  # link mode: the numbers and the candidate Tab reached
BADGES = 9


def range_rects(view: QPlainTextEdit, offsets: OffsetMap, start: int, end: int) -> list[QRectF]:
    """The on-screen rectangles (one per visual line) of code points [start, end), in
    viewport coordinates; [] when none of it is on screen."""
    qt_start, qt_end = offsets.span_to_qt(start, end)
    first = view.firstVisibleBlock()
    if not first.isValid():
        return []
    block = view.document().findBlock(max(qt_start, first.position()))
    origin = view.contentOffset()
    bottom = view.viewport().height()
    rects = []
    while block.isValid() and block.position() < qt_end:
        geometry = view.blockBoundingGeometry(block).translated(origin)
        if geometry.top() > bottom:
            break
        if block.isVisible() and geometry.bottom() >= 0:
            layout = block.layout()
            a = max(qt_start - block.position(), 0)
            b = min(qt_end - block.position(), block.length() - 1)
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                lo = max(a, line.textStart())
                hi = min(b, line.textStart() + line.textLength())
                if lo >= hi:
                    continue
                x1, x2 = _x(line.cursorToX(lo)), _x(line.cursorToX(hi))
                top = geometry.top() + line.y()
                rects.append(QRectF(x1, top, max(2.0, x2 - x1), line.height()))
        block = block.next()
    return rects


def _x(result: object) -> float:
    """QTextLine.cursorToX's x (PySide gives (x, position))."""
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


def span_rects(view: QPlainTextEdit, offsets: OffsetMap, span: Span) -> list[QRectF]:
    rects: list[QRectF] = []
    for start, end in span.pieces:
        rects += range_rects(view, offsets, start, end)
    return rects


class RelationOverlay(QObject):
    """Paints the picked span's relations and the link mode's badges over `view`."""

    def __init__(self, view: QPlainTextEdit, layer: LayerModel, offsets: OffsetMap | None = None):
        super().__init__(view)
        self.view = view
        self.layer = layer
        self._offsets = offsets
        self.candidates: list[Span] = []  # link mode: nearest first
        self.focused = -1  # the candidate Tab reached
        self.drag: tuple[QPointF, QPointF] | None = None  # a mouse link being dragged
        view.viewport().installEventFilter(self)

    @property
    def offsets(self) -> OffsetMap:
        return self._offsets if self._offsets is not None else self.view.offsets  # type: ignore[attr-defined]

    @property
    def picked(self) -> Span | None:
        """The view's picked span, whose relations are drawn."""
        return getattr(self.view, "current", None)

    def refresh(self) -> None:
        self.view.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.view.viewport():
            assert isinstance(event, QPaintEvent)
            self.view.paintEvent(event)  # the text first, then what goes over it
            if self.picked is not None or self.candidates or self.drag is not None:  # cheap
                painter = QPainter(self.view.viewport())
                try:
                    self.paint(painter)
                finally:
                    painter.end()
            return True
        return False

    # -- painting -------------------------------------------------------------------------

    def color_of(self, relation_label: str) -> QColor:
        kind = self.layer.relation_type(relation_label)
        return QColor(kind.color if kind else FALLBACK_COLOR)

    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.view.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        font.setBold(True)
        painter.setFont(font)
        if self.picked is not None and not self.candidates:
            self._paint_relations(painter, self.picked)
        off_screen: list[tuple[str, Span, QColor]] = []
        # The numbered ones and the one Tab reached (not all: a QUOTE has thousands of
        # ACTORs to link to on a long article).
        shown = set(range(min(BADGES, len(self.candidates))))
        if 0 <= self.focused < len(self.candidates):
            shown.add(self.focused)
        for number in sorted(shown):
            span = self.candidates[number]
            rects = span_rects(self.view, self.offsets, span)
            if not rects:
                if number < BADGES:  # its number on the edge it lies beyond
                    off_screen.append((str(number + 1), span, LINK_COLOR))
                continue
            if number == self.focused:
                painter.setPen(QPen(LINK_COLOR, 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in rects:
                    painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
            if number < BADGES:
                self._badge(painter, rects[0], str(number + 1), LINK_COLOR)
        self._edge_tags(painter, off_screen)
        if self.drag is not None:
            painter.setPen(QPen(LINK_COLOR, 2, Qt.PenStyle.DashLine))
            painter.drawLine(*self.drag)

    def _paint_relations(self, painter: QPainter, span: Span) -> None:
        relations = self.layer.relations_of(span.id)
        if not relations:
            return
        own = span_rects(self.view, self.offsets, span)
        edge_tags: list[tuple[str, Span, QColor]] = []
        tags: list[tuple[QRectF, str, QColor]] = []
        for relation in relations:
            color = self.color_of(relation.label)
            head = relation.head_span_id == span.id
            partner = self.layer.span(relation.tail_span_id if head else relation.head_span_id)
            if partner is None:
                continue
            rects = span_rects(self.view, self.offsets, partner)
            if not rects:
                edge_tags.append((relation.label, partner, color))
                continue
            painter.setPen(QPen(color, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in rects:
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
            if own:
                start, end = (own[0], rects[0]) if head else (rects[0], own[0])
                self._arc(painter, start, end, color)
            tags.append((rects[0], relation.label, color))
        for anchor, text, color in tags:  # over the arcs, so that they stay legible
            self._badge(painter, anchor, text, color)
        self._edge_tags(painter, edge_tags)

    def _badge(self, painter: QPainter, anchor: QRectF, text: str, color: QColor) -> None:
        """A small filled tag with `text` over the top left of `anchor`."""
        metrics = painter.fontMetrics()
        height = metrics.height()
        width = max(float(height), metrics.horizontalAdvance(text) + 6.0)
        box = QRectF(anchor.left() - 2, anchor.top() - height + 4, width, height)
        if box.top() < 0:
            box.moveTop(anchor.bottom() - 3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _arc(self, painter: QPainter, start: QRectF, end: QRectF, color: QColor) -> None:
        """A curve from the head's first line to the tail's, bowing above, with an arrow
        head at the tail."""
        a = QPointF(start.center().x(), start.top())
        b = QPointF(end.center().x(), end.top())
        lift = min(40.0, 12 + abs(a.x() - b.x()) / 8 + abs(a.y() - b.y()) / 6)
        top = min(a.y(), b.y()) - lift
        control = QPointF((a.x() + b.x()) / 2, max(2.0, top))
        path = QPainterPath(a)
        path.quadTo(control, b)
        pen = QPen(color, 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        direction = b - control
        length = max(1.0, (direction.x() ** 2 + direction.y() ** 2) ** 0.5)
        unit = QPointF(direction.x() / length, direction.y() / length)
        normal = QPointF(-unit.y(), unit.x())
        tip = b
        base = tip - unit * 7
        painter.setBrush(color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(QPolygonF([tip, base + normal * 3.5, base - normal * 3.5]))

    def _edge_tags(self, painter: QPainter, tags: list[tuple[str, Span, QColor]]) -> None:
        """Spans off screen: a tag each on the edge it lies beyond (`↓ source: ACTOR
        Kerry`), stacked in the order given, top down, on either edge."""
        first = self.view.firstVisibleBlock()
        top = first.position() if first.isValid() else 0
        above = [t for t in tags if self.offsets.span_to_qt(t[1].start, t[1].end)[1] <= top]
        below = [t for t in tags if t not in above]
        metrics = painter.fontMetrics()
        height = metrics.height() + 2
        viewport = self.view.viewport().rect()
        for edge, items in (("↑", above), ("↓", below)):
            for row, (what, span, color) in enumerate(items):
                text = f"{edge} {what}: {span.label} {quoted(self.layer.text, span)}"
                width = metrics.horizontalAdvance(text) + 10
                if edge == "↑":
                    y = 2 + row * (height + 2)
                else:
                    y = viewport.height() - (len(items) - row) * (height + 2)
                box = QRectF(viewport.width() - width - 6, y, width, height)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                painter.drawRoundedRect(box, 4, 4)
                painter.setPen(QColor("white"))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
