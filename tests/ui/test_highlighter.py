"""The highlighter paints a discontinuous span's fragments, not the text between them."""

from __future__ import annotations

from annotator.core.labels import default_labels
from annotator.core.model import Span
from annotator.ui.text_view import SpanTextView

TEXT = "“We are not a party,” he said, “but a movement.”"


def coloured(view: SpanTextView) -> set[int]:
    """The Qt positions of the first block that carry a highlighter format."""
    block = view.document().firstBlock()
    return {
        position
        for fmt in block.layout().formats()
        for position in range(fmt.start, fmt.start + fmt.length)
    }


def test_a_discontinuous_span_colours_its_fragments_only(qtbot):
    view = SpanTextView()
    qtbot.addWidget(view)
    view.resize(600, 200)
    view.show()
    qtbot.waitExposed(view)
    first, second = (0, TEXT.index(",” he") + 2), (TEXT.index("“but"), len(TEXT))
    span = Span("d", "a", first[0], second[1], "QUOTE", id=1, fragments=(first, second))
    view.set_document(TEXT, [span], default_labels(), ("d", "a"))
    qtbot.waitUntil(lambda: bool(coloured(view)))
    assert coloured(view) == set(range(*first)) | set(range(*second))
    whole = Span("d", "a", first[0], second[1], "QUOTE", id=1)
    view.change_span(span, whole)  # made contiguous again: one re-highlight
    assert coloured(view) == set(range(len(TEXT)))
    # The picked span: its fragments only, bold.
    view.change_span(whole, span)
    view.set_current_span(view.span_by_id(1))
    picked = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()]
    assert picked == [first, second]
