"""Span colours stay readable: every label colour, alone or nested, on a light and a dark
palette, gives text a WCAG contrast of at least 4.5; and the highlighter paints that."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from annotator.core.colors import CANDIDATES, contrast, delta_e
from annotator.core.labels import default_labels
from annotator.core.model import Span
from annotator.ui import span_colors
from annotator.ui.theme import dark_palette

COLORS = sorted(
    {
        *CANDIDATES,
        *(label.color for label in default_labels()),
        "#000000",
        "#FFFFFF",
        "#FFFF00",
        "#000080",
    }
)


def rgb(color: QColor) -> tuple[int, int, int]:
    return (color.red(), color.green(), color.blue())


def light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    return palette


@pytest.mark.parametrize("palette", [light_palette(), dark_palette()], ids=["light", "dark"])
@pytest.mark.parametrize("nested", [False, True])
def test_text_on_every_fill_has_contrast(qapp, palette, nested):
    for color in COLORS:
        fill, text = span_colors.fill_and_text(QColor(color), nested, palette)
        assert contrast(rgb(text), rgb(fill)) >= 4.5, color


def test_fills_are_stronger_than_before_and_still_tell_labels_apart(qapp):
    palette = light_palette()
    white = (255, 255, 255)
    fills = [
        rgb(span_colors.fill_and_text(QColor(label.color), False, palette)[0])
        for label in default_labels()
    ]
    # The old fill (alpha 60 of 255) of ACTOR was within 1.3:1 of white; now it shows.
    assert all(contrast(fill, white) > 1.3 for fill in fills)
    for i, a in enumerate(fills):
        for b in fills[i + 1 :]:
            assert delta_e(a, b) > 15


def test_dark_colours_are_lifted_on_a_dark_window(qapp):
    palette = dark_palette()
    shown = span_colors.shown_color(QColor("#000080"), palette)
    assert contrast(rgb(shown), rgb(palette.color(QPalette.ColorRole.Base))) > contrast(
        (0, 0, 0x80), rgb(palette.color(QPalette.ColorRole.Base))
    )
    assert span_colors.is_dark(palette) and not span_colors.is_dark(light_palette())


def test_the_highlighter_paints_readable_fills(window, ui_project):
    ui_project.add_span(Span("doc-1", "alice", 0, 3, "ACTOR"))
    window.external.check()
    layout = window.text_view.document().firstBlock().layout()
    ranges = [r for r in layout.formats() if r.start == 0]
    assert ranges
    fmt = ranges[0].format
    fill, text = fmt.background().color(), fmt.foreground().color()
    assert contrast(rgb(text), rgb(fill)) >= 4.5
    assert fill.alpha() == 255 and fill != QColor("#FFFFFF")
