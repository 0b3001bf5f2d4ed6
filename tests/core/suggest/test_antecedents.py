"""Who a pronoun stands for (`antecedents.py`): through `find_speakers`, the real path, and
the reading of a pronoun's window in blocks."""

from __future__ import annotations

import pytest

from annotator.core.suggest import antecedents
from annotator.core.suggest.antecedents import Antecedents, Mention, Pronoun
from annotator.core.suggest.quotes import Quote
from annotator.core.suggest.speakers import find_speakers

READY = "We are ready to talk,"
READY_END = "We are ready to talk."


def quote(text: str, words: str, after: int = 0) -> Quote:
    start = text.index(words, after)
    return Quote(start, start + len(words))


def speaker(text: str, words: str, actors: tuple[tuple[int, int], ...] = ()) -> str | None:
    found = find_speakers(text, [quote(text, words)], actors)[0]
    return None if found is None else text[found[0] : found[1]]


def test_a_pronoun_is_the_nearest_preceding_person() -> None:
    text = "Secretary of State John Kerry arrived on Monday.\n\n“We are ready to talk,” he said."
    assert speaker(text, READY) == "John Kerry"
    text = "Sergei Lavrov met John Kerry in Geneva. “We are ready to talk,” he said."
    assert speaker(text, READY) == "John Kerry"


def test_a_pronoun_before_the_quote() -> None:
    text = "Angela Merkel spoke first. She said: “We are ready to talk.”"
    assert speaker(text, READY_END) == "Angela Merkel"


def test_a_pronoun_is_an_earlier_quotes_speaker() -> None:
    text = "“We are ready,” Kerry said on Monday. “We are ready to talk,” he added."
    found = find_speakers(text, [quote(text, "We are ready,"), quote(text, READY)])
    assert found[0] == found[1]
    assert found[1] is not None and text[found[1][0] : found[1][1]] == "Kerry"


def test_a_one_word_name_is_a_person_once_the_text_gave_their_full_name() -> None:
    text = "John Kerry landed late.\nLater Kerry met reporters. “We are ready to talk,” he said."
    found = find_speakers(text, [quote(text, READY)])
    assert found[0] == (text.index("Kerry met"), text.index("Kerry met") + len("Kerry"))


def test_a_pronoun_is_not_resolved_to_a_name_inside_a_quote() -> None:
    text = "Kerry arrived. “Lavrov is not Sergei Ivanov,” he said. “We are ready to talk,” he said."
    found = find_speakers(text, [quote(text, "Lavrov is not Sergei Ivanov,"), quote(text, READY)])
    assert found == [None, None]


def test_a_pronoun_honours_honorifics_and_gendered_roles() -> None:
    text = "Mrs. May met Mr. Trump. “We are ready to talk,” she said."
    assert speaker(text, READY) == "May"
    text = "Mrs. May met Mr. Trump. “We are ready to talk,” he said."
    assert speaker(text, READY) == "Trump"
    text = "The spokeswoman, Maria Zakharova, met Mr. Ivanov. “We are ready to talk,” she said."
    assert speaker(text, READY) == "Maria Zakharova"


def test_it_and_they_can_be_organisations() -> None:
    text = "The Foreign Ministry issued a statement. “We are ready to talk,” it said."
    assert speaker(text, READY) == "Foreign Ministry"
    text = "The Foreign Ministry issued a statement. “We are ready to talk,” they said."
    assert speaker(text, READY) == "Foreign Ministry"
    text = "John Kerry spoke first. “We are ready to talk,” it said."
    assert speaker(text, READY) is None  # a person is not an `it`


def test_a_pronoun_resolves_to_an_actor_the_project_knows() -> None:
    text = "Kerry met Lavrov in Geneva.\n“We are ready to talk,” he said."
    assert speaker(text, READY) is None  # two bare surnames: nobody is sure
    lavrov = (text.index("Lavrov"), text.index("Lavrov") + len("Lavrov"))
    assert speaker(text, READY, actors=(lavrov,)) == "Lavrov"


@pytest.mark.parametrize(
    "text",
    [
        # nothing before it at all
        "“We are ready to talk,” he said.",
        # no person near: places, things, sentence starts
        "Talks resumed in Geneva on Monday.\n\n“We are ready to talk,” he said.",
        # the only person is more than a paragraph back
        "John Kerry arrived.\n\nThe talks began.\n\n“We are ready to talk,” he said.",
        # a man's honorific for `she`
        "Mr. Lavrov arrived on Monday. “We are ready to talk,” she said.",
    ],
)
def test_a_pronoun_with_nothing_suitable_near_is_not_resolved(text: str) -> None:
    assert speaker(text, READY) is None


def test_a_pronoun_looks_no_further_than_the_previous_paragraph() -> None:
    near = "John Kerry arrived.\n\n“We are ready to talk,” he said."
    assert speaker(near, READY) == "John Kerry"
    far = "John Kerry arrived.\n\nThe talks began.\n\n“We are ready to talk,” he said."
    assert speaker(far, READY) is None


def test_a_speaker_found_by_name_is_a_mention() -> None:
    text = "Kerry spoke.\n“We are ready to talk,” he said."
    found = Antecedents(text, [quote(text, READY)], [])
    high = text.index("“")
    assert found.resolve(Pronoun("m", high)) is None
    found.add(Mention(0, 5, True, False))
    assert found.resolve(Pronoun("m", high)) == (0, 5)
    assert found.resolve(Pronoun("f", high)) == (0, 5)  # no gender known: either
    assert found.resolve(Pronoun("org", high)) is None


def test_in_quote() -> None:
    text = "Kerry said “we are ready” and left."
    found = Antecedents(text, [quote(text, "we are ready")], [])
    start = text.index("we")
    assert found.in_quote(start, start + 2)
    assert found.in_quote(start - 3, start + 1)
    assert not found.in_quote(0, 5)
    assert not found.in_quote(text.index("and"), text.index("and") + 3)


@pytest.mark.parametrize("block", [16, 64, 128, 1000])
def test_what_is_found_does_not_depend_on_the_block_size(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [
        "Secretary of State John Kerry arrived in Geneva on Monday for talks with Mr. Lavrov "
        "and the Foreign Ministry, after a long and " + "very " * 60 + "tiring flight.",
        "“We are ready to talk,” he said. “We are ready to talk,” it said.",
        "Ursula von der Leyen spoke to the Bank of England. “We are ready to talk,” she said.",
    ]
    text = "\n".join(paragraphs * 3)
    quotes = []
    position = 0
    while (found := text.find(READY, position)) >= 0:
        quotes.append(Quote(found, found + len(READY)))
        position = found + 1
    expected = find_speakers(text, quotes)
    assert [None if r is None else text[r[0] : r[1]] for r in expected[:3]] == [
        "Lavrov",  # the nearest person
        "Foreign Ministry",
        "Ursula von der Leyen",
    ]
    monkeypatch.setattr(antecedents, "_BLOCK", block)
    assert find_speakers(text, quotes) == expected


def test_a_name_at_the_start_of_a_long_sentence_is_found() -> None:
    text = (
        "John Kerry, "
        + "who had " * 80
        + "travelled far, arrived. “We are ready to talk,” he said."
    )
    assert speaker(text, READY) == "John Kerry"


def test_a_text_of_one_paragraph_without_sentence_ends() -> None:
    unit = "words by John Kerry and others “we are ready to talk today” he said "
    text = unit * 50
    quotes = []
    position = 0
    while (found := text.find("we are ready", position)) >= 0:
        quotes.append(Quote(found, found + len("we are ready to talk today")))
        position = found + 1
    speakers = find_speakers(text, quotes)
    assert all(s is not None and text[s[0] : s[1]] == "John Kerry" for s in speakers)
