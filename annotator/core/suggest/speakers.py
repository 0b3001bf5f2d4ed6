"""Who said each quote: the speaker suggester, by the attribution patterns of news writing.

`find_speakers(text, quotes, actors)` returns, for each quote, the [start, end) of its
speaker's name, or None. `actors` are the actor mentions the other suggesters found (known
names, entities), which help where a name alone is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.core.suggest.quotes import Quote

# A first version: `“…,” Kerry said` and `“…,” said Kerry` right after the closing mark.
_NAME = r"((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*)"
_VERBS = r"(?:said|says|told|added|asked)"
_AFTER = (
    re.compile(r"\W{0,3}\s*" + _NAME + r"\s+" + _VERBS + r"\b"),
    re.compile(r"\W{0,3}\s*" + _VERBS + r"\s+" + _NAME),
)


def find_speakers(
    text: str, quotes: Sequence[Quote], actors: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int] | None]:
    """Per quote of `quotes`, its speaker's [start, end), or None."""
    speakers: list[tuple[int, int] | None] = []
    for quote in quotes:
        found = None
        for pattern in _AFTER:
            match = pattern.match(text, quote.end, min(len(text), quote.end + 120))
            if match:
                found = match.span(1)
                break
        speakers.append(found)
    return speakers
