"""The agreement view through the main window: computed off the GUI thread, the matrix and
tables show the report's numbers, a document opens its comparison, gold status follows."""

from __future__ import annotations

import json
import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import GOLD_ANNOTATOR, Document, Span, Status
from annotator.store.agreement import agreement_report
from annotator.store.project import Project
from annotator.ui.agreement_view import AgreementWindow, number, value_color
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
        # doc-2: both agree exactly.
        ui_project.add_span(Span("doc-2", name, 0, 6, "EVENT"))
        ui_project.set_status("doc-2", name, Status.DONE)
    ui_project.add_span(Span("doc-3", "carol", 0, 5, "ACTOR"))  # not done: does not count
    return ui_project


@pytest.fixture
def agreement(qtbot, window, review_project) -> AgreementWindow:
    with qtbot.waitSignal(window.review.open_agreement().computed, timeout=10000):
        pass
    return window.review.agreement


def test_the_window_shows_the_reports_numbers(agreement: AgreementWindow, review_project) -> None:
    report = agreement_report(review_project, ["alice", "bob", "carol"], per_document=True)
    # The same numbers as the CLI's report (NaN where undefined: carol finished nothing).
    assert json.dumps(agreement.report, sort_keys=True) == json.dumps(report, sort_keys=True)
    pair = agreement.report["pairs"][0]
    assert (pair["a"], pair["b"]) == ("alice", "bob")
    names = agreement.report["annotators"]
    a, b = names.index("alice"), names.index("bob")
    assert agreement.matrix.item(a, b).text() == number(pair["f1_exact"])
    agreement.measure.setCurrentIndex(2)  # Cohen's kappa
    assert agreement.matrix.item(b, a).text() == number(pair["cohen_kappa"])
    assert agreement.matrix.item(b, a).background().color() == value_color(pair["cohen_kappa"])
    # Per-document table: worst first, undefined alpha as a dash, gold not curated.
    rows = agreement.documents.rows
    assert [row["id"] for row in rows][:2] == ["example", "doc-2"]
    first = [agreement.documents.index(0, c).data() for c in range(7)]
    assert first[0] == "Mayor Lee" and first[2] == "3" and first[-1] == "not curated"
    assert "Fleiss' κ" in agreement.summary.text()


def test_picking_a_pair_fills_its_per_label_columns(agreement: AgreementWindow) -> None:
    agreement.select_pair("alice", "bob")
    headers = [
        agreement.per_label.horizontalHeaderItem(c).text()
        for c in range(agreement.per_label.columnCount())
    ]
    assert headers[-1] == "Cohen's κ\nalice–bob"
    labels = agreement.report["labels"]
    row = labels.index("ACTOR")
    pair = agreement.report["pairs"][0]
    f1 = pair["per_label"]["ACTOR"]["f1_exact"]
    assert agreement.per_label.item(row, 4).text() == number(f1)


def test_a_document_opens_its_comparison_and_gold_status_follows(
    qtbot, agreement: AgreementWindow, window, review_project
) -> None:
    agreement.select_pair("alice", "bob")
    agreement.document_view.setFocus()
    agreement.document_view.setCurrentIndex(agreement.documents.index(0, 0))
    qtbot.keyClick(agreement.document_view, Qt.Key.Key_Return)
    compare = window.review.comparisons[("example", ("alice", "bob"))]
    assert isinstance(compare, ComparisonWindow)
    qtbot.waitExposed(compare)
    compare.accept("bob")
    assert agreement.documents.index(0, 6).data() == "in progress"
    compare.mark_curated()
    assert agreement.documents.index(0, 6).data() == "curated"
    assert review_project.status("example", GOLD_ANNOTATOR) == Status.DONE
    # Editing gold directly: the main window switches to the gold layer of that document.
    compare.edit_gold_requested.emit("example")
    assert window.controller.annotator == GOLD_ANNOTATOR
    assert window.controller.document.id == "example"
    assert sorted((s.start, s.end, s.label) for s in window.text_view.spans()) == [
        (0, 9, "ACTOR"),
        (10, 14, "CLAIM"),
    ]


def test_too_few_annotators_says_so(qtbot, agreement: AgreementWindow) -> None:
    agreement.set_choices(["alice"])
    assert agreement.compute() is None
    assert "at least two annotators" in agreement.summary.text()


def test_the_shortcut_opens_the_window(qtbot, window, review_project) -> None:
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.review.agreement is not None)
    qtbot.waitUntil(lambda: window.review.agreement.report is not None, timeout=10000)
    assert QApplication.activeWindow() in (window.review.agreement, window)
    assert not math.isnan(window.review.agreement.report["pairs"][0]["f1_exact"])
