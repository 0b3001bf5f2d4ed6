"""Moving the picked span's boundaries in the real window: keys and edge drags, each one
undo step, by words or (snapping off) characters."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import Span
from tests.helpers.projects import ARTICLE

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def pick(window, ui_project, phrase: str, label: str = "ACTOR") -> Span:  # type: ignore[no-untyped-def]
    start = ARTICLE.index(phrase)
    window.tag_range(start, start + len(phrase), label)
    (span,) = [s for s in ui_project.spans("doc-1", "alice") if s.start == start]
    assert window.text_view.current is not None and window.text_view.current.id == span.id
    return span


def bounds(ui_project, span_id: int) -> str:  # type: ignore[no-untyped-def]
    span = ui_project.span(span_id)
    return ARTICLE[span.start : span.end]


def key(qtbot, window, k, modifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text_view, k, modifier)


def test_keys_move_each_boundary_by_a_word_and_undo_one_step_each(qtbot, window, ui_project):
    span = pick(window, ui_project, "Lavrov")
    assert span.id is not None
    key(qtbot, window, Qt.Key.Key_Left, ALT_SHIFT)
    assert bounds(ui_project, span.id) == "met Lavrov"
    key(qtbot, window, Qt.Key.Key_Right, CTRL_ALT)
    assert bounds(ui_project, span.id) == "met Lavrov in"
    key(qtbot, window, Qt.Key.Key_Left, CTRL_ALT)
    assert bounds(ui_project, span.id) == "met Lavrov"
    key(qtbot, window, Qt.Key.Key_Right, ALT_SHIFT)
    assert bounds(ui_project, span.id) == "Lavrov"
    assert "Alt+Shift+←/→ moves its start" in window.statusBar().currentMessage()
    # The span stays picked and keeps its id, label and row.
    assert window.text_view.current is not None and window.text_view.current.id == span.id
    assert window.span_model.rowCount() == 1
    assert window.undo_action.text() == "Undo Move ACTOR start"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert bounds(ui_project, span.id) == "met Lavrov"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert bounds(ui_project, span.id) == "met Lavrov in"
    assert window.text_view.current is not None
    assert window.text_view.spans()[0].end == ARTICLE.index("in Geneva") + 2


def test_with_snapping_off_a_boundary_moves_by_a_character(qtbot, window, ui_project):
    window.snap_action.setChecked(False)
    span = pick(window, ui_project, "Geneva")
    assert span.id is not None
    key(qtbot, window, Qt.Key.Key_Right, CTRL_ALT)
    assert bounds(ui_project, span.id) == "Geneva."
    key(qtbot, window, Qt.Key.Key_Right, ALT_SHIFT)
    assert bounds(ui_project, span.id) == "eneva."


def test_a_move_that_cannot_be_made_says_so(qtbot, window, ui_project):
    key(qtbot, window, Qt.Key.Key_Left, ALT_SHIFT)  # nothing picked
    assert "Pick a span first" in window.statusBar().currentMessage()
    span = pick(window, ui_project, "Kerry")
    key(qtbot, window, Qt.Key.Key_Left, ALT_SHIFT)  # the text's first word
    assert "cannot move further" in window.statusBar().currentMessage()
    assert ui_project.span(span.id) == span
    assert window.history.count() == 1  # the tag only


def edge_point(window, offset: int) -> QPoint:  # type: ignore[no-untyped-def]
    view = window.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.x(), rect.center().y())


def char_point(window, offset: int) -> QPoint:  # type: ignore[no-untyped-def]
    """The middle of the character at `offset`."""
    a, b = edge_point(window, offset), edge_point(window, offset + 1)
    return QPoint((a.x() + b.x()) // 2, a.y())


def test_dragging_the_end_edge_moves_it_snapped_to_words(qtbot, window, ui_project):
    span = pick(window, ui_project, "Kerry")
    assert span.id is not None
    viewport = window.text_view.viewport()
    grab = edge_point(window, span.end)
    qtbot.mouseMove(viewport, grab)
    assert viewport.cursor().shape() == Qt.CursorShape.SizeHorCursor
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grab)
    target = char_point(window, ARTICLE.index("Lavrov") + 2)  # inside "Lavrov"
    qtbot.mouseMove(viewport, target)
    assert window.text_view.selected_range() == (0, ARTICLE.index("Lavrov") + 6)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert bounds(ui_project, span.id) == "Kerry met Lavrov"
    assert window.text_view.selected_range() is None
    assert window.undo_action.text() == "Undo Move ACTOR end"
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert bounds(ui_project, span.id) == "Kerry"


def test_dragging_the_start_edge_and_a_plain_drag_elsewhere_still_selects(
    qtbot, window, ui_project
):
    span = pick(window, ui_project, "Geneva")
    assert span.id is not None
    viewport = window.text_view.viewport()
    grab = edge_point(window, span.start)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grab)
    target = char_point(window, ARTICLE.index("Lavrov") + 1)
    qtbot.mouseMove(viewport, target)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert bounds(ui_project, span.id) == "Lavrov in Geneva"
    # Just outside the picked span's edge, a drag selects text as before (the next word).
    after = edge_point(window, ui_project.span(span.id).end)
    next_word = char_point(window, ARTICLE.index("Kerry", 10) + 2)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=after + QPoint(2, 0))
    qtbot.mouseMove(viewport, next_word)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=next_word)
    assert window.text_view.selected_range() is not None
    assert bounds(ui_project, span.id) == "Lavrov in Geneva"
    # Away from the picked span's edges too.
    start = char_point(window, ARTICLE.index("Friday") + 1)
    end = char_point(window, ARTICLE.index("Friday") + 4)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert window.text_view.selected_range() is not None
    assert bounds(ui_project, span.id) == "Lavrov in Geneva"


def test_a_new_edit_clears_what_the_status_bar_said_of_an_earlier_one(qtbot, window, ui_project):
    pick(window, ui_project, "Lavrov")
    key(qtbot, window, Qt.Key.Key_Left, ALT_SHIFT)
    assert "is now “met Lavrov”" in window.statusBar().currentMessage()
    pick(window, ui_project, "Geneva", "EVENT")  # a new span: the move's message is old news
    assert "is now" not in window.statusBar().currentMessage()


def test_an_edge_dropped_in_the_room_above_a_line_lands_on_its_text(qtbot, window, ui_project):
    """With the label tags on, the room above each line is over the line's text (a drop
    there used to take the start of the line)."""
    window.label_names_action.trigger()
    view = window.text_view
    assert view.line_space.space_above > 4
    span = pick(window, ui_project, "Kerry")
    viewport = view.viewport()
    grab = edge_point(window, span.end)
    qtbot.mouseMove(viewport, grab)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grab)
    inside = char_point(window, ARTICLE.index("Lavrov") + 2)
    target = QPoint(inside.x(), edge_point(window, 0).y() - view.fontMetrics().height() // 2 - 3)
    assert view.cursorForPosition(target).position() != ARTICLE.index("Lavrov") + 2
    qtbot.mouseMove(viewport, target)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert bounds(ui_project, span.id) == "Kerry met Lavrov"
