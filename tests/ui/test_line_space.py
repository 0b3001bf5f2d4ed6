"""Room above every line of the text view (the label tags' place): lines wrapped or not move
apart, blank lines keep their height, no room is Qt's layout exactly, and what the view
does with positions (hit tests, caret, scrolling) follows the lines."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF

from annotator.core.labels import default_labels
from annotator.core.model import Span
from annotator.ui.text_view import SpanTextView

WORDS = "Kerry met Lavrov in Geneva on Friday, officials said, and talks went on. "
TEXT = "\n\n".join(f"{n}: {WORDS * 6}" for n in range(300))


def make_view(qtbot) -> SpanTextView:  # type: ignore[no-untyped-def]
    view = SpanTextView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    kerry = [i for i in range(len(TEXT)) if TEXT.startswith("Kerry", i)]
    spans = [Span("d", "a", i, i + 5, "ACTOR", id=n + 1) for n, i in enumerate(kerry)]
    view.set_document(TEXT, spans, default_labels())
    return view


def line_tops(view: SpanTextView, block_number: int) -> list[float]:
    block = view.document().findBlockByNumber(block_number)
    view.blockBoundingRect(block)  # as Qt does before it reads a block's lines
    layout = block.layout()
    return [layout.lineAt(n).y() for n in range(layout.lineCount())]


def test_every_line_of_text_gets_the_room_and_blank_lines_keep_their_height(qtbot):
    view = make_view(qtbot)
    plain = line_tops(view, 0)
    assert len(plain) > 2  # wrapped
    height = view.blockBoundingRect(view.document().firstBlock()).height()
    blank = view.blockBoundingRect(view.document().findBlockByNumber(1)).height()
    view.line_space.set_space_above(9)
    assert line_tops(view, 0) == [y + 9 * (n + 1) for n, y in enumerate(plain)]
    first = view.document().firstBlock()
    assert view.blockBoundingRect(first).height() == height + 9 * len(plain)
    assert view.blockBoundingRect(view.document().findBlockByNumber(1)).height() == blank
    view.line_space.set_space_above(0)
    assert line_tops(view, 0) == plain
    assert view.blockBoundingRect(first).height() == height


def test_a_change_of_room_keeps_the_top_line_and_costs_only_the_blocks_shown(qtbot):
    view = make_view(qtbot)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    top = view.firstVisibleBlock().blockNumber()
    value = bar.value()
    view.line_space.set_space_above(12)
    view.viewport().grab()
    assert bar.value() == value and view.firstVisibleBlock().blockNumber() == top
    document = view.document()
    moved = [
        n
        for n in range(document.blockCount())
        if document.findBlockByNumber(n).layout().lineCount()
        and document.findBlockByNumber(n).layout().lineAt(0).y() == 12
    ]
    assert moved and len(moved) < 40  # of 300 paragraphs: those near the screen
    # Far below, a block Qt lays out later gets its room when it is measured.
    assert line_tops(view, document.blockCount() - 1)[0] == 12


def test_positions_follow_the_lines(qtbot):
    view = make_view(qtbot)
    view.line_space.set_space_above(10)
    met = TEXT.index("met")
    view.select_range(met, met + 3)
    caret = view.cursorRect()
    assert view.selected_range() == (met, met + 3)
    # The caret stands on the line's text, below its room; a point on it is that text.
    line = view.document().firstBlock().layout().lineForTextPosition(met + 3)
    origin = view.blockBoundingGeometry(view.document().firstBlock()).translated(
        view.contentOffset()
    )
    assert caret.top() == int(origin.top() + line.y())
    assert view.offset_at(QPoint(caret.left() - 3, caret.center().y())) == met + 2
    # A point in the room above a line is over that line, where the pointer is.
    assert view.offset_at(QPoint(caret.left() - 3, caret.top() - 5)) == met + 2
    # The line pitch the view scrolls by includes the room.
    assert view.line_pitch() == view.fontMetrics().lineSpacing() + 10
    far = TEXT.index("Kerry", len(TEXT) // 2)
    view.select_range(far, far + 5)  # off screen: brought to the middle
    middle = view.cursorRect().center().y()
    assert view.viewport().height() * 0.3 < middle < view.viewport().height() * 0.7
    assert view.offset_at(QPointF(view.cursorRect().center()).toPoint() - QPoint(8, 0)) in range(
        far, far + 5
    )
