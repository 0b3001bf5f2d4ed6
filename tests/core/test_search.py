"""What a query means, hits from highlighted text, and hits in context."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.search import (
    Hit,
    SearchResult,
    Term,
    context,
    hits_in_text,
    marked_hits,
    parse_query,
)


def test_words_phrases_and_prefixes():
    query = parse_query('Kerry "White House" negotiat* "prime minis*"')
    assert query.terms == (
        Term(("Kerry",)),
        Term(("White", "House")),
        Term(("negotiat",), prefix=True),
        Term(("prime", "minis"), prefix=True),
    )
    assert query.fts_match() == ('"Kerry" AND "White House" AND "negotiat" * AND "prime minis" *')


@pytest.mark.parametrize(
    "typed",
    [
        "AND",
        "Kerry OR",
        "(Kerry",
        "a:b",
        "NEAR(a b)",
        '"unclosed',
        'x"y',
        "^start",
        "-minus",
        "{a b}",
    ],
)
def test_fts_syntax_in_the_query_is_searched_as_text(typed):
    query = parse_query(typed)
    # every term is one quoted string: nothing the user typed is FTS5 syntax
    for term in query.terms:
        assert term.fts().startswith('"')


def test_punctuation_inside_a_word_makes_a_phrase_as_the_index_sees_it():
    assert parse_query("U.S.").terms == (Term(("U", "S")),)
    assert parse_query("Russia's").terms == (Term(("Russia", "s")),)


def test_a_star_after_no_word_is_no_prefix_and_repeats_collapse():
    assert parse_query("Kerry *").terms == (Term(("Kerry",)),)
    assert parse_query("kerry kerry").terms == (Term(("kerry",)),)


@pytest.mark.parametrize("typed", ["", "   ", '"', "***", ", ; —", '""'])
def test_a_query_without_a_word_says_so(typed):
    with pytest.raises(AnnotatorError, match="nothing to search for"):
        parse_query(typed)


def test_exact_keeps_only_hits_with_the_querys_case_and_accents():
    query = parse_query("Élysée", exact=True)
    assert query.keeps("Élysée")
    assert not query.keeps("elysee")
    assert not query.keeps("ÉLYSÉE")
    assert query.keeps("E\u0301lyse\u0301e")  # the same, decomposed
    prefix = parse_query("Kerr*", exact=True)
    assert prefix.keeps("Kerry") and not prefix.keeps("kerry")
    assert parse_query("kerry").keeps("KERRY")  # not exact: every hit counts


def test_hits_in_text_are_code_points_of_whole_words_folded():
    text = "😀 Kerry met 北京 שלום. KERRY, kerrygold; Élysée\x00Kerry"
    hits = hits_in_text(parse_query("kerry"), text)
    assert hits is not None and [text[s:e] for s, e in hits] == ["Kerry", "KERRY", "Kerry"]
    assert hits[0] == (2, 7)
    prefix = hits_in_text(parse_query("kerr*"), text)
    assert prefix is not None and "kerrygold" in [text[s:e] for s, e in prefix]
    assert hits_in_text(parse_query('"met 北京"'), text) == [(8, 14)]
    assert hits_in_text(parse_query("elysee"), text) == [(text.index("Élysée"), text.index("\x00"))]
    assert hits_in_text(parse_query("Kerry Lavrov"), text) is None  # every term, or no match


def test_context_is_a_few_words_either_side_on_one_line():
    text = "one two three four five six seven eight\n\nKerry   said nine ten eleven twelve a b c"
    start = text.index("Kerry")
    before, match, after = context(text, start, start + 5)
    assert match == "Kerry"
    assert before == "three four five six seven eight "
    assert after == " said nine ten eleven twelve a"
    cjk = "克里国务卿说" * 30
    before, _, after = context(cjk, 60, 62)
    assert len(before) <= 60 and len(after) <= 60


def test_summary_says_how_far_the_hits_go():
    hit = Hit(1, "d", "T", 0, 1, "", "a", "")
    assert SearchResult("a", (), 0, True).summary() == "no hits"
    assert SearchResult("a", (hit,), 1, True).summary() == "1 hit in 1 document"
    capped = SearchResult("a", (hit,) * 1000, 5210, False)
    assert capped.summary() == "first 1,000 hits (in 1 of 5,210 documents)"


def test_marked_hits_are_code_points_of_the_unmarked_text():
    text, hits = marked_hits("😀 <Kerry> met 北京 <שלום>.", "<", ">")
    assert text == "😀 Kerry met 北京 שלום."
    assert [text[s:e] for s, e in hits] == ["Kerry", "שלום"]
    assert hits[0] == (2, 7)
