"""The Labels menu's ties to the main window (annotator/ui/labels_menu.py): a rename in the
label editor keeps the undo history of the window and of an open comparison, and the
guideline panel follows the picked span as edits and undos come and go."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import GOLD_ANNOTATOR, Span
from tests.helpers.window_keys import CTRL, press, tag
from tests.ui.test_label_editor import open_editor


def test_renaming_a_label_in_use_keeps_the_undo_history(qtbot, window, ui_project):
    span = tag(qtbot, window, "Geneva", Qt.Key.Key_3)
    assert span.label == "EVENT" and window.history.can_undo()
    editor = open_editor(window)
    page = editor.labels_page
    page.list.setCurrentRow(2)
    assert page.name_edit.text() == "EVENT"
    page.name_edit.setText("HAPPENING")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [s.label for s in window.text_view.spans()] == ["HAPPENING"])
    assert window.history.can_undo() and window.undo_action.isEnabled()
    assert window.undo_action.text() == "Undo Add HAPPENING"
    editor.close()
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # undoes the tagging, under its new name
    assert window.text_view.spans() == [] and ui_project.spans("doc-1", "alice") == []
    press(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert [s.label for s in ui_project.spans("doc-1", "alice")] == ["HAPPENING"]
    assert [s.label for s in window.text_view.spans()] == ["HAPPENING"]


def test_the_guideline_panel_lets_go_of_a_span_that_is_gone(qtbot, window):
    panel = window.labels_menu.panel
    span = tag(qtbot, window, "Geneva", Qt.Key.Key_3)
    window.text_view.span_clicked.emit(window.text_view.span_by_id(span.id))
    assert panel.shown == "EVENT"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the only span, undone
    assert window.text_view.spans() == [] and panel.shown is None
    assert panel.view.placeholderText().startswith("Pick a span")


def test_a_rename_keeps_an_open_comparisons_undo_and_its_disagreements(qtbot, window, ui_project):
    ui_project.add_span(Span("doc-1", "alice", 0, 5, "EVENT"))
    ui_project.add_span(Span("doc-1", "bob", 0, 5, "ACTOR"))
    compare = window.review.compare("doc-1", ["alice", "bob"])
    qtbot.waitExposed(compare)
    compare.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is compare)
    assert len(compare.disagreements) == 1
    qtbot.keyClick(compare, Qt.Key.Key_1)  # alice's EVENT into gold
    assert [s.label for s in ui_project.spans("doc-1", GOLD_ANNOTATOR)] == ["EVENT"]
    editor = open_editor(window)
    page = editor.labels_page
    page.list.setCurrentRow(2)
    page.name_edit.setText("HAPPENING")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [s.label for s in compare.gold_spans()] == ["HAPPENING"])
    editor.close()
    compare.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is compare)
    assert compare.undo_action.isEnabled()
    assert len(compare.disagreements) == 1  # still compared, under its new name
    qtbot.keyClick(compare, Qt.Key.Key_Z, CTRL)  # the accepted version, undone
    assert ui_project.spans("doc-1", GOLD_ANNOTATOR) == []
    qtbot.keyClick(compare, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert [s.label for s in ui_project.spans("doc-1", GOLD_ANNOTATOR)] == ["HAPPENING"]


def test_the_guideline_panel_lets_go_when_another_document_or_layer_opens(qtbot, window):
    panel = window.labels_menu.panel
    span = tag(qtbot, window, "Geneva", Qt.Key.Key_3)
    window.text_view.span_clicked.emit(window.text_view.span_by_id(span.id))
    assert panel.shown == "EVENT"
    press(qtbot, window, Qt.Key.Key_Return, CTRL)  # done, and on to the next document
    assert window.controller.document.id == "doc-2" and window.text_view.current is None
    assert panel.shown is None
    window.select_document_row(0)
    window.text_view.span_clicked.emit(window.text_view.span_by_id(span.id))
    assert panel.shown == "EVENT"
    window.set_annotator("bob")  # the window's message about alice's layer goes too
    assert panel.shown is None
    assert window.statusBar().currentMessage() == "Annotating as bob."
