"""The agreement view through the main window: computed off the GUI thread, the matrix and
tables show the report's numbers, a document opens its comparison, gold status follows."""

from __future__ import annotations

import json
import math
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR, Document, Span, Status
from annotator.store.agreement import agreement_report
from annotator.store.project import Project
from annotator.ui.agreement_model import number, value_color
from annotator.ui.agreement_view import AgreementWindow
from annotator.ui.compare_view import ComparisonWindow
from annotator.ui.plain import as_tooltip
from tests.helpers.table_columns import assert_columns_fit, columns_outside

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
    first = [agreement.documents.index(0, c).data() for c in range(8)]
    assert first[0] == "Mayor Lee" and first[2] == "3" and first[-1] == "new"
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
    (compare,) = [
        win
        for (doc, who, _), win in window.review.comparisons.items()
        if (doc, who) == ("example", ("alice", "bob"))
    ]
    assert isinstance(compare, ComparisonWindow)
    qtbot.waitExposed(compare)
    compare.accept("bob")
    assert agreement.documents.index(0, 7).data() == "in progress"
    compare.mark_curated()
    assert agreement.documents.index(0, 7).data() == "done"
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


def test_closing_the_main_window_mid_computation_stops_the_worker(
    qtbot, local_window, review_project, monkeypatch
) -> None:
    window = local_window
    import annotator.ui.agreement_view as view_module

    started = []

    def slow_report(*args, progress=None, **kwargs):
        started.append(True)
        for step in range(200):  # a long computation that checks for Cancel as it goes
            if progress is not None and progress(step, 200) is False:
                raise AnnotatorError("cancelled")
            time.sleep(0.01)
        return agreement_report(*args, progress=progress, **kwargs)

    monkeypatch.setattr(view_module, "agreement_report", slow_report)
    agreement = window.review.open_agreement()
    thread = agreement.task.worker_thread
    qtbot.waitUntil(lambda: bool(started))
    window.close()  # would abort the process if the thread outlived its window
    assert not thread.isRunning()
    assert window.review.agreement is None


def test_reopening_keeps_the_ticks_and_gold_stays_out(qtbot, window, agreement) -> None:
    review_project = window.project
    review_project.add_span(Span("doc-1", GOLD_ANNOTATOR, 0, 5, "ACTOR"))
    agreement.set_choices(["alice", "bob"], ["ACTOR", "QUOTE"])
    agreement.close()
    again = window.review.open_agreement()
    assert again is agreement
    assert agreement._checked(agreement.annotator_list) == ["alice", "bob"]
    assert agreement._checked(agreement.label_list) == ["ACTOR", "QUOTE"]
    # gold, new since the window was built, is listed but not ticked.
    listed = [
        agreement.annotator_list.item(i).text() for i in range(agreement.annotator_list.count())
    ]
    assert GOLD_ANNOTATOR in listed


def test_editing_gold_in_the_main_window_does_not_become_the_users_name(
    window, agreement, settings
) -> None:
    window.show_layer(GOLD_ANNOTATOR, "example")
    assert window.controller.annotator == GOLD_ANNOTATOR
    assert settings.value("annotator") != GOLD_ANNOTATOR
    assert "gold" in window.statusBar().currentMessage()


def test_a_pair_keeps_only_the_documents_both_finished(qtbot, window, review_project) -> None:
    review_project.add_span(Span("doc-3", "bob", 0, 5, "ACTOR"))
    review_project.set_status("doc-3", "bob", Status.DONE)
    review_project.set_status("doc-3", "carol", Status.DONE)
    agreement = window.review.open_agreement()
    with qtbot.waitSignal(agreement.computed, timeout=10000):
        pass
    ids = [row["id"] for row in agreement.documents.rows]
    assert "doc-3" in ids
    agreement.select_pair("alice", "bob")
    hidden = {ids[r] for r in range(len(ids)) if agreement.document_view.isRowHidden(r)}
    assert hidden == {"doc-3"}
    assert agreement.all_pairs_button.isVisibleTo(agreement)
    agreement.all_pairs_button.click()
    assert not any(agreement.document_view.isRowHidden(r) for r in range(len(ids)))
    # Alt+D goes to the first visible document.
    qtbot.keyClick(agreement, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert agreement.document_view.currentIndex().row() == 0


def test_two_annotators_show_their_pair_at_once_without_narrowing(
    qtbot, agreement: AgreementWindow
) -> None:
    agreement.set_choices(["alice", "bob"])
    with qtbot.waitSignal(agreement.computed, timeout=10000):
        agreement.compute()
    assert agreement.per_label.columnCount() == 7  # the pair's F1 and kappa are there
    assert agreement.pair is None and not agreement.all_pairs_button.isVisibleTo(agreement)


def test_the_same_document_with_other_labels_is_compared_anew(window, review_project) -> None:
    every = window.review.compare("example", ["alice", "bob"], ["ACTOR", "QUOTE", "EVENT", "CLAIM"])
    quotes = window.review.compare("example", ["alice", "bob"], ["QUOTE"])
    assert quotes is not every  # not the old window, which lists every label's disagreements
    assert [d.kind.value for d in quotes.disagreements] == ["boundary differs"]
    assert len(every.disagreements) == 3
    assert window.review.compare("example", ["alice", "bob"], ["QUOTE"]) is quotes


def test_the_document_table_is_a_valid_qt_model_through_every_change(
    qtmodeltester, agreement: AgreementWindow
) -> None:
    model = agreement.documents
    qtmodeltester.check(model)  # Qt's tester follows every change below too
    assert model.rowCount() == len(agreement.report["per_document"])
    model.set_all_gold({"example": Status.IN_PROGRESS})
    assert model.index(0, 7).data() == "in progress"
    model.set_gold("example", Status.DONE)
    assert model.index(0, 7).data() == "done"
    model.set_rows(list(reversed(agreement.report["per_document"])), {})
    assert model.rows[0]["id"] == "example"  # worst first, whatever the order given
    model.set_rows([], {})
    assert model.rowCount() == 0


def test_changing_a_tick_recomputes_at_once_and_old_figures_read_as_out_of_date(
    qtbot, agreement: AgreementWindow
) -> None:
    assert agreement.report["labels"] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
    assert agreement.matrix.isEnabled()
    item = agreement.label_list.item(0)  # untick ACTOR
    with qtbot.waitSignal(agreement.computed, timeout=10000) as done:
        item.setCheckState(Qt.CheckState.Unchecked)
        # Until the new figures arrive, the old ones are greyed and said to be out of date.
        assert agreement.stale and not agreement.matrix.isEnabled()
        assert "out of date" in agreement.summary.text()
    assert done.args[0]["labels"] == ["QUOTE", "EVENT", "CLAIM"]
    assert agreement.report["labels"] == ["QUOTE", "EVENT", "CLAIM"]
    assert not agreement.stale and agreement.matrix.isEnabled()
    # A choice that cannot be computed leaves the old figures marked, not shown as current.
    agreement.set_choices(["alice"])
    assert agreement.stale and not agreement.per_label.isEnabled()
    assert agreement.summary.text().startswith("The figures below are out of date.")


def test_relation_figures_are_shown_per_pair(qtbot, window, review_project) -> None:
    from annotator.core.model import Relation

    for name in ("alice", "bob"):
        spans = {(s.start, s.label): s.id for s in review_project.spans("example", name)}
        review_project.add_relation(
            Relation("example", name, spans[20, "QUOTE"], spans[0, "ACTOR"], "source")
        )
    with qtbot.waitSignal(window.review.open_agreement().computed, timeout=10000):
        pass
    agreement = window.review.agreement
    agreement.select_pair("alice", "bob")
    texts = [
        agreement.relations.item(r, c).text()
        for r in range(agreement.relations.rowCount())
        for c in range(agreement.relations.columnCount())
    ]
    # QUOTE 20-40 against 20-39: no exact match, one overlap match.
    assert texts[:3] == ["(all)", "0.000", "1.000"]
    assert texts[5:8] == ["source", "0.000", "1.000"]
    keys = [agreement.measure.itemData(i) for i in range(agreement.measure.count())]
    assert "relations_f1_overlap" in keys
    agreement.measure.setCurrentIndex(keys.index("relations_f1_overlap"))
    names = agreement.report["annotators"]
    assert agreement.matrix.item(names.index("alice"), names.index("bob")).text() == "1.000"


LONG_TITLE = (
    "<b>Parliament</b> votes on the long-delayed infrastructure bill after a night of heated "
    "debate over funding for regional rail & the northern bypass"
)


@pytest.mark.parametrize("size", [None, (1200, 800), (1280, 800), (1000, 700)])
def test_every_document_column_is_in_view_and_a_long_title_is_elided_in_the_middle(
    qtbot, window, review_project, size: tuple[int, int] | None
) -> None:
    """The user trial: the Document column was so wide that α, Annotators and Gold began
    off the edge. The title now takes what the figures leave and is elided in the middle,
    its tooltip whole (as plain text)."""
    review_project.add_document(Document("long", TEXT, LONG_TITLE))
    for name, spans in (("alice", A), ("bob", B)):
        for s, e, label in spans:
            review_project.add_span(Span("long", name, s, e, label))
        review_project.set_status("long", name, Status.DONE)
    agreement = window.review.open_agreement()
    with qtbot.waitSignal(agreement.computed, timeout=10000):
        pass
    if size is None:  # the default: 1200 × 800, or the screen if that is smaller
        screen = agreement.screen().availableGeometry()
        assert agreement.width() == min(1200, screen.width())
    else:
        agreement.resize(*size)
    view = agreement.document_view
    qtbot.waitUntil(lambda: not columns_outside(view))
    cut = assert_columns_fit(view)
    row = next(r for r, entry in enumerate(agreement.documents.rows) if entry["id"] == "long")
    assert (row, 0) in cut  # the title gave way
    assert not [c for _, c in cut if c not in (0, 1, 6)]  # the figures and gold are whole
    index = agreement.documents.index(row, 0)
    delegate = view.itemDelegateForIndex(index)
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, index)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    assert option.text == LONG_TITLE  # shown as typed: the view elides it, nothing else
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Parliament&lt;/b&gt;" in tip and "<b>" not in tip.removeprefix("<qt>")
    header = agreement.documents.headerData(
        3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert header == as_tooltip("Relation\ndisagreements")
