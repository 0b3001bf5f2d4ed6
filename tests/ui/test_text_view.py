"""The article view on its own: lazy highlighting of long articles, tooltips' plain text."""

from __future__ import annotations

from annotator.core.labels import default_labels
from annotator.core.model import Span
from annotator.ops.changes import Changes
from annotator.ui.text_view import SpanTextView

PARAGRAPH = "Kerry met Lavrov in Geneva on Friday, officials said. "


def long_article(paragraphs: int = 600) -> tuple[str, list[Span]]:
    text = "\n\n".join(f"{n}: {PARAGRAPH * 3}" for n in range(paragraphs))
    spans, start = [], text.find("Kerry")
    while start >= 0:
        spans.append(Span("d", "alice", start, start + 5, "ACTOR", id=len(spans) + 1))
        start = text.find("Kerry", start + 1)
    return text, spans


def formatted(view: SpanTextView, block_number: int) -> bool:
    return bool(view.document().findBlockByNumber(block_number).layout().formats())


def make_view(qtbot) -> SpanTextView:  # type: ignore[no-untyped-def]
    view = SpanTextView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_long_article_paints_its_first_screen_at_once_and_the_rest_when_idle(qtbot):
    view = make_view(qtbot)
    text, spans = long_article()
    view.set_document(text, spans, default_labels())
    last = view.document().blockCount() - 1
    assert formatted(view, 0)  # on screen: highlighted before the first paint
    assert not formatted(view, last)  # far below: left for idle time
    qtbot.waitUntil(lambda: not view.highlighter.has_pending(), timeout=10_000)
    assert all(formatted(view, n) for n in range(0, last + 1, 2))  # every text paragraph


def test_idle_highlighting_waits_for_the_new_text_to_paint(qtbot):
    # Idle slices before the first paint would only delay it (two slices, 17 ms, on a 1 MB
    # article at start-up): they start once the text has painted.
    view = make_view(qtbot)
    text, spans = long_article()
    view.set_document(text, spans, default_labels())
    assert view.highlighter.has_pending() and not view._idle_highlight.isActive()
    view.viewport().grab()  # paints
    # Just after the paint: the slices run (and may have finished by the time this looks).
    qtbot.waitUntil(
        lambda: view._idle_highlight.isActive() or not view.highlighter.has_pending(),
        timeout=5_000,
    )


def test_scrolling_to_a_pending_block_highlights_it_before_it_paints(qtbot):
    view = make_view(qtbot)
    text, spans = long_article()
    view.set_document(text, spans, default_labels())
    view._idle_highlight.stop()  # only painting may highlight now
    last = view.document().blockCount() - 1
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().grab()
    assert formatted(view, last)
    assert view.highlighter.has_pending()  # the middle is still waiting


def test_span_added_to_a_pending_block_is_shown(qtbot):
    view = make_view(qtbot)
    text, spans = long_article()
    view.set_document(text, spans, default_labels())
    view._idle_highlight.stop()
    start = text.rfind("Geneva")
    view.add_span(Span("d", "alice", start, start + 6, "EVENT", id=10_000))
    assert formatted(view, view.document().blockCount() - 1)


def test_tooltips_show_article_text_and_notes_literally(qtbot):
    view = make_view(qtbot)
    text = "<b>Kerry</b> &amp; co"
    span = Span("d", "<i>al</i>", 0, 12, "ACTOR", note="<script>x</script>", id=1)
    view.set_document(text, [span], default_labels())
    html = view.tooltip_html(view.spans_at(3))
    assert "&lt;b&gt;Kerry&lt;/b&gt;" in html and "<b>Kerry" not in html
    assert "&lt;script&gt;" in html and "&lt;i&gt;al&lt;/i&gt;" in html
    from PySide6.QtGui import QTextDocument

    shown = QTextDocument()
    shown.setHtml(html)  # as Qt renders the tooltip
    assert "<b>Kerry</b>" in shown.toPlainText() and "<script>x</script>" in shown.toPlainText()


def test_the_view_shows_only_the_changes_to_its_own_layer(qtbot):
    view = make_view(qtbot)
    text = "Kerry met Lavrov in Geneva."
    kerry = Span("d", "alice", 0, 5, "ACTOR", id=1)
    view.set_document(text, [kerry], default_labels(), ("d", "alice"))
    view.set_current_span(kerry)
    theirs = Span("d", "bob", 10, 16, "ACTOR", id=2)
    elsewhere = Span("e", "alice", 10, 16, "ACTOR", id=4)
    view.apply_changes(Changes(spans_added=(theirs, elsewhere)))  # not this layer's
    assert view.spans() == [kerry]
    relabelled = Span("d", "alice", 0, 5, "QUOTE", id=1)
    lavrov = Span("d", "alice", 10, 16, "ACTOR", id=3)
    view.apply_changes(Changes(spans_added=(lavrov,), spans_changed=((kerry, relabelled),)))
    assert sorted(view.spans(), key=lambda s: s.start) == [relabelled, lavrov]
    assert view.current == relabelled  # the current span follows its change
    view.apply_changes(Changes(spans_removed=(relabelled,)))
    assert view.spans() == [lavrov] and view.current is None


def test_a_range_cut_by_the_bottom_edge_is_brought_into_view(qtbot):
    """A find hit on the last line, cut by the edge (or wrapping onto a line below it), is
    scrolled to the middle; one in view whole, with half a line to spare, is left alone."""
    view = make_view(qtbot)
    text = "\n".join(f"line {n}" for n in range(400))
    view.set_document(text, [], default_labels())
    bar = view.verticalScrollBar()
    bar.setValue(100)
    viewport = view.viewport().rect()
    # the first line whose bottom is below the viewport's: cut by the edge (or just out)
    cut = next(
        n
        for n in range(100, 400)
        if view.cursorRect(cursor_at(view, text.index(f"line {n}\n"))).bottom()
        > viewport.bottom() - view.line_pitch() // 2
    )
    start = text.index(f"line {cut}\n")
    view.select_range(start, start + 4)
    rect = view.cursorRect(cursor_at(view, start))
    assert bar.value() > 100
    assert rect.top() >= view.line_pitch() // 2 and rect.bottom() < viewport.bottom() - 20
    middle = text.index(f"line {bar.value() + 5}\n")
    before = bar.value()
    view.select_range(middle, middle + 4)  # in view: no jump
    assert bar.value() == before


def cursor_at(view: SpanTextView, offset: int):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.span_to_qt(offset, offset)[0])
    return cursor
