"""The tokenizer for the token formats: the built-in rules give spaCy's tokens on news text,
tokens partition the text, retokenizing makes every span boundary a token boundary."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.core.formats import tokens as tokens_module
from annotator.core.formats.tokens import (
    Token,
    rule_tokenize,
    sentence_ends,
    split_at,
    tokenize,
)
from tests.helpers.news_corpus import NEWS
from tests.helpers.token_fixtures import TRICKY

MORE = [
    "Email john.doe@example.com or visit http://example.com.",
    "1,000,000 people; pi is 3.14; $5; (AP) — N.Y. e.g. U.S.-led Obama-era mid-2020 "
    "20-year-old '90s rock 'n' roll Don't CAN'T o'clock 10:30 3-4pm",
    'A B.A. in C.S. from M.I.T. and a Ph.D. -- ok!!! what?! end."',
    "co-operation x/y and/or 1/2 5km 10kg 100mph 25% US$5 and C$10",
    "it's its he's she'd they'd we'd Y'all gonna gotta cannot 'Tis 'em O'Neill's son's",
    "12th 1st 2nd a.m. p.m. 11pm 12AM #MeToo @user Mt. Everest St. Louis vs. v. Corp.",
    "L.A.-based US-China COVID-19 F-35s The S&P 500 and AT&T Yahoo! Inc. Sept. 11",
    "\u00a0nbsp\u00a0here tab\tafter a\u3000b word.\u201d \u2018quote\u2019 2020/21 season",
]


def as_tuples(tokens: list[Token]) -> list[tuple[str, int, int, bool]]:
    return [(t.text, t.start, t.end, t.ws) for t in tokens]


def assert_partition(text: str, tokens: list[Token]) -> None:
    """Every code point is in one token or is the one space of a token's ws."""
    rebuilt = []
    position = 0
    for token in tokens:
        assert token.start == position, (text, token)
        assert token.text == text[token.start : token.end] and token.text
        rebuilt.append(token.text + (" " if token.ws else ""))
        position = token.end + (1 if token.ws else 0)
    assert "".join(rebuilt) == text
    assert all(text[t.end] == " " for t in tokens if t.ws)


@pytest.mark.parametrize("text", NEWS + MORE + list(TRICKY.values()))
def test_rule_tokenizer_gives_spacys_tokens(text: str) -> None:
    spacy = pytest.importorskip("spacy")
    expected = [
        (t.text, t.idx, t.idx + len(t.text), bool(t.whitespace_))
        for t in spacy.blank("en").tokenizer(text)
    ]
    assert as_tuples(rule_tokenize(text)) == expected


NEWS_PIECES = [
    *sorted({word for text in NEWS for word in text.split()}),
    "U.S.", "Mr.", "Dr.Calif.", "(", ")", '"', "'", "’", "“", "”", "—", "-", "--", "...", "…",
    "……", ",", ".", "!", "?", ":", ";", "%", "$", "€", "£", "#", "@", "&", "/", "'s", "n't",
    "1", "2.5", "1,000", "10:30", "3pm", "a.m.", "e.g.", "http://x.org/a", "x@y.com", "😀",
    "🇺🇸", "°C", "km", "+", "*", "=", "<", ">", "[", "]", "{", "}", "_", "~", "^", "|", "\\",
    "`", "´", "«", "»", "„", "‚", "Zoe\u0308", "Ame\u0301lie", "克里", "。", "，", "Ü", "ß",
    ":)", ":}", "<3",
]  # fmt: skip


@given(
    st.lists(
        st.tuples(st.sampled_from(NEWS_PIECES), st.sampled_from(["", "", " ", " ", "  ", "\n"])),
        min_size=1,
        max_size=8,
    ).map(lambda parts: "".join(p + sep for p, sep in parts))
)
@settings(max_examples=1500, deadline=None, derandomize=True)
def test_rule_tokenizer_gives_spacys_tokens_on_shuffled_news_pieces(text: str) -> None:
    """Pieces of news text glued together in every way (Dr.Calif., 3pm,, "'s...)."""
    spacy = pytest.importorskip("spacy")
    tokenizer = _blank(spacy).tokenizer
    expected = [(t.text, t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in tokenizer(text)]
    # spaCy splits a text at whitespace and each piece on its own, except in a few cases
    # where a piece comes out otherwise after another (`' ''"But` gives `'`, `'`, `'`, `"`,
    # `But`, while `''"But` alone gives `''`, `"`, `But`): the rule tokenizer gives the
    # piece's own answer, so those texts are not a measure of it.
    assume(
        [t for t, _, _, _ in expected if t.strip()]
        == [t.text for piece in text.split() for t in tokenizer(piece) if t.text.strip()]
    )
    assert as_tuples(rule_tokenize(text)) == expected


_NLP: list = []


def _blank(spacy):  # one blank pipeline for all examples
    if not _NLP:
        _NLP.append(spacy.blank("en"))
    return _NLP[0]


def test_the_news_corpus_is_not_trivial() -> None:
    """The comparison above means something: the corpus exercises the rules."""
    pieces = {t.text for text in NEWS for t in rule_tokenize(text)}
    url = "https://www.state.gov/briefings/2024-05-01"
    for expected in ("U.S.", "'s", "n't", "Mr.", "$", "%", "-", url, "press@example.org", "(",
                     "\u201c", "\u2019s", "a.m."):  # fmt: skip
        assert expected in pieces, expected
    assert [t.text for t in rule_tokenize("She can't, won't.")] == [
        "She", "ca", "n't", ",", "wo", "n't", "."]  # fmt: skip


@given(st.text(st.sampled_from(list("ab .,'\"-\n\t\u00a0😀\u0301U.S$1(")), max_size=40))
@settings(max_examples=300, deadline=None)
def test_rule_tokens_partition_any_text(text: str) -> None:
    assert_partition(text, rule_tokenize(text))


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
@settings(max_examples=200, deadline=None)
def test_rule_tokens_partition_unicode(text: str) -> None:
    assert_partition(text, rule_tokenize(text))


def test_tokenize_uses_spacy_when_installed_and_the_rules_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spacy = pytest.importorskip("spacy")
    text = "Kerry's aides didn't   say.\n"
    from_spacy = [(t.text, t.idx) for t in spacy.blank("en").tokenizer(text)]
    assert [(t.text, t.start) for t in tokenize(text)] == from_spacy
    assert "spaCy" in tokens_module.tokenizer_name()
    monkeypatch.setattr(tokens_module, "_spacy_nlp", lambda: None)
    assert tokenize(text) == rule_tokenize(text)
    assert "built-in" in tokens_module.tokenizer_name()


def test_split_at_cuts_tokens_at_span_boundaries() -> None:
    text = "U.S.-based Kerry met Lavrov."
    tokens = rule_tokenize(text)
    assert [t.text for t in tokens][:2] == ["U.S.-based", "Kerry"]
    cut_tokens, cut = split_at(tokens, text, [0, 13], [4, 16])
    assert [t.text for t in cut_tokens] == ["U.S.", "-based", "Ke", "rry", "met", "Lavrov", "."]
    assert cut == 2
    assert_partition(text, cut_tokens)


def test_split_at_makes_a_trailing_space_a_token_when_a_span_needs_it() -> None:
    text = "Kerry met"
    tokens = rule_tokenize(text)
    result, cut = split_at(tokens, text, [5], [6])  # the span is the space itself
    assert as_tuples(result) == [
        ("Kerry", 0, 5, False), (" ", 5, 6, False), ("met", 6, 9, False)]  # fmt: skip
    assert cut == 1
    # a span ending before the space or starting after it needs no cut
    assert split_at(tokens, text, [0, 6], [5, 9]) == (tokens, 0)
    # a span ending with the space after the last token: the space is a token
    assert split_at(rule_tokenize("Kerry "), "Kerry ", [0], [6]) == (
        [Token("Kerry", 0, 5, False), Token(" ", 5, 6, False)], 1)  # fmt: skip


@given(
    st.text(st.sampled_from(list("ab .,'-\n😀\u0301")), min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=5),
)
@settings(max_examples=300, deadline=None)
def test_split_at_every_boundary_is_a_token_boundary(text: str, pairs: list) -> None:
    spans = [(min(a, b), max(a, b)) for a, b in pairs]
    spans = [(s, e) for s, e in spans if s < e <= len(text)]
    result, _ = split_at(rule_tokenize(text), text, [s for s, _ in spans], [e for _, e in spans])
    assert_partition(text, result)
    starts = {t.start for t in result}
    ends = {t.end for t in result}
    for start, end in spans:
        assert start in starts and end in ends


def test_sentence_ends() -> None:
    texts = ["Kerry", "met", "Lavrov", ".", '"', "They", "talked", "at", "5", "p.m.", "today", "!"]
    gaps = [" ", " ", "", "", " ", " ", " ", " ", " ", " ", "", "\n"]
    assert sentence_ends(texts, gaps, lambda i: False) == {4, 11}
    # a line break ends a sentence; a span going on across it does not let it
    assert sentence_ends(["a", "b"], ["\r\n", ""], lambda i: False) == {0, 1}
    assert sentence_ends(["a", "b"], ["\r\n", ""], lambda i: True) == {1}
    assert sentence_ends([], [], lambda i: False) == set()
