"""The pipeline: the chosen suggesters run, what they found is merged, one mention is one
suggestion."""

from __future__ import annotations

import pytest

from annotator.core.suggest.actors import ActorMatcher
from annotator.core.suggest.pipeline import SuggestConfig, suggest_text

TEXT = "Secretary of State John Kerry met Sergei Lavrov.\n\n“We are ready to talk,” Kerry said."


def found(config: SuggestConfig, text: str = TEXT) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(s.label, text[s.start : s.end], s.suggesters) for s in suggest_text("d", text, config)]


def test_a_quote_carries_its_speaker_and_the_speaker_is_an_actor_suggestion():
    suggestions = suggest_text("d", TEXT, SuggestConfig(("quotes", "speakers")))
    quote = next(s for s in suggestions if s.label == "QUOTE")
    assert TEXT[quote.start : quote.end] == "We are ready to talk,"
    assert quote.speaker is not None
    assert TEXT[slice(*quote.speaker)] == "Kerry"
    actors = [s for s in suggestions if s.label == "ACTOR"]
    assert [(TEXT[s.start : s.end], s.suggesters) for s in actors] == [("Kerry", ("speakers",))]


def test_one_mention_found_by_two_suggesters_is_one_suggestion_naming_both():
    config = SuggestConfig(("quotes", "speakers", "actors"), ActorMatcher(["Kerry", "Lavrov"]))
    assert found(config) == [
        ("ACTOR", "Kerry", ("actors",)),
        ("ACTOR", "Lavrov", ("actors",)),
        ("QUOTE", "We are ready to talk,", ("quotes",)),
        ("ACTOR", "Kerry", ("actors", "speakers")),
    ]


def test_overlapping_actor_ranges_keep_the_longest_and_the_speakers():
    def entities(text: str) -> list[tuple[int, int]]:
        return [(text.index("John Kerry"), text.index("John Kerry") + 10)]

    config = SuggestConfig(("actors", "spacy"), ActorMatcher(["Kerry"]), entities)
    assert found(config) == [
        ("ACTOR", "John Kerry", ("spacy",)),
        ("ACTOR", "Kerry", ("actors",)),  # the second mention, alone
    ]
    # the speaker's range wins over a longer one overlapping it
    text = "“We are ready to talk,” said Kerry at the Foreign Office."

    def longer(text: str) -> list[tuple[int, int]]:
        return [(text.index("Kerry at"), len(text) - 1)]

    config = SuggestConfig(("quotes", "speakers", "spacy"), None, longer)
    assert found(config, text) == [
        ("QUOTE", "We are ready to talk,", ("quotes",)),
        ("ACTOR", "Kerry", ("speakers",)),
    ]


def test_only_the_chosen_suggesters_run():
    config = SuggestConfig(("actors",), ActorMatcher(["Kerry"]))
    assert {label for label, _, _ in found(config)} == {"ACTOR"}
    assert found(SuggestConfig(("speakers",))) == [("ACTOR", "Kerry", ("speakers",))]
    assert found(SuggestConfig(("spacy",))) == []  # no pipeline: spacy suggests nothing


def test_an_unknown_suggester_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown suggester 'regex'"):
        SuggestConfig(("quotes", "regex"))
