"""The QUOTE suggester: direct quotations by their marks, in code points, and never an
apostrophe, a scare quote or a stray mark's rest of the document."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import check_span_shape
from annotator.core.suggest.quote_marks import ALL_MARKS, CLOSERS
from annotator.core.suggest.quotes import Quote, find_quotes


def quoted(text: str) -> list[list[str]]:
    """Each quote of `text` as the texts of its pieces."""
    return [[text[start:end] for start, end in pieces(quote)] for quote in find_quotes(text)]


def pieces(quote: Quote) -> tuple[tuple[int, int], ...]:
    return quote.fragments or ((quote.start, quote.end),)


def shifted(quotes: list[Quote], by: int) -> list[Quote]:
    """`quotes` moved `by` code points later."""
    return [
        Quote(q.start + by, q.end + by, tuple((s + by, e + by) for s, e in q.fragments))
        for q in quotes
    ]


# --- the range


def test_a_quote_is_the_words_inside_the_marks_stripped_of_white_space():
    text = "Kerry said: “  The president believes it will take place very shortly. ” Then"
    [quote] = find_quotes(text)
    words = "The president believes it will take place very shortly."
    assert text[quote.start : quote.end] == words
    assert quote.fragments == ()
    assert text[quote.start - 3 : quote.start] == "“  "


def test_a_mark_at_the_edge_that_nothing_pairs_with_is_not_part_of_the_words():
    assert quoted("““ We are ready to talk”") == [["We are ready to talk"]]
    assert quoted("“We love the Smiths’” he said, and “’Tis the season to be jolly”") == [
        ["We love the Smiths’"],
        ["’Tis the season to be jolly"],
    ]


def test_an_empty_quotation_is_no_quote():
    assert find_quotes('“” and “   ” and ""') == []


# --- each family of marks


@pytest.mark.parametrize(
    "text",
    [
        '"We are ready to talk," he said.',
        "“We are ready to talk,” he said.",
        "« Nous sommes prêts à parler », a-t-il dit.",
        "«\u00a0Nous sommes prêts à parler\u202f», a-t-il dit.",
        "»Wir sind bereit zu reden«, sagte er.",
        "»Vi er klar til at tale«, sagde han.",
        "„Wir sind bereit zu reden“, sagte er.",
        "„Jesteśmy gotowi do rozmów” – powiedział.",
        "‹ Nous sommes prêts à parler ›, a-t-il dit.",
        "›Wir sind bereit zu reden‹, sagte er.",
        "‚Wir sind bereit zu reden‘, sagte er.",
        "”Vi är redo att prata”, sade han.",
        "»Olemme valmiita puhumaan», hän sanoi.",
        "‘We are ready to talk,’ he said.",
        "'We are ready to talk,' he said.",
        "＂We are ready to talk,＂ he said.",
        "〝We are ready to talk〟 he said.",
    ],
)
def test_every_family_of_marks_is_a_quote(text: str):
    [[words]] = quoted(text)
    assert words.strip(",") in (
        "We are ready to talk",
        "Nous sommes prêts à parler",
        "Wir sind bereit zu reden",
        "Vi er klar til at tale",
        "Jesteśmy gotowi do rozmów",
        "Vi är redo att prata",
        "Olemme valmiita puhumaan",
    )


def test_texts_that_mix_straight_and_curly_marks_or_turn_one_the_wrong_way():
    assert quoted('“We are ready to talk," he said.') == [["We are ready to talk,"]]
    assert quoted('"We are ready to talk,” he said.') == [["We are ready to talk,"]]
    assert quoted("“We are ready to talk,“ he said.") == [["We are ready to talk,"]]
    assert quoted("‘We are ready to talk,‘ he said.") == [["We are ready to talk,"]]
    # a straight pair inside a curly one is nested
    assert quoted('“He said "no" twice to us.”') == [['He said "no" twice to us.']]


def test_cjk_corner_brackets_and_curly_quotes():
    assert quoted("他说：“我们准备好了。”") == [["我们准备好了。"]]
    assert quoted('他说"我们准备好了"。') == [["我们准备好了"]]
    assert quoted("彼は「準備はできている」と述べた。") == [["準備はできている"]]
    # 『』 nested in 「」 is one quote
    assert quoted("「彼は『いいえ』と言った」") == [["彼は『いいえ』と言った"]]


def test_korean_particles_right_after_the_closing_mark():
    assert quoted('그는 "우리는 준비가 되어 있다"고 말했다.') == [["우리는 준비가 되어 있다"]]
    assert quoted("그는 “우리는 준비가 되어 있다”라고 말했다.") == [["우리는 준비가 되어 있다"]]


def test_rtl_quotes_hebrew_and_arabic():
    # the gershayim of an acronym (צה"ל) is no quotation mark
    assert quoted('קצין צה"ל אמר: "אנחנו מוכנים לגמרי".') == [["אנחנו מוכנים לגמרי"]]
    assert quoted("הוא אמר “אנחנו מוכנים לדבר” אתמול") == [["אנחנו מוכנים לדבר"]]
    # a one-letter prefix before the mark (ו, "and"); gershayim in ש"ח and ארה"ב
    assert quoted('הוא אמר ו"אנחנו מוכנים לדבר" ושילם 5 ש"ח בארה"ב') == [["אנחנו מוכנים לדבר"]]
    assert quoted("قال «نحن مستعدون للحوار» أمس") == [["نحن مستعدون للحوار"]]
    assert quoted('وقال "نحن مستعدون للحوار" أمس') == [["نحن مستعدون للحوار"]]
    assert quoted('قال و"نحن مستعدون للحوار" أمس') == [["نحن مستعدون للحوار"]]
    # bidi marks around the words are not part of the quote
    assert quoted("قال \u200f«\u200fنحن مستعدون للحوار\u200f»\u200f أمس") == [
        ["نحن مستعدون للحوار"]
    ]


# --- apostrophes


@pytest.mark.parametrize(
    "text",
    [
        "Russia's foreign minister and Russia’s army",
        "back in the ’90s and the '80s, in ’08",
        "rock ’n’ roll and rock 'n' roll and rock ‘n’ roll",
        "I don’t know and I don't know, they’ll see",
        "the Smiths’ album and the Smiths' album, the players’ union",
        "give ’em hell, ’til the end, ’tis true, ’twas so",
        "the O’Neills’ farm",
    ],
)
def test_apostrophes_are_not_quotes(text: str):
    assert find_quotes(text) == []


def test_apostrophes_inside_a_single_quoted_quotation_do_not_end_it():
    assert quoted("‘I don’t know the players’ union at all,’ he said.") == [
        ["I don’t know the players’ union at all,"]
    ]
    assert quoted("‘In the ’90s we loved rock ’n’ roll,’ he said.") == [
        ["In the ’90s we loved rock ’n’ roll,"]
    ]
    assert quoted("'We love the Smiths' album a lot,' she said.") == [
        ["We love the Smiths' album a lot,"]
    ]
    assert quoted("‘We’re goin’ home now, lads,’ he said.") == [["We’re goin’ home now, lads,"]]


def test_a_single_closing_mark_before_a_word_still_closes_its_quotation():
    # it does not look past the next opening mark
    text = "He said ‘we are all ready’ on Friday, then ‘we will talk soon,’ she said."
    assert quoted(text) == [["we are all ready"], ["we will talk soon,"]]
    text = "He said ‘we all love Russia's’ army on Friday; ‘we will talk soon,’ she said."
    assert quoted(text) == [["we all love Russia's"], ["we will talk soon,"]]


def test_a_single_quote_opens_before_a_word_and_closes_after_one():
    text = "Russia's envoy said ‘we will not back down now’ and left; the Smiths’ album sold."
    assert quoted(text) == [["we will not back down now"]]


# --- nesting


def test_a_nested_quotation_is_part_of_the_outer_quote():
    assert quoted("“He said ‘no’ twice to us,” she said.") == [["He said ‘no’ twice to us,"]]
    assert quoted("‘He said “no” twice to us,’ she said.") == [["He said “no” twice to us,"]]
    assert quoted("\"He said 'no' twice to us,\" she said.") == [["He said 'no' twice to us,"]]
    assert quoted("»Er sagte ›nein‹ zweimal zu uns«, sagte sie.") == [
        ["Er sagte ›nein‹ zweimal zu uns"]
    ]
    assert quoted("« Il a dit ‹ non › deux fois », dit-elle.") == [["Il a dit ‹ non › deux fois"]]


def test_a_quote_nested_at_the_end_of_another_closes_both():
    text = "“She told me, ‘We are not leaving this town,’” he said."
    assert quoted(text) == [["She told me, ‘We are not leaving this town,’"]]


# --- over several paragraphs


def test_a_quotation_over_paragraphs_is_one_quote_with_a_fragment_per_paragraph():
    text = (
        "He said:\n\n“The first paragraph of the speech.\n\n"
        "“The second paragraph, which goes on.\n\n“And the last one,” he said.\n\nAfter."
    )
    [quote] = find_quotes(text)
    assert [text[s:e] for s, e in quote.fragments] == [
        "The first paragraph of the speech.",
        "The second paragraph, which goes on.",
        "And the last one,",
    ]
    assert check_span_shape(len(text), quote.start, quote.end, quote.fragments) is None


def test_french_continued_paragraphs_may_reopen_with_the_closing_guillemet():
    text = "« Le premier paragraphe du discours.\n\n» Et le dernier », a-t-il dit."
    assert quoted(text) == [["Le premier paragraphe du discours.", "Et le dernier"]]
    text = "« Le premier paragraphe du discours.\n\n« Et le dernier », a-t-il dit."
    assert quoted(text) == [["Le premier paragraphe du discours.", "Et le dernier"]]


def test_a_quotation_over_lines_when_lines_are_the_paragraphs():
    text = '"First paragraph of the speech.\n"Second paragraph of it." he said.\nNext.'
    assert quoted(text) == [["First paragraph of the speech.", "Second paragraph of it."]]


def test_a_line_wrapped_inside_a_paragraph_does_not_end_a_quotation():
    text = "Kerry said “we are ready\nto talk about Syria” on Friday.\n\nNext paragraph."
    assert quoted(text) == [["we are ready\nto talk about Syria"]]


def test_a_long_line_or_a_sentence_end_before_a_line_break_ends_a_paragraph():
    # paragraphs a line each, in a text that has one blank line: a stray does not pair
    # with the next line's closing mark
    long_line = "He has a “stray mark in a line that goes on " + "and on " * 12 + "for a while"
    text = f"Title\n\n{long_line}\nThe next one.” he said. “We are ready,” he said."
    assert quoted(text) == [["We are ready,"]]
    text = "Title\n\nHe has a “stray mark.\nThe next one.” he said. “We are ready,” he said."
    assert quoted(text) == [["We are ready,"]]


def test_a_paragraph_that_ends_in_no_sentence_end_does_not_go_on():
    # the first mark is a stray: its paragraph stops mid-sentence
    text = "Kerry said “we are ready\n\n“To talk about it,” he added."
    assert quoted(text) == [["To talk about it,"]]


def test_a_stray_mark_before_a_quotation_over_paragraphs_does_not_take_it_over():
    text = "A stray “ here. “First paragraph of the speech.\n\n“Second one of it.” he said."
    assert quoted(text) == [["First paragraph of the speech.", "Second one of it."]]
    # a quotation of the same marks closed inside it: the first mark was a stray
    text = "A stray “ here, “We are ready,” he said.\n\n“Second quote here.” he said."
    assert quoted(text) == [["We are ready,"], ["Second quote here."]]


def test_a_quotation_over_paragraphs_that_never_closes_is_no_quote():
    text = "“First paragraph of it.\n\n“Second paragraph of it.\n\nNot quoted any more."
    assert find_quotes(text) == []


# --- split by the speaker


def test_a_quotation_split_by_its_speaker_is_one_quote_in_two_fragments():
    text = "“We are ready,” Kerry said, “to talk.”"
    [quote] = find_quotes(text)
    assert quote.fragments == ((1, 14), (29, 37))
    assert [text[s:e] for s, e in quote.fragments] == ["We are ready,", "to talk."]
    assert (quote.start, quote.end) == (1, 37)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ('"We are ready," Kerry said, "to talk."', ["We are ready,", "to talk."]),
        (
            "“We are ready,” said Secretary of State John Kerry on Friday, “to talk.”",
            ["We are ready,", "to talk."],
        ),
        (
            "“We are ready,” said Mr. Kerry, the U.S. envoy, “to talk.”",
            ["We are ready,", "to talk."],
        ),
        ("“It is over,” she said, adding: “We lost.”", ["It is over,", "We lost."]),
        (
            "“We are ready,” Russia’s foreign minister said, “to talk now.”",
            ["We are ready,", "to talk now."],
        ),
        ("„Wir sind bereit“, sagte Kerry, „zu reden.“", ["Wir sind bereit", "zu reden."]),
        ("‘We are ready’, Kerry said, ‘to talk.’", ["We are ready", "to talk."]),
        ("“我们准备好了，”克里说，“来谈谈。”", ["我们准备好了，", "来谈谈。"]),
        ("«نحن مستعدون»، قال كيري، «للحوار مع روسيا».", ["نحن مستعدون", "للحوار مع روسيا"]),
        (
            "“One more thing,” he said, “and another,” he added, “and a third.”",
            ["One more thing,", "and another,", "and a third."],
        ),
    ],
)
def test_split_quotations(text: str, parts: list[str]):
    assert quoted(text) == [parts]


def test_a_quotation_going_on_after_its_speakers_sentence_is_one():
    # the first part broke off at a comma: the speaker's sentence is a pause in it
    text = "“We are ready,” Kerry said. “We will talk now.”"
    assert quoted(text) == [["We are ready,", "We will talk now."]]
    # a first part that ended its sentence is a quotation of its own
    text = "“We are ready.” Kerry said. “We will talk now.”"
    assert quoted(text) == [["We are ready."], ["We will talk now."]]


@pytest.mark.parametrize(
    "text",
    [
        # a sentence ends between them, and another begins before the quotation goes on
        "“We are ready,” Kerry said. Then he added, “We will talk now.”",
        "“We are ready,” Kerry asked? “We will talk now.”",
        # the gap does not end in a comma or a colon
        "“We are ready,” Kerry said “we will talk now.”",
        # the first part does not end in a comma
        "“We are ready” Kerry said, “we will talk now.”",
        # no words between
        "“We are all ready,” “we will talk now.”",
        # a new paragraph between
        "“We are ready,” Kerry said,\n“we will talk now.”",
        # too long a clause
        "“We are ready,” said Kerry, who had flown in from London late last night after "
        "a long day of talks with his British and French counterparts, “to talk to them.”",
        # marks of another family
        "“We are ready,” Kerry said, ‘we will talk now.’",
        # the first part is a few words quoted inside a sentence
        "The plan was ‘a recipe for chaos’, she said, adding: ‘The public deserve better.’",
    ],
)
def test_not_split_quotations(text: str):
    assert len(find_quotes(text)) == 2
    assert all(quote.fragments == () for quote in find_quotes(text))


# --- scare quotes


def test_scare_quotes_of_one_or_two_words_are_not_quotes():
    text = (
        "the so-called “NO WAY” wall, a “constructive conversation”, the “deal”, "
        "so-called 'experts', a «success»"
    )
    assert find_quotes(text) == []


def test_three_words_a_question_or_an_exclamation_are_quotes():
    assert quoted("the “one more time” tour") == [["one more time"]]
    assert quoted("“Why?” she asked, and “No!” he replied.") == [["Why?"], ["No!"]]


def test_a_short_quotation_split_by_its_speaker_is_no_scare_quote():
    assert quoted("“No,” he said, “never.”") == [["No,", "never."]]


def test_titles_in_quotes_are_suggested():
    assert quoted("the film “Gone with the Wind” and the song “Rock Around the Clock”") == [
        ["Gone with the Wind"],
        ["Rock Around the Clock"],
    ]


def test_cjk_scare_quotes_count_characters():
    assert find_quotes("所谓的“和平”协议") == []
    assert find_quotes("所谓的“一国两制”") == []  # four characters: two words
    assert quoted("他说“我们准备好了”") == [["我们准备好了"]]


# --- stray marks


def test_a_stray_opening_mark_does_not_swallow_the_rest_of_the_document():
    text = "A stray “ mark here.\n\nKerry said: “We are ready to talk.”\n\nMore “text here."
    assert quoted(text) == [["We are ready to talk."]]


def test_quotations_after_a_stray_mark_in_its_paragraph_are_found():
    text = "A “stray mark and then “We are ready now,” he said, and “more words here” too."
    assert quoted(text) == [["We are ready now,"], ["more words here"]]


def test_stray_closing_marks_close_nothing():
    assert quoted("He is 6'2\" tall.” And “we are ready now,” he said.”") == [["we are ready now,"]]


def test_a_text_that_ends_inside_a_quotation_has_no_quote_there():
    assert quoted("“We are ready to talk,” he said. “And then") == [["We are ready to talk,"]]


def test_deep_nesting_of_strays_stays_bounded():
    for separator in (" ", "\n\n"):
        text = "“ a ‘ b « " * 2000 + separator + "“We are ready to talk.”"
        assert quoted(text) == [["We are ready to talk."]]


# --- offsets in code points


def test_emoji_before_the_quote_do_not_shift_it():
    text = "😀🎉 👩‍👩‍👧 𝕏 “Hello there my friend,” she said."
    [quote] = find_quotes(text)
    assert text[quote.start : quote.end] == "Hello there my friend,"
    assert quote.start == text.index("Hello")


def test_windows_line_breaks():
    text = "“First paragraph of it.\r\n\r\n“Second one here.” he said\r\nNext “we go on now”"
    assert quoted(text) == [["First paragraph of it.", "Second one here."], ["we go on now"]]


# --- properties

_WORDS = st.sampled_from(
    ["Kerry", "said", "we", "are", "ready", "Russia's", "don’t", "Smiths’", "’90s", "😀",
     "𝕏", "我们", "准备", "צה\"ל", "שלום", "«", "»", "“", "”", "„", "‘", "’", "'", '"', "「",
     "」", "『", "』", "‹", "›", ",", ".", "?", ":", "\n", "\n\n", " ", "  "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.sampled_from(["", " ", "\n"])), max_size=60))
def test_pieces_lie_in_the_text_sorted_stripped_and_bounded_by_marks(parts):
    text = "".join(word + space for word, space in parts)
    quotes = find_quotes(text)
    flat = [piece for quote in quotes for piece in pieces(quote)]
    for start, end in flat:
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        before = text[:start].rstrip()
        assert before and before[-1] in CLOSERS  # an opening mark before it
        after = text[end:].lstrip(" \t\u00a0")
        assert not after or after[0] in ALL_MARKS or after[0] in "\r\n"
        opener = before[-1]
        piece = text[start:end]
        if piece[0] == opener:
            assert any(mark in piece[1:] for mark in CLOSERS[opener])
        if piece[-1] in CLOSERS[opener]:
            assert opener in piece[:-1]
    # sorted, never overlapping or touching, in one quote or across quotes
    for (_, end), (start, _) in pairwise(flat):
        assert end < start
    for quote in quotes:  # every quote can be stored as a suggestion, and accepted
        assert check_span_shape(len(text), quote.start, quote.end, quote.fragments) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(_WORDS, st.sampled_from(["", " ", "\n"])), max_size=40),
    st.text(st.sampled_from("😀🎉𝕏🇩🇪\u200d👩𐍈"), min_size=1, max_size=8),
)
def test_astral_characters_before_the_text_shift_every_quote_by_their_count(parts, prefix):
    text = "".join(word + space for word, space in parts)
    assert find_quotes(prefix + " " + text) == shifted(find_quotes(text), len(prefix) + 1)


_PARAGRAPHS = st.lists(
    st.tuples(_WORDS.filter(lambda word: "\n" not in word), st.sampled_from(["", " ", "\n\n"])),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_PARAGRAPHS, st.sampled_from(["“", "«", "„", "»", '"', "‘", "'", "「", "‹"]))
def test_a_stray_mark_never_changes_the_quotes_of_the_paragraphs_after_it(parts, stray):
    # (after a blank line in both: a text with one reads its line breaks otherwise)
    text = "\n\n" + "".join(word + space for word, space in parts)
    stray_paragraph = f"He said {stray}we are ready and then"
    assert find_quotes(stray_paragraph + text) == shifted(find_quotes(text), len(stray_paragraph))


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_characters="".join(ALL_MARKS)), max_size=200))
def test_a_text_without_quotation_marks_has_no_quotes(text):
    assert find_quotes(text) == []


_FAMILIES = [("“", "”"), ('"', '"'), ("« ", " »"), ("»", "«"), ("„", "“"), ("„", "”"),
             ("‹", "›"), ("「", "」"), ("『", "』"), ("‘", "’"), ("'", "'"),
             ("»", "»")]  # fmt: skip
_QUOTED_WORDS = st.lists(
    st.sampled_from(["we", "are", "ready", "Russia's", "don’t", "talk", "Кремль", "שלום"]),
    min_size=3,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_FAMILIES),
            st.lists(_QUOTED_WORDS, min_size=1, max_size=3),
            st.sampled_from(["split", "paragraphs"]),
            st.sampled_from(["\n\n", " "]),
        ),
        max_size=6,
    )
)
def test_well_formed_quotations_are_found_exactly(quotations):
    # each quotation: one piece, or pieces split by `Kerry said,`, or one per paragraph
    text, expected = "", []
    for (opening, closing), parts, shape, separator in quotations:
        text += "Kerry said: " + opening
        found = []
        for number, words in enumerate(parts):
            last = number == len(parts) - 1
            content = " ".join(words) + ("" if last else "," if shape == "split" else ".")
            found.append((len(text), len(text) + len(content)))
            text += content
            if not last:
                text += closing + " Kerry said, " if shape == "split" else "\n\n"
                text += opening
        text += closing + " on Friday." + separator
        fragments = tuple(found) if len(found) > 1 else ()
        expected.append(Quote(found[0][0], found[-1][1], fragments))
    assert find_quotes(text) == expected
