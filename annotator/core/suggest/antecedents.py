"""Who a pronoun stands for, for the speaker suggester: the nearest suitable mention before
it, in its paragraph or the one before, outside every quote.

The mentions are the speakers found by name (`add`), the ranges of `actors` (known names,
entities) and the names read in the text there (`names.py`). A person suits `he`/`she`
(unless an honorific or a role says the other), an organisation suits `it`, both suit
`they`; `the ministry` (kind `org:ministry`) stands for the nearest organisation whose name
holds that word (`the Foreign Ministry`). A one-word name suits only when the window also
holds it as a person's last name (`John Kerry … Kerry`), or as a speaker or an actor.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from annotator.core.suggest import cues
from annotator.core.suggest.names import (
    Token,
    in_phrase,
    phrase_ending_at,
    sentence_end,
    tokenize,
)
from annotator.core.suggest.quotes import Quote

Range = tuple[int, int]

_PRONOUN_CHARS = 2000  # how far back a pronoun's antecedent may be (and within a paragraph)
_PRONOUN_STEPS = (150, 500, _PRONOUN_CHARS)  # read back this far, then further
_SENTENCE_REACH = 2000  # a "sentence" longer than this is cut at white space
_BLOCK = 128  # the text read for pronouns' antecedents, a block (of sentences) at a time


class Pronoun(NamedTuple):
    """A pronoun (or a dropped subject) to resolve: what it may stand for, and where."""

    kind: str  # a value of cues.PRONOUNS, or `org:WORD` (`the ministry`)
    position: int  # its antecedent ends before this offset


@dataclass(frozen=True)
class Mention:
    """A name in the text: a person's, an organisation's, or one not known to be either."""

    start: int
    end: int
    person: bool
    organisation: bool
    gender: str = ""


class Paragraphs:
    """Where the paragraphs (lines) of a text start and end: its line breaks, found once, so
    that a text of one long paragraph costs no more than one of many."""

    def __init__(self, text: str) -> None:
        self.breaks = [match.start() for match in re.finditer("\n", text)]
        self.length = len(text)

    def start(self, position: int) -> int:
        """Where the paragraph holding `position` starts (after the break before it)."""
        index = bisect.bisect_left(self.breaks, position)
        return self.breaks[index - 1] + 1 if index else 0

    def end(self, position: int) -> int:
        """The first line break at or after `position` (or the text's end)."""
        index = bisect.bisect_left(self.breaks, position)
        return self.breaks[index] if index < len(self.breaks) else self.length


class Antecedents:
    """The mentions of one text that pronouns may stand for."""

    def __init__(self, text: str, quotes: Sequence[Quote], actors: Sequence[Range]) -> None:
        self.text = text
        self.paragraphs = Paragraphs(text)
        self.pieces = sorted(piece for quote in quotes for piece in quote.pieces)
        self.piece_starts = [start for start, _ in self.pieces]
        self.piece_reach = list(itertools.accumulate((end for _, end in self.pieces), max))
        self.actors = sorted((start, end) for start, end in actors if 0 <= start < end <= len(text))
        self.actor_starts = [start for start, _ in self.actors]
        self.mentions: list[Mention] = []  # the speakers found by name
        self.mention_ends: list[int] = []
        self.block_names: dict[tuple[int, int], list[Mention]] = {}
        self.block_starts: dict[tuple[int, int], int] = {}

    def add(self, mention: Mention) -> None:
        """A speaker found by name: a mention later pronouns may stand for."""
        index = bisect.bisect_right(self.mention_ends, mention.end)
        self.mentions.insert(index, mention)
        self.mention_ends.insert(index, mention.end)

    def resolve(self, pronoun: Pronoun) -> Range | None:
        """The nearest suitable mention before the pronoun, in its paragraph or the one
        before (read nearest first, a piece at a time: most antecedents are close)."""
        text = self.text
        high = pronoun.position
        paragraph = self.paragraphs.start(high)
        back = paragraph - 1
        while back > 0 and text[back - 1].isspace():
            back -= 1
        low = max(self.paragraphs.start(back) if back > 0 else 0, high - _PRONOUN_CHARS)
        known = sorted(self._known(low, high), key=lambda mention: (mention.end, mention.start))
        surnames = {_last_word(text, mention) for mention in known if mention.person}
        nearest = next((m for m in reversed(known) if self._suits(pronoun.kind, m)), None)
        if nearest is not None:
            low = nearest.end  # only a name read after it can be nearer
        end = high
        for reach in _PRONOUN_STEPS:
            start = max(low, high - reach)
            while low < start < end and text[start - 1].isalnum():
                start += 1  # not inside a word: the rest of it is read with the next piece
            found = {
                (mention.start, mention.end): mention for mention in self._names(low, start, end)
            }
            for mention in known:
                if start < mention.end <= end:
                    found[(mention.start, mention.end)] = mention
            candidates = sorted(found.values(), key=lambda mention: (mention.end, mention.start))
            surnames.update(_last_word(text, mention) for mention in candidates if mention.person)
            for mention in reversed(candidates):
                if (
                    not mention.person
                    and not mention.organisation
                    and text[mention.start : mention.end] in surnames
                ):
                    mention = Mention(mention.start, mention.end, True, False, mention.gender)
                if self._suits(pronoun.kind, mention):
                    return (mention.start, mention.end)
            if start <= low:
                break
            end = start
        return None if nearest is None else (nearest.start, nearest.end)

    def _known(self, low: int, high: int) -> list[Mention]:
        """The actors and the speakers found by name in [low, high), outside the quotes."""
        known = []
        for index in range(bisect.bisect_left(self.actor_starts, low), len(self.actors)):
            start, end = self.actors[index]
            if start >= high:
                break
            if end <= high and not self.in_quote(start, end):
                words = self.text[start:end].lower().split()
                organisation = any(
                    word in cues.ORGANISATION_WORDS or word in cues.ORGANISATIONS for word in words
                )
                known.append(Mention(start, end, not organisation, organisation))
        first = bisect.bisect_right(self.mention_ends, low)
        for mention in self.mentions[first:]:
            if mention.end > high:
                break
            if mention.start >= low:
                known.append(mention)
        return known

    def _names(self, low: int, start: int, high: int) -> list[Mention]:
        """The names that end in (start, high] and start at `low` or after, outside the
        quotes. Each paragraph is read in blocks of whole sentences, each block once however
        many pronouns look at it (counted from the paragraph's start, so that what is found
        does not depend on where the paragraph sits in the text)."""
        names = []
        paragraph = self.paragraphs.start(start)
        while paragraph < high:
            closing = self.paragraphs.end(paragraph)
            block = max(0, (start - paragraph) // _BLOCK)
            while block > 0 and self._block_start(paragraph, closing, block) > start:
                block -= 1  # a long sentence: `start` is in an earlier block
            while self._block_start(paragraph, closing, block) < min(high, closing):
                key = (paragraph, block)
                if key not in self.block_names:
                    self.block_names[key] = self._read_block(paragraph, closing, block)
                for mention in self.block_names[key]:
                    if low <= mention.start and start < mention.end <= high:
                        names.append(mention)
                block += 1
            paragraph = closing + 1
        return names

    def _read_block(self, paragraph: int, paragraph_end: int, block: int) -> list[Mention]:
        start = self._block_start(paragraph, paragraph_end, block)
        end = self._block_start(paragraph, paragraph_end, block + 1)
        names = []
        for segment in self._outside_quotes(start, end):
            names.extend(_names_in(tokenize(self.text, *segment)))
        return names

    def _block_start(self, paragraph: int, paragraph_end: int, block: int) -> int:
        """Where a paragraph's block starts: after the first sentence end from its nominal
        start on (no name runs across one)."""
        if block == 0:
            return paragraph
        key = (paragraph, block)
        if key not in self.block_starts:
            start = paragraph + block * _BLOCK
            self.block_starts[key] = self._sentence_after(start, paragraph_end)
        return self.block_starts[key]

    def _sentence_after(self, start: int, paragraph_end: int) -> int:
        """The first sentence end from `start` on, looked for over _SENTENCE_REACH only (a
        text with no sentence ends is not read to its end for each block): failing one,
        the next white space before a word without a capital."""
        if start >= paragraph_end:
            return paragraph_end
        reach = min(paragraph_end, start + _SENTENCE_REACH)
        found = sentence_end(self.text, start, reach)
        if found < reach:
            return found
        text = self.text
        while (
            found < paragraph_end
            and not (  # white space no name runs across
                text[found].isspace() and not text[found + 1 : found + 2].isupper()
            )
        ):
            found += 1
        return found

    def _outside_quotes(self, low: int, high: int) -> list[Range]:
        segments = []
        index = bisect.bisect_right(self.piece_starts, low) - 1
        position = low
        if index >= 0 and self.piece_reach[index] > position:
            position = self.piece_reach[index]
        index += 1
        while index < len(self.pieces) and self.pieces[index][0] < high:
            start, end = self.pieces[index]
            if start > position:
                segments.append((position, start))
            position = max(position, end)
            index += 1
        if position < high:
            segments.append((position, high))
        return segments

    def _suits(self, kind: str, mention: Mention) -> bool:
        if kind.startswith("org:"):  # `the ministry`: an organisation with that word
            words = self.text[mention.start : mention.end].lower().split()
            return mention.organisation and kind[4:] in words
        return suits(kind, mention)

    def in_quote(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.piece_starts, start) - 1
        if index >= 0 and self.piece_reach[index] > start:
            return True
        following = index + 1
        return following < len(self.pieces) and self.pieces[following][0] < end


def _names_in(tokens: list[Token]) -> list[Mention]:
    """The names in a run of text (a pronoun's window): every noun phrase with a name."""
    mentions = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not in_phrase(token):
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and in_phrase(tokens[end + 1]):
            end += 1
        phrase = phrase_ending_at(tokens, end, index)
        if phrase is not None and phrase.name is not None:
            first, last = phrase.name
            words = last - first + 1
            person = not phrase.organisation and (phrase.titled or words >= 2)
            mentions.append(
                Mention(
                    tokens[first].start,
                    tokens[last].end,
                    person,
                    phrase.organisation,
                    phrase.gender,
                )
            )
        index = end + 1
    return mentions


def suits(kind: str, mention: Mention) -> bool:
    if kind == "m":
        return mention.person and mention.gender != "f"
    if kind == "f":
        return mention.person and mention.gender != "m"
    if kind == "person":
        return mention.person
    if kind == "plural":
        return mention.person or mention.organisation
    return kind == "org" and mention.organisation  # `it said`


def _last_word(text: str, mention: Mention) -> str:
    words = text[mention.start : mention.end].split()
    return words[-1] if words else ""
