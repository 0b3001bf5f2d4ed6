"""The comparison's relation disagreements, through the real window and keys: listed below
the span disagreements, stepped with F9, accepted into gold with 1-9; accepting a span
version brings that annotator's relations whose ends gold has."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import GOLD_ANNOTATOR, Document, Relation, Span, Status
from annotator.core.relation_disagreements import RelationKind
from annotator.store.project import Project, create_project
from annotator.ui.compare_view import ComparisonWindow
from tests.ui.test_compare_view import shown

TEXT = "Mayor Lee told Kim: “bridge opens in May.” The mayor said it."


@pytest.fixture
def project(tmp_path: Path):
    """Both marked Lee, Kim and the QUOTE alike. alice: QUOTE -> source -> Lee; bob: the
    same, and QUOTE -> source -> Kim (only bob linked it)."""
    project = create_project(tmp_path / "links.db")
    project.add_document(Document("doc-1", TEXT, "Mayor Lee"))
    ids: dict[tuple[str, int], int] = {}
    for name in ("alice", "bob"):
        for start, end, label in ((0, 9, "ACTOR"), (15, 18, "ACTOR"), (20, 42, "QUOTE")):
            span = project.add_span(Span("doc-1", name, start, end, label))
            assert span.id is not None
            ids[name, start] = span.id
        project.set_status("doc-1", name, Status.DONE)
    project.add_relation(Relation("doc-1", "alice", ids["alice", 20], ids["alice", 0], "source"))
    project.add_relation(Relation("doc-1", "bob", ids["bob", 20], ids["bob", 0], "source"))
    project.add_relation(Relation("doc-1", "bob", ids["bob", 20], ids["bob", 15], "source"))
    yield project
    project.close()


@pytest.fixture
def compare(qtbot, project: Project) -> ComparisonWindow:
    return shown(qtbot, ComparisonWindow(project, "doc-1", ["alice", "bob"]))


def gold_links(project: Project) -> list[tuple[int, int, str]]:
    starts = {s.id: s.start for s in project.spans("doc-1", GOLD_ANNOTATOR)}
    return sorted(
        (starts[r.head_span_id], starts[r.tail_span_id], r.label)
        for r in project.relations("doc-1", GOLD_ANNOTATOR)
    )


def test_relation_disagreements_are_listed_below_the_span_ones(compare: ComparisonWindow):
    assert compare.disagreements == []  # the spans all agree
    (only_bob,) = compare.relation_list.disagreements
    assert only_bob.kind == RelationKind.ONLY_SOME
    model = compare.relation_list.model
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == [
        "1",
        "only bob linked it",
        "—",
        "QUOTE “bridge opens in May.” → source → ACTOR “Kim”",
        "not started",
    ]
    assert "1 relation disagreement" in compare.statusBar().currentMessage()


def test_keys_accept_a_version_of_the_links_and_undo_it(
    qtbot, compare: ComparisonWindow, project: Project
) -> None:
    qtbot.keyClick(compare, Qt.Key.Key_F9)  # the relation list is the one in use now
    assert compare.relation_list.current_row() == 0 and compare.relation_list.active
    qtbot.keyClick(compare, Qt.Key.Key_2)  # bob's links: gold starts (with the agreed link)
    assert gold_links(project) == [(20, 0, "source"), (20, 15, "source")]
    model = compare.relation_list.model
    assert model.index(0, 4).data().startswith("same as bob: ")
    qtbot.keyClick(compare, Qt.Key.Key_1)  # alice linked nothing there: bob's link goes
    assert gold_links(project) == [(20, 0, "source")]
    assert model.index(0, 4).data() == "same as alice: —"
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold_links(project) == [(20, 0, "source"), (20, 15, "source")]
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold_links(project) == [] and project.spans("doc-1", GOLD_ANNOTATOR) == []


def test_a_link_whose_end_gold_lacks_is_not_made_and_the_window_says_so(
    qtbot, compare: ComparisonWindow, project: Project
) -> None:
    qtbot.keyClick(compare, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # start gold
    kim = next(s for s in project.spans("doc-1", GOLD_ANNOTATOR) if s.start == 15)
    project.delete_span(kim.id)  # the curator took Kim out (another connection)
    compare.refresh()
    qtbot.keyClick(compare, Qt.Key.Key_F9)
    qtbot.keyClick(compare, Qt.Key.Key_2)
    assert gold_links(project) == [(20, 0, "source")]
    assert "1 link of bob's not made" in compare.statusBar().currentMessage()


def test_accepting_a_span_version_brings_its_relations(qtbot, tmp_path: Path) -> None:
    project = create_project(tmp_path / "spans.db")
    project.add_document(Document("d", TEXT, "d"))
    for name, quote_end in (("alice", 42), ("bob", 41)):
        lee = project.add_span(Span("d", name, 0, 9, "ACTOR"))
        quote = project.add_span(Span("d", name, 20, quote_end, "QUOTE"))
        project.add_relation(Relation("d", name, quote.id, lee.id, "source"))
    win = ComparisonWindow(project, "d", ["alice", "bob"])
    qtbot.addWidget(win)
    # The links differ only in the QUOTE's bounds: a span disagreement, not a relation one.
    assert win.relation_list.disagreements == []
    win.accept("bob")
    starts = {s.id: (s.start, s.end) for s in project.spans("d", GOLD_ANNOTATOR)}
    assert [
        (starts[r.head_span_id], starts[r.tail_span_id], r.label)
        for r in project.relations("d", GOLD_ANNOTATOR)
    ] == [((20, 41), (0, 9), "source")]
    project.close()


def test_the_relation_table_is_a_valid_qt_model_through_every_change(
    qtbot, qtmodeltester, compare: ComparisonWindow
) -> None:
    model = compare.relation_list.model
    qtmodeltester.check(model)
    qtbot.keyClick(compare, Qt.Key.Key_F9)
    qtbot.keyClick(compare, Qt.Key.Key_2)  # set_gold
    compare.reload()  # set_rows
    assert model.rowCount() == 1


def test_a_discontinuous_span_is_compared_and_accepted_with_its_fragments(
    qtbot, tmp_path: Path
) -> None:
    project = create_project(tmp_path / "split.db")
    project.add_document(Document("d", TEXT, "d"))
    split = ((20, 27), (35, 42))
    project.add_span(Span("d", "alice", 20, 42, "QUOTE", fragments=split))
    project.add_span(Span("d", "bob", 20, 42, "QUOTE"))  # the same outer bounds, one piece
    win = ComparisonWindow(project, "d", ["alice", "bob"])
    qtbot.addWidget(win)
    # Not agreed: the fragments differ (same label, other stretch).
    assert [d.kind.value for d in win.disagreements] == ["boundary differs"]
    assert win.model.index(0, 3).data() == "QUOTE 20–42 “bridge … n May.”"
    win.accept("alice")
    (gold_span,) = project.spans("d", GOLD_ANNOTATOR)
    assert gold_span.fragments == split
    assert win.model.index(0, 5).data().startswith("same as alice: ")
    project.close()


@pytest.fixture
def label_project(tmp_path: Path):
    """alice links the QUOTE to Lee as its source, bob as its speaker."""
    from annotator.core.model import RelationType

    project = create_project(tmp_path / "labels.db")
    project.add_relation_type(RelationType("speaker", ("QUOTE",), ("ACTOR",), "#336699"))
    project.add_document(Document("doc-1", TEXT, "Mayor Lee"))
    for name, label in (("alice", "source"), ("bob", "speaker")):
        lee = project.add_span(Span("doc-1", name, 0, 9, "ACTOR"))
        quote = project.add_span(Span("doc-1", name, 20, 42, "QUOTE"))
        assert lee.id is not None and quote.id is not None
        project.add_relation(Relation("doc-1", name, quote.id, lee.id, label))
    yield project
    project.close()


def test_a_relation_label_that_differs_is_listed_in_its_own_colour(qtbot, label_project):
    from annotator.ui.relation_disagreement_model import RELATION_KIND_COLORS

    win = ComparisonWindow(label_project, "doc-1", ["alice", "bob"])
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    (differs,) = win.relation_list.disagreements
    assert differs.kind == RelationKind.LABEL
    model = win.relation_list.model
    assert [model.index(0, c).data() for c in range(model.columnCount())] == [
        "1",
        "relation label differs",
        "QUOTE “bridge opens in May.” → source → ACTOR “Mayor Lee”",
        "QUOTE “bridge opens in May.” → speaker → ACTOR “Mayor Lee”",
        "not started",
    ]
    colour = model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole)
    assert colour == RELATION_KIND_COLORS[RelationKind.LABEL]
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)  # the cell, as plain text
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    # Accepting a version takes its label: bob's, then alice's instead.
    qtbot.keyClick(win, Qt.Key.Key_F9)
    qtbot.keyClick(win, Qt.Key.Key_2)
    assert gold_links(label_project) == [(20, 0, "speaker")]
    assert model.index(0, 4).data().startswith("same as bob: ")
    qtbot.keyClick(win, Qt.Key.Key_1)
    assert gold_links(label_project) == [(20, 0, "source")]
    assert model.index(0, 4).data().startswith("same as alice: ")
