"""The corpus search panel through the real window: Ctrl+Shift+F, a query run in a worker,
keys through the hits, Enter opens the document at the hit, tagging selected hits in one
undoable step."""

from __future__ import annotations

import re

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractButton

from annotator.core.search import parse_query
from annotator.ui.search_model import SearchResultsModel
from tests.helpers.projects import ARTICLE, make_project

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def run_search(qtbot, window, typed: str):  # type: ignore[no-untyped-def]
    panel = window.search_panel
    qtbot.keyClick(window.text_view, Qt.Key.Key_F, CTRL_SHIFT)
    assert panel.isVisible() and panel.query_edit.hasFocus()
    panel.query_edit.clear()
    qtbot.keyClicks(panel.query_edit, typed)
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.running and not window.tasks)
    return panel


def test_search_steps_through_hits_and_enter_opens_the_document_at_the_hit(qtbot, window):
    panel = run_search(qtbot, window, "kerry")
    assert panel.summary.text() == "kerry: 2 hits in 1 document"
    assert [(h.document_id, h.match) for h in panel.model.hits()] == [
        ("doc-1", "Kerry"),
        ("doc-1", "Kerry"),
    ]
    window.select_document_row(2)  # another document is open
    assert window.controller.document.id == "doc-3"
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Down)  # from the query into the results
    assert panel.results.hasFocus() and panel.results.currentIndex().row() == 0
    qtbot.keyClick(panel.results, Qt.Key.Key_Up)  # and back
    assert panel.query_edit.hasFocus()
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    assert panel.results.currentIndex().row() == 1
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    second = ARTICLE.index("Kerry", 1)
    assert window.controller.document.id == "doc-1"
    assert window.text_view.selected_range() == (second, second + 5)
    assert window.text_view.hasFocus()
    assert window.document_view.currentIndex().row() == 0  # the list follows
    qtbot.keyClick(window.text_view, Qt.Key.Key_F, CTRL_SHIFT)  # back, results kept
    assert panel.isVisible() and len(panel.model.hits()) == 2
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Escape)
    assert not panel.isVisible() and window.text_view.hasFocus()


def test_only_the_latest_searchs_answer_is_shown(qtbot, window):
    panel = window.search_panel
    panel.open_panel()
    panel.query_edit.setText("kerry")
    panel.search()
    panel.query_edit.setText("assad")
    panel.search()  # asked before the first answered
    qtbot.waitUntil(lambda: not panel.running and not window.tasks)
    assert [h.match for h in panel.model.hits()] == ["Assad"]
    assert panel.summary.text() == "assad: 1 hit in 1 document"


def test_tag_selected_hits_in_several_documents_is_one_undo_step(qtbot, window, ui_project):
    panel = run_search(qtbot, window, "a*")
    wanted = [i for i, h in enumerate(panel.model.hits()) if h.match in ("Assad", "agreed")]
    selection = panel.results.selectionModel()
    selection.clearSelection()
    for row in wanted:
        selection.select(
            panel.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    panel.label_box.setCurrentIndex(panel.label_box.findData("ACTOR"))
    qtbot.mouseClick(panel.tag_button, Qt.MouseButton.LeftButton)
    assert [(s.start, s.label) for s in ui_project.spans("doc-2", "alice")] == [(21, "ACTOR")]
    agreed = ARTICLE.index("agreed")
    assert [(s.start, s.end) for s in ui_project.spans("doc-1", "alice")] == [(agreed, agreed + 6)]
    assert "Tagged 2 of 2 hits ACTOR in 2 documents" in window.statusBar().currentMessage()
    # The open layer shows its new span at once.
    assert window.controller.document.id == "doc-1"
    assert [(s.start, s.label) for s in window.text_view.spans()] == [(agreed, "ACTOR")]
    qtbot.mouseClick(panel.tag_button, Qt.MouseButton.LeftButton)  # again: nothing new
    assert "Tagged 0 of 2 hits" in window.statusBar().currentMessage()
    window.undo()  # the empty second tagging
    window.undo()
    assert ui_project.spans("doc-1", "alice") == [] and ui_project.spans("doc-2", "alice") == []
    assert window.text_view.spans() == []
    window.redo()
    assert len(ui_project.spans("doc-2", "alice")) == 1


def test_match_case_and_accents_reruns_the_search(qtbot, window):
    panel = run_search(qtbot, window, "KERRY")
    assert len(panel.model.hits()) == 2
    panel.exact_box.setChecked(True)
    qtbot.waitUntil(lambda: not panel.running and not window.tasks)
    assert panel.model.hits() == [] and panel.summary.text() == "KERRY: no hits"


def test_a_query_without_words_is_said_in_the_panel(qtbot, window):
    panel = run_search(qtbot, window, "(*)")
    assert panel.summary.text().startswith("nothing to search for")
    assert not window.tasks
    panel = run_search(qtbot, window, '"kerry" OR assad')  # OR is a word: all must be there
    assert panel.summary.text().endswith("no hits")


def test_results_model_is_a_valid_qt_model_and_shows_data_as_plain_text(qtmodeltester, tmp_path):
    project = make_project(tmp_path / "m.db", {"<b>x</b>": "<b>Kerry</b> & <i>Lavrov</i>"})
    model = SearchResultsModel()
    model.set_hits(list(project.search(parse_query("kerry lavrov")).hits))
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "<b>Kerry</b> & <i>Lavrov</i>"
    assert model.data(model.index(0, 2)) == "Kerry"
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;" in tip and "<b>K" not in tip
    project.close()


def test_no_two_of_the_windows_mnemonics_clash(window):
    # Two of one Alt+letter only move the focus between them: "&Tag selected" and the
    # "Rela&tions" menu made Alt+T tag nothing.
    window.search_panel.open_panel()
    texts = [action.text() for action in window.menuBar().actions()]
    texts += [
        button.text()
        for button in window.findChildren(QAbstractButton)
        if button.isVisible() and button.window() is window
    ]
    letters = [m.group(1).lower() for m in map(re.compile(r"&([^&])").search, texts) if m]
    assert len(letters) == len(set(letters)), sorted(letters)
