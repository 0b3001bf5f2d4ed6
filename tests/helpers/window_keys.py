"""Driving the main window as a user does: tag a phrase with a label key, press keys in
the text view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import Span

CTRL = Qt.KeyboardModifier.ControlModifier
REDO = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def tag(qtbot, window, phrase: str, key: Qt.Key, occurrence: int = 0) -> Span:  # type: ignore[no-untyped-def]
    """Select the `occurrence`-th `phrase` and press a label key; returns the new span
    (snapped to the words inside the selection: its quote marks and commas stay out)."""
    start = -1
    for _ in range(occurrence + 1):
        start = window.text_view.text.index(phrase, start + 1)
    window.text_view.select_range(start, start + len(phrase))
    qtbot.keyClick(window.text_view, key)
    span = window.text_view.current
    assert span is not None and start <= span.start < span.end <= start + len(phrase)
    return span


def press(qtbot, window, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text_view, key, modifier)
