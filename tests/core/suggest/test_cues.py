"""The cue words of the speaker suggester: what the lists hold, and that each word does its
job in a sentence (every reporting verb attributes, every title stays out of the name)."""

from __future__ import annotations

import pytest

from annotator.core.suggest import cues
from annotator.core.suggest.quotes import Quote
from annotator.core.suggest.speakers import find_speakers

QUOTED = "We are ready to talk,"


def speaker_of(text: str, words: str = QUOTED) -> str | None:
    start = text.index(words)
    found = find_speakers(text, [Quote(start, start + len(words))])[0]
    return None if found is None else text[found[0] : found[1]]


WORD_SETS = {
    "REPORTING_VERBS": cues.REPORTING_VERBS,
    "PRO_DROP_VERBS": cues.PRO_DROP_VERBS,
    "GERUNDS": cues.GERUNDS,
    "COORDINATORS": cues.COORDINATORS,
    "TIMES": cues.TIMES,
    "TIME_PREPOSITIONS": cues.TIME_PREPOSITIONS,
    "AUXILIARIES": cues.AUXILIARIES,
    "ACCORDING_AFTER": cues.ACCORDING_AFTER,
    "ACCORDING_RIGHT_AFTER": cues.ACCORDING_RIGHT_AFTER,
    "PRONOUNS": frozenset(cues.PRONOUNS),
    "HONORIFICS": frozenset(cues.HONORIFICS),
    "ROLES": cues.ROLES,
    "FEMALE_ROLES": cues.FEMALE_ROLES,
    "MALE_ROLES": cues.MALE_ROLES,
    "ORGANISATION_WORDS": cues.ORGANISATION_WORDS,
    "ORGANISATIONS": cues.ORGANISATIONS,
    "PARTICLES": cues.PARTICLES,
    "PARTICLE_PREFIXES": cues.PARTICLE_PREFIXES,
    "CONNECTORS": cues.CONNECTORS,
    "DETERMINERS": cues.DETERMINERS,
    "FUNCTION_WORDS": cues.FUNCTION_WORDS,
    "NAME_SUFFIXES": cues.NAME_SUFFIXES,
    "ABBREVIATIONS": cues.ABBREVIATIONS,
}


@pytest.mark.parametrize("name", sorted(WORD_SETS))
def test_every_list_holds_lower_case_single_words(name: str) -> None:
    words = WORD_SETS[name]
    assert words
    for word in words:
        assert word == word.lower() and word.strip() == word and " " not in word, word


ISSUE_VERBS = """
    said says say told tells added adds asked argued insisted warned wrote writes tweeted
    posted explained noted stressed claimed denied admitted announced declared replied
    recalled continued conceded acknowledged urged
""".split()  # noqa: SIM905 - a word list reads better as words
OTHER_VERBS = """
    sagte sagt erklärte betonte dit déclaré affirmé ajouté dijo afirmó señaló
""".split()  # noqa: SIM905


def test_the_issues_reporting_verbs_and_their_inflections() -> None:
    verbs = cues.REPORTING_VERBS
    for verb in ISSUE_VERBS:
        assert verb in verbs, verb


def test_other_languages_verbs_and_according_to() -> None:
    for verb in OTHER_VERBS:
        assert verb in cues.REPORTING_VERBS, verb
    firsts = {sequence[0] for sequence in cues.ACCORDING}
    assert {"according", "selon", "según", "laut"} <= firsts
    assert cues.PRO_DROP_VERBS <= cues.REPORTING_VERBS


def test_the_lists_do_not_contradict_each_other() -> None:
    # `Asked about it, Kerry said`: a sentence-initial `Asked` is no name; the verb still counts
    assert {"asked"} >= cues.REPORTING_VERBS & cues.FUNCTION_WORDS
    assert not cues.REPORTING_VERBS & cues.ROLES
    assert not cues.REPORTING_VERBS & cues.AUXILIARIES
    assert not cues.ORGANISATION_WORDS & cues.FUNCTION_WORDS
    assert set(cues.PRONOUNS) <= cues.FUNCTION_WORDS | {"sie"}
    assert set(cues.PRONOUNS.values()) <= {"m", "f", "person", "plural", "org"}
    assert set(cues.HONORIFICS.values()) <= {"m", "f", ""}
    assert not cues.FEMALE_ROLES & cues.MALE_ROLES
    # the tokenizer looks up only words of up to four letters
    assert all(len(word) <= 4 for word in cues.ABBREVIATIONS)


@pytest.mark.parametrize("verb", sorted(cues.REPORTING_VERBS))
def test_every_reporting_verb_attributes_both_ways(verb: str) -> None:
    assert speaker_of(f"“{QUOTED}” Kerry {verb}.") == "Kerry"
    assert speaker_of(f"“{QUOTED}” {verb} Kerry.") == "Kerry"


@pytest.mark.parametrize("gerund", sorted(cues.GERUNDS))
def test_every_participle_takes_the_sentences_subject(gerund: str) -> None:
    text = f"Joe Biden defended the plan, {gerund} that “We are ready to talk.”"
    assert speaker_of(text, "We are ready to talk.") == "Joe Biden"


@pytest.mark.parametrize("coordinator", sorted(cues.COORDINATORS))
def test_a_verb_after_a_coordinator_takes_the_sentences_subject(coordinator: str) -> None:
    text = f"Joe Biden defended the plan {coordinator} said: “We are ready to talk.”"
    assert speaker_of(text, "We are ready to talk.") == "Joe Biden"


@pytest.mark.parametrize("day", sorted(cues.TIMES))
def test_a_day_between_an_inverted_verb_and_its_subject(day: str) -> None:
    assert speaker_of(f"“{QUOTED}” said {day} John Kerry.") == "John Kerry"


@pytest.mark.parametrize("verb", sorted(cues.PRO_DROP_VERBS))
def test_a_spanish_verb_without_subject_reads_as_a_pronoun(verb: str) -> None:
    assert speaker_of(f"Pedro Sánchez llegó. “{QUOTED}” {verb}.") == "Pedro Sánchez"


@pytest.mark.parametrize("role", sorted(cues.ROLES))
def test_no_role_is_part_of_the_name(role: str) -> None:
    assert speaker_of(f"“{QUOTED}” {role} John Kerry said.") == "John Kerry"
    if role not in cues.FUNCTION_WORDS:  # `Then` starts a sentence, not a title
        capitalised = role[0].upper() + role[1:]
        assert speaker_of(f"“{QUOTED}” {capitalised} John Kerry said.") == "John Kerry"


@pytest.mark.parametrize("honorific", sorted(cues.HONORIFICS))
def test_no_honorific_is_part_of_the_name(honorific: str) -> None:
    capitalised = honorific[0].upper() + honorific[1:]
    assert speaker_of(f"“{QUOTED}” {capitalised} Kerry said.") == "Kerry"
    if honorific in cues.ABBREVIATIONS:
        assert speaker_of(f"“{QUOTED}” {capitalised}. Kerry said.") == "Kerry"


@pytest.mark.parametrize("word", sorted(cues.FUNCTION_WORDS - {"mr", "mrs", "ms"}))
def test_no_function_word_starts_a_name(word: str) -> None:
    capitalised = word[0].upper() + word[1:]
    assert speaker_of(f"{capitalised} Kerry said: “We are ready to talk.”", "We are ready") == (
        "Kerry"
    )


@pytest.mark.parametrize("word", sorted(cues.ORGANISATION_WORDS))
def test_an_organisation_word_makes_the_whole_run_the_name(word: str) -> None:
    capitalised = word[0].upper() + word[1:]
    assert speaker_of(f"“{QUOTED}” the Federal {capitalised} said.") == f"Federal {capitalised}"
    assert speaker_of(f"“{QUOTED}” the {word} said.") is None


@pytest.mark.parametrize("particle", sorted(cues.PARTICLES))
def test_a_particle_between_names_is_part_of_the_name(particle: str) -> None:
    if particle in ("der", "den"):  # German articles are particles after `von`, `van` only
        assert speaker_of(f"“{QUOTED}” Anna von {particle} Berg said.") == (
            f"Anna von {particle} Berg"
        )
        assert speaker_of(f"“{QUOTED}” said Anna {particle} Berg.") == "Anna"
        return
    assert speaker_of(f"“{QUOTED}” Anna {particle} Berg said.") == f"Anna {particle} Berg"


@pytest.mark.parametrize("sequence", cues.ACCORDING)
def test_every_according_to_names_its_source(sequence: tuple[str, ...]) -> None:
    words = " ".join(sequence)
    assert speaker_of(f"“{QUOTED}” {words} John Kerry.") == "John Kerry"
    opening = words[0].upper() + words[1:]
    assert speaker_of(f"{opening} John Kerry, “We are ready.”", "We are ready.") == "John Kerry"


@pytest.mark.parametrize(("pronoun", "kind"), sorted(cues.PRONOUNS.items()))
def test_every_pronoun_is_resolved_by_its_kind(pronoun: str, kind: str) -> None:
    person = "Mrs. Anna Berg" if kind == "f" else "Mr. John Berg"
    organisation = "the Foreign Ministry"
    text = f"{person} met {organisation}. “{QUOTED}” {pronoun} said."
    if kind == "org":
        assert speaker_of(text) == "Foreign Ministry"
    elif kind == "plural":
        assert speaker_of(text) == "Foreign Ministry"  # the nearest: people or a body
    else:
        assert speaker_of(text) == person.split(" ", 1)[1]
