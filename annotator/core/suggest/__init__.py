"""Suggesters: spans proposed offline, with no server and no model download.

Each suggester is plain Python over a document's text and returns code point ranges:
- `quotes.find_quotes(text)`: direct quotations by their marks (QUOTE), split quotes as
  one quote in fragments;
- `speakers.find_speakers(text, quotes, actors)`: each quote's speaker by the attribution
  patterns of news writing (an ACTOR, linked to the quote by a `source` relation);
- `actors.ActorMatcher(names).find(text)`: every name the project knows (ACTOR spans anyone
  made, a gazetteer) on whole words, one automaton for thousands of names;
- `entities.EntityFinder(model).find(text)`: a spaCy pipeline's PERSON, ORG, NORP and GPE
  entities, when spaCy and a pipeline are installed (the optional extra).

`pipeline.suggest_text` runs the chosen ones over a text and merges what they found into
`Suggestion`s, one per range and label, naming every suggester that made it.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.model import RelationType

# The labels suggestions carry, and the relation type a quote's speaker is linked by.
QUOTE = "QUOTE"
ACTOR = "ACTOR"
SOURCE = "source"

# Every suggester, in the order they run; `spacy` needs the optional extra and a pipeline.
SUGGESTERS = ("quotes", "speakers", "actors", "spacy")
# What runs when nobody chose: everything that needs nothing installed.
DEFAULT_SUGGESTERS = ("quotes", "speakers", "actors")


def unknown_suggester(names: Sequence[str]) -> str | None:
    """What is wrong with `names` if one is no suggester's, else None."""
    unknown = [name for name in names if name not in SUGGESTERS]
    if not unknown:
        return None
    return f"unknown suggester {unknown[0]!r} (the suggesters are {', '.join(SUGGESTERS)})"


def source_type(kinds: Sequence[RelationType]) -> RelationType | None:
    """The relation type a quote is linked to its speaker by (accepting it, exporting the
    suggestions): `source` if the project's links QUOTE to ACTOR, else the first required
    type that does, else the first that does; None when none does."""
    fitting = [kind for kind in kinds if kind.allows(QUOTE, ACTOR)]
    for kind in fitting:
        if kind.name == SOURCE:
            return kind
    chosen = [kind for kind in fitting if kind.required] or fitting
    return chosen[0] if chosen else None
