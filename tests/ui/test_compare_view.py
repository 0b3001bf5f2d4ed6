"""The side-by-side comparison and gold adjudication, through real key presses."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.disagreements import Kind
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR, Document, Relation, Span, Status
from annotator.store.project import Project, create_project, open_project
from annotator.store.relations import add_relation, relations
from annotator.ui.compare_view import ComparisonWindow
from annotator.ui.plain import as_tooltip
from tests.helpers.table_columns import assert_columns_fit, columns_outside

TEXT = "Mayor Lee told Kim: bridge opens in May."
A = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
B = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]


@pytest.fixture
def project(tmp_path: Path):
    project = create_project(tmp_path / "review.db")
    # Long enough that the disagreement near the end is off screen at first.
    text = TEXT + "\n" + "\n".join(f"Paragraph {i} of filler." for i in range(300))
    project.add_document(Document("doc-1", text, "Mayor Lee"))
    end = len(text)
    for name, spans in (("alice", [*A, (end - 6, end, "EVENT")]), ("bob", B)):
        for s, e, label in spans:
            project.add_span(Span("doc-1", name, s, e, label))
        project.set_status("doc-1", name, Status.DONE)
    yield project
    project.close()


@pytest.fixture
def compare(qtbot, project: Project) -> ComparisonWindow:
    return shown(qtbot, ComparisonWindow(project, "doc-1", ["alice", "bob"]))


def gold(project: Project) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.spans("doc-1", GOLD_ANNOTATOR)]


def test_every_disagreement_is_listed_and_marked_in_every_column(
    compare: ComparisonWindow,
) -> None:
    kinds = [d.kind for d in compare.disagreements]
    assert kinds == [Kind.LABEL, Kind.ONLY_SOME, Kind.BOUNDARY, Kind.ONLY_SOME]
    assert compare.model.rowCount() == 4
    for name in ("alice", "bob", GOLD_ANNOTATOR):
        marks = compare.views[name].marks()
        assert [(s, e) for s, e, _ in marks] == [(d.start, d.end) for d in compare.disagreements]
    row = [compare.model.index(0, c).data() for c in range(compare.model.columnCount())]
    assert row == [
        "1",
        "10–14",
        "label differs",
        "EVENT 10–14 “told”",
        "CLAIM 10–14 “told”",
        "not started",
    ]
    assert compare.model.index(1, 2).data() == "only bob marked it"
    assert compare.headers["alice"].text() == "1 · alice (done, 4 spans)"
    assert compare.headers[GOLD_ANNOTATOR].text() == "gold (new, 0 spans)"


def test_keys_accept_versions_step_and_undo(qtbot, compare: ComparisonWindow, project) -> None:
    assert compare.current_row() == 0
    qtbot.keyClick(compare, Qt.Key.Key_2)  # bob's label, and gold starts from the agreed span
    assert gold(project) == [(0, 9, "ACTOR"), (10, 14, "CLAIM")]
    assert compare.current_row() == 1
    qtbot.keyClick(compare, Qt.Key.Key_1)  # alice marked nothing at 15-18: gold stays empty
    qtbot.keyClick(compare, Qt.Key.Key_2)  # bob's QUOTE boundary
    assert gold(project) == [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (20, 39, "QUOTE")]
    assert compare.model.index(2, 5).data() == "same as bob: QUOTE 20–39 “bridge opens in May”"
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(project) == [(0, 9, "ACTOR"), (10, 14, "CLAIM")]
    assert compare.model.index(2, 5).data() == "none chosen"
    assert compare.current_row() == 2  # undo goes back to the disagreement it undid
    qtbot.keyClick(
        compare,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert gold(project)[-1] == (20, 39, "QUOTE")
    # The gold column shows what the store holds.
    assert compare.gold_spans() == project.spans("doc-1", GOLD_ANNOTATOR)
    qtbot.keyClick(compare, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert compare.current_row() == 1
    qtbot.keyClick(compare, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert project.status("doc-1", GOLD_ANNOTATOR) == Status.DONE
    assert compare.headers[GOLD_ANNOTATOR].text() == "gold (done, 3 spans)"
    # Marking curated is undone first, before any accepted version.
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.status("doc-1", GOLD_ANNOTATOR) == Status.IN_PROGRESS
    assert len(gold(project)) == 3


def test_undo_of_an_accepted_version_brings_back_gold_relations(
    qtbot, compare: ComparisonWindow, project
) -> None:
    """A gold span with a relation (an imported gold layer has them) replaced by another
    version: undo restores the relation with the span, redo removes it again (issue 10)."""
    qtbot.keyClick(compare, Qt.Key.Key_2)  # bob's CLAIM 10-14
    actor, claim = project.spans("doc-1", GOLD_ANNOTATOR)
    linked = add_relation(project, Relation("doc-1", GOLD_ANNOTATOR, claim.id, actor.id, "BY"))
    qtbot.keyClick(compare, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(compare, Qt.Key.Key_1)  # alice's EVENT replaces the CLAIM
    assert gold(project) == [(0, 9, "ACTOR"), (10, 14, "EVENT")]
    assert relations(project, "doc-1", GOLD_ANNOTATOR) == []
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.spans("doc-1", GOLD_ANNOTATOR) == [actor, claim]
    assert relations(project, "doc-1", GOLD_ANNOTATOR) == [linked]
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(compare, Qt.Key.Key_Z, redo)
    assert relations(project, "doc-1", GOLD_ANNOTATOR) == []
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert relations(project, "doc-1", GOLD_ANNOTATOR) == [linked]


def test_stepping_scrolls_every_column_to_the_disagreement(qtbot, compare) -> None:
    bars = [view.verticalScrollBar() for view in compare.views.values()]
    assert {bar.value() for bar in bars} == {0}
    qtbot.keyClick(compare, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)  # wraps to last
    assert compare.current_row() == 3
    assert bars[0].value() > 0
    assert len({bar.value() for bar in bars}) == 1
    last = compare.disagreements[3]
    for view in compare.views.values():
        assert view.textCursor().position() == 0  # only the view scrolls, the caret stays
        at = QTextCursor(view.document())
        at.setPosition(view.offsets.span_to_qt(last.start, last.end)[0])
        assert view.viewport().rect().contains(view.cursorRect(at))


def test_gold_edited_elsewhere_is_picked_up_on_activation(
    qtbot, compare: ComparisonWindow, project: Project
) -> None:
    qtbot.keyClick(compare, Qt.Key.Key_1)
    with open_project(project.path) as other:  # another window or the CLI
        other.add_span(Span("doc-1", GOLD_ANNOTATOR, 15, 18, "ACTOR"))
    compare.changeEvent(QEvent(QEvent.Type.ActivationChange))  # the curator comes back
    assert (15, 18, "ACTOR") in {(s.start, s.end, s.label) for s in compare.gold_spans()}
    assert compare.model.index(1, 5).data() == "same as bob: ACTOR 15–18 “Kim”"
    assert not compare.history.can_undo()
    assert "undo history" in compare.statusBar().currentMessage()


def test_needs_two_annotators(project: Project) -> None:
    with pytest.raises(AnnotatorError, match="two annotators"):
        ComparisonWindow(project, "doc-1", ["alice", GOLD_ANNOTATOR])
    with pytest.raises(AnnotatorError, match="at most 9 annotators side by side, not 10"):
        ComparisonWindow(project, "doc-1", [f"annotator-{i}" for i in range(10)])


def test_gold_started_elsewhere_is_shown_as_stored_after_an_accept(
    qtbot, compare: ComparisonWindow, project: Project
) -> None:
    with open_project(project.path) as other:  # another instance starts gold meanwhile
        other.add_span(Span("doc-1", GOLD_ANNOTATOR, 20, 40, "QUOTE"))
    qtbot.keyClick(compare, Qt.Key.Key_2)  # the window still thinks gold is not started
    assert compare.gold_spans() == project.spans("doc-1", GOLD_ANNOTATOR)
    assert compare.headers[GOLD_ANNOTATOR].text() == "gold (in progress, 2 spans)"


def test_starting_gold_can_be_undone(qtbot, compare: ComparisonWindow, project) -> None:
    qtbot.keyClick(compare, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert gold(project) == [(0, 9, "ACTOR")]
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(project) == []
    assert compare.gold_spans() == []


def test_columns_of_different_widths_all_show_the_current_disagreement(
    qtbot, compare: ComparisonWindow
) -> None:
    splitter = compare.views["alice"].parentWidget().parentWidget()
    splitter.setSizes([700, 200, 350])

    def widths() -> set[int]:
        return {view.viewport().width() for view in compare.views.values()}

    qtbot.waitUntil(lambda: len(widths()) == len(compare.views))  # each column has its width
    compare.go_to(3)
    last = compare.disagreements[3]
    for name, view in compare.views.items():
        at = QTextCursor(view.document())
        at.setPosition(view.offsets.span_to_qt(last.start, last.end)[0])
        assert view.viewport().rect().contains(view.cursorRect(at)), name


def test_labels_narrow_the_disagreements_but_not_the_columns(qtbot, project) -> None:
    win = ComparisonWindow(project, "doc-1", ["alice", "bob"], labels=["QUOTE"])
    qtbot.addWidget(win)
    assert [d.kind for d in win.disagreements] == [Kind.BOUNDARY]
    assert len(win.views["alice"].spans()) == 4


def test_a_layer_changed_elsewhere_is_compared_anew_on_activation(
    compare: ComparisonWindow, project: Project
) -> None:
    with open_project(project.path) as other:  # bob fixes his label elsewhere
        bob_claim = next(s for s in other.spans("doc-1", "bob") if s.label == "CLAIM")
        other.update_span(bob_claim.id, label="EVENT")
    compare.changeEvent(QEvent(QEvent.Type.ActivationChange))
    assert Kind.LABEL not in [d.kind for d in compare.disagreements]
    assert compare.model.rowCount() == 3


def test_tooltips_show_article_text_literally(qtbot, tmp_path) -> None:
    project = create_project(tmp_path / "html.db")
    project.add_document(Document("d", "<b>Mayor</b> <img src=x> spoke.", "html"))
    project.add_span(Span("d", "alice", 0, 12, "ACTOR"))
    project.add_span(Span("d", "bob", 0, 12, "EVENT"))
    win = ComparisonWindow(project, "d", ["alice", "bob"])
    qtbot.addWidget(win)
    tip = win.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Mayor&lt;/b&gt;" in tip and "<b>" not in tip
    project.close()


def test_the_disagreement_table_is_a_valid_qt_model_through_every_change(
    qtbot, qtmodeltester, compare: ComparisonWindow, project: Project
) -> None:
    qtmodeltester.check(compare.model)  # Qt's tester follows every change below too
    assert compare.model.rowCount() == 4 and compare.model.columnCount() == 6
    qtbot.keyClick(compare, Qt.Key.Key_2)  # gold starts and takes bob's version: set_gold
    assert compare.model.index(0, 5).data().startswith("same as bob: ")
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with open_project(project.path) as other:  # a layer changed elsewhere: set_rows anew
        bob_claim = next(s for s in other.spans("doc-1", "bob") if s.label == "CLAIM")
        other.update_span(bob_claim.id, label="EVENT")
    compare.changeEvent(QEvent(QEvent.Type.ActivationChange))
    assert compare.model.rowCount() == 3


def visible_boxes(win: ComparisonWindow) -> list[str]:
    return [box.text() for box in win.findChildren(QMessageBox) if box.isVisible()]


def test_an_undo_after_another_connection_changed_gold_changes_nothing(
    qtbot, compare: ComparisonWindow, project: Project
) -> None:
    """No activation in between (the window stayed active): the undo itself looks first."""
    qtbot.keyClick(compare, Qt.Key.Key_2)  # gold starts, bob's CLAIM accepted
    with open_project(project.path) as other:
        other.add_span(Span("doc-1", GOLD_ANNOTATOR, 15, 18, "ACTOR"))
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(project) == [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR")]
    assert compare.gold_spans() == project.spans("doc-1", GOLD_ANNOTATOR)
    assert not compare.history.can_undo()
    assert any(text.startswith("Nothing was undone") for text in visible_boxes(compare))


def test_another_layer_changed_elsewhere_keeps_the_gold_undo_history(
    qtbot, compare: ComparisonWindow, project: Project
) -> None:
    qtbot.keyClick(compare, Qt.Key.Key_2)
    with open_project(project.path) as other:  # alice adds a span elsewhere: gold is as shown
        other.add_span(Span("doc-1", "alice", 15, 18, "ACTOR"))
    compare.changeEvent(QEvent(QEvent.Type.ActivationChange))
    assert compare.history.undo_text() == "Accept bob's version"
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(project) == [(0, 9, "ACTOR")]
    assert compare.undo_action.text() == "Undo Start gold"
    assert not visible_boxes(compare)


def test_an_undo_the_store_refuses_is_shown_and_dropped(
    qtbot, compare: ComparisonWindow, project: Project
) -> None:
    qtbot.keyClick(compare, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    project.set_status("doc-1", GOLD_ANNOTATOR, Status.IN_PROGRESS)  # the main window, say
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert any(text.startswith("Could not mark gold done") for text in visible_boxes(compare))
    assert compare.history.undo_text() == "Start gold"  # the refused entry is gone
    assert compare.headers[GOLD_ANNOTATOR].text() == "gold (in progress, 1 span)"


def test_undoing_the_start_of_gold_makes_it_not_started_again(
    qtbot, compare: ComparisonWindow, project: Project
) -> None:
    qtbot.keyClick(compare, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(compare, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.status("doc-1", GOLD_ANNOTATOR) == Status.NEW
    assert compare.headers[GOLD_ANNOTATOR].text() == "gold (new, 0 spans)"
    assert compare.model.index(0, 5).data() == "not started"
    qtbot.keyClick(compare, Qt.Key.Key_2)  # starts again from the agreed spans
    assert gold(project) == [(0, 9, "ACTOR"), (10, 14, "CLAIM")]


# -- the lists at the window's size ---------------------------------------------------------

LONG = (
    "The Minister of Foreign Affairs of the Republic told reporters on Tuesday that the "
    "long-delayed talks with the neighbouring states would resume next week in Geneva. "
    "“We are ready to talk about everything, the border included,” said Anna Berg-Lindqvist, "
    "the spokeswoman for the ministry."
)


@pytest.fixture
def three(tmp_path: Path):
    """alice, bob and carol disagree in every way on long phrases, and link differently."""
    project = create_project(tmp_path / "three.db")
    project.add_document(Document("d", LONG, "A title " * 20))

    def at(phrase: str) -> tuple[int, int]:
        start = LONG.index(phrase)
        return start, start + len(phrase)

    minister = at("The Minister of Foreign Affairs of the Republic")
    talks = at("the long-delayed talks with the neighbouring states would resume")
    quote = at("“We are ready to talk about everything, the border included,”")
    berg = at("Anna Berg-Lindqvist, the spokeswoman for the ministry")
    layers = {
        "alice": [(minister, "ACTOR"), (talks, "EVENT"), (quote, "QUOTE"), (berg, "ACTOR")],
        "bob": [(minister, "ACTOR"), (talks, "CLAIM"), (quote, "QUOTE")],
        "carol": [((minister[0] + 4, minister[1]), "ACTOR"), (quote, "QUOTE"), (berg, "ACTOR")],
    }
    for name, spans in layers.items():
        ids = {}
        for (start, end), label in spans:
            ids[label, start] = project.add_span(Span("d", name, start, end, label)).id
        actor = ids.get(("ACTOR", berg[0])) or ids[next(k for k in ids if k[0] == "ACTOR")]
        project.add_relation(Relation("d", name, ids["QUOTE", quote[0]], actor, "source"))
        project.set_status("d", name, Status.DONE)
    yield project
    project.close()


def shown(qtbot, win: ComparisonWindow) -> ComparisonWindow:
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


@pytest.mark.parametrize("size", [None, (1280, 800), (1300, 850), (1000, 700)])
def test_every_column_of_both_lists_is_in_view_or_elided_with_its_text(
    qtbot, three: Project, size: tuple[int, int] | None
) -> None:
    """The user trial: bob's and gold's columns were off the edge of the span list, and the
    gold cells cut to "— (same as …". Now each list spans the window, every column is in
    view, and a cell cut short has its whole text, as plain text, in its tooltip."""
    win = ComparisonWindow(three, "d", ["alice", "bob", "carol"])
    if size is None:  # the default: 1300 × 850, or the screen if that is smaller
        screen = win.screen().availableGeometry()
        assert (win.width(), win.height()) == (min(1300, screen.width()), min(850, screen.height()))
    else:
        win.resize(*size)
    shown(qtbot, win)
    qtbot.keyClick(win, Qt.Key.Key_1)  # gold starts: its cells name whose version it holds
    assert win.relation_list.model.rowCount() > 0
    for table in (win.table, win.relation_list.table):
        qtbot.waitUntil(lambda t=table: not columns_outside(t))
        assert table.width() >= win.width() - 10  # the window's whole width
        cut = assert_columns_fit(table)
        assert not [c for _, c in cut if c < table.model().KIND_COLUMN + 1]  # the kind whole
    header = win.table.horizontalHeader()
    versions = [header.sectionSize(c) for c in range(3, 7)]  # alice, bob, carol, Gold
    assert min(versions) > header.sectionSize(1)  # the versions get the room, not "Where"
    # Whose version gold holds comes first, and shows even where the version is cut short.
    who = "same as alice, bob:"
    assert win.model.index(0, 6).data().startswith(who)
    assert win.table.fontMetrics().horizontalAdvance(who) < header.sectionSize(6)


def test_a_long_annotator_name_is_elided_in_the_header_with_a_tooltip(
    qtbot, three: Project
) -> None:
    long_name = "<b>" + "Bartholomew-" * 6 + "</b>"
    for span in three.spans("d", "bob"):
        three.add_span(Span("d", long_name, span.start, span.end, span.label))
    win = shown(qtbot, ComparisonWindow(three, "d", ["alice", long_name, "carol"]))
    win.resize(1000, 700)
    qtbot.waitUntil(lambda: not columns_outside(win.table))
    column = win.model.columns.index(long_name)
    header = win.table.horizontalHeader()
    assert header.sectionSizeHint(column) > header.sectionSize(column)  # cut short
    tip = win.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == as_tooltip(long_name) and "&lt;b&gt;" in tip
