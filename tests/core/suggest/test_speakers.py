"""The speaker suggester: each attribution pattern of news writing, titles, organisations,
pronouns (and when not to resolve them), split quotes, other languages, offsets.

Quotes are built here as `Quote` values from the words they cover (the quote suggester is
rewritten in parallel); a few tests run the current `find_quotes` too.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.suggest.quotes import Quote, find_quotes
from annotator.core.suggest.speakers import find_speakers


def quote(text: str, *pieces: str, after: int = 0) -> Quote:
    """The quote of `text` made of `pieces` (its words, the first occurrence of each after
    offset `after`, in order): one piece is a plain quote, more are fragments."""
    ranges = []
    position = after
    for piece in pieces:
        start = text.index(piece, position)
        ranges.append((start, start + len(piece)))
        position = start + len(piece)
    fragments = tuple(ranges) if len(ranges) > 1 else ()
    return Quote(ranges[0][0], ranges[-1][1], fragments)


def speaker(text: str, *pieces: str, actors: tuple[tuple[int, int], ...] = ()) -> str | None:
    """The text of the speaker of the one quote `pieces` in `text`."""
    found = find_speakers(text, [quote(text, *pieces)], actors)
    assert len(found) == 1
    return None if found[0] is None else text[found[0][0] : found[0][1]]


READY = "We are ready to talk,"
READY_END = "We are ready to talk."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready to talk,” Kerry said.", "Kerry"),
        ("“We are ready to talk,” said Kerry.", "Kerry"),
        ("“We are ready to talk,” Kerry told reporters.", "Kerry"),
        ("“We are ready to talk,” Kerry added on Friday.", "Kerry"),
        ("“We are ready to talk,” Shoigu, the defence minister, said.", "Shoigu"),
        ("“We are ready to talk,” Smith, 45, told the court.", "Smith"),
        ("“We are ready to talk,” Kerry, who arrived on Friday, said.", "Kerry"),
        ("“We are ready to talk,” Kerry has repeatedly said.", "Kerry"),
        ("“We are ready to talk,” Kerry later told reporters in Geneva.", "Kerry"),
        ("“We are ready to talk,” according to Kerry.", "Kerry"),
        ("“We are ready to talk,” Trump wrote on Twitter.", "Trump"),
        ('"We are ready to talk," Kerry tweeted.', "Kerry"),
        ("“We are ready to talk,” Reuters quoted Kerry as saying.", "Kerry"),
        ("“We are ready to talk,” said Kerry, who met Lavrov on Monday.", "Kerry"),
    ],
)
def test_after_the_quote(text: str, expected: str) -> None:
    assert speaker(text, READY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kerry said: “We are ready to talk.”", "Kerry"),
        ("Kerry said that “We are ready to talk.”", "Kerry"),
        ("Kerry told reporters: “We are ready to talk.”", "Kerry"),
        ("Kerry told reporters in Geneva on Friday that “We are ready to talk.”", "Kerry"),
        ("According to Kerry, “We are ready to talk.”", "Kerry"),
        ("Kerry warned, “We are ready to talk.”", "Kerry"),
        ("But Kerry said: “We are ready to talk.”", "Kerry"),
        ("On Friday, Kerry said: “We are ready to talk.”", "Kerry"),
        ("Kerry, the secretary of state, said: “We are ready to talk.”", "Kerry"),
        ("Lavrov: “We are ready to talk.”", "Lavrov"),
        ("The talks went on. Kerry said: “We are ready to talk.”", "Kerry"),
    ],
)
def test_before_the_quote(text: str, expected: str) -> None:
    assert speaker(text, READY_END) == expected


def test_a_split_quote_has_its_speaker_between_the_fragments() -> None:
    text = "“We are ready,” Kerry said, “to talk to anyone.”"
    assert speaker(text, "We are ready,", "to talk to anyone.") == "Kerry"
    text = "“We are ready,” said the Russian foreign minister, Sergei Lavrov, “to talk.”"
    assert speaker(text, "We are ready,", "to talk.") == "Sergei Lavrov"


def test_a_quote_that_ends_its_sentence_does_not_take_the_next_quotes_attribution() -> None:
    text = "“We are ready to talk.” Lavrov replied: “We are not.”"
    found = find_speakers(text, [quote(text, READY_END), quote(text, "We are not.")])
    assert found[0] is None
    assert found[1] is not None and text[found[1][0] : found[1][1]] == "Lavrov"


def test_a_quote_goes_on_after_its_attribution() -> None:
    text = "“Nobody said this would be easy,” Biden said. “But we are not going to give up.”"
    quotes = [quote(text, "Nobody said this would be easy,"), quote(text, "But we are not")]
    found = find_speakers(text, quotes)
    assert found[0] == found[1] == (text.index("Biden"), text.index("Biden") + 5)
    text = "Kerry said: “We are ready to talk.” “We always were.”"
    found = find_speakers(text, [quote(text, READY_END), quote(text, "We always were.")])
    assert found[0] == found[1] == (0, 5)


@pytest.mark.parametrize(
    "text",
    [
        # another sentence between them
        "“We are ready,” Biden said. Markets fell sharply. “We always were.”",
        # another paragraph
        "“We are ready,” Biden said.\n“We always were.”",
    ],
)
def test_a_quote_does_not_go_on_past_other_words(text: str) -> None:
    found = find_speakers(text, [quote(text, "We are ready,"), quote(text, "We always were.")])
    assert found[0] is not None and found[1] is None


def test_a_participle_or_a_second_verb_takes_the_sentences_subject() -> None:
    text = (
        "WASHINGTON — President Joe Biden on Tuesday defended his record, telling reporters "
        "at the White House that “we are making progress.”"
    )
    assert speaker(text, "we are making progress.") == "Joe Biden"
    text = (
        "Senate Minority Leader Mitch McConnell called the remarks “a fantasy,” and said in "
        "a statement: “The American people can see it.”"
    )
    found = find_speakers(text, [quote(text, "a fantasy,"), quote(text, "The American people")])
    mcconnell = (text.index("Mitch"), text.index(" called"))
    assert found == [mcconnell, mcconnell]
    text = "In a post on X, former President Donald J. Trump wrote: “Crooked Joe lost!”"
    assert speaker(text, "Crooked Joe lost!") == "Donald J. Trump"
    text = "“We are ready,” Kerry said, adding that “we will talk to anyone.”"
    first, second = quote(text, "We are ready,"), quote(text, "we will talk to anyone.")
    found = find_speakers(text, [Quote(first.start, first.end, ()), second])
    assert found == [(16, 21), (16, 21)]
    text = "Later, she went further, saying: “We are ready to talk.”"
    assert speaker(text, READY_END) is None  # a pronoun with nobody before it


def test_the_organisation_named_before_speaks_for_the_common_noun() -> None:
    text = (
        "The Department of Homeland Security issued new figures. "
        "“We continue to enforce our laws,” the department said."
    )
    assert speaker(text, "We continue to enforce our laws,") == "Department of Homeland Security"
    text = "The Foreign Ministry issued a statement. “We are ready to talk,” said the ministry."
    assert speaker(text, READY) == "Foreign Ministry"
    text = "The Foreign Ministry issued a statement. “We are ready to talk,” the department said."
    assert speaker(text, READY) is None  # no department named before


def test_a_quote_over_several_paragraphs_is_attributed_after_its_last() -> None:
    text = "“We are ready to talk.\n\n“We will talk to anyone,” Kerry said."
    assert speaker(text, "We are ready to talk.", "We will talk to anyone,") == "Kerry"
    text = "Kerry said: “We are ready to talk.\n\n“We will talk to anyone.”"
    assert speaker(text, "We are ready to talk.", "We will talk to anyone.") == "Kerry"


def test_a_question_can_be_followed_by_its_attribution() -> None:
    assert speaker("“Are you ready to talk?” asked Lavrov.", "Are you ready to talk?") == "Lavrov"


def test_a_quote_that_ends_its_sentence_can_still_be_attributed_after_it() -> None:
    assert speaker("“We are ready to talk.” Kerry said.", READY_END) == "Kerry"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready to talk,” Secretary of State John Kerry said.", "John Kerry"),
        ("“We are ready to talk,” Defense Secretary Ash Carter said.", "Ash Carter"),
        ("“We are ready to talk,” Mr. Kerry said.", "Kerry"),
        ("“We are ready to talk,” Mrs. May said.", "May"),
        ("“We are ready to talk,” Dr. Anthony Fauci said.", "Anthony Fauci"),
        ("“We are ready to talk,” said President Vladimir Putin.", "Vladimir Putin"),
        ("“We are ready to talk,” said Russian President Vladimir Putin.", "Vladimir Putin"),
        (
            "“We are ready to talk,” the Russian foreign minister, Sergei Lavrov, said.",
            "Sergei Lavrov",
        ),
        (
            "“We are ready to talk,” said the Russian foreign minister, Sergei Lavrov.",
            "Sergei Lavrov",
        ),
        ("“We are ready to talk,” Russia's foreign minister Sergei Lavrov said.", "Sergei Lavrov"),
        ("“We are ready to talk,” Pentagon spokesman John Kirby said.", "John Kirby"),
        ("“We are ready to talk,” House Speaker Nancy Pelosi said.", "Nancy Pelosi"),
        ("“We are ready to talk,” former president Barack Obama said.", "Barack Obama"),
        ("“We are ready to talk,” said Senator John Kerry of Massachusetts.", "John Kerry"),
        ("“We are ready to talk,” Martin Luther King Jr. said.", "Martin Luther King Jr."),
        (
            "“We are ready to talk,” said Rep. Alexandria Ocasio-Cortez, a New York Democrat.",
            "Alexandria Ocasio-Cortez",
        ),
        ("“We are ready to talk,” UN Secretary-General António Guterres said.", "António Guterres"),
        ("“We are ready to talk,” the Kremlin’s spokesman, Dmitry Peskov, said.", "Dmitry Peskov"),
        (
            "“We are ready to talk,” the head of the International Atomic Energy Agency, "
            "Rafael Grossi, told reporters.",
            "Rafael Grossi",
        ),
        (
            "“We are ready to talk,” said the president of the European Commission, "
            "Ursula von der Leyen.",
            "Ursula von der Leyen",
        ),
        ("“We are ready to talk,” Kim Jong Un said.", "Kim Jong Un"),
        ("“We are ready to talk,” Kerry was quoted as saying.", "Kerry"),
        ("“We are ready to talk,” said the minister of Defence, Ben Wallace.", "Ben Wallace"),
    ],
)
def test_titles_and_roles_are_not_part_of_the_name(text: str, expected: str) -> None:
    assert speaker(text, READY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready to talk,” the Pentagon said in a statement.", "Pentagon"),
        ("“We are ready to talk,” the State Department said.", "State Department"),
        ("“We are ready to talk,” the Foreign Ministry said.", "Foreign Ministry"),
        (
            "“We are ready to talk,” the Ministry of Foreign Affairs said.",
            "Ministry of Foreign Affairs",
        ),
        ("“We are ready to talk,” Russia's Defence Ministry said.", "Defence Ministry"),
        ("“We are ready to talk,” the Bank of England said.", "Bank of England"),
        ("“We are ready to talk,” the White House said.", "White House"),
        ("“We are ready to talk,” NATO said.", "NATO"),
    ],
)
def test_organisations_with_a_capitalised_name_speak(text: str, expected: str) -> None:
    assert speaker(text, READY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“We are ready to talk,” the ministry said in a statement.",
        "“We are ready to talk,” officials said.",
        "“We are ready to talk,” a senior official told reporters.",
        "“We are ready to talk,” the Minister said.",
        "“We are ready to talk,” Kerry's spokesman said.",
        "“We are ready to talk,” Kerry and Lavrov said.",
        "“We are ready to talk,” the newspaper wrote.",
    ],
)
def test_common_nouns_and_unclear_subjects_name_nobody(text: str) -> None:
    assert speaker(text, READY) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The minister said: “We are ready to talk.” Kerry agreed.", READY_END),
        ("According to a senior official, “We are ready to talk.” Kerry agreed.", READY_END),
        ("Kerry said the minister was “ready to talk to us,” the ministry said.", "ready to"),
    ],
)
def test_an_attribution_to_nobody_rules_out_the_other_side(text: str, words: str) -> None:
    start = text.index(words)
    end = text.index("”", start)
    assert find_speakers(text, [Quote(start, end)]) == [None]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Lavrov dismissed the so-called “peace plan for everyone” as a stunt.",
            "peace plan for everyone",
        ),
        ("The film “Gone with the Wind” was shown on Sunday.", "Gone with the Wind"),
        ("“The Year of Living Dangerously”", "The Year of Living Dangerously"),
        ("He read “War and Peace” again. Kerry said nothing.", "War and Peace"),
    ],
)
def test_quotes_without_attribution_get_no_speaker(text: str, words: str) -> None:
    assert speaker(text, words) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready to talk,” George W. Bush said.", "George W. Bush"),
        ("“We are ready to talk,” Osama bin Laden said.", "Osama bin Laden"),
        ("“We are ready to talk,” Ursula von der Leyen said.", "Ursula von der Leyen"),
        ("“We are ready to talk,” von der Leyen said.", "von der Leyen"),
        ("“We are ready to talk,” Charles de Gaulle said.", "Charles de Gaulle"),
        ("“We are ready to talk,” Ludwig van Beethoven wrote.", "Ludwig van Beethoven"),
        ("“We are ready to talk,” Bashar al-Assad said.", "Bashar al-Assad"),
        ("“We are ready to talk,” Conan O'Brien said.", "Conan O'Brien"),
        ("“We are ready to talk,” Conan O’Brien said.", "Conan O’Brien"),
        ("“We are ready to talk,” Jean-Marc Ayrault said.", "Jean-Marc Ayrault"),
        ("“We are ready to talk,” Ban Ki-moon said.", "Ban Ki-moon"),
        ("“We are ready to talk,” Ségolène Royal said.", "Ségolène Royal"),
        ("“We are ready to talk,” Recep Tayyip Erdoğan said.", "Recep Tayyip Erdoğan"),
        ("“We are ready to talk,” Lech Wałęsa said.", "Lech Wałęsa"),
        ("“We are ready to talk,” Владимир Путин said.", "Владимир Путин"),
        ("“We are ready to talk,” J.K. Rowling wrote.", "J.K. Rowling"),
    ],
)
def test_names_with_particles_initials_and_any_script(text: str, expected: str) -> None:
    assert speaker(text, READY) == expected


def test_a_name_written_with_a_combining_accent_is_one_word() -> None:
    name = "Se\u0301gole\u0300ne Royal"
    text = f"“We are ready to talk,” {name} said."
    assert speaker(text, READY) == name


# -- other languages


def test_german_cues() -> None:
    words = "Wir sind bereit zu reden"
    assert speaker("„Wir sind bereit zu reden“, sagte Scholz.", words) == "Scholz"
    assert speaker("„Wir sind bereit zu reden“, so Scholz.", words) == "Scholz"
    assert (
        speaker("„Wir sind bereit zu reden“, erklärte Außenministerin Annalena Baerbock.", words)
        == "Annalena Baerbock"
    )
    assert (
        speaker("Bundeskanzler Olaf Scholz sagte: „Wir sind bereit zu reden“.", words)
        == "Olaf Scholz"
    )
    assert speaker("Laut Scholz gilt: „Wir sind bereit zu reden“.", words) == "Scholz"
    assert (
        speaker("Angela Merkel kam am Montag. „Wir sind bereit zu reden“, sagte sie.", words)
        == "Angela Merkel"
    )
    assert speaker("„Wir sind bereit zu reden“, sagte der Kanzler.", words) is None
    assert speaker("„Wir sind bereit zu reden“, sagte Scholz der Zeitung.", words) == "Scholz"
    assert speaker("„Wir sind bereit zu reden“, sagte am Montag Scholz.", words) == "Scholz"
    text = "CDU-Chef Friedrich Merz widersprach: „Wir sind bereit zu reden.“"
    assert speaker(text, "Wir sind bereit zu reden.") == "Friedrich Merz"
    text = "„Wir sind bereit zu reden“, sagte Rafael van der Vaart dem Sender."
    assert speaker(text, words) == "Rafael van der Vaart"


def test_french_cues() -> None:
    words = "Nous sommes prêts à parler"
    assert (
        speaker("« Nous sommes prêts à parler », a déclaré Ségolène Royal.", words)
        == "Ségolène Royal"
    )
    assert speaker("« Nous sommes prêts à parler », a dit Macron.", words) == "Macron"
    assert speaker("Emmanuel Macron a déclaré : « Nous sommes prêts à parler ».", words) == (
        "Emmanuel Macron"
    )
    assert (
        speaker("Selon Emmanuel Macron, « Nous sommes prêts à parler ».", words)
        == "Emmanuel Macron"
    )
    text = "« Nous sommes prêts à parler », selon le ministre de l'Intérieur Christophe Castaner."
    assert speaker(text, words) == "Christophe Castaner"
    text = "« Nous sommes prêts à parler », a martelé mardi le président Emmanuel Macron."
    assert speaker(text, words) == "Emmanuel Macron"
    assert speaker("Selon l'Élysée, « Nous sommes prêts à parler ».", words) == "Élysée"
    text = "Ségolène Royal est arrivée lundi.\n« Nous sommes prêts à parler », a-t-elle ajouté."
    assert speaker(text, words) == "Ségolène Royal"
    text = "Ségolène Royal est arrivée lundi. « Nous sommes prêts à parler », dit-elle."
    assert speaker(text, words) == "Ségolène Royal"


def test_spanish_cues() -> None:
    words = "Estamos listos para hablar"
    assert speaker("“Estamos listos para hablar”, dijo Pedro Sánchez.", words) == "Pedro Sánchez"
    text = "“Estamos listos para hablar”, afirmó el presidente del Gobierno, Pedro Sánchez."
    assert speaker(text, words) == "Pedro Sánchez"
    assert speaker("Según Sánchez, “Estamos listos para hablar”.", words) == "Sánchez"
    text = "“Estamos listos para hablar”, aseguró el ministro de Exteriores, José Manuel Albares."
    assert speaker(text, words) == "José Manuel Albares"
    text = "El ministro de Exteriores, José Manuel Albares, dijo: “Estamos listos para hablar”."
    assert speaker(text, words) == "José Manuel Albares"
    # a dropped subject reads as a pronoun
    text = "Pedro Sánchez llegó el lunes. “Estamos listos para hablar”, dijo."
    assert speaker(text, words) == "Pedro Sánchez"


# -- offsets, actors, many quotes


def test_offsets_are_code_points_after_emoji() -> None:
    text = "🇺🇸🙂 “We are ready to talk,” Kerry said. 👍🏽 “We are ready to talk,” said Lavrov."
    quotes = [quote(text, READY), quote(text, READY, after=text.index("👍"))]
    found = find_speakers(text, quotes)
    assert found == [
        (text.index("Kerry"), text.index("Kerry") + 5),
        (text.index("Lavrov"), text.index("Lavrov") + 6),
    ]
    assert text.index("Kerry") == 28  # code points: the flag is two, the smiley one


def test_actor_ranges_widen_the_name_to_the_projects_own() -> None:
    text = "“We are ready to talk,” the ministry said."
    ministry = (text.index("the ministry"), text.index("the ministry") + len("the ministry"))
    assert speaker(text, READY) is None
    assert speaker(text, READY, actors=(ministry,)) == "the ministry"
    text = "“We are ready to talk,” Secretary of State John Kerry said."
    start = text.index("Secretary")
    whole = (start, text.index(" said"))
    assert speaker(text, READY, actors=(whole,)) == "Secretary of State John Kerry"
    # an actor somewhere else changes nothing
    assert speaker(text, READY, actors=((0, 2),)) == "John Kerry"


def test_one_result_per_quote_in_order() -> None:
    text = (
        "“We are ready to talk,” Kerry said. Markets rose. “We are not,” said Lavrov.\n"
        "“Nothing was said about it at all.”"
    )
    quotes = find_quotes(text)
    assert len(quotes) == 3
    found = find_speakers(text, quotes)
    assert [None if r is None else text[r[0] : r[1]] for r in found] == ["Kerry", "Lavrov", None]
    assert find_speakers(text, []) == []
    assert find_speakers("", []) == []


def test_with_the_current_quote_suggester() -> None:
    text = (
        "GENEVA — Secretary of State John Kerry said on Monday that talks would go on.\n\n"
        "“We are ready to talk about everything,” Kerry told reporters. "
        "The Russian foreign minister, Sergei Lavrov, said: “Nothing has been decided yet.”\n\n"
        "“We have made some progress today,” he said."
    )
    found = find_speakers(text, find_quotes(text))
    assert [None if r is None else text[r[0] : r[1]] for r in found] == [
        "Kerry",
        "Sergei Lavrov",
        "Sergei Lavrov",
    ]


# -- properties

_WORDS = (
    "Kerry",
    "John Kerry",
    "Secretary of State John Kerry",
    "Mr. Kerry",
    "the Russian foreign minister, Sergei Lavrov,",
    "the minister",
    "the Pentagon",
    "the State Department",
    "Ségolène Royal",
    "Bashar al-Assad",
    "von der Leyen",
    "O'Brien",
    "George W. Bush",
    "Martin Luther King Jr.",
    "Recep Tayyip Erdoğan",
    "he",
    "she",
    "they",
    "it",
    "said",
    "says",
    "told reporters",
    "added on Friday",
    "according to",
    "sagte",
    "so",
    "a déclaré",
    "a-t-il ajouté",
    "dijo",
    "según",
    "and",
    "But",
    "The",
    "the talks",
    "on Friday",
    "’s",
    ",",
    ".",
    ":",
    "?",
    "-",
    "—",
    "\n",
    "\n\n",
    "🙂",
    "🇺🇸",
    "Se\u0301gole\u0300ne",
    "selon l'Élysée",
    "a martelé mardi",
    "sagte Scholz der Zeitung",
    "el ministro de Exteriores,",
    "the head of the Bank of England,",
    "telling reporters",
    "and said",
    "was quoted as saying",
    "WASHINGTON —",
)
_MARKS = (("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‘", "’"))

_plain = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(" ".join)
_inner = (
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5)
    .map(" ".join)
    .filter(lambda words: words.strip() != "" and words.strip() == words)
)
_segment = st.one_of(
    st.tuples(st.just("plain"), _plain, st.just(""), st.sampled_from(_MARKS)),
    st.tuples(st.just("quote"), _inner, st.just(""), st.sampled_from(_MARKS)),
    st.tuples(st.just("split"), _inner, _inner, st.sampled_from(_MARKS)),
)


def _build(segments: list[tuple[str, str, str, tuple[str, str]]]) -> tuple[str, list[Quote]]:
    """A text of plain words and quotes (some split around `Kerry said,`), and its quotes
    as a quote suggester would give them."""
    text = ""
    quotes = []
    for kind, first, second, (opening, closing) in segments:
        text += " " if text else ""
        if kind == "plain":
            text += first
            continue
        text += opening
        start = len(text)
        text += first
        end = len(text)
        if kind == "quote":
            quotes.append(Quote(start, end))
        else:
            text += f",{closing} Kerry said, {opening}"
            second_start = len(text)
            text += second
            quotes.append(Quote(start, len(text), ((start, end), (second_start, len(text)))))
        text += closing
    return text, quotes


def _whole_words(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r"[^\W_]+", text)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_segment, min_size=1, max_size=8), st.booleans())
def test_speakers_lie_in_the_text_outside_their_quote_on_whole_words(
    segments: list[tuple[str, str, str, tuple[str, str]]], with_actors: bool
) -> None:
    text, quotes = _build(segments)
    actors = _whole_words(text) if with_actors else []
    found = find_speakers(text, quotes, actors)
    assert len(found) == len(quotes)
    for quote_, speaker_ in zip(quotes, found, strict=True):
        if speaker_ is None:
            continue
        start, end = speaker_
        assert 0 <= start < end <= len(text)
        for piece_start, piece_end in quote_.fragments or ((quote_.start, quote_.end),):
            assert end <= piece_start or start >= piece_end, "inside its own quote"
        assert start == 0 or not text[start - 1].isalnum(), "starts inside a word"
        assert end == len(text) or not text[end].isalnum(), "ends inside a word"
        assert not text[start].isspace() and not text[end - 1].isspace()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_segment, min_size=1, max_size=8),
    st.sampled_from(("", "🙂\n", "🇺🇸 just a line, no names.\n\n", "x" * 300 + "\n")),
)
def test_a_prefix_shifts_the_speakers(
    segments: list[tuple[str, str, str, tuple[str, str]]], prefix: str
) -> None:
    text, quotes = _build(segments)
    actors = _whole_words(text)[::3]
    found = find_speakers(text, quotes, actors)
    shift = len(prefix)
    moved = [Quote(q.start + shift, q.end + shift, _shifted(q.fragments, shift)) for q in quotes]
    moved_actors = [(start + shift, end + shift) for start, end in actors]
    expected = [None if r is None else (r[0] + shift, r[1] + shift) for r in found]
    assert find_speakers(prefix + text, moved, moved_actors) == expected


def _shifted(fragments: tuple[tuple[int, int], ...], shift: int) -> tuple[tuple[int, int], ...]:
    return tuple((start + shift, end + shift) for start, end in fragments)
