"""The attribution check in the window (annotator/ui/attribution.py): the document says
what is missing, U steps through it, and marking the document done asks once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import Status
from tests.helpers.window_keys import CTRL, press, tag


@pytest.fixture(autouse=True)
def exact_selections(window):  # type: ignore[no-untyped-def]
    """These tests link the spans they select, quote marks and all: snapping off."""
    window.snap_action.setChecked(False)


def missing_line(qtbot, window) -> str:  # type: ignore[no-untyped-def]
    label = window.linking.attribution.label
    qtbot.waitUntil(label.isVisible)
    return label.text()


def boxes(window) -> list[QMessageBox]:  # type: ignore[no-untyped-def]
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_the_document_says_how_many_quotes_lack_a_source_and_u_steps_through_them(
    qtbot, window, ui_project
):
    kerry = tag(qtbot, window, "Kerry", Qt.Key.Key_1, occurrence=1)
    first = tag(qtbot, window, "“We will talk,”", Qt.Key.Key_2)
    second = tag(qtbot, window, "Russia's minister agreed", Qt.Key.Key_2)
    qtbot.waitUntil(lambda: "2 quotes without a source" in missing_line(qtbot, window))
    window.select_span(None)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.text_view.current.id == first.id
    press(qtbot, window, Qt.Key.Key_U)
    assert window.text_view.current.id == second.id
    press(qtbot, window, Qt.Key.Key_U)  # wraps around
    assert window.text_view.current.id == first.id
    press(qtbot, window, Qt.Key.Key_U, Qt.KeyboardModifier.ShiftModifier)
    assert window.text_view.current.id == second.id
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: missing_line(qtbot, window).startswith("⚠ 1 quote without a source"))
    window.select_span(window.layer_model.span(first.id))
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: missing_line(qtbot, window) == "✓ every quote has a source")
    # Undo brings the count back.
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "1 quote without a source" in missing_line(qtbot, window))
    assert kerry.id in {r.tail_span_id for r in window.layer_model.relations()}


def test_marking_done_with_a_quote_missing_its_source_asks_once(qtbot, window, ui_project):
    tag(qtbot, window, "Kerry", Qt.Key.Key_1, occurrence=1)
    quote = tag(qtbot, window, "“We will talk,”", Qt.Key.Key_2)
    window.select_span(None)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    (box,) = boxes(window)
    assert box.text() == "This document has 1 quote without a source. Mark it done anyway?"
    box.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: not boxes(window))
    assert ui_project.status("doc-1", "alice") == Status.IN_PROGRESS
    assert window.text_view.current.id == quote.id  # "no": the quote to link is picked
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    (box,) = boxes(window)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: ui_project.status("doc-1", "alice") == Status.DONE)
    assert window.controller.document.id == "doc-2"  # done and on to the next
    window.select_document_row(0)
    qtbot.waitUntil(lambda: window.controller.document.id == "doc-1")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)  # asked once: not again
    assert not boxes(window)
    assert window.controller.document.id == "doc-2"


def test_a_document_with_nothing_missing_is_marked_done_without_a_question(qtbot, window):
    tag(qtbot, window, "Kerry", Qt.Key.Key_1)  # an ACTOR needs nothing
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert not boxes(window)
    assert window.controller.document.id == "doc-2"
