"""Suggestions in the text view: painted (`suggestion_painter`), described on hover
("Suggested QUOTE (quotes, speakers): said by Kerry", plain text), picked by a click, and
counted in the status bar ("12 suggestions"). View ▸ Show suggestions hides them all.

The view paints them after its text (`SpanTextView.overlay_painters`); the tooltip and the click
come through an event filter on its viewport, which lets the spans' own tooltip
(`linking`) answer where there is no suggestion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QToolTip

from annotator.core.model import Suggestion
from annotator.ui.plain import as_html, plain_label
from annotator.ui.suggestion_model import SuggestionModel
from annotator.ui.suggestion_painter import paint_suggestions

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def describe(suggestion: Suggestion, text: str) -> str:
    """ "Suggested QUOTE (quotes, speakers): said by Kerry": the label, every suggester that
    made it, and a quote's suggested speaker as the text has it."""
    line = f"Suggested {suggestion.label} ({', '.join(suggestion.suggesters)})"
    if suggestion.speaker is not None:
        start, end = suggestion.speaker
        line += f": said by {text[start:end]}"
    return line


class SuggestionDisplay(QObject):
    def __init__(self, window: MainWindow, model: SuggestionModel):
        super().__init__(window)
        self.window = window
        self.model = model
        self.visible = True
        self.count_label = plain_label()
        self.count_label.setToolTip("Suggestions shown in this document (Suggestions menu)")
        window.statusBar().insertPermanentWidget(0, self.count_label)
        view = window.text_view
        view.overlay_painters.append(self._paint)
        view.viewport().installEventFilter(self)
        model.changed.connect(self._on_model_changed)

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self._on_model_changed()

    def count_text(self) -> str:
        if not self.model.loaded:
            return ""
        n = len(self.model)
        text = f"{n:,} suggestion{'s' if n != 1 else ''}"
        return text if self.visible else f"{text} (hidden)"

    def _on_model_changed(self) -> None:
        self.count_label.setText(self.count_text())
        self.window.text_view.viewport().update()

    def _paint(self, event: QPaintEvent) -> None:
        if not self.visible or not self.model.loaded or not len(self.model):
            return
        view = self.window.text_view
        # Only what is repainted (a caret's blink repaints a few pixels, not the screen),
        # and a line around it, where the current one's tag may stand.
        line = view.fontMetrics().lineSpacing()
        start, end = view.visible_range(event.rect().adjusted(0, -line, 0, line))
        shown = self.model.shown_in(start, end)
        current = self.model.current
        if current is not None:
            ranges = [*current.pieces, *([current.speaker] if current.speaker else [])]
            if not any(a < end and start < b for a, b in ranges):
                current = None  # not in what is repainted
        if shown or current is not None:
            paint_suggestions(view, shown, current, view.highlighter.colors)

    # -- hover and click ------------------------------------------------------------------

    def at(self, offset: int | None) -> list[Suggestion]:
        if offset is None or not self.visible:
            return []
        return self.model.at(offset)

    def tooltip_lines(self, offset: int | None) -> list[str]:
        text = self.window.text_view.text
        return [describe(s, text) for s in self.at(offset)]

    def tooltip_html(self, offset: int | None) -> str:
        """The spans' tooltip there, then a line per suggestion, all shown as typed; "" if
        no suggestion is there."""
        lines = self.tooltip_lines(offset)
        if not lines or offset is None:
            return ""
        view = self.window.text_view
        spans = view.spans_at(offset)
        html = view.tooltip_html(spans) if spans else ""
        linked = [line for span in spans for line in self.window.linking.hover_text(span)]
        html += "".join(f"<p>{as_html(line)}</p>" for line in linked)
        return html + "".join(f"<p><i>{as_html(line)}</i></p>" for line in lines)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            html = self.tooltip_html(self.window.text_view.offset_at(event.pos()))
            if not html:
                return False  # the spans' own tooltip
            QToolTip.showText(event.globalPos(), html, self.window.text_view)
            return True
        if (
            kind == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.model.loaded
        ):
            self._on_click(event)
        return False

    def _on_click(self, event: QMouseEvent) -> None:
        """A click in a suggestion makes it the current one (the innermost); elsewhere, no
        suggestion is current."""
        view = self.window.text_view
        if view.textCursor().hasSelection():
            return
        found = self.at(view.offset_at(event.position().toPoint()))
        picked = min(found, key=lambda s: s.end - s.start) if found else None
        if picked != self.model.current:
            self.model.set_current(picked)
