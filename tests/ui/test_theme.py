"""Following the desktop's colour scheme: a dark scheme gives a dark window, and the span
colours are formatted again for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from annotator.core.colors import contrast
from annotator.core.model import Span
from annotator.ui import span_colors
from annotator.ui.span_colors import _rgb
from annotator.ui.theme import DARK, NOTICES, _Follower, dark_palette, notice_colors
from tests.helpers.window_keys import tag


def fill_of(window):  # type: ignore[no-untyped-def]
    layout = window.text_view.document().firstBlock().layout()
    ranges = layout.formats()
    return QColor(ranges[0].format.background().color())


def test_a_dark_scheme_gives_a_dark_palette_and_back(qtbot, window, ui_project):
    ui_project.add_span(Span("doc-1", "alice", 0, 3, "ACTOR"))
    window.external.check()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    follower = _Follower(app)
    light_fill = fill_of(window)
    try:
        follower.apply(Qt.ColorScheme.Dark)
        assert span_colors.is_dark(app.palette())
        qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Window).lightness() < 60)
        # The text view formats its spans again, for the dark background.
        qtbot.waitUntil(lambda: fill_of(window).lightness() < light_fill.lightness())
        follower.apply(Qt.ColorScheme.Light)
        assert not span_colors.is_dark(app.palette())
    finally:
        app.setPalette(before)
        follower.deleteLater()


def test_a_dark_platform_palette_is_left_alone(qapp):
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    follower = _Follower(app)
    try:
        follower.apply(Qt.ColorScheme.Light)  # light scheme, nothing of ours to undo
        assert not follower.themed and app.palette() == before
    finally:
        follower.deleteLater()


def test_every_notice_reads_on_a_light_and_a_dark_window():
    for light_or_dark, window_color in enumerate(("#FFFFFF", DARK[QPalette.ColorRole.Window])):
        for kind, shades in NOTICES.items():
            background, text, _ = shades[light_or_dark]
            behind = QColor(background or window_color)
            ratio = contrast(_rgb(QColor(text)), _rgb(behind))
            assert ratio >= 4.5, (kind, light_or_dark, ratio)


def test_the_notices_take_the_dark_colours_and_back(qtbot, window):
    """The attribution line and the banners are styled for the palette in use, again
    whenever it changes (a style sheet's colours do not follow the palette by themselves)."""
    window.snap_action.setChecked(False)
    tag(qtbot, window, "“We will talk,”", Qt.Key.Key_2)  # a quote without a source
    line = window.linking.attribution.label
    qtbot.waitUntil(line.isVisible)
    light_text = notice_colors("warning")[1]
    assert f"color: {light_text};" in line.styleSheet()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        app.setPalette(dark_palette())
        dark_background, dark_text, _ = notice_colors("warning", dark_palette())
        qtbot.waitUntil(lambda: f"color: {dark_text};" in line.styleSheet())
        assert f"background: {dark_background};" in line.styleSheet()
        assert f"color: {dark_text};" in window.read_only_banner.styleSheet()
        assert notice_colors("error", dark_palette())[1] in window.lost_banner.styleSheet()
    finally:
        app.setPalette(before)
    qtbot.waitUntil(lambda: f"color: {light_text};" in line.styleSheet())
    assert f"color: {light_text};" in window.read_only_banner.styleSheet()
