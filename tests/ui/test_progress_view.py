"""Review ▸ Progress in the real window: the chart's bars say done against assigned, the
pairs open the agreement view with that pair ticked, the document table is a valid model;
Review ▸ Assign documents… and File ▸ Merge packages… through the real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.cli import main
from annotator.core.model import Relation, Span, Status
from annotator.ops import relations as ops_relations
from annotator.ops import spans as ops_spans
from annotator.ops.assignments import assign, set_annotators_of
from annotator.store.project import open_project
from annotator.ui.progress_view import DocumentProgressModel, ProgressWindow
from tests.conftest import show_window


def team_project(ui_project):  # type: ignore[no-untyped-def]
    assign(ui_project, ["alice", "bob"], 2)  # all three documents to both
    for document_id in ("doc-1", "doc-2"):
        ops_spans.set_status(ui_project, document_id, "alice", Status.DONE)
    ops_spans.set_status(ui_project, "doc-1", "bob", Status.DONE)
    ops_spans.add_span(ui_project, Span("doc-3", "bob", 0, 5, "ACTOR"))  # in progress


def open_progress(qtbot, window) -> ProgressWindow:  # type: ignore[no-untyped-def]
    progress = window.team.open_progress()
    qtbot.waitUntil(lambda: progress.report is not None and progress.task is None, timeout=10000)
    return progress


def test_the_chart_draws_done_against_assigned(qtbot, ui_project, settings, store_host):  # type: ignore[no-untyped-def]
    team_project(ui_project)
    window = show_window(qtbot, store_host.open(ui_project.path), settings)
    progress = open_progress(qtbot, window)
    qtbot.waitExposed(progress)
    chart = progress.chart
    assert [name for name, _ in chart.rows] == ["alice", "bob"]
    (alice_bar, alice_done, alice_started), (bob_bar, bob_done, bob_started) = chart.bar_rects()
    assert alice_bar.width() == bob_bar.width() > 0  # three assigned each, one scale
    assert abs(alice_done.width() - alice_bar.width() * 2 / 3) < 1
    assert abs(bob_done.width() - bob_bar.width() / 3) < 1
    assert abs(bob_started.width() - bob_bar.width() / 3) < 1 and alice_started.width() == 0
    assert "alice: 2 done, 0 in progress of 3 assigned" in chart.toolTip()
    image = chart.grab().toImage()
    middle = int(alice_done.center().y())
    assert image.pixelColor(int(alice_done.left()) + 3, middle).name() == "#2e7d32"
    assert (
        image.pixelColor(int(bob_started.center().x()), int(bob_started.center().y())).name()
        == "#f0a020"
    )
    assert "2 of 6 assigned layers done" not in progress.summary.text()
    assert progress.summary.text().startswith("3 of 6 assigned layers done")


def test_a_pair_opens_the_agreement_view_with_it_ticked(qtbot, ui_project, settings, store_host):  # type: ignore[no-untyped-def]
    team_project(ui_project)
    set_annotators_of(ui_project, ["doc-3"], ["carol"], keep_others=True)
    window = show_window(qtbot, store_host.open(ui_project.path), settings)
    progress = open_progress(qtbot, window)
    assert progress.pairs.rowCount() == 3
    assert [progress.pairs.item(0, c).text() for c in range(4)] == [
        "alice",
        "bob",
        "1 of 3",
        "ready",
    ]
    assert progress.pairs.item(1, 3).text() == "not yet"
    progress.select_pairs([("alice", "bob")])
    assert progress.agreement_button.isEnabled()
    qtbot.mouseClick(progress.agreement_button, Qt.MouseButton.LeftButton)
    agreement = window.review.agreement
    assert agreement is not None
    qtbot.waitUntil(lambda: agreement.report is not None and agreement.task is None, timeout=10000)
    assert agreement._checked(agreement.annotator_list) == ["alice", "bob"]
    assert agreement.report["annotators"] == ["alice", "bob"]


def test_the_document_table_is_a_valid_qt_model(qtmodeltester, ui_project) -> None:  # type: ignore[no-untyped-def]
    from annotator.store.progress import progress_report

    model = DocumentProgressModel()
    qtmodeltester.check(model)
    team_project(ui_project)
    model.set_report(progress_report(ui_project))
    assert model.rowCount() == 3
    assert [model.index(0, c).data() for c in range(3)] == ["doc-1", "alice, bob", "alice, bob"]


def test_assigning_from_the_dialog(qtbot, window, ui_project):  # type: ignore[no-untyped-def]
    dialog = window.team.open_assign_dialog()
    dialog.new_name.setText("bob")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert dialog.checked(dialog.team) == ["alice", "bob"]
    dialog.per_document.setValue(1)
    with qtbot.waitSignal(dialog.assign_requested, timeout=5000):
        qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    rows = ui_project.assignment_rows()
    assert sorted(d for d, _, _ in rows) == ["doc-1", "doc-2", "doc-3"]
    assert window.queue_switch.box.isChecked()  # alice's queue, at once
    assert window.documents.rowCount() == len([r for r in rows if r[1] == "alice"])
    # the open document's annotators: set to bob only
    document_id = window.controller.document.id
    for i in range(dialog.document_team.count()):
        item = dialog.document_team.item(i)
        item.setCheckState(
            Qt.CheckState.Checked if item.text() == "bob" else Qt.CheckState.Unchecked
        )
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
    assert [a for d, a, _ in ui_project.assignment_rows() if d == document_id] == ["bob"]


def test_merging_packages_from_the_file_menu(
    qtbot, ui_project, settings, store_host, tmp_path: Path, monkeypatch
):  # type: ignore[no-untyped-def]
    assign(ui_project, ["alice"], 1)
    package = tmp_path / "alice-package.db"
    assert main(["package", str(ui_project.path), "--annotator", "alice", "-o", str(package)]) == 0
    with open_project(package) as offline:  # alice works offline
        actor = ops_spans.add_span(offline, Span("doc-1", "alice", 0, 5, "ACTOR")).spans_added[0]
        quote = ops_spans.add_span(
            offline, Span("doc-1", "alice", 29, 49, "QUOTE", "cut", fragments=((29, 42), (44, 49)))
        ).spans_added[0]
        ops_relations.add_relation(
            offline, Relation("doc-1", "alice", quote.id, actor.id, "source")
        )
        ops_spans.set_status(offline, "doc-1", "alice", Status.DONE)
    window = show_window(qtbot, store_host.open(ui_project.path), settings)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box))
    monkeypatch.setattr(
        "annotator.ui.team_actions.QFileDialog.getOpenFileNames",
        lambda *args, **kwargs: ([str(package)], ""),
    )
    window.merge_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "2 span(s) added" in shown[0].text() and "0 conflict(s)" in shown[0].text()
    spans = ui_project.spans("doc-1", "alice")
    assert [(s.label, s.fragments) for s in spans] == [
        ("ACTOR", ()),
        ("QUOTE", ((29, 42), (44, 49))),
    ]
    assert len(ui_project.relations("doc-1", "alice")) == 1
    assert window.documents.summary(0).status is Status.DONE or window.queue_switch.box.isChecked()
    assert window.windowTitle().endswith("— 1 of 3 done")
    # the open document shows the merged layer
    assert window.controller.document.id == "doc-1"
    assert window.span_model.rowCount() == 2
