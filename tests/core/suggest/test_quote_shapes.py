"""The shapes quotations are judged by: words (scare quotes), sentence ends, and a
speaker's clause between the parts of a split quotation."""

from __future__ import annotations

import pytest

from annotator.core.suggest.quote_shapes import (
    ends_in_comma,
    ends_sentence,
    is_scare_quote,
    is_speaker_clause,
    starts_sentence,
    words_over,
)


def whole(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


def test_words_are_counted_with_cjk_characters_as_half_a_word():
    assert not words_over("so-called deal", 0, 14, 2)  # a hyphenated word is one
    assert words_over("we are ready", 0, 12, 2)
    assert not words_over("一国两制", 0, 4, 2) and words_over("我们准备好了", 0, 6, 2)
    assert not words_over("don’t go", 0, 8, 2)


@pytest.mark.parametrize(
    ("text", "scare"),
    [
        ("NO WAY", True),
        ("constructive conversation", True),
        ("deal,", True),
        ("和平", True),
        ("Why?", False),
        ("No!", False),
        ("one more time", False),
        ("我们准备好了", False),
    ],
)
def test_scare_quotes(text: str, scare: bool):
    assert is_scare_quote(text, whole(text)) is scare


def test_a_split_quotation_counts_all_its_words():
    text = "We are|ready"
    assert not is_scare_quote(text, [(0, 6), (7, 12)])


def test_sentence_ends_and_commas_before_closing_marks():
    assert ends_sentence("We are ready.", 0, 13) and ends_sentence("It is ‘done.’ ", 0, 14)
    assert ends_sentence("Listen:", 0, 7) and not ends_sentence("We are ready", 0, 12)
    assert ends_in_comma("He said ‘no,’", 0, 13) and ends_in_comma("我们，", 0, 3)
    assert not ends_in_comma("We are ready", 0, 12)


@pytest.mark.parametrize(
    ("gap", "comma_before", "clause"),
    [
        (" Kerry said, ", True, True),
        (" said Mr. Kerry, the U.S. envoy, ", True, True),
        (" said John F. Kennedy Jr., ", True, True),
        (" she said, adding: ", True, True),
        (", sagte Kerry, ", False, True),
        ("克里说，", True, True),
        (" Kerry said. Then he added, ", True, False),
        (" Kerry asked? ", True, False),
        (" Kerry said ", True, False),
        (" Kerry said, ", False, False),  # no comma before, none at the gap's start
        (" , ", True, False),
        (" Kerry\nsaid, ", True, False),
        (" " + "word " * 13 + "said, ", True, False),
    ],
)
def test_speaker_clauses(gap: str, comma_before: bool, clause: bool):
    assert is_speaker_clause(gap, 0, len(gap), comma_before) is clause


def test_a_quotation_starts_a_sentence_after_its_end_a_colon_or_a_dash():
    for text in ["“We", "He left. “We", "He said: “We", "WASHINGTON — “We", "a\n  “We", "。“我"]:
        assert starts_sentence(text, text.index("“")), text
    assert not starts_sentence("the plan was ‘a", 13)
