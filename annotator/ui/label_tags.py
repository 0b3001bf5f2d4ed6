"""View ▸ Show label names: a small tag with the label's name at the start of every span on
screen, so that spans read at a glance without knowing the colours.

Where a tag stands
------------------
In room made for it: while the tags are shown, the text view's layout leaves `room()`
pixels free above every line of text, wrapped lines included (ui/line_space.py moves the
lines of each block apart as they are laid out; a blank line between paragraphs keeps its
height, and a span starting on one has its tag over its first text). A span's tag stands
in the room above the line where the span starts, from its first character, clear of the
line's text below (accents over capitals too, which reach above a font's ascent) and of
the line above, so a tag covers no text. The room is measured from the view's font and
the tag font (a fraction of it) and follows them when the view zooms. Tags that start on
the same line stand side by side, outer spans first. Hiding the tags takes the room away
and Qt's own layout is back; the scroll bar counts lines, so the line at the top of the
view stays there either way. A point in the room is over the line below it
(`SpanTextView.offset_at`): the tooltip and a click there are the tagged text's, except on
a tag, which stands for its span (`span_at`): tags side by side reach past a short span.

The tags are painted in the view's own paint event, after its text (`overlay_painters`),
so they scroll with it, and only for the lines that are repainted (a caret's blink
repaints a few pixels, not the screen): the spans starting there, which the highlighter's
interval index finds, so the work follows what is on screen, not the article's length. A
tag is filled with the label's colour and written in black or white, whichever contrasts
more (`span_colors.tag_colors`); the name is drawn as plain text. The choice is
remembered in the settings.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF, QPainter, QPaintEvent

from annotator.core.model import Span
from annotator.ui import span_colors

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.text_view import SpanTextView

SETTING = "show_label_names"
CLEAR = 1  # pixels at least between a tag and the text above and below it
GAP = 2  # pixels between the tags on one line
# Accents over capitals reach above a font's ascent (by 1 to 5 pixels in DejaVu Sans, from
# 6 to 29 points): the tags keep clear of the tallest of these, and of the deepest below.
TALL = "ÅÉÊÎÑŚǺẤ"
DEEP = "gjpqyÇŞţ"


class Tag(NamedTuple):
    where: QRectF  # in viewport coordinates
    name: str  # the label's
    color: QColor  # the label's
    span: Span


class LabelTags(QObject):
    """The label tags of one text view."""

    def __init__(self, view: SpanTextView):
        super().__init__(view)
        self.view = view
        self._shown = False
        view.overlay_painters.append(self._paint)
        view.span_marks.append(self.span_at)
        view.installEventFilter(self)  # its font changes: the room follows
        for signal in (view.layer_model.inserted, view.layer_model.removed,
                       view.layer_model.changed, view.layer_model.was_reset):  # fmt: skip
            signal.connect(lambda *_: self._refresh())

    @property
    def shown(self) -> bool:
        return self._shown

    def set_shown(self, on: bool) -> None:
        """Show or hide the tags, making or taking away the room above the lines."""
        self._shown = on
        self.view.line_space.set_space_above(self.room() if on else 0)
        self.view.viewport().update()

    def _refresh(self) -> None:
        if self._shown:  # hidden tags cost nothing
            self.view.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.FontChange and self._shown:
            self.view.line_space.set_space_above(self.room())
        return False

    def tag_font(self) -> QFont:
        font = QFont(self.view.font())
        font.setPointSizeF(max(5.5, font.pointSizeF() * 0.55))
        font.setBold(True)
        return font

    def tag_height(self) -> int:
        return math.ceil(QFontMetricsF(self.tag_font()).height())

    def clearances(self) -> tuple[int, int]:
        """The pixels (under a tag, over it) between a tag and its line's text and the
        line above: `CLEAR`, or as far as the text's glyphs reach past its font's ascent
        and descent (TALL, DEEP) when that is more."""
        metrics = QFontMetricsF(self.view.font())
        above = -metrics.tightBoundingRect(TALL).top() - metrics.ascent()
        below = metrics.tightBoundingRect(DEEP).bottom() - metrics.descent()
        return max(CLEAR, math.ceil(above)), max(CLEAR, math.ceil(below))

    def room(self) -> int:
        """The pixels left free above every line of text while the tags are shown: a tag
        and its clearances."""
        under, over = self.clearances()
        return over + self.tag_height() + under

    def span_at(self, point: QPoint) -> Span | None:
        """The span whose tag is at a viewport point, if one is."""
        around = QRect(point.x() - 1, point.y() - 1, 3, 3)
        for tag in reversed(self.tags(around)):  # the one painted last is on top
            if tag.where.contains(QPointF(point)):
                return tag.span
        return None

    def tags(self, rect: QRect | None = None) -> list[Tag]:
        """The tags shown in `rect` of the viewport (all of it by default), in painting
        order."""
        view = self.view
        if not self._shown or not len(view.layer_model) or not view.text:
            return []
        area = view.viewport().rect() if rect is None else rect
        # A line's tags stand above it: those in the area are of its lines and the next.
        start, end = view.visible_range(area.adjusted(0, 0, 0, view.line_pitch()))
        document = view.document()
        first = document.findBlock(view.offsets.to_qt(start))
        if first.position() == view.offsets.to_qt(start):
            # The spans starting on blank lines just above have their tags here.
            while first.previous().isValid() and first.previous().length() <= 1:
                first = first.previous()
            start = view.offsets.from_qt(first.position())
        # In the index's order: by start, outer spans first (their tags side by side).
        keys = view.highlighter.index.overlapping(start, max(start + 1, end))
        spans = [span for span in map(view.highlighter.span, keys) if span.start >= start]
        metrics = QFontMetricsF(self.tag_font())
        height = self.tag_height()
        under, _ = self.clearances()
        offset = view.contentOffset()
        shown = QRectF(area)
        tops: dict[int, float] = {}  # block number: its top (Qt measures from the top block)
        widths: dict[str, float] = {}
        colors: dict[str, QColor] = {}
        result: list[Tag] = []
        taken: dict[tuple[int, int], float] = {}  # (block, line): where its last tag ends
        for span in spans:
            qt_start, qt_end = view.offsets.span_to_qt(span.start, span.end)
            block = document.findBlock(qt_start)
            relative = qt_start - block.position()
            while block.isValid() and block.length() <= 1 and block.position() < qt_end:
                # An empty line has no room above it: the tag goes to the span's first text.
                block, relative = block.next(), 0
            if not block.isValid() or block.position() >= qt_end:
                continue
            number = block.blockNumber()
            if number not in tops:
                tops[number] = view.blockBoundingGeometry(block).translated(offset).top()
            line = block.layout().lineForTextPosition(relative)
            if not line.isValid():
                continue
            name = span.label
            if name not in widths:
                widths[name] = metrics.horizontalAdvance(name) + 6
                label = view.labels.get(name)
                colors[name] = QColor(label.color if label is not None else "#888888")
            on_line = (number, line.lineNumber())
            x = _x(line.cursorToX(relative)) + offset.x()
            x = max(x, taken.get(on_line, -math.inf) + GAP)
            where = QRectF(x, tops[number] + line.y() - under - height, widths[name], height)
            taken[on_line] = where.right()
            if where.intersects(shown):  # else only placed, for those after it on its line
                result.append(Tag(where, name, colors[name], span))
        return result

    def _paint(self, event: QPaintEvent) -> None:
        if not self._shown:
            return
        tags = self.tags(event.rect())
        if not tags:
            return
        painter = QPainter(self.view.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.tag_font())
        inks: dict[str, tuple[QColor, QColor]] = {}
        for where, name, color, _ in tags:
            if name not in inks:
                inks[name] = span_colors.tag_colors(color)
            fill, text = inks[name]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(where, 3, 3)
            painter.setPen(text)
            painter.drawText(where, Qt.AlignmentFlag.AlignCenter, name)  # plain text
        painter.end()


def _x(result: object) -> float:
    """QTextLine.cursorToX's x (PySide gives (x, position))."""
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


def install(window: MainWindow) -> tuple[LabelTags, QAction]:
    """The tags of the window's text view and their View menu action."""
    tags = LabelTags(window.text_view)
    action = QAction("Show label &names", window)
    action.setCheckable(True)
    action.setShortcut("Ctrl+Shift+N")
    action.setToolTip("Show each span's label name as a small tag above its start")
    window.addAction(action)

    def toggled(on: bool) -> None:
        tags.set_shown(on)
        window.settings.setValue(SETTING, on)

    action.toggled.connect(toggled)
    action.setChecked(bool(window.settings.value(SETTING, False, type=bool)))
    tags.set_shown(action.isChecked())
    window.view_menu.addAction(action)
    return tags, action
