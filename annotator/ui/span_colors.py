"""How a span's label colour is painted: a fill strong enough to see at a glance, and a
text colour that stays readable on it (WCAG contrast of at least 4.5), on a light or a dark
window alike.

The fill is the label colour over the text view's background at the strongest opacity (up
to `SINGLE_ALPHA`, `NESTED_ALPHA` for an inner span) at which the palette's text colour
still has a contrast of `MIN_CONTRAST` with it; where none would do (a dark colour on a
light window at the weakest opacity), the text becomes black or white, whichever reads
better. On a dark window, colours too dark to show against it are lightened first.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCharFormat

from annotator.core.colors import RGB, blend, contrast, relative_luminance

MIN_CONTRAST = 4.5
SINGLE_ALPHA = 0.55  # a span alone: strong enough to read as its colour at a glance
NESTED_ALPHA = 0.8  # the inner span where spans nest: stronger still
MIN_ALPHA = 0.2
DARK_LIFT = 0.35  # how much white a too dark label colour gets on a dark window


def _rgb(color: QColor) -> RGB:
    return (color.red(), color.green(), color.blue())


def palette_colors(palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """(background, text) of the text view in the application's palette."""
    if palette is None:
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)


def is_dark(palette: QPalette | None = None) -> bool:
    base, _ = palette_colors(palette)
    return relative_luminance(_rgb(base)) < 0.2


def shown_color(color: QColor, palette: QPalette | None = None) -> QColor:
    """The label colour as shown on this palette's background: lightened on a dark window
    when it would not stand out from the background."""
    base, _ = palette_colors(palette)
    if is_dark(palette) and contrast(_rgb(color), _rgb(base)) < 3:
        lifted = blend((255, 255, 255), DARK_LIFT, _rgb(color))
        return QColor(*lifted)
    return QColor(color)


def fill_and_text(
    color: QColor, nested: bool = False, palette: QPalette | None = None
) -> tuple[QColor, QColor]:
    """The opaque fill of a span of `color` and the text colour to write on it, with a
    contrast of at least MIN_CONTRAST between them."""
    base, text = palette_colors(palette)
    label = _rgb(shown_color(color, palette))
    alpha = NESTED_ALPHA if nested else SINGLE_ALPHA
    while True:
        fill = blend(label, alpha, _rgb(base))
        if contrast(_rgb(text), fill) >= MIN_CONTRAST:
            return QColor(*fill), QColor(text)
        if alpha <= MIN_ALPHA:
            break
        alpha = max(MIN_ALPHA, alpha - 0.05)
    fill = blend(label, NESTED_ALPHA if nested else SINGLE_ALPHA, _rgb(base))
    black, white = (0, 0, 0), (255, 255, 255)
    best = black if contrast(black, fill) >= contrast(white, fill) else white
    return QColor(*fill), QColor(*best)


def paint_span(fmt: QTextCharFormat, color: QColor, nested: bool) -> None:
    """Give a span piece's format its fill and text colour (the highlighter's colour
    function)."""
    fill, text = fill_and_text(color, nested)
    fmt.setBackground(fill)
    fmt.setForeground(text)


def tag_colors(color: QColor, palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """(background, text) of a label-name tag: the label colour itself, with black or
    white text, whichever contrasts more."""
    shown = _rgb(shown_color(color, palette))
    black, white = (0, 0, 0), (255, 255, 255)
    text = black if contrast(black, shown) >= contrast(white, shown) else white
    return QColor(*shown), QColor(*text)
