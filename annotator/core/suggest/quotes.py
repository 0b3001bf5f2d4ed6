"""Direct quotations found by their quotation marks: the QUOTE suggester.

`find_quotes(text)` returns each quotation's pieces as `Quote`s. A quote's range is the
quoted words inside the marks (the marks themselves are not said), stripped of the white
space next to them; a quotation split by its speaker (`“We are ready,” Kerry said, “to
talk.”`) is one quote in two fragments.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from annotator.core.model import Fragments


class Quote(NamedTuple):
    """One quotation: [start, end) of its words, and its fragments when it is split."""

    start: int
    end: int
    fragments: Fragments = ()


# A first version: double quotation marks, straight and curly, on one paragraph.
_QUOTED = re.compile(r"[\"“]([^\"“”\n]+)[\"”]")
_SCARE_WORDS = 2  # a quotation of at most this many words is a scare quote, not a QUOTE


def find_quotes(text: str) -> list[Quote]:
    """The quotations of `text`, in text order."""
    quotes = []
    for match in _QUOTED.finditer(text):
        start, end = match.span(1)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if len(text[start:end].split()) > _SCARE_WORDS:
            quotes.append(Quote(start, end))
    return quotes
