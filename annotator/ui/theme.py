"""Following the desktop's light or dark colour scheme.

Where the platform theme gives Qt a dark palette already, nothing is to be done. Where it
only says the scheme is dark (`QStyleHints.colorScheme()`: some Linux desktops, the
offscreen platform in tests) and the palette is still a light one, the app takes the Fusion
style with a dark palette; back to the style's own when the scheme turns light. The span
colours follow the palette (`span_colors`): the text view re-formats its spans when the
palette changes (`SpanRepaint`), and so do the notices (`notice_style`: the banners, the
attribution line), whose colours are chosen for a light and for a dark window.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from annotator.ui import span_colors

_ROLES = QPalette.ColorRole
DARK = {
    _ROLES.Window: "#202124",
    _ROLES.WindowText: "#E8EAED",
    _ROLES.Base: "#17181A",
    _ROLES.AlternateBase: "#26272A",
    _ROLES.ToolTipBase: "#2D2E31",
    _ROLES.ToolTipText: "#E8EAED",
    _ROLES.PlaceholderText: "#9AA0A6",
    _ROLES.Text: "#E8EAED",
    _ROLES.Button: "#2D2E31",
    _ROLES.ButtonText: "#E8EAED",
    _ROLES.BrightText: "#FF6B6B",
    _ROLES.Highlight: "#3D6FB4",
    _ROLES.HighlightedText: "#FFFFFF",
    _ROLES.Link: "#8AB4F8",
    _ROLES.Light: "#3C3D40",
    _ROLES.Midlight: "#333437",
    _ROLES.Mid: "#2A2B2E",
    _ROLES.Dark: "#111213",
    _ROLES.Shadow: "#000000",
}


# A notice's (background, text, border) on a light window and on a dark one; None: the
# palette's own. Every text has a contrast of at least 4.5 with its background (tested).
NOTICES: dict[str, tuple[tuple[str | None, str, str | None], ...]] = {
    "warning": (("#fff3cd", "#664d03", "#e0c060"), ("#3d3204", "#ffe08a", "#7a6418")),
    "error": (("#f8d7da", "#58151c", "#d08890"), ("#4a1b20", "#f8d7da", "#8a3a44")),
    "fine": ((None, "#1e6b30", None), (None, "#81c995", None)),
}


def notice_colors(kind: str, palette: QPalette | None = None) -> tuple[str | None, str, str | None]:
    """The (background, text, border) of a notice of `kind` ("warning", "error", "fine")
    on `palette` (the application's by default)."""
    return NOTICES[kind][span_colors.is_dark(palette)]


def notice_style(kind: str, padding: str, border: bool = False) -> str:
    """A QLabel style sheet for a notice of `kind` on the application's palette (set it
    again when the palette changes: see SpanRepaint)."""
    background, text, edge = notice_colors(kind)
    rules = [f"padding: {padding};", f"color: {text};"]
    if background is not None:
        rules.append(f"background: {background};")
    if border and edge is not None:
        rules.append(f"border-bottom: 1px solid {edge};")
    return "QLabel { " + " ".join(rules) + " }"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in DARK.items():
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (_ROLES.Text, _ROLES.WindowText, _ROLES.ButtonText):
        palette.setColor(disabled, role, QColor("#6F7378"))
    return palette


class _Follower(QObject):
    def __init__(self, app: QApplication):
        super().__init__(app)
        self.app = app
        self.style_name = app.style().name()
        self.themed = False  # the dark palette is ours

    def apply(self, scheme: Qt.ColorScheme) -> None:
        if scheme == Qt.ColorScheme.Dark and not span_colors.is_dark(self.app.palette()):
            self.app.setStyle(QStyleFactory.create("Fusion"))
            self.app.setPalette(dark_palette())
            self.themed = True
        elif scheme != Qt.ColorScheme.Dark and self.themed:
            self.app.setStyle(QStyleFactory.create(self.style_name))
            self.app.setPalette(self.app.style().standardPalette())
            self.themed = False


SCHEME_VARIABLE = "ANNOTATOR_COLOR_SCHEME"  # "dark" or "light": instead of the desktop's


def follow_system_scheme(app: QApplication) -> None:
    """Give `app` a dark palette whenever the desktop's scheme is dark (now and later), or
    as the environment variable ANNOTATOR_COLOR_SCHEME says (`dark`, `light`)."""
    follower = _Follower(app)
    forced = os.environ.get(SCHEME_VARIABLE, "").strip().lower()
    if forced in ("dark", "light"):
        follower.apply(Qt.ColorScheme.Dark if forced == "dark" else Qt.ColorScheme.Light)
        return
    hints = QGuiApplication.styleHints()
    follower.apply(hints.colorScheme())
    hints.colorSchemeChanged.connect(follower.apply)


class SpanRepaint(QObject):
    """Calls `repaint` (which re-formats a text view's spans: their fill and text colours
    depend on the background) when the palette of `view` changes. Watch a widget without
    a style sheet: Qt does not tell those with one."""

    def __init__(self, view: QWidget, repaint: object):
        super().__init__(view)
        self.repaint = repaint
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.repaint()  # type: ignore[operator]
        return False
