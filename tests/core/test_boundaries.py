"""Moving a span's boundaries by a word or a character: examples, then properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.boundaries import move_boundary
from annotator.core.snapping import _is_abbreviation_period

TEXT = "“We will talk,” said U.S. envoy John Kerry-Lavrov in Geneva."


def span(phrase: str) -> tuple[tuple[int, int], ...]:
    start = TEXT.index(phrase)
    return ((start, start + len(phrase)),)


def moved(phrase: str, edge: str, step: int, by_word: bool = True) -> str | None:
    result = move_boundary(TEXT, span(phrase), edge, step, by_word)  # type: ignore[arg-type]
    return None if result is None else TEXT[result[0][0] : result[-1][1]]


@pytest.mark.parametrize(
    ("phrase", "edge", "step", "expected"),
    [
        ("John", "start", -1, "envoy John"),
        ("envoy John", "start", 1, "John"),
        ("John", "end", 1, "John Kerry"),  # the hyphen parts are words of their own
        ("John Kerry", "end", 1, "John Kerry-Lavrov"),
        ("John Kerry-Lavrov", "end", -1, "John Kerry"),
        ("envoy", "start", -1, "U.S. envoy"),
        ("said U.S. envoy", "end", -1, "said U.S."),  # the abbreviation keeps its period
        ("said", "start", -1, "talk,” said"),  # punctuation between is taken in, not left
        ("talk", "start", -1, "will talk"),
        ("Geneva", "end", 1, None),  # only the period after it
        ("John", "start", 1, None),  # nothing would be left
        ("John", "end", -1, None),
        ("We", "start", -1, None),
    ],
)
def test_by_a_word(phrase, edge, step, expected):
    assert moved(phrase, edge, step) == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "edge", "step", "expected"),
    [
        # a span ending inside an atomic word ("U.S" of "U.S.A"): the end goes before it
        ("in U.S.A today", 0, 6, "end", -1, "in"),
        ("in U.S.A today", 4, 14, "start", 1, "today"),
    ],
)
def test_ends_inside_atomic_words(text, start, end, edge, step, expected):
    result = move_boundary(text, ((start, end),), edge, step, True)
    assert result is not None and text[result[0][0] : result[0][1]] == expected


@pytest.mark.parametrize(
    ("phrase", "edge", "step", "expected"),
    [
        ("John", "start", -1, " John"),
        ("John", "start", 1, "ohn"),
        ("John", "end", 1, "John "),
        ("John", "end", -1, "Joh"),
        ("J", "end", -1, None),
        ("J", "start", 1, None),
    ],
)
def test_by_a_character(phrase, edge, step, expected):
    assert moved(phrase, edge, step, by_word=False) == expected


def test_a_discontinuous_span_moves_its_outer_pieces():
    said, geneva = TEXT.index("said"), TEXT.index("Geneva")
    pieces = ((said, said + 4), (geneva, geneva + 6))
    assert move_boundary(TEXT, pieces, "start", -1, True) == (
        (TEXT.index("talk"), said + 4),
        (geneva, geneva + 6),
    )
    assert move_boundary(TEXT, pieces, "end", -1, True) is None  # its last piece would go
    assert move_boundary(TEXT, pieces, "end", -1, False) == ((said, said + 4), (geneva, geneva + 5))


def test_bad_step():
    with pytest.raises(ValueError):
        move_boundary(TEXT, span("John"), "start", 2, True)


words = st.text(alphabet=st.sampled_from(list("ab .,-'“”")), min_size=1, max_size=30)


@st.composite
def cases(draw):
    text = draw(words)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end, draw(st.sampled_from(["start", "end"])), draw(st.sampled_from([-1, 1]))


@given(cases(), st.booleans())
@settings(max_examples=3000)
def test_a_move_keeps_a_valid_span_and_moves_the_edge_its_way(case, by_word):
    text, start, end, edge, step = case
    result = move_boundary(text, ((start, end),), edge, step, by_word)
    if result is None:
        return
    ((s, e),) = result
    assert 0 <= s < e <= len(text)
    if edge == "start":
        assert e == end and (s < start if step < 0 else s > start)
    else:
        assert s == start and (e > end if step > 0 else e < end)
    if by_word:  # the moved end is on a word character, or the period of "U.S."
        moved = s if edge == "start" else e - 1
        assert text[moved].isalnum() or (edge == "end" and _is_abbreviation_period(text, moved)), (
            text,
            result,
        )
