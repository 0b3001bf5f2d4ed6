"""Property: every span created through the real widget exports with `text[start:end]` equal
to what the user had selected (minus surrounding whitespace), whatever the text holds:
emoji, ZWJ sequences, combining marks, CRLF, lone CR, tabs, U+2028/2029, RTL, CJK."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import Document
from tests.helpers.jsonl_records import iter_layer_records

TRICKY = [
    "😀",
    "👩‍👩‍👧",
    "🇸🇾",
    "👍🏽",
    "e\u0301",
    "\u0301",
    "\r\n",
    "\r",
    "\n",
    "\t",
    " ",
    "\u2028",
    "\u2029",
    "\u00a0",
    "سوريا",
    "שלום",
    "北京",
    "𠀋",
    "Kerry",
    "U.S.",
    "’",
    "<b>",
    "&amp;",
    "\u200d",
    "\ufe0f",
    "\x00",
]
texts = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=3)), min_size=1, max_size=30
).map("".join)
_counter = itertools.count()


def qt_position(text: str, offset: int) -> int:
    """Independent of the app's OffsetMap: UTF-16 units of the prefix, CRLF counted once."""
    prefix = text[:offset].replace("\r\n", "\n")
    return len(prefix.encode("utf-16-le")) // 2


def as_selected(text: str) -> str:
    """What QTextCursor.selectedText() reports for stored `text`: paragraph breaks as U+2029."""
    for old in ("\r\n", "\r", "\n"):
        text = text.replace(old, "\u2029")
    return text.replace("\ufdd0", "\ufffd").replace("\ufdd1", "\ufffd")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts, data=st.data())
def test_span_made_in_the_widget_exports_what_was_selected(qtbot, window, ui_project, text, data):
    assume(text.strip())
    start = data.draw(st.integers(0, len(text) - 1), label="start")
    end = data.draw(st.integers(start + 1, len(text)), label="end")
    # An offset between the \r and \n of a CRLF has no place in Qt's text: a user can't pick it.
    assume(all(i == 0 or text[i - 1 : i + 1] != "\r\n" for i in (start, end)))
    doc_id = f"p{next(_counter)}"
    ui_project.add_document(Document(doc_id, text, doc_id))
    window.documents.reload()
    window.select_document_row(window.documents.row_of(doc_id))
    assert window.controller.document.id == doc_id
    # toPlainText() reports U+2028 as \n and NBSP as a space; the positions are unaffected.
    shown = as_selected(text).replace("\u2029", "\n").replace("\u2028", "\n")
    assert window.text_view.toPlainText() == shown.replace("\u00a0", " ")

    view = window.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(qt_position(text, start))
    cursor.setPosition(qt_position(text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    selected = cursor.selectedText()
    window.snap_action.setChecked(False)
    qtbot.keyClick(view, Qt.Key.Key_1)

    layers = [r for r in iter_layer_records(ui_project, ["alice"]) if r["id"] == doc_id]
    assert [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()] == []
    if not selected.strip():
        assert layers == []
        return
    (layer,) = layers
    (span,) = layer["spans"]
    assert span["text"] == text[span["start"] : span["end"]]
    assert as_selected(span["text"]) == selected.strip()
