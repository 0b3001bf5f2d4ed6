"""Snapping a selection to words: examples an annotator would check, then properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.snapping import snap_to_words, trim_whitespace


def snap(text: str, selected: str, occurrence: int = 0) -> str | None:
    """Select the `occurrence`-th `selected` in `text`, snap, and return the snapped text."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(selected, start + 1)
    result = snap_to_words(text, start, start + len(selected))
    return None if result is None else text[result[0] : result[1]]


# --- examples --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "selected", "expected"),
    [
        # partial words grow to whole words, both ends
        ("John Kerry Kerry said", "erry Ker", "Kerry Kerry"),
        ("Photo: Brendan Smialowski/AFP", "ialow", "Smialowski"),
        ("Photo: Brendan Smialowski/AFP", "S", "Smialowski"),
        ("Photo: Brendan Smialowski/AFP", "i/A", "Smialowski/AFP"),
        # exact word boundaries don't move
        ("John Kerry Kerry said", "Kerry", "Kerry"),
        ("John Kerry Kerry said", "John Kerry Kerry said", "John Kerry Kerry said"),
        # punctuation at the edges is never taken, and doesn't pull in neighbours
        ("Hello Ségolène Royal, and", "golène Roy", "Ségolène Royal"),
        ("Hello Ségolène Royal, and", "golène Royal,", "Ségolène Royal"),
        ("Hello Se\u0301gole\u0300ne Royal, and", "gole\u0300ne Ro", "Se\u0301gole\u0300ne Royal"),
        ("He said “The president will go.”", "“The president", "The president"),
        ("He said “The president will go.”", "“The pres", "The president"),
        ("He said “The president will go.”", "go.”", "go"),
        ("He said “The president will go.”", "“The president will go.”", "The president will go"),
        ("He said “ The president", "“ The", "The"),
        ("the Islamic State (ISIL) said", "(ISIL)", "ISIL"),
        ("the Islamic State(ISIL)said", "(ISIL)", "ISIL"),
        ("the Islamic State (ISIL) said", "(IS", "ISIL"),
        ("Kerry, Lavrov and Zarif", ", Lavrov", "Lavrov"),
        ("Kerry, Lavrov and Zarif", "y, Lav", "Kerry, Lavrov"),  # inside: kept
        ("the 2014–2015 season", "2014–", "2014"),
        ("Kerry — and Lavrov", "Kerry —", "Kerry"),
        ("he said: «Non!»", "«Non!»", "Non"),
        ("¿Qué pasa?", "¿Qué pasa?", "Qué pasa"),
        ("rose 50% today", "50%", "50%"),
        ("rose (50%) today", "(50%)", "50%"),
        ("the #MeToo tag", "#MeToo", "#MeToo"),
        ("the Kerrys' house", "Kerrys'", "Kerrys"),
        ("wait... what", "...", None),  # punctuation alone: nothing
        ("wait... what", "t...", "wait"),
        # whitespace is trimmed, including line breaks and NBSP
        ("said \n Kerry\u00a0 today", " \n Kerry\u00a0 ", "Kerry"),
        ("one\r\ntwo", "e\r\nt", "one\r\ntwo"),
        ("para one\u2028para two", "one\u2028", "one"),
        # apostrophes: atomic, except that "Russia" can be taken out of "Russia's"
        ("Russia's military", "Russia's", "Russia's"),
        ("Russia's military", "ussia's", "Russia's"),
        ("Russia's military", "ussia'", "Russia's"),
        ("Russia's military", "'s mil", "Russia's military"),
        ("Russia’s military", "ussi", "Russia"),
        ("Russia’s military", "Russia", "Russia"),
        ("O'Brien said", "Bri", "O'Brien"),
        ("they don’t know", "do", "don’t"),
        ("the Kerrys' house", "Kerry", "Kerrys"),
        # hyphens: the compound is whole when the selection covers a hyphen
        ("a military-to-military channel", "ilitary-to-milit", "military-to-military"),
        ("a military-to-military channel", "y-t", "military-to"),
        ("a military-to-military channel", "military-", "military-to"),
        ("a military-to-military channel", "-to-", "military-to-military"),
        ("a military-to-military channel", "ilitar", "military"),
        ("the Kerry-Lavrov talks", "Kerry", "Kerry"),
        ("the Kerry-Lavrov talks", "Lavr", "Lavrov"),
        ("pre-war and post-war", "war and post", "war and post"),
        ("the 2014–2015 season", "014", "2014"),  # an en dash is not a hyphen
        # abbreviations and numbers
        ("the U.S. military", "U.S", "U.S."),
        ("the U.S. military", "U", "U.S."),
        ("the U.S. military", ".S", "U.S."),
        ("the U.S. military", "S. mil", "U.S. military"),
        ("based in the U.S.", "U.S", "U.S."),
        ("e.g. this", "e.g", "e.g."),
        ("the president. Then", "dent", "president"),  # a sentence end is not a word
        ("in Washington, D.C., today", "D.C", "D.C."),
        ("about 3.5 million people", ".5 mil", "3.5 million"),
        ("some 1,000 people", "1,0", "1,000"),
        ("Kerry,Lavrov", "Kerry", "Kerry"),  # a comma between letters is not in a word
        ("see example.com now", "exam", "example.com"),
        # accents: precomposed and combining
        ("Zarif of Iran and Moussé", "Mouss", "Moussé"),
        ("Zarif and Mousse\u0301 met", "Mousse", "Mousse\u0301"),
        ("Zarif and Mousse\u0301\u0323 met", "e\u0301", "Mousse\u0301\u0323"),
        # RTL
        ("قال محمد جواد ظريف", "حمد جو", "محمد جواد"),
        ("قال «محمد جواد ظريف»، أمس", "«محمد جواد ظريف»،", "محمد جواد ظريف"),
        ("قال محمد، أمس", "محمد،", "محمد"),
        ('אמר "בנימין נתניהו".', '"בנימין נתניהו".', "בנימין נתניהו"),
        ("قال مُحَمَّد", "حَ", "مُحَمَّد"),
        ("אמר בנימין נתניהו", "ניהו", "נתניהו"),
        # CJK has no spaces: a partial selection grows to the whole run up to punctuation.
        ("习近平会见克里。他说", "近平", "习近平会见克里"),
        ("东京都に住む、はい", "京", "东京都に住む"),
        ("习近平会见克里。他说", "习近平会见克里。", "习近平会见克里"),
        ("他说：“习近平会见克里。”", "“习近平会见克里。”", "习近平会见克里"),
        ("Kerry met 习近平 in 北京.", "近", "习近平"),
        # emoji: never cut, never joined to letters
        ("so 👍🏽 there", "👍", "👍🏽"),
        ("so 👍🏽 there", "\U0001f3fd", "👍🏽"),
        ("family 👨\u200d👩\u200d👧 here", "👨\u200d👩", "👨\u200d👩\u200d👧"),
        ("family 👨\u200d👩\u200d👧 here", "👩", "👨\u200d👩\u200d👧"),
        ("flags 🇫🇷🇩🇪 here", "\U0001f1e9", "🇩🇪"),
        ("flags 🇫🇷🇩🇪 here", "\U0001f1f7\U0001f1e9", "🇫🇷🇩🇪"),
        ("love ❤\ufe0f it", "❤", "❤\ufe0f"),
        ("fire🔥 here", "ir", "fire"),
        ("fire🔥 here", "e🔥", "fire🔥"),
        ("press 1\ufe0f\u20e3 now", "1", "1\ufe0f\u20e3"),
        # nothing but whitespace
        ("a  \n b", "  \n ", None),
    ],
)
def test_examples(text, selected, expected):
    assert snap(text, selected) == expected


def test_second_occurrence():
    assert snap("John Kerry Kerry said", "err", occurrence=1) == "Kerry"


def test_empty_selection_is_none():
    assert snap_to_words("Kerry", 2, 2) is None
    assert snap_to_words("", 0, 0) is None
    assert trim_whitespace("Kerry", 2, 2) is None


def test_whole_text_and_edges():
    assert snap_to_words("Kerry", 0, 5) == (0, 5)
    assert snap_to_words("Kerry", 1, 4) == (0, 5)
    assert snap_to_words(" Kerry ", 0, 7) == (1, 6)


def test_trim_whitespace_only_trims():
    text = " \u00a0Smialowski\r\n"
    assert trim_whitespace(text, 0, len(text)) == (2, 12)
    assert trim_whitespace("John Kerry", 1, 7) == (1, 7)  # no growing
    assert trim_whitespace("  \n\u2028 ", 0, 5) is None


@pytest.mark.parametrize("function", [snap_to_words, trim_whitespace])
@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 6), (6, 6)])
def test_bad_ranges(function, start, end):
    with pytest.raises(ValueError):
        function("Kerry", start, end)


def test_long_document_is_cheap():
    """Only the text near the selection is looked at."""
    text = ("word " * 200_000) + "Smialowski" + (" word" * 200_000)
    i = text.index("S")
    assert snap_to_words(text, i + 2, i + 4) == (i, i + 10)


# --- properties ------------------------------------------------------------------------------

# Characters chosen to hit every rule: letters, digits, connectors, punctuation, whitespace,
# combining marks, emoji parts, regional indicators, CJK, Arabic.
ALPHABET = list(
    "aZé5 .,'’-‐()“”/\n\r\t\u00a0\u2028\u00ad"
    "\u0301\u0323\u200d\u200c\ufe0f\u20e3"
    "👍\U0001f3fd👨👩🔥❤\U0001f1eb\U0001f1f7习平كتب"
)
REGIONAL_INDICATORS = "".join(map(chr, range(0x1F1E6, 0x1F200)))
texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=40)
words_only = st.text(alphabet=st.sampled_from(list("ab .'-\u0301")), max_size=25)


@st.composite
def selections(draw, text_strategy=texts):
    text = draw(text_strategy)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


def _is_extending(ch: str) -> bool:
    return (
        unicodedata.category(ch)[0] == "M" or ch in "\u200d\u200c" or 0x1F3FB <= ord(ch) <= 0x1F3FF
    )


def check_snapped(text: str, start: int, end: int, result: tuple[int, int] | None) -> None:
    if all(c.isspace() for c in text[start:end]):
        assert result is None
        return
    assert result is not None
    s, e = result
    assert 0 <= s < e <= len(text)
    # contains the non-whitespace part of the selection
    trimmed = trim_whitespace(text, start, end)
    assert trimmed is not None
    assert s <= trimmed[0] and trimmed[1] <= e
    # no whitespace at either end
    assert not text[s].isspace() and not text[e - 1].isspace()


def is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "P" and ch not in "%‰‱#@"


def check_words_snapped(text: str, start: int, end: int, result: tuple[int, int] | None) -> None:
    """snap_to_words: as check_snapped, but punctuation at the ends is dropped too."""
    # (an extending character goes with what it follows: with a dropped quote mark, say)
    kept = [
        i
        for i in range(start, end)
        if not (text[i].isspace() or is_punctuation(text[i]) or _is_extending(text[i]))
    ]
    if result is None:
        assert not kept, (text, start, end)
        return
    s, e = result
    assert 0 <= s < e <= len(text)
    if kept:  # everything between the first and last kept character is in the result
        assert s <= kept[0] and kept[-1] < e
    assert not text[s].isspace() and not text[e - 1].isspace()
    # no punctuation at the ends, except the final period of an abbreviation ("U.S.")
    assert not is_punctuation(text[s]), (text, start, end, result)
    assert not is_punctuation(text[e - 1]) or text[e - 1] == ".", (text, start, end, result)


@given(selections())
@settings(max_examples=1500)
def test_snap_properties(selection):
    text, start, end = selection
    result = snap_to_words(text, start, end)
    check_words_snapped(text, start, end, result)
    if result is not None:
        s, e = result
        assert snap_to_words(text, s, e) == result  # idempotent
        # never splits a grapheme: no extending character cut off from what precedes it
        for edge in (s, e):
            if 0 < edge < len(text) and not text[edge - 1].isspace():
                assert not _is_extending(text[edge]), (text, edge)
            if 0 < edge < len(text):
                assert text[edge - 1 : edge + 1] != "\r\n"
                # flags are pairs of regional indicators: cut only after an even number of them
                run = len(text[:edge]) - len(text[:edge].rstrip(REGIONAL_INDICATORS))
                assert run % 2 == 0 or text[edge] not in REGIONAL_INDICATORS


@given(selections(words_only))
@settings(max_examples=800)
def test_snap_properties_on_plain_words(selection):
    """Denser in letters and connectors, to exercise the word rules."""
    text, start, end = selection
    result = snap_to_words(text, start, end)
    check_words_snapped(text, start, end, result)
    if result is not None:
        s, e = result
        assert snap_to_words(text, s, e) == result
        # never ends inside a run of letters, nor with a bare hyphen or apostrophe inside a word
        if s > 0:
            assert not (text[s - 1].isalpha() and text[s].isalpha())
        if e < len(text):
            assert not (text[e - 1].isalpha() and text[e].isalpha())

        def between_letters(i: int) -> bool:
            return 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()

        assert not (text[s] in "'-" and between_letters(s))
        assert not (text[e - 1] in "'-" and between_letters(e - 1))


@given(selections())
@settings(max_examples=800)
def test_snap_is_monotonic(selection):
    """Snapping a larger selection never gives a smaller range."""
    text, start, end = selection
    inner = snap_to_words(text, start, end)
    if inner is None:
        return
    for s, e in ((max(0, start - 1), end), (start, min(len(text), end + 1))):
        outer = snap_to_words(text, s, e)
        assert outer is not None
        assert outer[0] <= inner[0] and inner[1] <= outer[1]


@given(selections())
@settings(max_examples=800)
def test_trim_properties(selection):
    text, start, end = selection
    result = trim_whitespace(text, start, end)
    check_snapped(text, start, end, result)
    if result is not None:
        assert trim_whitespace(text, *result) == result
        assert text[result[0] : result[1]] == text[start:end].strip()  # strip() uses isspace()
