"""Painting suggestions over the text view: a dashed outline in the label's colour, lighter,
with no fill, so that a suggestion cannot be taken for a span (spans are filled). Each
piece of a split quote is outlined on its own. The current suggestion (the one the keys
act on) has a thicker outline in the full colour and a tag above it ("QUOTE?"); a quote's
suggested speaker is outlined with it, dotted.

Only the suggestions on screen are measured, from the blocks' own layouts (the relation
overlay's `range_rects`), after the text and before the relation overlay paints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from annotator.core.model import Suggestion
from annotator.ui.relation_overlay import range_rects

if TYPE_CHECKING:
    from annotator.ui.text_view import SpanTextView

FALLBACK = "#888888"
OUTLINE_WIDTH = 1  # whole pixels: a fractional dashed line costs Qt ten times more
CURRENT_WIDTH = 2


def outline_color(color: str | QColor, background: QColor) -> QColor:
    """The label's colour a quarter of the way to the background (on a dark one, made
    brighter first): quieter than a span's filled band. Opaque: Qt strokes a translucent
    dashed line several times slower."""
    base = QColor(color)
    if not base.isValid():
        base = QColor(FALLBACK)
    if background.lightness() < 128:
        base = base.lighter(150)
    mix = 0.75
    return QColor(
        round(mix * base.red() + (1 - mix) * background.red()),
        round(mix * base.green() + (1 - mix) * background.green()),
        round(mix * base.blue() + (1 - mix) * background.blue()),
    )


def paint_suggestions(
    view: SpanTextView,
    suggestions: Sequence[Suggestion],
    current: Suggestion | None,
    colors: Mapping[str, QColor],
) -> None:
    """Outline `suggestions` (those on screen, text order) on the view's viewport, in
    their labels' `colors` (the highlighter's)."""
    if not suggestions and current is None:
        return
    background = view.palette().base().color()
    dark = background.lightness() < 128
    painter = QPainter(view.viewport())
    try:
        # Square corners, no antialiasing: a dashed rounded outline costs Qt about a
        # millisecond a line to stroke, and a screen holds dozens.
        for suggestion in suggestions:
            if current is not None and suggestion.id == current.id:
                continue
            _outline(
                view, painter, suggestion.pieces, _pen(colors.get(suggestion.label), background)
            )
        if current is not None:
            _paint_current(view, painter, current, colors, background, dark)
    finally:
        painter.end()


@lru_cache(maxsize=64)
def _dashed(rgb: int, background: int) -> QPen:
    pen = QPen(outline_color(QColor.fromRgb(rgb), QColor.fromRgb(background)), OUTLINE_WIDTH)
    pen.setStyle(Qt.PenStyle.CustomDashLine)
    pen.setDashPattern([4.0, 3.0])
    return pen


def _pen(color: QColor | None, background: QColor) -> QPen:
    """A suggestion's dashed pen, made once per colour and background."""
    return _dashed((color or QColor(FALLBACK)).rgb(), background.rgb())


def _outline(
    view: SpanTextView, painter: QPainter, pieces: Sequence[tuple[int, int]], pen: QPen
) -> list[QRectF]:
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    drawn: list[QRectF] = []
    for start, end in pieces:
        for rect in range_rects(view, view.offsets, start, end):
            box = rect.adjusted(-1.5, 0.5, 1.5, -0.5).toAlignedRect()
            painter.drawRect(box)
            drawn.append(QRectF(box))
    return drawn


def _paint_current(
    view: SpanTextView,
    painter: QPainter,
    current: Suggestion,
    colors: Mapping[str, QColor],
    background: QColor,
    dark: bool,
) -> None:
    color = QColor(colors.get(current.label) or QColor(FALLBACK))
    if dark:
        color = color.lighter(140)
    pen = QPen(color, CURRENT_WIDTH, Qt.PenStyle.CustomDashLine)
    pen.setDashPattern([2.5, 1.5])
    rects = _outline(view, painter, current.pieces, pen)
    if current.speaker is not None:
        speaker_pen = QPen(
            outline_color(colors.get("ACTOR") or QColor(FALLBACK), background),
            CURRENT_WIDTH,
            Qt.PenStyle.DotLine,
        )
        _outline(view, painter, [current.speaker], speaker_pen)
    if rects:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # one tag: its text smooth
        _tag(view, painter, rects[0], f"{current.label}?", color)


def _tag(view: SpanTextView, painter: QPainter, anchor: QRectF, text: str, color: QColor) -> None:
    """A small tag over the top left of `anchor`: outlined, not filled, like the
    suggestion (a filled tag is the relation overlay's)."""
    font = QFont(view.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.75))
    font.setBold(True)
    painter.setFont(font)
    metrics = painter.fontMetrics()
    height = metrics.height()
    width = metrics.horizontalAdvance(text) + 8.0
    box = QRectF(anchor.left() - 2, anchor.top() - height + 2, width, height)
    if box.top() < 0:
        box.moveTop(anchor.bottom() - 1)
    painter.setPen(QPen(color, 1.2))
    painter.setBrush(view.palette().base())
    painter.drawRoundedRect(box, 3, 3)
    painter.setPen(color)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
