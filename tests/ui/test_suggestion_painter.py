"""Painting suggestions (annotator/ui/suggestion_painter.py): an outline in the label's
colour around the words, broken into dashes, and nothing filled inside, unlike a span;
thicker for the current one; nothing when hidden."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QColor, QImage

from annotator.ui.relation_overlay import range_rects
from annotator.ui.suggestion_painter import outline_color


def ready(qtbot, window):  # type: ignore[no-untyped-def]
    s = window.suggestions
    qtbot.waitUntil(lambda: s.model.loaded and not s.runner.running, timeout=20_000)
    return s


def near(pixel: QColor, color: QColor, tolerance: int = 70) -> bool:
    return (
        abs(pixel.red() - color.red())
        + abs(pixel.green() - color.green())
        + abs(pixel.blue() - color.blue())
        < tolerance
    )


def picture(window) -> QImage:  # type: ignore[no-untyped-def]
    window.text_view.viewport().repaint()
    return window.text_view.viewport().grab().toImage()


def outline_pixels(window, image: QImage, start: int, end: int, color: QColor) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(pixels of `color` on the outline's edges, gaps between them) along the top edge
    and the count of `color` pixels strictly inside."""
    (rect,) = range_rects(window.text_view, window.text_view.offsets, start, end)
    top = round(rect.top())
    row = [
        near(image.pixelColor(x, top), color)
        for x in range(round(rect.left()), round(rect.right()))
    ]
    gaps = sum(1 for a, b in pairwise(row) if a and not b)
    return sum(row), gaps


def test_a_suggestion_is_a_dashed_outline_with_nothing_filled(qtbot, window):
    s = ready(qtbot, window)
    quote = next(x for x in s.model.shown() if x.label == "QUOTE")
    background = window.text_view.palette().base().color()
    orange = outline_color("#F28E2B", background)
    image = picture(window)
    on_edge, dashes = outline_pixels(window, image, quote.start, quote.end, orange)
    assert on_edge > 10 and dashes >= 4  # a line in the label's colour, broken
    (rect,) = range_rects(window.text_view, window.text_view.offsets, quote.start, quote.end)
    inside = [
        image.pixelColor(x, y)
        for x in range(round(rect.left()) + 3, round(rect.right()) - 3)
        for y in range(round(rect.top()) + 3, round(rect.bottom()) - 3)
    ]
    # Only the text's greys and the background inside: no band of colour, as a span has.
    assert inside and all(abs(p.red() - p.blue()) < 25 for p in inside)

    s.show_action.trigger()  # hidden
    on_edge, _ = outline_pixels(window, picture(window), quote.start, quote.end, orange)
    assert on_edge == 0


def test_the_current_suggestion_stands_out(qtbot, window):
    s = ready(qtbot, window)
    quote = next(x for x in s.model.shown() if x.label == "QUOTE")
    color = QColor("#F28E2B")

    def strength() -> int:
        image = picture(window)
        (rect,) = range_rects(window.text_view, window.text_view.offsets, quote.start, quote.end)
        return sum(
            1
            for x in range(round(rect.left()), round(rect.right()))
            for y in range(round(rect.top()) - 2, round(rect.top()) + 3)
            if near(image.pixelColor(x, y), color, 90)
        )

    plain = strength()
    s._go(quote, scroll=False)
    assert strength() > plain * 1.5


def test_a_repaint_away_from_the_current_suggestion_does_not_draw_it(qtbot, window, monkeypatch):
    # A caret's blink repaints a few pixels: the current suggestion (its pieces, speaker
    # and tag) is drawn only where what is repainted reaches it.
    from PySide6.QtCore import QRect

    import annotator.ui.suggestion_display as display

    s = ready(qtbot, window)
    quote = next(x for x in s.model.shown() if x.label == "QUOTE")
    s._go(quote, scroll=False)
    drawn: list[object] = []
    painting = display.paint_suggestions

    def recording(view, shown, current, colors):  # type: ignore[no-untyped-def]
        drawn.append(current)
        painting(view, shown, current, colors)

    monkeypatch.setattr(display, "paint_suggestions", recording)
    view = window.text_view
    (rect,) = range_rects(view, view.offsets, quote.start, quote.end)[:1]
    viewport = view.viewport()
    viewport.repaint(rect.toAlignedRect())
    assert drawn and drawn[-1] == quote
    drawn.clear()
    far = viewport.height() - 4
    assert rect.bottom() + 3 * view.fontMetrics().lineSpacing() < far
    viewport.repaint(QRect(0, far, 4, 4))
    assert quote not in drawn
