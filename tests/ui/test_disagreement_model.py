"""What the comparison's disagreement list says: quoting of span text, the kinds' colours,
and the current disagreement's mark in the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat

from annotator.core.disagreements import Kind
from annotator.ui.disagreement_model import KIND_COLORS, describe, quoted
from annotator.ui.text_view import SpanTextView

TEXT = "“The president is wrong,” he said. 'Yes' — «non»."


def test_a_span_with_quotation_marks_of_its_own_is_not_quoted_again() -> None:
    assert describe([(0, 25, "QUOTE")], TEXT) == "QUOTE 0–25 “The president is wrong,”"
    assert quoted((0, 10, "QUOTE"), TEXT) == "“The presi"  # starts with one: shown as is
    assert quoted((35, 40, "QUOTE"), TEXT) == "'Yes'"
    assert quoted((43, 48, "QUOTE"), TEXT) == "«non»"
    assert quoted((26, 33, "ACTOR"), TEXT) == "“he said”"  # plain text: in our quotes
    assert quoted((1, 30, "QUOTE"), TEXT, limit=10) == "“The presi…”"
    # A discontinuous span: its fragments joined.
    assert quoted((1, 33, "QUOTE", ((1, 14), (29, 33))), TEXT) == "“The president … said”"


def test_every_kind_has_a_colour_far_from_black_and_from_each_other() -> None:
    colors = list(KIND_COLORS.values())
    assert len({c.name() for c in colors}) == len(colors)
    only_some = KIND_COLORS[Kind.ONLY_SOME]
    assert only_some.lightness() > 60 or only_some.saturation() > 150  # not near-black


def test_the_current_disagreement_is_bold_in_its_colour_not_an_overline(qtbot) -> None:
    view = SpanTextView()
    qtbot.addWidget(view)
    view.set_document(TEXT, [], [])
    color = QColor("#6200EA")
    view.set_marks([(0, 25, color), (26, 33, color)])
    view.set_current_mark(1)
    selections = view.extraSelections()
    current = QTextCharFormat(selections[1].format)
    other = QTextCharFormat(selections[0].format)
    assert not current.fontOverline()
    assert current.fontWeight() == QFont.Weight.Bold
    assert current.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert current.foreground().color() == color
    assert current.background().style() == Qt.BrushStyle.NoBrush  # the spans' colours show
    assert other.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert other.fontWeight() != QFont.Weight.Bold
    view.set_current_mark(0)
    selections = view.extraSelections()
    assert QTextCharFormat(selections[1].format).fontWeight() != QFont.Weight.Bold
