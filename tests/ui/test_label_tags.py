"""View ▸ Show label names: a tag per span on screen, in room made above every line (so that
no tag covers text), remembered in the settings; hiding them gives Qt's layout back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.labels import default_labels
from annotator.core.model import Span
from annotator.ui.label_tags import CLEAR, LabelTags
from annotator.ui.text_view import SpanTextView
from annotator.ui.theme import _Follower
from tests.conftest import show_window
from tests.helpers.projects import make_project

# Long enough to wrap in the window's text view; the names are tagged wherever they are,
# on first and wrapped lines, under text of the line above ("officials", "Russia").
PARAGRAPH = (
    "Russia's foreign minister, Sergei Lavrov, and U.S. Secretary of State John Kerry "
    "talk before a meeting in Qatar last month, officials said. Ségolène Royal, who "
    "joined them from Paris, told reporters in Doha that Kerry and Lavrov would meet "
    "again in Geneva, where ÅSA and ÉCOLE delegates wait. "
)
ARTICLE = f"{PARAGRAPH * 2}\n\nShort line: Kerry.\n\n" + "\n\n".join([PARAGRAPH] * 8) + "\n"
# A span from the blank line before "Short line": an empty line has no room above it.
ON_A_BLANK_LINE = (len(PARAGRAPH * 2) + 1, ARTICLE.index("Short line:") + len("Short line:"))
NAMES = ("Russia", "Sergei Lavrov", "Lavrov", "John Kerry", "Kerry", "Ségolène Royal", "ÉCOLE")


def name_spans(text: str, doc_id: str = "doc-1") -> list[Span]:
    spans = []
    for name in NAMES:
        start = text.find(name)
        while start >= 0:
            label = "QUOTE" if name == "Sergei Lavrov" else "ACTOR"  # a nested pair
            spans.append(Span(doc_id, "alice", start, start + len(name), label))
            start = text.find(name, start + 1)
    return spans


@pytest.fixture
def tagged(qtbot, tmp_path: Path, settings, store_host):  # type: ignore[no-untyped-def]
    """A window on ARTICLE with its names tagged, the tags not shown yet."""
    project = make_project(tmp_path / "tags.db", {"doc-1": ARTICLE})
    for span in name_spans(ARTICLE):
        project.add_span(span)
    project.add_span(Span("doc-1", "alice", *ON_A_BLANK_LINE, "CLAIM"))
    project.close()
    return show_window(qtbot, store_host.open(tmp_path / "tags.db"), settings)


@dataclass
class Line:
    block: int
    number: int  # in its block: 1 and more are wrapped lines
    rect: QRectF  # the line's text, in viewport coordinates
    ink: list[QRectF]  # its glyphs' own outlines


def lines_on_screen(view: SpanTextView) -> list[Line]:
    result = []
    offset = view.contentOffset()
    block = view.firstVisibleBlock()
    while block.isValid():
        origin = view.blockBoundingGeometry(block).translated(offset).topLeft()
        if origin.y() > view.viewport().height():
            break
        layout = block.layout()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            ink = []
            for run in line.glyphRuns():
                font = run.rawFont()
                for glyph, at in zip(run.glyphIndexes(), run.positions(), strict=True):
                    outline = font.boundingRect(glyph)
                    if not outline.isEmpty():
                        ink.append(outline.translated(at).translated(origin))
            rect = line.naturalTextRect().translated(origin)
            result.append(Line(block.blockNumber(), number, rect, ink))
        block = block.next()
    return result


def geometry(view: SpanTextView) -> list[tuple[int, int, QRectF, float]]:
    """Every line on screen: block, line, text rectangle, and its block's height."""
    document = view.document()
    return [
        (
            line.block,
            line.number,
            line.rect,
            view.blockBoundingRect(document.findBlockByNumber(line.block)).height(),
        )
        for line in lines_on_screen(view)
    ]


def assert_no_tag_covers_text(view: SpanTextView, tags: LabelTags) -> list[tuple[Line, QRectF]]:
    """Each tag stands in the room above its own line and touches no line's text, no glyph;
    returns each tag with its line."""
    shown = tags.tags()
    assert shown
    lines = lines_on_screen(view)
    placed = []
    for where, name, *_ in shown:
        for line in lines:
            assert not where.intersects(line.rect), (name, where, line)
            for ink in line.ink:
                assert not where.intersects(ink), (name, where, ink)
        below = [line for line in lines if where.bottom() <= line.rect.top()]
        own = min(below, key=lambda line: line.rect.top())  # the line it names a span of
        assert own.rect.top() - where.bottom() >= CLEAR
        above = [line for line in lines if line.rect.bottom() <= where.top()]
        if above:
            assert where.top() - max(line.rect.bottom() for line in above) >= CLEAR
        placed.append((own, where))
    return placed


def test_tags_name_the_spans_on_screen_and_the_choice_is_remembered(
    qtbot, window, ui_project, settings, store_host
):
    ui_project.add_span(Span("doc-1", "alice", 0, 3, "ACTOR"))
    ui_project.add_span(Span("doc-1", "alice", 0, 8, "QUOTE"))
    window.external.check()
    tags = window.label_tags
    assert not tags.shown
    window.label_names_action.trigger()
    assert tags.shown
    shown = tags.tags()
    assert [name for _, name, *_ in shown] == ["QUOTE", "ACTOR"]  # outer first, side by side
    (first, *_), (second, *_) = shown
    assert second.left() >= first.right()
    window.close()
    again = show_window(qtbot, store_host.open(ui_project.path), settings)
    assert again.label_names_action.isChecked() and again.label_tags.shown
    assert again.text_view.line_space.space_above == again.label_tags.room()


def test_no_tag_covers_any_text_on_first_or_wrapped_lines(tagged):
    view = tagged.text_view
    tagged.label_names_action.trigger()
    placed = assert_no_tag_covers_text(view, tagged.label_tags)
    # The defect's cases are on screen: a tag on a wrapped line under a full line of text,
    # and on a first line under the paragraph above.
    assert any(line.number >= 1 for line, _ in placed)
    assert any(line.number == 0 and line.block > 0 for line, _ in placed)
    # The span from a blank line: its tag is over its first text, "Short line".
    claim = [where for where, name, *_ in tagged.label_tags.tags() if name == "CLAIM"]
    assert len(claim) == 1
    [(line, _)] = [(line, where) for line, where in placed if where == claim[0]]
    start = view.document().findBlockByNumber(line.block).position()
    assert view.offsets.from_qt(start) == ARTICLE.index("Short line:")
    # Also when only that room is repainted.
    only = tagged.label_tags.tags(claim[0].toAlignedRect())
    assert [name for _, name, *_ in only] == ["CLAIM"]


@contextmanager
def without_tags(tags: LabelTags, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The room stays, no tag is painted."""
    with monkeypatch.context() as patch:
        patch.setattr(tags, "tags", lambda rect=None: [])
        yield


@pytest.mark.parametrize("scheme", [Qt.ColorScheme.Light, Qt.ColorScheme.Dark])
def test_nothing_of_the_text_is_under_a_tag_light_or_dark(qtbot, tagged, monkeypatch, scheme):
    # The pixels: with the room made but no tag painted, every pixel where a tag goes is the
    # background (no glyph, no span fill, no caret); and the tags change no pixel elsewhere.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    follower = _Follower(app)
    try:
        follower.apply(scheme)
        view = tagged.text_view
        tagged.label_names_action.trigger()
        view.verticalScrollBar().setValue(3)  # the view scrolls its pixels: tags go along
        shown = [where.toAlignedRect() for where, *_ in tagged.label_tags.tags()]
        assert len(shown) > 10
        with_tags = view.viewport().grab().toImage()
        with without_tags(tagged.label_tags, monkeypatch):
            bare = view.viewport().grab().toImage()
        base = view.viewport().palette().color(QPalette.ColorRole.Base).rgb()
        for rect in shown:
            for x in range(max(0, rect.left()), min(bare.width(), rect.right() + 1)):
                for y in range(max(0, rect.top()), min(bare.height(), rect.bottom() + 1)):
                    assert bare.pixel(x, y) == base, (rect, x, y)
            # And the tag itself is there, in its label's colour.
            assert with_tags.pixelColor(rect.center()) != QColor(base)
        assert masked(with_tags, shown) == masked(bare, shown)
    finally:
        follower.apply(Qt.ColorScheme.Light)
        app.setPalette(before)
        follower.deleteLater()


def masked(image: QImage, rects: list[QRect]) -> QImage:
    copy = image.copy()
    painter = QPainter(copy)
    for rect in rects:
        painter.fillRect(rect.adjusted(-1, -1, 1, 1), Qt.GlobalColor.magenta)
    painter.end()
    return copy


def test_hiding_the_tags_gives_the_layout_back_and_keeps_the_top_line(qtbot, tagged):
    view = tagged.text_view
    bar = view.verticalScrollBar()
    bar.setValue(5)  # the top line is a wrapped one, inside the first paragraph
    top = view.cursorForPosition(QPoint(20, 2)).position()
    before = geometry(view), bar.value(), bar.maximum(), view.firstVisibleBlock().blockNumber()
    tagged.label_names_action.trigger()
    assert view.line_space.space_above == tagged.label_tags.room() > 0
    assert bar.value() == before[1]
    assert view.firstVisibleBlock().blockNumber() == before[3]
    shown = geometry(view)
    assert shown != before[0]
    # The same line at the top, now below its room.
    assert view.cursorForPosition(QPoint(20, 2 + view.line_space.space_above)).position() == top
    tagged.label_names_action.trigger()
    assert view.line_space.space_above == 0
    after = geometry(view), bar.value(), bar.maximum(), view.firstVisibleBlock().blockNumber()
    assert after == before


def test_the_room_follows_the_zoom(tagged):
    view = tagged.text_view
    tags = tagged.label_tags
    tagged.label_names_action.trigger()
    room = tags.room()
    tagged.zoom(8)
    assert tags.room() > room
    assert view.line_space.space_above == tags.room()
    assert_no_tag_covers_text(view, tags)
    tagged.zoom(-3 - 8)  # the smallest: the tag font's floor is bigger than the text's share
    assert view.line_space.space_above == tags.room()
    assert_no_tag_covers_text(view, tags)
    tagged.zoom(0)
    assert view.line_space.space_above == room


def test_clicks_tooltips_selection_and_find_still_find_the_text(qtbot, tagged):
    view = tagged.text_view
    tagged.label_names_action.trigger()
    kerry = ARTICLE.index("John Kerry")
    # A click on the word: its span.
    view.select_range(kerry, kerry + 4)
    assert view.selected_range() == (kerry, kerry + 4)
    middle = view.cursorRect().center()  # the caret: at the end of "John"
    view.clear_selection()
    with qtbot.waitSignal(view.span_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=middle - QPoint(8, 0))
    assert clicked.args[0] is not None and clicked.args[0].start == kerry
    # A point over a tag is over the text it names, not the line above or the line's start.
    for where, *_ in tagged.label_tags.tags():
        at = view.offset_at(QPointF(where.left() + 2, where.center().y()).toPoint())
        assert at is not None and any(s.start <= at < s.end for s in view.spans_at(at))
    # Find: Ctrl+F selects the hit, which is on screen, in the text.
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(tagged.find_bar.edit, "Royal")
    start = ARTICLE.index("Royal")
    assert view.selected_range() == (start, start + len("Royal"))
    assert view.viewport().rect().contains(view.cursorRect())


def test_a_click_or_hover_on_a_tag_is_on_its_span_where_it_reaches_past_it(
    qtbot, window, ui_project
):
    # Two spans from one character: the inner one's tag stands after the outer one's, past
    # its own two letters, over text that only the outer span covers.
    text = window.text_view.text
    ui_project.add_span(Span("doc-1", "alice", 0, 2, "ACTOR"))
    ui_project.add_span(Span("doc-1", "alice", 0, 40, "QUOTE"))
    window.external.check()
    window.label_names_action.trigger()
    view = window.text_view
    tags = window.label_tags.tags()
    assert [tag.name for tag in tags[:2]] == ["QUOTE", "ACTOR"]
    actor = tags[1]
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(2))
    end_x = view.cursorRect(cursor).left()
    assert actor.where.center().x() > end_x, "the case: the tag reaches past its span"
    for tag in tags:
        at = tag.where.center().toPoint()
        assert view.spans_under(at) == [tag.span]
        QApplication.sendEvent(  # the tooltip there names the tag's span alone
            view, QHelpEvent(QEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at))
        )
        qtbot.waitUntil(QToolTip.isVisible)
        shown = QToolTip.text()
        assert f"{tag.span.start}–{tag.span.end}" in shown and shown.count("<p>") == 1
        QToolTip.hideText()
        with qtbot.waitSignal(view.span_clicked) as clicked:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
        assert clicked.args[0] == tag.span, (tag.name, text[tag.span.start : tag.span.end])
    assert view.current == tags[-1].span


# -- a long article: the work follows the screen, and the tags follow the scrolling ---------


def long_article(paragraphs: int) -> tuple[str, list[Span]]:
    text = "\n\n".join(f"{n}: {PARAGRAPH}" for n in range(paragraphs))
    spans = [
        Span("d", "alice", s.start, s.end, s.label, id=n + 1)
        for n, s in enumerate(name_spans(text, "d"))
    ]
    return text, spans


def test_a_long_article_moves_only_the_lines_shown_and_tags_follow_the_scrolling(qtbot):
    text, spans = long_article(3_000)  # about 1 MB, 21,000 spans
    assert len(text) > 900_000 and len(spans) > 20_000
    view = SpanTextView()
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    qtbot.waitExposed(view)
    view.set_document(text, spans, default_labels())
    tags = LabelTags(view)
    tags.set_shown(True)
    room = view.line_space.space_above
    bar = view.verticalScrollBar()
    # (The maximum grows as blocks are laid out: Qt counts one line for a block not yet.)
    for place in (lambda: bar.maximum() // 2, lambda: bar.value() + 7, lambda: bar.value() - 3,
                  lambda: bar.maximum() // 3, bar.maximum):  # fmt: skip
        bar.setValue(place())  # the view scrolls its pixels: the tags must go with their lines
        view.viewport().grab()
        assert_no_tag_covers_text(view, tags)
    # At the very end the last line shows whole.
    last = lines_on_screen(view)[-1]
    assert last.block == view.document().blockCount() - 1
    assert last.rect.bottom() <= view.viewport().height()
    # Only blocks near what was shown had their lines moved: a few screens of 3,000.
    document = view.document()
    moved = [
        n
        for n in range(document.blockCount())
        if document.findBlockByNumber(n).layout().lineCount()
        and document.findBlockByNumber(n).layout().lineAt(0).y() == room
    ]
    assert 0 < len(moved) < 150


def test_a_mouse_selection_ending_in_the_room_above_a_line_ends_on_its_text(qtbot, tagged):
    """With the tags on, a drag released (or a press made) just above a word, in the room
    left for the tags, takes that word's place, not the start of its line."""
    view = tagged.text_view
    tagged.label_names_action.trigger()
    space = view.line_space.space_above
    assert space > 4

    def point_at(offset: int, above: int = 0) -> QPoint:
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.span_to_qt(offset, offset)[0])
        rect = view.cursorRect(cursor)
        return QPoint(rect.left() + 1, rect.top() - above if above else rect.center().y())

    first_line = view.document().firstBlock()
    later = next(  # a word well inside a later line: its line's start is elsewhere
        m.start() + 2
        for m in re.finditer(r"\w{5,}", ARTICLE)
        if m.start() > first_line.length() and ARTICLE[m.start() - 1] == " "
    )
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_at(0))
    qtbot.mouseMove(viewport, point_at(later, above=3))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_at(later, above=3))
    selected = view.selected_range()
    assert selected is not None and abs(selected[1] - later) <= 1, (selected, later)
    # A press alone there puts the caret by the word, too.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_at(later, above=2))
    caret = view.offsets.from_qt(view.textCursor().position())
    assert abs(caret - later) <= 1


def test_a_far_hit_is_brought_to_the_middle_with_the_tags_on(qtbot, tagged):
    """The bar counts lines and, with the tags on, a text line is taller than a blank one:
    a hit found far below still lands in the middle of the view."""
    view = tagged.text_view
    tagged.label_names_action.trigger()
    text, spans = long_article(300)
    view.set_document(text, spans, list(view.labels.values()))
    far = text.index("Kerry", text.index("200: "))  # far down, not at the end
    view.select_range(far, far + 5)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.span_to_qt(far, far)[0])
    middle = view.viewport().height() / 2
    assert abs(view.cursorRect(cursor).center().y() - middle) <= view.line_pitch()
