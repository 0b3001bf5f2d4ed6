"""Quotation marks: which marks pair, and what a mark's neighbours say about its role."""

from __future__ import annotations

import pytest

from annotator.core.suggest.quote_marks import (
    ALL_MARKS,
    CLOSERS,
    OPENERS_OF,
    TOKENS,
    flanking,
    has_blank_line,
    has_mark,
    is_elision,
    is_intraword,
    is_tight,
    opens_after_prefix_letter,
    skip_spaces,
)


def test_every_closing_mark_knows_what_it_closes():
    for opener, closers in CLOSERS.items():
        for closer in closers:
            assert opener in OPENERS_OF[closer]
    assert OPENERS_OF["“"] == "„"  # “ closes only German „
    assert set(OPENERS_OF["«"]) == {"»"}


@pytest.mark.parametrize(
    ("before", "after", "left", "right"),
    [
        (" ", "W", True, False),  # ` “We`: opens
        ("", "W", True, False),  # at the text's start
        ("y", " ", False, True),  # `ready” `: closes
        (",", " ", False, True),  # `,” Kerry`
        (",", "", False, True),  # at the text's end
        ("(", "W", True, False),  # `(“We`
        ("—", "W", True, False),  # `—“We`
        (".", ")", True, True),  # `.”)`: either
        ("a", "b", True, True),  # inside a word
        (" ", " ", False, False),  # between spaces
        ("说", "我", True, True),  # CJK: neighbours say nothing
        ("，", "克", True, True),
    ],
)
def test_flanking(before: str, after: str, left: bool, right: bool):
    assert flanking(before, after) == (left, right)


def test_apostrophes_inside_words_and_elisions():
    assert is_intraword("a", "s") and is_intraword("ה", "ל")
    assert not is_intraword("说", "我") and not is_intraword(" ", "s")
    for text, at in [("the ’90s", 4), ("in '08", 3), ("rock ’n’ roll", 5), ("rock ’n’ roll", 7),
                     ("give ’em hell", 5), ("’til then", 0), ("’Tis so", 0)]:  # fmt: skip
        assert is_elision(text, at), text
    for text, at in [("‘no way here’", 0), ("‘nine of them’", 0), ("‘Cause I said so", 0)]:
        assert not is_elision(text, at), text


def test_tokens_are_every_mark_and_every_line_break():
    text = "“a” «b» „c“ 「d」 'e' ‘f’\n\r\n\u2029"
    found = [match.group() for match in TOKENS.finditer(text)]
    assert found == ["“", "”", "«", "»", "„", "“", "「", "」", "'", "'", "‘", "’", "\n", "\r",
                     "\n", "\u2029"]  # fmt: skip
    assert all(char in ALL_MARKS for char in "“”«»„‚‘’'\"「」『』‹›")


def test_blank_lines_and_spaces():
    assert has_blank_line("a\n\nb") and has_blank_line("a\r\n \r\nb") and has_blank_line("a\n \nb")
    assert not has_blank_line("a\nb\r\nc") and not has_blank_line("a\r\nb")
    assert skip_spaces("a  \u00a0b", 1) == 4 and skip_spaces("a \nb", 1) == 2
    assert is_tight("我") and is_tight("カ") and is_tight("。") and is_tight("다")
    assert not is_tight("a") and not is_tight("ש") and not is_tight("")


def test_has_mark_skips_apostrophes_inside_words():
    assert not has_mark(" Russia’s envoy said, ", 0, 22)
    assert has_mark(" the ‘envoy’ said, ", 0, 19) and has_mark(" said\n", 0, 6)


def test_a_prefix_letter_before_a_quotation_and_gershayim():
    assert opens_after_prefix_letter('אמר ו"אנחנו', 5)
    assert opens_after_prefix_letter('قال و"نحن', 5)
    for text in ['צה"ל', 'ש"ח', 'ארה"ב', 'מ"ר']:
        assert not opens_after_prefix_letter(text, text.index('"')), text
