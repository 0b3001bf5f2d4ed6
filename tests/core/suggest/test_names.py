"""Words and names for the speaker suggester: the tokenizer's code point offsets, and the
name inside a noun phrase."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.suggest.names import (
    Token,
    capitalised,
    is_role,
    name_word,
    phrase_ending_at,
    phrase_starting_at,
    tokenize,
)


def texts(tokens: list[Token]) -> list[str]:
    return [token.text for token in tokens]


def test_tokens_keep_code_point_offsets() -> None:
    text = "🇺🇸🙂 Mr. Kerry, al-Assad’s O'Brien: «Erdoğan»."
    tokens = tokenize(text)
    assert texts(tokens) == [
        "🇺", "🇸", "🙂", "Mr.", "Kerry", ",", "al-Assad’s", "O'Brien", ":", "«", "Erdoğan", "»", ".",
    ]  # fmt: skip
    for token in tokens:
        assert text[token.start : token.end] == token.text


def test_abbreviations_and_initials_keep_their_full_stop() -> None:
    assert texts(tokenize("George W. Bush and Dr. No. J.K. Rowling left.")) == [
        "George", "W.", "Bush", "and", "Dr.", "No.", "J.", "K.", "Rowling", "left", ".",
    ]  # fmt: skip


def test_a_combining_accent_stays_inside_its_word() -> None:
    text = "Se\u0301gole\u0300ne Royal"
    assert texts(tokenize(text)) == ["Se\u0301gole\u0300ne", "Royal"]


def test_a_window_of_the_text() -> None:
    text = "one two three four"
    tokens = tokenize(text, 4, 13)
    assert texts(tokens) == ["two", "three"]
    assert tokens[0] == Token("two", 4, 7)


def test_one_sentence_stops_at_its_end_but_not_at_an_abbreviation() -> None:
    text = ",” said Mr. Kerry. The talks went on."
    assert texts(tokenize(text, sentence=True)) == [",", "”", "said", "Mr.", "Kerry", "."]
    assert texts(tokenize(".” He said. Then", sentence=True)) == [".", "”", "He", "said", "."]


@given(st.text(max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_tokens_are_pieces_of_the_text_in_order(text: str, start: int, end: int) -> None:
    start, end = min(start, len(text)), min(max(start, end), len(text))
    tokens = tokenize(text, start, end)
    previous = start
    for token in tokens:
        assert previous <= token.start < token.end <= end
        assert text[token.start : token.end] == token.text
        assert text[previous : token.start].strip() == ""
        previous = token.end
    assert text[previous:end].strip() == ""


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Kerry", True),
        ("kerry", False),
        ("Ségolène", True),
        ("Ørsted", True),
        ("al-Assad", True),
        ("el-Sisi", True),
        ("d'Estaing", True),
        ("well-known", False),
        ("ǅemal", True),  # a title-case letter
        ("42", False),
    ],
)
def test_capitalised(word: str, expected: bool) -> None:
    assert capitalised(Token(word, 0, len(word))) is expected


def test_roles_include_german_compounds_and_prefixes() -> None:
    for word in ("Bundeskanzler", "Außenministerin", "Regierungssprecher", "ex-president"):
        assert is_role(Token(word, 0, len(word))), word
    assert not is_role(Token("Kerry", 0, 5))
    for word in ("Kerry", "W.", "Erdoğan", "al-Assad"):
        assert name_word(Token(word, 0, len(word))), word
    for word in ("The", "President", "Mr.", "Russia's", "l'Intérieur", "minister"):
        assert not name_word(Token(word, 0, len(word))), word


def name_before(text: str) -> str | None:
    """The name of the phrase that ends `text`."""
    tokens = tokenize(text)
    phrase = phrase_ending_at(tokens, len(tokens) - 1, 0)
    if phrase is None or phrase.name is None:
        return None
    first, last = phrase.name
    return text[tokens[first].start : tokens[last].end]


def name_after(text: str) -> str | None:
    """The name of the phrase that starts `text`."""
    tokens = tokenize(text)
    phrase = phrase_starting_at(tokens, 0, len(tokens))
    if phrase is None or phrase.name is None:
        return None
    first, last = phrase.name
    return text[tokens[first].start : tokens[last].end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Secretary of State John Kerry", "John Kerry"),
        ("Defense Secretary Ash Carter", "Ash Carter"),
        ("Mr. Kerry", "Kerry"),
        ("the Russian foreign minister", None),
        ("the minister", None),
        ("the Foreign Ministry", "Foreign Ministry"),
        ("the Ministry of Foreign Affairs", "Ministry of Foreign Affairs"),
        ("the Pentagon", "Pentagon"),
        ("Osama bin Laden", "Osama bin Laden"),
        ("Charles de Gaulle", "Charles de Gaulle"),
        ("von der Leyen", "von der Leyen"),
        ("Martin Luther King Jr.", "Martin Luther King Jr."),
        ("Martin Luther King", "Martin Luther King"),
        ("King Charles", "Charles"),
        ("President", None),
        ("W.", None),
    ],
)
def test_the_name_at_the_end_of_a_phrase(text: str, expected: str | None) -> None:
    assert name_before(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Secretary of State John Kerry said", "John Kerry"),
        ("John Kerry of Massachusetts", "John Kerry"),
        ("the Russian foreign minister, Sergei Lavrov, on Friday", "Sergei Lavrov"),
        ("el presidente del Gobierno, Pedro Sánchez.", "Pedro Sánchez"),
        ("Kerry, the secretary of state", "Kerry"),
        ("the ministry in Moscow", None),
        ("der Kanzler", None),
    ],
)
def test_the_name_at_the_start_of_a_phrase(text: str, expected: str | None) -> None:
    assert name_after(text) == expected
