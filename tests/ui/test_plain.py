"""The helpers of `annotator.ui.plain`: the data's strings show as typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import Qt as GuiQt  # Qt.mightBeRichText lives in QtGui
from PySide6.QtGui import QTextDocument, QUndoCommand

from annotator.ui.plain import as_html, as_menu_text, as_tooltip, as_undo_text

LINK = '<a href="file:///etc/passwd">passwd</a>'
IMAGE = '<img src="/usr/share/icons/x.png">'
BOLD = "<b>bold</b>"
AMPERSAND = "R&D"
ENTITY = "AT&amp;T"
NEWLINE = "Eins\nZwei"
# Each string's mark survives any escaping (HTML, `&&`): wherever a mark is, the whole string
# must show. (Short enough that no list or menu cuts them.)
MARKS = {
    LINK: "passwd",
    IMAGE: "share/icons",
    BOLD: "bold",
    AMPERSAND: "R&",
    ENTITY: "AT&",
    NEWLINE: "Zwei",
}
HOSTILE = list(MARKS)


# -- what Qt shows of a string -----------------------------------------------------------


def rendered(rich: str) -> tuple[str, list[str]]:
    """The text Qt shows of rich text, and the markup it acted on (links, images)."""
    document = QTextDocument()
    document.setHtml(rich)
    acted = []
    block = document.begin()
    while block.isValid():
        for fragment in _fragments(block):
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                acted.append(f"an image {fmt.toImageFormat().name()!r}")
            if fmt.isAnchor():
                acted.append(f"a link {fmt.anchorHref()!r}")
        block = block.next()
    return document.toPlainText(), acted


def _fragments(block: Any) -> Iterator[Any]:
    it = block.begin()
    while not it.atEnd():
        yield it.fragment()
        it += 1


def shown(text: str, how: str) -> tuple[str, list[str]]:
    """What the user sees of `text` shown `how`: "plain" (cells, headers, PlainText labels),
    "auto" (tooltips, AutoText labels: HTML if Qt guesses so), "rich", or "mnemonic" (action,
    menu and button texts, where `&x` marks a shortcut and `&&` is one ampersand)."""
    if how == "mnemonic":
        return re.sub("&(.)", r"\1", text), []
    if how == "rich" or (how == "auto" and GuiQt.mightBeRichText(text)):
        return rendered(text)
    return text, []


# -- the helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE, "two  spaces", "\tindented\n\nlast line\n"])
def test_a_tooltip_shows_its_text_as_typed(text):
    assert shown(as_tooltip(text), "auto") == (text, [])
    assert rendered(f"<p>{as_html(text)}</p>") == (text, [])


def test_no_text_no_tooltip():
    assert as_tooltip("") == ""


def test_menu_texts_keep_their_ampersands():
    assert shown(as_menu_text("Accept R&D's &amp; && version"), "mnemonic")[0] == (
        "Accept R&D's &amp; && version"
    )


def test_an_undo_command_keeps_its_text_and_shows_it_as_typed():
    command = QUndoCommand(as_undo_text(f"Accept {AMPERSAND} {NEWLINE}"))
    assert command.text() == "Accept R&D Eins Zwei"  # for messages: one line
    assert shown(command.actionText(), "mnemonic")[0] == f"Accept {AMPERSAND} {NEWLINE}"
