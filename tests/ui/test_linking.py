"""Linking spans in the window, as a user does it: real selections and key presses, the
real project file underneath (relations, undo and redo, the relations list, the overlay's
partners, hovering, fragments)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from annotator.core.model import Relation, Span
from annotator.store.relations import add_relation, relations
from annotator.ui.link_mode import candidates
from annotator.ui.linking import with_fragment, without_fragment
from tests.helpers.window_keys import CTRL, REDO, press, tag


@pytest.fixture(autouse=True)
def exact_selections(window):  # type: ignore[no-untyped-def]
    """These tests link the spans they select, quote marks and all: snapping off."""
    window.snap_action.setChecked(False)


def stored(project) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return [(r.head_span_id, r.tail_span_id, r.label) for r in relations(project, "doc-1", "alice")]


def quote_and_speakers(qtbot, window):  # type: ignore[no-untyped-def]
    first = tag(qtbot, window, "Kerry", Qt.Key.Key_1)
    lavrov = tag(qtbot, window, "Lavrov", Qt.Key.Key_1)
    speaker = tag(qtbot, window, "Kerry", Qt.Key.Key_1, occurrence=1)
    quote = tag(qtbot, window, "“We will talk,”", Qt.Key.Key_2)
    return quote, speaker, lavrov, first


def test_l_then_a_digit_links_the_picked_quote_and_undo_redo_cover_it(qtbot, window, ui_project):
    quote, speaker, lavrov, first = quote_and_speakers(qtbot, window)
    assert window.text_view.current.id == quote.id
    press(qtbot, window, Qt.Key.Key_L)
    mode = window.linking.link_mode
    assert mode.active
    # Nearest first: the Kerry after the quote, then Lavrov and the first Kerry.
    assert [s.id for s in mode.overlay.candidates] == [speaker.id, lavrov.id, first.id]
    press(qtbot, window, Qt.Key.Key_1)  # a label key otherwise: here it picks candidate 1
    assert not mode.active
    assert stored(ui_project) == [(quote.id, speaker.id, "source")]
    assert [s.label for s in ui_project.spans("doc-1", "alice")].count("ACTOR") == 3  # no tag
    model = window.linking.relation_model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "QUOTE “We will talk,” → source → ACTOR Kerry"
    assert window.linking.hover_text(quote) == ["said by Kerry"]
    assert window.linking.hover_text(speaker) == ["said “We will talk,”"]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(ui_project) == [] and model.rowCount() == 0
    press(qtbot, window, Qt.Key.Key_Z, REDO)
    assert stored(ui_project) == [(quote.id, speaker.id, "source")] and model.rowCount() == 1


def test_tab_and_enter_pick_a_farther_candidate_and_esc_cancels(qtbot, window, ui_project):
    quote, _speaker, lavrov, _first = quote_and_speakers(qtbot, window)
    window.select_span(quote)
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.linking.link_mode.active and stored(ui_project) == []
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Backtab)
    press(qtbot, window, Qt.Key.Key_Return)
    assert stored(ui_project) == [(quote.id, lavrov.id, "source")]


def test_a_span_no_type_starts_from_says_so(qtbot, window, ui_project):
    tag(qtbot, window, "Kerry", Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_L)
    assert not window.linking.link_mode.active
    assert "No relation type starts at a ACTOR" in window.statusBar().currentMessage()


def test_relations_list_deletes_with_delete_and_undo_brings_it_back(qtbot, window, ui_project):
    quote, speaker, *_ = quote_and_speakers(qtbot, window)
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_R, CTRL)  # to the relations list
    view = window.linking.relation_view
    assert view.hasFocus() and view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # the relation, not the picked span
    assert stored(ui_project) == []
    assert len(ui_project.spans("doc-1", "alice")) == 4
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert stored(ui_project) == [(quote.id, speaker.id, "source")]
    assert window.linking.relation_model.rowCount() == 1


def test_arrows_in_the_relations_list_pick_each_relations_head(qtbot, window, ui_project):
    quote, _speaker, _lavrov, _first = quote_and_speakers(qtbot, window)
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)
    claim = tag(qtbot, window, "Kerry met Lavrov", Qt.Key.Key_4)
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_3)  # the first Kerry, inside it, is 1; Lavrov 2; ...
    window.select_span(None)
    press(qtbot, window, Qt.Key.Key_R, CTRL)
    view = window.linking.relation_view
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.text_view.current.id == quote.id and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert window.text_view.current.id == claim.id
    qtbot.keyClick(view, Qt.Key.Key_Return)  # to the text, the head picked
    assert window.text_view.hasFocus() and window.text_view.current.id == claim.id
    press(qtbot, window, Qt.Key.Key_R, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # back to the text, nothing changed
    assert window.text_view.hasFocus() and window.text_view.current.id == claim.id


# A real menu, offscreen: Qt says it cannot grab the keyboard or raise the popup.
@pytest.mark.qt_log_ignore("grabbing the keyboard", r"raise\(\)")
def test_r_relabels_a_relation_by_the_types_key(qtbot, window, ui_project):
    from annotator.core.model import RelationType

    ui_project.add_relation_type(RelationType("cue", ("QUOTE",), ("ACTOR",), "#123456", key="u"))
    ui_project.add_relation_type(RelationType("quoted", ("QUOTE",), ("ACTOR",), "#654321", key="q"))
    window.controller.open_document("doc-1")  # the types are read when a layer opens
    quote, speaker, *_ = quote_and_speakers(qtbot, window)
    keys = iter("uq")
    shown = []

    def popup(menu, where):  # type: ignore[no-untyped-def]
        # The real menu, answered by a type's key (its accelerator) as a user would.
        shown.append([a.text() for a in menu.actions()])
        key = next(keys)
        QTimer.singleShot(0, lambda: qtbot.keyClicks(menu, key))
        menu.exec(where)
        window.activateWindow()  # offscreen, a closed popup leaves no active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    window._popup = popup
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)  # three types fit: the menu asks which
    assert [t.split()[:2] for t in shown[0]] == [["&s", "source"], ["&u", "cue"], ["&q", "quoted"]]
    assert stored(ui_project) == [(quote.id, speaker.id, "cue")]
    press(qtbot, window, Qt.Key.Key_R, CTRL)
    view = window.linking.relation_view
    assert view.hasFocus(), QApplication.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_R)  # two other types: the menu again
    assert [t.split()[1] for t in shown[1]] == ["source", "quoted"]
    assert stored(ui_project) == [(quote.id, speaker.id, "quoted")]
    model = window.linking.relation_model
    assert "→ quoted →" in model.data(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert stored(ui_project) == [(quote.id, speaker.id, "cue")]
    qtbot.keyClick(view, Qt.Key.Key_Z, REDO)
    assert stored(ui_project) == [(quote.id, speaker.id, "quoted")]


def test_deleting_a_span_takes_its_relations_and_undo_brings_them_back(qtbot, window, ui_project):
    quote, speaker, *_ = quote_and_speakers(qtbot, window)
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)
    window.select_span(window.layer_model.span(speaker.id))
    press(qtbot, window, Qt.Key.Key_Delete)
    assert stored(ui_project) == [] and window.linking.relation_model.rowCount() == 0
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(ui_project) == [(quote.id, speaker.id, "source")]
    assert window.layer_model.relations_of(speaker.id)[0].label == "source"
    assert window.linking.relation_model.rowCount() == 1


def test_a_quote_is_linked_to_a_speaker_three_paragraphs_away(qtbot, window, ui_project):
    """Across paragraphs, nearest first: the speaker three paragraphs down is candidate 1
    (the nearest ACTOR)."""
    from annotator.core.model import Document

    text = (
        "“We are ready,” the minister wrote.\n\n"
        + "Some other paragraph without names.\n\n" * 3
        + "The statement came from Kerry, on Friday.\n\nLavrov said nothing.\n"
    )
    ui_project.add_document(Document("far", text, "far"))
    window.documents.reload()
    window.controller.open_document("far")
    speaker = tag(qtbot, window, "Kerry", Qt.Key.Key_1)
    tag(qtbot, window, "Lavrov", Qt.Key.Key_1)
    quote = tag(qtbot, window, "“We are ready,”", Qt.Key.Key_2)
    window.select_span(None)
    # Three key presses: U picks the quote without a source, L numbers the ACTORs, 1.
    press(qtbot, window, Qt.Key.Key_U)
    assert window.text_view.current.id == quote.id
    press(qtbot, window, Qt.Key.Key_L)
    assert window.linking.link_mode.overlay.candidates[0].id == speaker.id
    press(qtbot, window, Qt.Key.Key_1)
    found = relations(ui_project, "far", "alice")
    assert [(r.head_span_id, r.tail_span_id) for r in found] == [(quote.id, speaker.id)]


def test_ctrl_drag_from_span_to_span_links_them(qtbot, window, ui_project):
    quote, speaker, *_ = quote_and_speakers(qtbot, window)
    view = window.text_view

    def point_of(span: Span) -> QPointF:
        cursor = view.textCursor()
        cursor.setPosition(view.offsets.to_qt(span.start + 2))
        return QPointF(view.cursorRect(cursor).center())

    viewport = view.viewport()
    a, b = point_of(quote), point_of(speaker)
    for kind, point, buttons in (
        (QEvent.Type.MouseButtonPress, a, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, b, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind, point, viewport.mapToGlobal(point), Qt.MouseButton.LeftButton, buttons, CTRL
        )
        QApplication.sendEvent(viewport, event)
    assert stored(ui_project) == [(quote.id, speaker.id, "source")]


def test_span_menu_link_to_starts_link_mode(qtbot, window, ui_project):
    quote, speaker, *_ = quote_and_speakers(qtbot, window)
    window._popup = lambda menu, where: next(
        a for a in menu.actions() if a.text() == "Link to…"
    ).trigger()
    window.menus.show_span_list_menu(window.span_model.row_of(quote), QPoint(0, 0))
    assert window.linking.link_mode.active
    press(qtbot, window, Qt.Key.Key_1)
    assert stored(ui_project) == [(quote.id, speaker.id, "source")]


def test_picking_a_linked_span_draws_its_partner(qtbot, window, ui_project):
    """The partner is outlined in the relation type's colour (#B07AA1 for source)."""
    quote, _speaker, *_ = quote_and_speakers(qtbot, window)
    window.select_span(None)
    before = window.text_view.viewport().grab().toImage()
    window.select_span(window.layer_model.span(quote.id))
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)
    window.select_span(window.layer_model.span(quote.id))
    after = window.text_view.viewport().grab().toImage()

    def purple(image: QImage) -> int:
        return sum(
            1
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
            if abs(image.pixelColor(x, y).red() - 0xB0) < 12
            and abs(image.pixelColor(x, y).green() - 0x7A) < 12
            and abs(image.pixelColor(x, y).blue() - 0xA1) < 12
        )

    assert purple(before) == 0 and purple(after) > 10
    assert window.linking.relation_model.picked_rows() == [0]


def test_another_programs_relation_shows_after_the_poll(qtbot, window, ui_project):
    quote, speaker, *_ = quote_and_speakers(qtbot, window)
    add_relation(ui_project, Relation("doc-1", "alice", quote.id, speaker.id, "source"))
    assert window.check_external_changes()
    assert [r.label for r in window.layer_model.relations()] == ["source"]
    assert window.linking.relation_model.rowCount() == 1


def test_candidates_are_nearest_first_and_only_allowed_labels(window):
    layer = window.layer_model
    text = "Kerry said “yes” to Lavrov at the summit."
    spans = [
        Span("d", "a", 0, 5, "ACTOR", id=1),
        Span("d", "a", 11, 16, "QUOTE", id=2),
        Span("d", "a", 20, 26, "ACTOR", id=3),
        Span("d", "a", 34, 40, "EVENT", id=4),
    ]
    layer.reset(("d", "a"), text, spans)
    layer.set_relations([], window.project.relation_types())
    assert [s.id for s in candidates(layer, spans[1])] == [3, 1]
    assert [s.id for s in candidates(layer, spans[3])] == [3, 1]
    assert candidates(layer, spans[0]) == []


def test_without_fragment_takes_out_the_piece_holding_an_offset():
    two = Span("d", "a", 10, 40, "QUOTE", fragments=((10, 20), (30, 40)))
    assert without_fragment(two, 12) == (30, 40, ())
    assert without_fragment(two, 40) == (10, 20, ())  # the cursor just after a piece
    assert without_fragment(two, 25) is None  # in the gap
    three = Span("d", "a", 0, 40, "QUOTE", fragments=((0, 5), (10, 20), (30, 40)))
    assert without_fragment(three, 15) == (0, 40, ((0, 5), (30, 40)))
    assert without_fragment(Span("d", "a", 0, 5, "QUOTE"), 2) is None


def test_with_fragment_merges_and_sorts_pieces():
    span = Span("d", "a", 10, 20, "QUOTE")
    assert with_fragment(span, 30, 40) == (10, 40, ((10, 20), (30, 40)))
    assert with_fragment(span, 0, 5) == (0, 20, ((0, 5), (10, 20)))
    two = Span("d", "a", 10, 40, "QUOTE", fragments=((10, 20), (30, 40)))
    assert with_fragment(two, 20, 30) == (10, 40, ())
    assert with_fragment(two, 15, 35) == (10, 40, ())


SPLIT = "“We are not a party,” he said, “but a movement.”\n"


def open_split(qtbot, window, ui_project):  # type: ignore[no-untyped-def]
    from annotator.core.model import Document

    ui_project.add_document(Document("split", SPLIT, "split"))
    window.documents.reload()
    window.controller.open_document("split")


def test_f_adds_the_selection_as_a_fragment_in_one_undo_step(qtbot, window, ui_project):
    open_split(qtbot, window, ui_project)
    he = tag(qtbot, window, "he", Qt.Key.Key_1)
    quote = tag(qtbot, window, "“We are not a party,”", Qt.Key.Key_2)
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)  # its source, kept through the fragment's change
    second = SPLIT.index("“but")
    window.text_view.select_range(second, len(SPLIT) - 1)
    press(qtbot, window, Qt.Key.Key_F)
    first = (0, len("“We are not a party,”"))
    (stored_quote,) = [s for s in ui_project.spans("split", "alice") if s.label == "QUOTE"]
    assert stored_quote.id == quote.id
    assert stored_quote.fragments == (first, (second, len(SPLIT) - 1))
    # One span, one row, its pieces joined by "…"
    assert window.span_model.rowCount() == 2
    row = window.span_model.row_of(stored_quote)
    assert window.span_model.data(window.span_model.index(row, 1)) == (
        "“We are not a party,” … “but a movement.”"
    )
    assert (
        window.span_model.data(window.span_model.index(row, 2))
        == f"0–21, {second}–{len(SPLIT) - 1}"
    )
    assert window.text_view.current.fragments == stored_quote.fragments
    assert [(r.head_span_id, r.tail_span_id) for r in relations(ui_project, "split", "alice")] == [
        (quote.id, he.id)
    ]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # one step: the quote as it was
    assert [s for s in ui_project.spans("split", "alice") if s.label == "QUOTE"] == [quote]
    press(qtbot, window, Qt.Key.Key_Z, REDO)
    (again,) = [s for s in ui_project.spans("split", "alice") if s.label == "QUOTE"]
    assert again.fragments == stored_quote.fragments


def test_shift_f_takes_the_piece_at_the_cursor_out(qtbot, window, ui_project):
    open_split(qtbot, window, ui_project)
    quote = tag(qtbot, window, "“We are not a party,”", Qt.Key.Key_2)
    second = SPLIT.index("“but")
    window.text_view.select_range(second, len(SPLIT) - 1)
    press(qtbot, window, Qt.Key.Key_F)
    cursor = window.text_view.textCursor()
    cursor.setPosition(window.text_view.offsets.to_qt(3))  # in the first piece
    window.text_view.setTextCursor(cursor)
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier)
    (left,) = ui_project.spans("split", "alice")
    assert (left.id, left.start, left.end, left.fragments) == (
        quote.id,
        second,
        len(SPLIT) - 1,
        (),
    )
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(ui_project.spans("split", "alice")[0].fragments) == 2
    cursor.setPosition(window.text_view.offsets.to_qt(SPLIT.index("he said")))  # the gap
    window.text_view.setTextCursor(cursor)
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier)
    assert len(ui_project.spans("split", "alice")[0].fragments) == 2
    assert "press Shift+F" in window.statusBar().currentMessage()


def test_f_without_a_picked_span_or_a_selection_says_what_to_do(qtbot, window, ui_project):
    open_split(qtbot, window, ui_project)
    press(qtbot, window, Qt.Key.Key_F)
    assert "press F to add it as a fragment" in window.statusBar().currentMessage()
    assert ui_project.spans("split", "alice") == []


def test_hovering_a_linked_quote_says_who_said_it(qtbot, window, ui_project):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    quote, _speaker, *_ = quote_and_speakers(qtbot, window)
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_1)
    view = window.text_view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(quote.start + 3))
    point = view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "said by Kerry" in QToolTip.text() and "QUOTE" in QToolTip.text()
    QToolTip.hideText()
