"""The overlay over the text view (annotator/ui/relation_overlay.py): the picked span's
partners on screen are outlined and connected, one off screen gets a tag on the edge it
lies beyond, and the rectangles are measured for the lines on screen only."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from annotator.core.labels import default_labels, default_relation_types
from annotator.core.model import Relation, Span
from annotator.ui.layer_model import LayerModel
from annotator.ui.relation_overlay import RelationOverlay, range_rects
from annotator.ui.text_view import SpanTextView

SOURCE = QColor("#B07AA1")


def purple_rows(image: QImage) -> list[int]:
    """The pixel rows holding the source colour."""
    rows = []
    for y in range(image.height()):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - SOURCE.red()) < 12
                and abs(c.green() - SOURCE.green()) < 12
                and abs(c.blue() - SOURCE.blue()) < 12
            ):
                rows.append(y)
                break
    return rows


def make(qtbot, text: str, spans: list[Span], relations: list[Relation]):  # type: ignore[no-untyped-def]
    layer = LayerModel()
    view = SpanTextView(layer=layer)
    overlay = RelationOverlay(view, layer)
    qtbot.addWidget(view)
    view.resize(500, 160)
    view.show()
    qtbot.waitExposed(view)
    view.set_document(text, spans, default_labels(), ("d", "a"))
    layer.set_relations(relations, default_relation_types())
    return view, overlay


def test_a_partner_off_screen_gets_a_tag_on_the_bottom_edge(qtbot):
    text = "“We will talk,” the minister said.\n\n" + "Filler paragraph.\n\n" * 40 + "Kerry.\n"
    quote = Span("d", "a", 0, 15, "QUOTE", id=1)
    kerry = Span("d", "a", text.index("Kerry"), text.index("Kerry") + 5, "ACTOR", id=2)
    view, _overlay = make(qtbot, text, [quote, kerry], [Relation("d", "a", 1, 2, "source", id=1)])
    assert range_rects(view, view.offsets, kerry.start, kerry.end) == []  # not on screen
    assert len(range_rects(view, view.offsets, quote.start, quote.end)) == 1
    assert purple_rows(view.viewport().grab().toImage()) == []  # nothing picked: nothing drawn
    view.set_current_span(quote)
    view.viewport().update()
    image = view.viewport().grab().toImage()
    rows = purple_rows(image)
    assert rows and min(rows) > image.height() * 0.6  # the tag sits on the bottom edge


def test_a_partner_on_screen_is_outlined_and_a_span_over_lines_has_a_rect_per_line(qtbot):
    text = "Kerry said: “" + "we will talk about it " * 12 + "”."
    kerry = Span("d", "a", 0, 5, "ACTOR", id=1)
    quote = Span("d", "a", 11, len(text) - 1, "QUOTE", id=2)
    view, _overlay = make(qtbot, text, [kerry, quote], [Relation("d", "a", 2, 1, "source", id=1)])
    assert len(range_rects(view, view.offsets, quote.start, quote.end)) >= 3  # wrapped lines
    view.set_current_span(quote)
    view.viewport().update()
    image = view.viewport().grab().toImage()
    (kerry_rect,) = range_rects(view, view.offsets, 0, 5)
    rows = purple_rows(image)
    assert any(kerry_rect.top() - 14 <= y <= kerry_rect.bottom() + 1 for y in rows)


def test_link_mode_numbers_a_candidate_off_screen_on_the_edge(qtbot):
    from annotator.ui.relation_overlay import LINK_COLOR

    text = "“We will talk,” the minister said.\n\n" + "Filler paragraph.\n\n" * 40 + "Kerry.\n"
    quote = Span("d", "a", 0, 15, "QUOTE", id=1)
    kerry = Span("d", "a", text.index("Kerry"), text.index("Kerry") + 5, "ACTOR", id=2)
    view, overlay = make(qtbot, text, [quote, kerry], [])

    def blue_rows() -> list[int]:
        image = view.viewport().grab().toImage()
        return [
            y
            for y in range(image.height())
            if any(image.pixelColor(x, y) == LINK_COLOR for x in range(0, image.width(), 2))
        ]

    assert blue_rows() == []
    overlay.candidates = [kerry]
    overlay.refresh()
    rows = blue_rows()
    assert rows and min(rows) > view.viewport().height() * 0.6


def test_a_discontinuous_spans_tooltip_shows_its_pieces(qtbot):
    text = "“We are not a party,” he said, “but a movement.”"
    span = Span("d", "a", 0, len(text), "QUOTE", id=1, fragments=((0, 21), (31, len(text))))
    view, _ = make(qtbot, text, [span], [])
    html = view.tooltip_html([span])
    assert "“We are not a party,” … “but a movement.”" in html and "he said" not in html
