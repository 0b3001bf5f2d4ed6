"""Colour arithmetic for labels (plain Python): perceptual distance, so that a new label's
colour stays distinguishable from the others, and WCAG contrast, so that text stays
readable on every span's fill.

Colours are "#rrggbb" strings or (r, g, b) tuples of 0-255 ints.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

RGB = tuple[int, int, int]

# Where new labels' colours come from: Tableau 20's and Okabe-Ito's colours and a few
# more; `CANDIDATES` keeps those dark enough to read as a colour on white (a swatch, an
# outline), below.
_PALETTE = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
    "#9C755F", "#BAB0AC", "#A0CBE8", "#FFBE7D", "#8CD17D", "#B6992D", "#F1CE63", "#86BCB6",
    "#FABFD2", "#D4A6C8", "#D7B5A6", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2",
    "#D55E00", "#CC79A7", "#6A3D9A", "#1B9E77", "#7570B3", "#E7298A", "#66A61E", "#A6761D",
    "#17BECF", "#BCBD22", "#8C564B", "#393B79", "#637939", "#843C39", "#7B4173", "#3182BD",
)  # fmt: skip


def rgb(color: str) -> RGB:
    """(r, g, b) of "#rrggbb"."""
    value = color.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def hex_color(value: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(max(0, min(255, round(c))) for c in value))


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(value: RGB) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in value)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio, 1 to 21; text needs at least 4.5."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def blend(color: RGB, alpha: float, over: RGB) -> RGB:
    """`color` at opacity `alpha` (0-1) painted over `over`."""
    return (
        round(color[0] * alpha + over[0] * (1 - alpha)),
        round(color[1] * alpha + over[1] * (1 - alpha)),
        round(color[2] * alpha + over[2] * (1 - alpha)),
    )


def lab(value: RGB) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = (_linear(c) for c in value)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(a: str | RGB, b: str | RGB) -> float:
    """CIEDE2000 colour difference: about 2 is just noticeable, under 10 is "similar",
    20 and more reads as a different colour."""
    l1, a1, b1 = lab(rgb(a) if isinstance(a, str) else a)
    l2, a2, b2 = lab(rgb(b) if isinstance(b, str) else b)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    c_mean = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    elif h2p - h1p > 180:
        dh = h2p - h1p - 360
    else:
        dh = h2p - h1p + 360
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_mean = (h1p + h2p + 360) / 2
    else:
        h_mean = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc = 1 + 0.045 * cp_mean
    sh = 1 + 0.015 * cp_mean * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt(
        (dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh)
    )


CANDIDATES = tuple(c for c in _PALETTE if relative_luminance(rgb(c)) <= 0.5)


def most_distinct(existing: Iterable[str], candidates: Sequence[str] = CANDIDATES) -> str:
    """The candidate farthest (largest smallest CIEDE2000 distance) from every colour in
    `existing`; the first candidate when there is none. Ties go to the earlier candidate."""
    taken = [rgb(color) for color in existing]
    if not taken:
        return candidates[0]
    best, best_distance = candidates[0], -1.0
    for candidate in candidates:
        value = rgb(candidate)
        distance = min(delta_e(value, other) for other in taken)
        if distance > best_distance + 1e-9:
            best, best_distance = candidate, distance
    return best


def nearest_distance(color: str, others: Iterable[str]) -> float:
    """The smallest CIEDE2000 distance from `color` to any of `others` (inf for none)."""
    return min((delta_e(color, other) for other in others), default=math.inf)
