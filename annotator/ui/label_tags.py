"""View ▸ Show label names: a small tag with the label's name at the start of every span on
screen, so that spans read at a glance without knowing the colours.

The tags are painted by a transparent overlay over the text view's viewport (mouse events
pass through it), for the spans on screen only (the highlighter's interval index finds
them), in the label's colour with black or white text, whichever contrasts more
(`span_colors.tag_colors`). The choice is remembered in the settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from annotator.ui import span_colors

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.text_view import SpanTextView

SETTING = "show_label_names"


class LabelTags(QWidget):
    """The overlay of one text view."""

    def __init__(self, view: SpanTextView):
        super().__init__(view.viewport())
        self.view = view
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setGeometry(view.viewport().rect())
        view.viewport().installEventFilter(self)
        # Tags move only when the text scrolls or the spans change: not at each of the
        # view's update requests (a cursor blink is one), which would recompute every tag.
        view.updateRequest.connect(self._on_update_request)
        for signal in (view.layer_model.inserted, view.layer_model.removed,
                       view.layer_model.changed, view.layer_model.was_reset):  # fmt: skip
            signal.connect(lambda *_: self._refresh())
        self.hide()

    def _on_update_request(self, _rect: object, dy: int) -> None:
        if dy:  # the text scrolled
            self._refresh()

    def _refresh(self) -> None:
        if self.isVisible():  # a hidden overlay computes nothing
            self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False

    def tags(self) -> list[tuple[QRectF, str, QColor]]:
        """The tags on screen: (where, label name, label colour), in painting order."""
        view = self.view
        if not len(view.layer_model) or not view.text:
            return []
        font = self.tag_font()
        metrics = QFontMetricsF(font)
        top_left = view.cursorForPosition(QPoint(0, 0)).position()
        bottom = view.viewport().rect().bottomRight()
        bottom_right = view.cursorForPosition(bottom).position()
        start, end = view.offsets.span_from_qt(top_left, max(top_left, bottom_right))
        result: list[tuple[QRectF, str, QColor]] = []
        taken: dict[tuple[int, int], float] = {}  # where a tag ends, per line start
        spans = sorted(
            (
                view.highlighter.span(key)
                for key in view.highlighter.index.overlapping(start, end + 1)
            ),
            key=lambda s: (s.start, -s.end),
        )
        for span in spans:
            qt_start, _ = view.offsets.span_to_qt(span.start, span.end)
            cursor = view.textCursor()
            cursor.setPosition(qt_start)
            rect = view.cursorRect(cursor)
            width = metrics.horizontalAdvance(span.label) + 6
            height = metrics.height() + 1
            line = (rect.top(), 0)
            x = max(float(rect.left()), taken.get(line, -1e9) + 2)
            where = QRectF(x, rect.top() - height * 0.7, width, height)
            taken[line] = where.right()
            label = view.labels.get(span.label)
            color = QColor(label.color) if label is not None else QColor("#888888")
            result.append((where, span.label, color))
        return result

    def tag_font(self) -> QFont:
        font = QFont(self.view.font())
        font.setPointSizeF(max(5.5, font.pointSizeF() * 0.55))
        font.setBold(True)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.tag_font())
        for where, name, color in self.tags():
            fill, text = span_colors.tag_colors(color)
            fill.setAlpha(215)  # the line above shows through where a tag covers it
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(where, 3, 3)
            painter.setPen(text)
            painter.drawText(where, Qt.AlignmentFlag.AlignCenter, name)  # plain text
        painter.end()


def install(window: MainWindow) -> tuple[LabelTags, QAction]:
    """The overlay on the window's text view and its View menu action."""
    tags = LabelTags(window.text_view)
    action = QAction("Show label &names", window)
    action.setCheckable(True)
    action.setShortcut("Ctrl+Shift+N")
    action.setToolTip("Show each span's label name as a small tag at its start")
    window.addAction(action)

    def toggled(on: bool) -> None:
        tags.setVisible(on)
        window.settings.setValue(SETTING, on)

    action.toggled.connect(toggled)
    action.setChecked(bool(window.settings.value(SETTING, False, type=bool)))
    tags.setVisible(action.isChecked())
    window.view_menu.addAction(action)
    return tags, action
