"""Showing user text (articles, titles, notes) where Qt might read it as HTML."""

from __future__ import annotations

import html


def as_tooltip(text: str) -> str:
    """`text` as a tooltip that shows it literally: Qt guesses whether a tooltip is rich text,
    so a title like `<b>Breaking</b>` would otherwise turn bold."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
