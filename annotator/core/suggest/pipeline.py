"""Run the chosen suggesters over one text and merge what they found.

`suggest_text(document_id, text, config)` returns `Suggestion`s in text order, one per
range, label and fragments, each naming every suggester that made it: an ACTOR that the
known-actors matcher found and the speaker suggester chose is one suggestion made by both.
A quote with a speaker carries the speaker's range, and the speaker is an ACTOR suggestion
of its own. ACTOR suggestions never overlap: a speaker's range wins, then the longest.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from annotator.core.model import Suggestion
from annotator.core.suggest import ACTOR, DEFAULT_SUGGESTERS, QUOTE, unknown_suggester
from annotator.core.suggest.actors import ActorMatcher
from annotator.core.suggest.quotes import find_quotes
from annotator.core.suggest.speakers import find_speakers

Range = tuple[int, int]


@dataclass(frozen=True)
class SuggestConfig:
    """Which suggesters run, and what they need: the known names' automaton (`actors`)
    and a spaCy entity finder (`entities`: text -> ranges; None when spaCy or the
    pipeline is missing, and then `spacy` suggests nothing)."""

    suggesters: tuple[str, ...] = DEFAULT_SUGGESTERS
    actors: ActorMatcher | None = None
    entities: Callable[[str], Sequence[Range]] | None = None

    def __post_init__(self) -> None:
        problem = unknown_suggester(self.suggesters)
        if problem:
            raise ValueError(problem)


def suggest_text(document_id: str, text: str, config: SuggestConfig) -> list[Suggestion]:
    """The suggestions of `config`'s suggesters for `text` (see the module docstring)."""
    chosen = set(config.suggesters)
    actors: dict[Range, list[str]] = {}
    if "actors" in chosen and config.actors is not None:
        for found in config.actors.find(text):
            actors.setdefault(found, []).append("actors")
    if "spacy" in chosen and config.entities is not None:
        for found in config.entities(text):
            actors.setdefault(tuple(found), []).append("spacy")  # type: ignore[arg-type]
    suggestions: list[Suggestion] = []
    if "quotes" in chosen or "speakers" in chosen:
        quotes = find_quotes(text)
        speakers: list[Range | None] = [None] * len(quotes)
        if "speakers" in chosen:
            speakers = find_speakers(text, quotes, sorted(actors))
        for quote, speaker in zip(quotes, speakers, strict=True):
            if speaker is not None:
                actors.setdefault(speaker, [])
                if "speakers" not in actors[speaker]:
                    actors[speaker].append("speakers")
            if "quotes" in chosen:
                suggestions.append(
                    Suggestion(
                        document_id,
                        quote.start,
                        quote.end,
                        QUOTE,
                        ("quotes",),
                        fragments=quote.fragments,
                        speaker=speaker,
                    )
                )
    for (start, end), names in _apart(actors).items():
        suggestions.append(Suggestion(document_id, start, end, ACTOR, tuple(names)))
    suggestions.sort(key=lambda s: (s.start, s.end, s.label))
    return suggestions


def _apart(actors: dict[Range, list[str]]) -> dict[Range, list[str]]:
    """The ACTOR ranges without overlaps, so that one mention is one suggestion: quotes'
    speakers first (their quotes point at them), then the longest first (spaCy's `John
    Kerry` over the matcher's `Kerry` in it). A quote whose speaker lost still names its
    range: accepting it makes that ACTOR span."""
    order = sorted(actors, key=lambda r: ("speakers" not in actors[r], r[0] - r[1], r[0]))
    kept: list[Range] = []  # sorted by start, apart
    for start, end in order:
        at = bisect.bisect_left(kept, (start, end))
        if (at > 0 and kept[at - 1][1] > start) or (at < len(kept) and kept[at][0] < end):
            continue
        kept.insert(at, (start, end))
    return {r: actors[r] for r in kept}
