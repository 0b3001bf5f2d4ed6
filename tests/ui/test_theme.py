"""Following the desktop's colour scheme: a dark scheme gives a dark window, and the span
colours are formatted again for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from annotator.core.model import Span
from annotator.ui import span_colors
from annotator.ui.theme import _Follower


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
