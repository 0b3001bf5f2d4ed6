"""The review windows and the main window, through the real windows (the main window's
project in the store process): a gold change made in a comparison reaches the main window
as its `Changes` through the controller's broadcast, not as a reload of the document; gold
edited directly in the main window shows in the comparison at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import GOLD_ANNOTATOR, Document, Span, Status
from annotator.ops import spans as ops_spans
from annotator.ops.changes import Changes
from annotator.store.project import Project
from annotator.ui.compare_view import ComparisonWindow

TEXT = "Mayor Lee told Kim: bridge opens in May."
A = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
B = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]


@pytest.fixture
def review_project(ui_project: Project) -> Project:
    ui_project.add_document(Document("example", TEXT, "Mayor Lee"))
    for name, spans in (("alice", A), ("bob", B)):
        for s, e, label in spans:
            ui_project.add_span(Span("example", name, s, e, label))
        ui_project.set_status("example", name, Status.DONE)
    return ui_project


@pytest.fixture
def compare(qtbot, window, review_project) -> ComparisonWindow:
    compare = window.review.compare("example", ["alice", "bob"])
    assert compare is not None
    qtbot.waitExposed(compare)
    return compare


def gold_triples(window) -> list[tuple[int, int, str]]:
    return sorted((s.start, s.end, s.label) for s in window.text_view.spans())


def test_a_gold_change_in_the_comparison_reaches_the_main_window_as_changes(
    qtbot, window, compare: ComparisonWindow
) -> None:
    window.show_layer(GOLD_ANNOTATOR, "example")
    compare.start()
    assert gold_triples(window) == [(0, 9, "ACTOR")]
    opened: list[object] = []
    window.controller.document_opened.connect(lambda *args: opened.append(args))
    with qtbot.waitSignal(window.controller.changes_applied) as broadcast:
        compare.accept("bob")  # the current disagreement: EVENT/CLAIM at 10-14
    changes = broadcast.args[0]
    assert isinstance(changes, Changes)
    assert [(s.start, s.end, s.label) for s in changes.spans_added] == [(10, 14, "CLAIM")]
    assert gold_triples(window) == [(0, 9, "ACTOR"), (10, 14, "CLAIM")]
    assert opened == []  # taken span by span: no reload of the document
    assert [window.span_model.index(r, 0).data() for r in range(2)] == ["ACTOR", "CLAIM"]
    # Undo in the comparison is a change like any other.
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold_triples(window) == [(0, 9, "ACTOR")]
    assert opened == []


def test_gold_edited_in_the_main_window_shows_in_the_comparison_at_once(
    qtbot, window, compare: ComparisonWindow
) -> None:
    compare.start()
    compare.go_to(2)  # QUOTE 20-40 against 20-39
    compare.accept("bob")
    assert compare.model.index(2, 5).data().startswith("same as bob: ")
    window.show_layer(GOLD_ANNOTATOR, "example")
    quote = next(s for s in window.text_view.spans() if s.label == "QUOTE")
    # The curator moves the QUOTE's end in the main window: gold holds a version nobody had.
    assert window.edits.push("Move", (quote, None), ops_spans.move_span, quote.id, 20, 38)
    assert compare.model.index(2, 5).data() == "edited: QUOTE 20–38 “bridge opens in Ma”"
    assert {(s.start, s.end) for s in compare.gold_spans()} >= {(20, 38)}
    # Deleting it leaves nothing there: that, too, is what gold holds.
    moved = next(s for s in window.text_view.spans() if s.label == "QUOTE")
    assert window.edits.push("Delete", (moved, None), ops_spans.delete_span, moved.id)
    assert compare.model.index(2, 5).data() == "none chosen"


def test_gold_marked_done_in_the_main_window_follows_in_the_agreement_view(
    qtbot, window, compare: ComparisonWindow, review_project
) -> None:
    with qtbot.waitSignal(window.review.open_agreement().computed, timeout=10000):
        pass
    agreement = window.review.agreement
    compare.start()
    window.show_layer(GOLD_ANNOTATOR, "example")
    window.controller.set_status(Status.DONE)
    row = next(r for r, entry in enumerate(agreement.documents.rows) if entry["id"] == "example")
    assert agreement.documents.index(row, 7).data() == "done"
    assert compare.headers[GOLD_ANNOTATOR].text().startswith("gold (done,")
