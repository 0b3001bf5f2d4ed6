"""The known-actors matcher: whole words, case, leftmost-longest, white space, offsets.

The property tests compare `ActorMatcher.find` with a brute-force scan written apart from
it: at each position the longest name that matches there (character by character, a
name's space matching one run of white space without a paragraph break) and is a whole
word, then on after it.
"""

from __future__ import annotations

import pickle
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.suggest.actors import ActorMatcher, collapse_white_space, normalise_name


def texts(matcher: ActorMatcher, text: str) -> list[str]:
    return [text[start:end] for start, end in matcher.find(text)]


# -- whole words ---------------------------------------------------------------------------


def test_a_name_is_found_on_whole_words_only():
    matcher = ActorMatcher(["Kerry"])
    text = "Kerry, Kerrys McKerry Kerry2 _Kerry (Kerry) Kerry-Lavrov Kerry"
    assert matcher.find(text) == [(0, 5), (37, 42), (44, 49), (57, 62)]


def test_a_possessive_ends_the_name():
    matcher = ActorMatcher(["Lavrov"])
    assert texts(matcher, "Lavrov's aide, Lavrov’s deputy, Lavrovs") == ["Lavrov", "Lavrov"]
    assert matcher.find("Lavrov’s") == [(0, 6)]


def test_an_apostrophe_is_a_word_edge_on_both_sides():
    """French and Italian elisions and Turkish case endings: the name is still found."""
    matcher = ActorMatcher(["Emmanuel Macron", "ONU", "Ankara"])
    text = "selon d'Emmanuel Macron et l’ONU, Ankara'da"
    assert texts(matcher, text) == ["Emmanuel Macron", "ONU", "Ankara"]


def test_names_are_case_sensitive():
    matcher = ActorMatcher(["Kerry", "UN"])
    assert texts(matcher, "KERRY kerry Kerry; the un, the UN and UNESCO") == ["Kerry", "UN"]


def test_letters_of_every_script_are_word_characters():
    matcher = ActorMatcher(["Šefčovič", "Лавров", "Ahmet"])
    assert matcher.find("ŠefčovičA Šefčovič") == [(10, 18)]
    assert matcher.find("Лаврова Лавров") == [(8, 14)]
    assert matcher.find("ÄAhmet Ahmetß Ahmet") == [(14, 19)]


def test_a_combining_mark_belongs_to_its_word():
    decomposed = unicodedata.normalize("NFD", "José")  # "Jose" + U+0301
    assert decomposed != "José"
    matcher = ActorMatcher(["Jose"])
    assert matcher.find(decomposed) == []
    assert matcher.find("Jose said") == [(0, 4)]


def test_a_name_ending_in_a_full_stop():
    matcher = ActorMatcher(["U.S.", "U.N."])
    text = "U.S. officials, the U.S., U.S.-led, U.S.A and U.N.'s envoy"
    assert texts(matcher, text) == ["U.S.", "U.S.", "U.S.", "U.N."]
    assert matcher.find("the U.S.") == [(4, 8)]


def test_names_in_scripts_without_spaces_are_found_inside_sentences():
    matcher = ActorMatcher(["习近平", "Kerry", "岸田文雄"])
    text = "国家主席习近平会见了Kerry。岸田文雄首相"
    assert texts(matcher, text) == ["习近平", "Kerry", "岸田文雄"]


def test_arabic_and_hebrew_names_are_whole_words():
    matcher = ActorMatcher(["لافروف", "נתניהו"])
    text = "قال لافروف إن ... ולדברי נתניהו, נתניהוי"
    assert texts(matcher, text) == ["لافروف", "נתניהו"]


# -- leftmost-longest ----------------------------------------------------------------------


def test_the_longest_name_wins_and_occurrences_do_not_overlap():
    matcher = ActorMatcher(["Lavrov", "Sergei Lavrov", "Sergei", "Lavrov Jr"])
    text = "Sergei Lavrov met Lavrov and Sergei Lavrov Jr"
    assert texts(matcher, text) == ["Sergei Lavrov", "Lavrov", "Sergei Lavrov"]


def test_a_shorter_name_counts_where_the_longest_is_not_a_whole_word():
    matcher = ActorMatcher(["Kerry", "Kerry Lavrov"])
    assert texts(matcher, "Kerry Lavrovich and Kerry Lavrov") == ["Kerry", "Kerry Lavrov"]
    matcher = ActorMatcher(["John Kerry", "John Kerryson", "Kerry"])
    assert texts(matcher, "John Kerrysons") == []
    assert texts(matcher, "John Kerryson's") == ["John Kerryson"]


def test_a_shorter_name_inside_a_failed_longer_one_is_found():
    """`Bank` fails as a whole word in `Bankers`; `World Bank Group` is not all there."""
    matcher = ActorMatcher(["World Bank Group", "World Bank", "Bank"])
    assert texts(matcher, "the World Bankers and the World Bank Groupie") == ["World Bank"]


# -- white space ---------------------------------------------------------------------------


def test_inner_white_space_matches_any_run_within_a_paragraph():
    matcher = ActorMatcher(["John  Kerry", "Sergei\tLavrov"])
    text = "John\nKerry, John  Kerry, John\u00a0Kerry, Sergei\r\n  Lavrov, John Kerry"
    assert texts(matcher, text) == [
        "John\nKerry",
        "John  Kerry",
        "John\u00a0Kerry",
        "Sergei\r\n  Lavrov",
        "John Kerry",
    ]


def test_a_name_never_spans_a_paragraph_break():
    matcher = ActorMatcher(["John Kerry", "Kerry"])
    for gap in ("\n\n", "\r\n\r\n", "\n \n", "\u2029", "\r\r"):
        text = f"John{gap}Kerry"
        assert texts(matcher, text) == ["Kerry"], repr(gap)


def test_offsets_after_collapsed_runs_are_the_texts():
    matcher = ActorMatcher(["Kerry", "Lavrov"])
    text = "Kerry  \n\n\n  said\t\t\tLavrov \u2029\u2029 Kerry" + " " * 50 + "Lavrov"
    found = matcher.find(text)
    assert [text[start:end] for start, end in found] == ["Kerry", "Lavrov", "Kerry", "Lavrov"]
    assert found[-1] == (len(text) - 6, len(text))


def test_offsets_are_code_points_after_an_emoji():
    matcher = ActorMatcher(["Kerry"])
    assert matcher.find("😀 Kerry") == [(2, 7)]
    assert matcher.find("👩‍👩‍👧 Kerry 🇺🇸 Kerry") == [(6, 11), (15, 20)]
    # names outside the Basic Multilingual Plane too (one code point each, not two)
    matcher = ActorMatcher(["𠀀𠀁", "Kerry"])
    assert matcher.find("😀 𠀀𠀁說 and Kerry😀") == [(2, 4), (10, 15)]


def test_collapsing_keeps_one_character_per_run():
    collapsed, shifts = collapse_white_space("a  b\n\nc\td")
    assert collapsed == "a b\nc d"
    assert shifts is not None
    assert [shifts.original(i) for i in range(len(collapsed) + 1)] == [0, 1, 3, 4, 6, 7, 8, 9]
    assert collapse_white_space("a b") == ("a b", None)
    assert collapse_white_space("a\nb") == ("a b", None)


@given(st.text(alphabet="a \n\r\t\u00a0\u2028\u2029\x0c😀", max_size=40))
@settings(max_examples=300, deadline=None)
def test_collapsing_is_one_character_per_run_of_any_white_space(text):
    import re

    def one(match):
        run = match.group().replace("\r\n", "\n")
        breaks = sum(ch in "\n\r\x0c\u2028\u2029" for ch in run)
        return "\n" if breaks > 1 or "\u2029" in run else " "

    collapsed, shifts = collapse_white_space(text)
    assert collapsed == re.sub(r"\s+", one, text)
    # each character that is not white space maps back to itself
    back = (lambda i: i) if shifts is None else shifts.original
    for position, ch in enumerate(collapsed):
        if not ch.isspace():
            assert text[back(position)] == ch
    assert back(len(collapsed)) == len(text)


# -- the names kept ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", " ", "K", " K ", "-", "...", "“”", "—", "\t\n", "😀"])
def test_a_name_of_one_character_or_only_punctuation_is_ignored(name):
    assert normalise_name(name) is None
    matcher = ActorMatcher([name])
    assert len(matcher) == 0
    assert matcher.find(f"K - ... “” — {name} x") == []


@pytest.mark.parametrize(
    "name", ["he", "the minister", "officials", "k.d. lang", "He", "They", "Er", "Elle", "Us"]
)
def test_words_in_lower_case_and_pronouns_are_not_names(name):
    assert normalise_name(name) is None
    assert ActorMatcher([name]).find(f"{name} said. {name} and {name}") == []


@pytest.mark.parametrize("name", ["US", "IT", "eBay", "de Gaulle", "G7", "习近平", "لافروف"])
def test_capitals_acronyms_and_caseless_scripts_are_names(name):
    assert normalise_name(name) == name
    assert ActorMatcher([name]).find(f"{name} said") == [(0, len(name))]


def test_names_are_kept_once_with_their_white_space_collapsed():
    assert normalise_name("  John \n Kerry ") == "John Kerry"
    assert normalise_name("EU") == "EU"
    assert normalise_name("G7") == "G7"
    matcher = ActorMatcher(["John Kerry", " John  Kerry", "John\tKerry", "EU", "EU"])
    assert len(matcher) == 2


def test_no_names_find_nothing():
    assert ActorMatcher([]).find("Kerry") == []
    assert ActorMatcher(["Kerry"]).find("") == []


def test_a_matcher_pickles():
    """A pool of processes gets the same automaton."""
    matcher = ActorMatcher(["Kerry", "Sergei Lavrov", "U.S."])
    copy = pickle.loads(pickle.dumps(matcher))
    text = "Sergei\nLavrov told Kerry about the U.S."
    assert copy.find(text) == matcher.find(text) == [(0, 13), (19, 24), (35, 39)]
    assert pickle.loads(pickle.dumps(ActorMatcher([]))).find(text) == []


def test_thousands_of_names():
    names = [f"Name{n:05d} Surname" for n in range(5000)] + [f"Org{n}" for n in range(5000)]
    matcher = ActorMatcher(names)
    assert len(matcher) == 10000
    text = " ".join(f"Name{n:05d} Surname met Org{n}x and Org{n}." for n in range(0, 5000, 7))
    found = texts(matcher, text)
    expected = []
    for n in range(0, 5000, 7):
        expected += [f"Name{n:05d} Surname", f"Org{n}"]
    assert found == expected


# -- against a brute-force scan ------------------------------------------------------------

_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _spaceless(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO"))


def _match_at(text: str, at: int, name: str) -> int | None:
    """The end of `name` matched at `at`, or None."""
    position = at
    for ch in name:
        if ch == " ":
            run_end = position
            while run_end < len(text) and text[run_end].isspace():
                run_end += 1
            run = text[position:run_end].replace("\r\n", "\n")
            breaks = sum(c in _BREAKS for c in run)
            if run_end == position or breaks > 1 or "\u2029" in run:
                return None
            position = run_end
        elif position < len(text) and text[position] == ch:
            position += 1
        else:
            return None
    return position


def _whole(text: str, start: int, end: int, name: str) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and not _spaceless(name[0]) and _word(before) and not _spaceless(before):
        return False
    return not (after and not _spaceless(name[-1]) and _word(after) and not _spaceless(after))


def brute_force(names: list[str], text: str) -> list[tuple[int, int]]:
    kept = {" ".join(n.split()) for n in names}
    kept = {n for n in kept if len(n) >= 2 and any(c.isalnum() for c in n)}
    # lower case only: a word, not a name (the alphabets below hold no pronoun)
    kept = {n for n in kept if any(c.isupper() for c in n) or not any(c.islower() for c in n)}
    found, at = [], 0
    while at < len(text):
        best = None
        for name in kept:
            end = _match_at(text, at, name)
            if end is not None and _whole(text, at, end, name) and (best is None or end > best):
                best = end
        if best is None:
            at += 1
        else:
            found.append((at, best))
            at = best
    return found


ALPHABET = "abAB '’-_.\n\r\t\u00a0\u2029é\u0301平😀"
name_strategy = st.text(alphabet="abAB '’-.é\u0301平", min_size=1, max_size=6)
text_strategy = st.text(alphabet=ALPHABET, max_size=60)


@given(st.lists(name_strategy, max_size=6), text_strategy)
@settings(max_examples=400, deadline=None)
def test_matches_equal_a_brute_force_scan(names, text):
    assert ActorMatcher(names).find(text) == brute_force(names, text)


@given(st.lists(name_strategy, min_size=1, max_size=6), st.lists(name_strategy, max_size=8))
@settings(max_examples=200, deadline=None)
def test_names_glued_into_a_text_are_found_as_the_scan_finds_them(names, picks):
    """Texts made of the names themselves, so that long and overlapping matches happen."""
    text = " ".join(picks + names) + "\n\n" + "".join(names) + " ".join(reversed(names))
    assert ActorMatcher(names).find(text) == brute_force(names, text)


@given(st.lists(name_strategy, max_size=5), text_strategy, st.text("😀🇺🇸\u0300x ", max_size=5))
@settings(max_examples=200, deadline=None)
def test_offsets_shift_with_a_prefix(names, text, prefix):
    """A prefix of emoji and combining marks (none in any name) shifts every occurrence by
    its length in code points."""
    matcher = ActorMatcher(names)
    unshifted = matcher.find("\n" + text)
    shifted = matcher.find(prefix + "\n" + text)
    assert shifted == [(start + len(prefix), end + len(prefix)) for start, end in unshifted]


@st.composite
def names_and_text(draw, letters="aB -", glue="aB -.\n"):
    """A few names, and a text made of them, their prefixes and a few characters: longest
    names that fail the word check with shorter names inside them that pass are common."""
    names = draw(st.lists(st.text(alphabet=letters, min_size=2, max_size=5), min_size=1))
    piece = st.one_of(
        st.sampled_from(names),
        st.sampled_from(names).map(lambda name: name[:-1]),
        st.text(alphabet=glue, max_size=3),
    )
    return names, "".join(draw(st.lists(piece, max_size=12)))


@given(names_and_text())
@settings(max_examples=500, deadline=None)
def test_few_letters_make_names_collide_as_the_scan_says(case):
    names, text = case
    assert ActorMatcher(names).find(text) == brute_force(names, text)


@given(names_and_text(letters="Aé\u0301 ’.平", glue="A\u0301 \n\r\u2029’.平😀"))
@settings(max_examples=300, deadline=None)
def test_marks_apostrophes_and_spaceless_letters_as_the_scan_says(case):
    names, text = case
    assert ActorMatcher(names).find(text) == brute_force(names, text)
