"""Showing the data's strings (article text, titles, ids, annotator and label names, notes,
descriptions, paths, and messages that quote them) exactly as typed.

Qt interprets text in some places: it reads a tooltip, a QLabel's text (`Qt.AutoText`) or a
message box's as HTML when `Qt.mightBeRichText` guesses so, and takes `&` in the text of an
action, a menu or a button as the mark of a shortcut key. A string from the data reaches
those places only through these helpers. Item views' cells and headers, the status bar,
window titles and `setPlainText` always show text as it is.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def as_html(text: str) -> str:
    """`text` as an HTML fragment that shows it as typed: markup escaped, runs of spaces and
    line breaks kept (a note of several lines stays several lines)."""
    return "<span style='white-space:pre-wrap'>" + html.escape(text) + "</span>"


def as_tooltip(text: str) -> str:
    """`text` as a tooltip that shows it literally: Qt guesses whether a tooltip is rich text,
    so a title like `<b>Breaking</b>` would otherwise turn bold. No text, no tooltip."""
    return "<qt>" + as_html(text) + "</qt>" if text else ""


def as_menu_text(text: str) -> str:
    """`text` for an action, a menu title or a button: an `&` (`R&D`) shows as itself, not as
    the mark of a shortcut key."""
    return text.replace("&", "&&")


def as_undo_text(text: str) -> str:
    """`text` for a QUndoCommand, whose undo and redo actions then show it as typed. Qt splits
    the text at its first line break: before it the command's `text()` (for messages, on one
    line), after it the `actionText()` the actions show."""
    return text.replace("\n", " ") + "\n" + as_menu_text(text)


def plain_label(text: str = "") -> QLabel:
    """A QLabel that shows `text`, and any text set later, as plain text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_message_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    parent: QWidget | None = None,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
) -> QMessageBox:
    """A message box that shows `text` (and any informative text) as plain text; with no
    `buttons`, Qt gives it an OK button."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
