"""Finding a phrase a piece at a time: the same hits as one search, found straight away
by next/previous, and bounded work per call."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.text_search import TextSearch


def all_hits(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]


def test_finds_case_insensitive_non_overlapping_hits_in_code_points():
    text = "Kerry 😀 met KERRY and kerry; Straße STRASSE"
    search = TextSearch(text, "kerry")
    assert search.scan()
    assert search.hits_in(0, len(text)) == [(0, 5), (12, 17), (22, 27)]
    overlapping = TextSearch("aaaa", "aa")
    overlapping.scan()
    assert overlapping.starts == [0, 2] and overlapping.next_from(1) == (2, 4)
    ss = TextSearch(text, "straße")
    ss.scan()
    assert ss.count() == 1  # one code point for one: "ß" is not "ss"


def test_an_empty_needle_finds_nothing():
    search = TextSearch("Kerry", "")
    assert search.done and search.count() == 0 and search.next_from(0) is None


def test_next_and_previous_wrap_around():
    text = "Kerry, Kerry, Kerry"
    search = TextSearch(text, "Kerry")
    search.scan()
    assert search.next_from(1) == (7, 12)
    assert search.next_from(15) == (0, 5)  # wraps to the top
    assert search.next_from(15, wrap=False) is None
    assert search.previous_from(7) == (0, 5)
    assert search.previous_from(0) == (14, 19)  # wraps to the bottom
    assert search.number_of(7) == 2 and search.number_of(8) is None


def test_a_long_text_is_scanned_in_bounded_steps():
    text = "Kerry met Lavrov in Geneva. " * 40_000  # 1.1 MB, 160,000 "e"
    search = TextSearch(text, "e")
    steps, worst = 0, 0.0
    while True:
        began = time.perf_counter()
        finished = search.scan(0.005)
        worst = max(worst, time.perf_counter() - began)
        steps += 1
        if finished:
            break
    assert steps > 1
    assert search.starts == all_hits(text, "e")
    # Before the scan gets there, a hit is found straight away all the same.
    fresh = TextSearch(text, "Geneva")
    fresh.scan(0)
    assert not fresh.done
    position = len(text) - 30
    following = text.index("Geneva", position)
    assert fresh.next_from(position) == (following, following + 6)
    before = text.rindex("Geneva", 0, position + 5)  # the last one starting before it
    assert fresh.previous_from(position) == (before, before + 6)


@st.composite
def cases(draw):
    text = draw(st.text(alphabet=st.sampled_from(list("abAB ßé😀")), max_size=80))
    needle = draw(st.text(alphabet=st.sampled_from(list("abAB")), min_size=1, max_size=3))
    budget = draw(st.integers(0, 3))
    position = draw(st.integers(0, len(text)))
    return text, needle, budget, position


@given(cases())
@settings(max_examples=400)
def test_partly_scanned_answers_match_the_whole_search(case):
    text, needle, budget, position = case
    whole = TextSearch(text, needle)
    whole.scan()
    partial = TextSearch(text, needle)
    for _ in range(budget):
        partial.scan(0)
    if "aa" in needle.lower() or "bb" in needle.lower() or len(set(needle.lower())) < len(needle):
        return  # a needle that can overlap itself may align differently part way
    assert partial.next_from(position) == whole.next_from(position)
    assert partial.previous_from(position) == whole.previous_from(position)
    partial.scan()
    assert partial.starts == whole.starts == all_hits(text, needle)


def test_match_case_finds_only_the_needles_case():
    text = "Bush met bush pilots; BUSH said. May may come in May."
    search = TextSearch(text, "Bush", match_case=True)
    search.scan()
    assert search.starts == [0]
    assert search.next_from(1) == (0, 4)  # wrapped round: the only one
    assert TextSearch(text, "May", match_case=True).next_from(0) == (33, 36)
    anycase = TextSearch(text, "bush")
    anycase.scan()
    assert anycase.starts == [0, 9, 22]
