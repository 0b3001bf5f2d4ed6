"""Who said each quote: the speaker suggester, by the attribution patterns of news writing.

`find_speakers(text, quotes, actors)` returns, for each quote, the [start, end) of its
speaker's name, or None. It looks, in this order:

1. between the fragments of a split quote (`“We are ready,” Kerry said, “to talk.”`);
2. after the quote, in the rest of its sentence (`“…,” Kerry said`, `“…,” said Kerry`,
   `“…,” Kerry told reporters`, `“…,” Kerry, the secretary of state, said`, `“…,”
   according to Kerry`, `„…“, sagte Scholz`, `« … », a déclaré Macron`, `« … », a-t-il
   dit`, `“…”, dijo Sánchez`, `„…“, so Scholz`);
3. before it, in the sentence that leads into it (`Kerry said: “…”`, `Kerry told
   reporters that “…”`, `According to Kerry, “…”`, `Kerry warned, “…”`, a headline's
   `Lavrov: “…”`).

A quote that ends its own sentence (`“We are ready.”`) looks before itself first: the words
after it start the next sentence, often the next quote's attribution.

The speaker is the NAME at the cue (`names.py`): titles, roles and honorifics are left out
(`Secretary of State John Kerry said` gives `John Kerry`, `Mr. Kerry` gives `Kerry`); an
organisation with a capitalised name speaks (`the Pentagon said`, `the State Department
said`); a common noun does not (`the ministry said`, `officials said`: nothing). A
pronoun (`he said`, `sagte sie`, `a-t-elle ajouté`, Spanish `dijo.` without a subject)
is resolved to the nearest preceding suitable mention in the same or the previous
paragraph, outside every quote: a speaker found for an earlier quote, a range of
`actors`, or a name found there. A person suits `he`/`she` (unless an honorific or role
says the other), an organisation suits `it`, both suit `they`; a one-word name suits only
when the window also holds it as a person's last name (`John Kerry … Kerry`), an earlier
speaker or an actor. When nothing suitable is near, the quote gets no speaker.

`actors` (the known names and entities the other suggesters found) also widen a name to
the project's own way of writing it: an actor range that ends where the name ends and
starts inside the same noun phrase is taken instead (`the ministry`, once an annotator
has tagged it, speaks too).

Linear in the text: each quote looks at a bounded window around itself.
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
    QUOTE_MARKS,
    SENTENCE_ENDS,
    Phrase,
    Token,
    in_phrase,
    is_quote_mark,
    is_sentence_end,
    is_word,
    phrase_ending_at,
    phrase_starting_at,
    tokenize,
)
from annotator.core.suggest.quotes import Quote

Range = tuple[int, int]

_AFTER_CHARS = 240  # how far after a quote its attribution may reach
_BEFORE_CHARS = 160  # how far before a quote the sentence leading into it may start
_PRONOUN_CHARS = 2000  # how far back a pronoun's antecedent may be (and within a paragraph)
_BLOCK = 128  # the text read for pronouns' antecedents, a block at a time
_BLOCK_BREAK = re.compile(r"\s")
_PRONOUN_STEPS = (150, 500, _PRONOUN_CHARS)  # read back this far, then further
_VERB_REACH = 14  # tokens between an attribution's start (or end) and its verb


class _Pronoun(NamedTuple):
    kind: str  # a value of cues.PRONOUNS
    position: int  # its antecedent ends before this offset


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    person: bool
    organisation: bool
    gender: str = ""


_Found = Range | _Pronoun | None


def find_speakers(
    text: str, quotes: Sequence[Quote], actors: Sequence[Range] = ()
) -> list[Range | None]:
    """Per quote of `quotes` (in text order), its speaker's [start, end), or None; see the
    module docstring. Speaker ranges are whole words, outside the quote's own pieces."""
    return _Finder(text, quotes, actors).speakers()


class _Finder:
    def __init__(self, text: str, quotes: Sequence[Quote], actors: Sequence[Range]) -> None:
        self.text = text
        self.quotes = quotes
        self.pieces = sorted(piece for quote in quotes for piece in _pieces(quote))
        self.piece_starts = [start for start, _ in self.pieces]
        self.piece_reach = _running_max([end for _, end in self.pieces])
        self.actors = sorted((start, end) for start, end in actors if 0 <= start < end <= len(text))
        self.actor_starts = [start for start, _ in self.actors]
        self.actors_ending: dict[int, list[int]] = {}
        for start, end in self.actors:
            self.actors_ending.setdefault(end, []).append(start)
        self.mentions: list[_Mention] = []  # the speakers found by name, in text order
        self.block_names: dict[tuple[int, int], list[_Mention]] = {}

    def speakers(self) -> list[Range | None]:
        found: list[_Found] = []
        previous_end = 0
        for number, quote in enumerate(self.quotes):
            following = (
                _pieces(self.quotes[number + 1])[0][0]
                if number + 1 < len(self.quotes)
                else len(self.text)
            )
            found.append(self._explicit(quote, previous_end, following))
            previous_end = max(previous_end, quote.end)
        self.mentions.sort(key=lambda mention: mention.end)
        self.mention_ends = [mention.end for mention in self.mentions]
        return [
            self._resolve(speaker) if isinstance(speaker, _Pronoun) else speaker
            for speaker in found
        ]

    # -- attributions

    def _explicit(self, quote: Quote, previous_end: int, following: int) -> _Found:
        pieces = _pieces(quote)
        for (_, gap_start), (gap_end, _) in itertools.pairwise(pieces):
            tokens = tokenize(self.text, gap_start, gap_end)
            found = self._leading(tokens, 0, len(tokens), quote.start, ends_sentence=False)
            if found is not None:
                return found
        ends_sentence = quote.end > quote.start and self.text[quote.end - 1] == "."
        if ends_sentence:
            return self._before(quote, previous_end) or self._after(quote, following, True)
        return self._after(quote, following, False) or self._before(quote, previous_end)

    def _after(self, quote: Quote, following: int, ends_sentence: bool) -> _Found:
        end = min(following, quote.end + _AFTER_CHARS, _paragraph_end(self.text, quote.end))
        tokens = tokenize(self.text, quote.end, end, sentence=True)
        return self._leading(tokens, 0, len(tokens), quote.start, ends_sentence)

    def _leading(
        self, tokens: list[Token], low: int, high: int, before: int, ends_sentence: bool
    ) -> _Found:
        """The attribution at the start of tokens [low, high): the words right after a
        quote (or between its fragments). A pronoun's antecedent comes before `before`."""
        skipped = 0
        while low < high and not is_word(tokens[low]) and skipped < 4:
            if is_sentence_end(tokens[low]) and not ends_sentence:
                ends_sentence = True
            low += 1
            skipped += 1
        clause_end = low
        while clause_end < high and tokens[clause_end].text not in _CLAUSE_BOUNDS:
            clause_end += 1
        if ends_sentence and clause_end < high and is_quote_mark(tokens[clause_end]):
            return None  # `“…” Lavrov replied: “…”`: the next quote's attribution
        if low >= clause_end:
            return None
        first = tokens[low]
        if first.text.lower() in cues.ACCORDING_RIGHT_AFTER and not ends_sentence:
            found = self._name_from(tokens, low + 1, clause_end)
            if found is not None:
                return found
        for verb in range(low, min(clause_end, low + _VERB_REACH)):
            cue = self._cue_at(tokens, verb, low, clause_end, before, anchored=True)
            if not isinstance(cue, _NoCue):
                return cue
        return None

    def _before(self, quote: Quote, previous_end: int) -> _Found:
        text = self.text
        bound = max(previous_end, _paragraph_start(text, quote.start))
        lead_in = max(bound, quote.start - _BEFORE_CHARS)
        colon = text[lead_in : quote.start].rstrip(_MARKS_AND_SPACE).endswith(":")
        if not colon and not _may_hold_cue(text, lead_in, quote.start):
            return None
        # Most lead-ins are short (`Kerry said: “`): read a short window first, and the
        # long one only when the short one holds no sentence start.
        for reach in (_BEFORE_CHARS // 2, _BEFORE_CHARS):
            start = max(bound, quote.start - reach)
            while bound < start < quote.start and text[start - 1].isalnum():
                start += 1  # cut inside a word: start at the next one
            tokens = tokenize(text, start, quote.start)
            high = len(tokens)
            while high > 0 and tokens[high - 1].text in _OPENINGS:
                high -= 1  # the opening mark, a bracket, a dash
            low = high
            while low > 0 and tokens[low - 1].text not in _CLAUSE_BOUNDS:
                low -= 1
            if low > 0 or start == bound:
                return self._lead_in(tokens, low, high)
        return self._lead_in(tokens, low, high)

    def _lead_in(self, tokens: list[Token], low: int, high: int) -> _Found:
        """The attribution at the end of tokens [low, high): the words leading into a
        quote."""
        if high - low >= 2 and tokens[high - 1].text == ":":
            # a headline's `Lavrov: “No deal”`: a clause that is a name and a colon
            phrase = phrase_ending_at(tokens, high - 2, low)
            if phrase is not None and phrase.first == low and phrase.name is not None:
                return self._name(tokens, phrase)
        for verb in range(high - 1, max(low, high - _VERB_REACH) - 1, -1):
            cue = self._cue_at(tokens, verb, low, high, tokens[verb].start, anchored=False)
            if not isinstance(cue, _NoCue):
                return cue
        for index in range(low, max(low, high - _VERB_REACH)):  # further back than a verb
            if tokens[index].text.lower() in _ACCORDING_FIRST:
                found = self._according(tokens, index, high)
                if found is not None:
                    return found
        return None

    def _cue_at(
        self, tokens: list[Token], index: int, low: int, high: int, before: int, anchored: bool
    ) -> _Found | _NoCue:
        """What token `index` says if it is a cue: a speaker, a pronoun, None (a cue that
        names nobody: `the minister said`, stop looking), or _NO_CUE (not a cue)."""
        token = tokens[index]
        word = token.text.lower()
        if word not in _CUE_WORDS and "-" not in word:
            return _NO_CUE
        inverted = _inverted_pronoun(word)
        if inverted is not None:  # `a-t-il déclaré`, `dit-elle`
            return _Pronoun(inverted, before)
        according = self._according(tokens, index, high)
        if according is not None:
            return according
        if word == "quoted" and token.text[0].islower():  # `Reuters quoted Kerry as saying`
            phrase = phrase_starting_at(tokens, index + 1, high)
            if phrase is not None and phrase.name is not None:
                after = [t.text for t in tokens[phrase.last + 1 : phrase.last + 3]]
                if after == ["as", "saying"]:
                    return self._name(tokens, phrase)
        if word in cues.ACCORDING_AFTER and index > low:  # `Scholz zufolge`
            phrase = phrase_ending_at(tokens, index - 1, low)
            if phrase is not None and phrase.name is not None:
                return self._name(tokens, phrase)
        if word not in cues.REPORTING_VERBS or not (token.text[0].islower() or index == low):
            return _NO_CUE
        subject = _subject_before(tokens, index, low)
        if isinstance(subject, _Empty):
            return self._inverted(tokens, index + 1, high, word, before)
        if subject is None:
            return None if anchored else _NO_CUE
        if isinstance(subject, _Pronoun):
            if anchored and subject.position != tokens[low].start:
                return None
            return _Pronoun(subject.kind, min(before, subject.position))
        assert isinstance(subject, Phrase)
        if anchored and subject.first != low:
            return None  # words before the subject we cannot account for
        if subject.name is None and not self._actor_phrase(tokens, subject):
            return None  # `the minister said`: a cue that names nobody
        return self._name(tokens, subject)

    def _inverted(
        self, tokens: list[Token], index: int, high: int, verb: str, before: int
    ) -> _Found:
        """The subject after an inverted verb: `said Kerry`, `sagte er`, `dijo.`"""
        while index < high and tokens[index].text.lower() in cues.AUXILIARIES and index + 1 < high:
            if not tokens[index].text[0].islower():
                break
            index += 1
        if index < high and tokens[index].text.lower() in cues.PRONOUNS:
            return _Pronoun(cues.PRONOUNS[tokens[index].text.lower()], before)
        if verb in cues.PRO_DROP_VERBS and (index >= high or not is_word(tokens[index])):
            return _Pronoun("person", before)
        return self._name_from(tokens, index, high)

    def _according(self, tokens: list[Token], index: int, high: int) -> _Found:
        if tokens[index].text.lower() not in _ACCORDING_FIRST:
            return None
        for sequence in cues.ACCORDING:
            after = index + len(sequence)
            if after <= high and all(
                tokens[index + offset].text.lower() == word for offset, word in enumerate(sequence)
            ):
                return self._name_from(tokens, after, high)
        return None

    def _name_from(self, tokens: list[Token], index: int, high: int) -> Range | None:
        phrase = phrase_starting_at(tokens, index, high)
        if phrase is None or (phrase.name is None and not self._actor_phrase(tokens, phrase)):
            return None
        return self._name(tokens, phrase)

    def _actor_phrase(self, tokens: list[Token], phrase: Phrase) -> bool:
        return self._widened(tokens, phrase, None) is not None

    def _widened(self, tokens: list[Token], phrase: Phrase, name: Range | None) -> Range | None:
        """The longest actor range ending where the phrase does and starting inside it, if
        it is at least as long as `name`."""
        phrase_start, phrase_end = tokens[phrase.first].start, tokens[phrase.last].end
        end = name[1] if name is not None else phrase_end
        best = name
        for start in self.actors_ending.get(end, ()):
            if phrase_start <= start and (best is None or start < best[0]):
                best = (start, end)
        return best

    def _name(self, tokens: list[Token], phrase: Phrase) -> Range | None:
        name = None
        if phrase.name is not None:
            first, last = phrase.name
            name = (tokens[first].start, tokens[last].end)
        widened = self._widened(tokens, phrase, name)
        if widened is None:
            return None
        person = not phrase.organisation
        self.mentions.append(_Mention(*widened, person, phrase.organisation, phrase.gender))
        return widened

    # -- pronouns

    def _resolve(self, pronoun: _Pronoun) -> Range | None:
        """The nearest suitable mention before the pronoun, in its paragraph or the one
        before (read nearest first, a piece at a time: most antecedents are close)."""
        text = self.text
        high = pronoun.position
        paragraph = _paragraph_start(text, high)
        back = paragraph - 1
        while back > 0 and text[back - 1].isspace():
            back -= 1
        low = max(_paragraph_start(text, back) if back > 0 else 0, high - _PRONOUN_CHARS)
        known = self._known(low, high)
        surnames = {_last_word(text, mention) for mention in known if mention.person}
        nearest = next((m for m in reversed(known) if _suits(pronoun.kind, m)), None)
        if nearest is not None:
            low = nearest.end  # only a name read after it can be nearer
        end = high
        for reach in _PRONOUN_STEPS:
            start = max(low, high - reach)
            while low < start < end and text[start - 1].isalnum():
                start += 1  # not inside a word: the rest of it is read with the next piece
            found = {(mention.start, mention.end): mention for mention in self._names(start, end)}
            for mention in known:
                if start <= mention.start and mention.end <= end:
                    found[(mention.start, mention.end)] = mention
            candidates = sorted(found.values(), key=lambda mention: (mention.end, mention.start))
            surnames.update(_last_word(text, mention) for mention in candidates if mention.person)
            for mention in reversed(candidates):
                if (
                    not mention.person
                    and not mention.organisation
                    and text[mention.start : mention.end] in surnames
                ):
                    mention = _Mention(mention.start, mention.end, True, False, mention.gender)
                if _suits(pronoun.kind, mention):
                    return (mention.start, mention.end)
            if start <= low:
                break
            end = start
        return None if nearest is None else (nearest.start, nearest.end)

    def _known(self, low: int, high: int) -> list[_Mention]:
        """The actors and the speakers found by name in [low, high), outside the quotes."""
        known = []
        for index in range(bisect.bisect_left(self.actor_starts, low), len(self.actors)):
            start, end = self.actors[index]
            if start >= high:
                break
            if end <= high and not self._in_quote(start, end):
                words = self.text[start:end].lower().split()
                organisation = any(
                    word in cues.ORGANISATION_WORDS or word in cues.ORGANISATIONS for word in words
                )
                known.append(_Mention(start, end, not organisation, organisation))
        first = bisect.bisect_right(self.mention_ends, low)
        for mention in self.mentions[first:]:
            if mention.end > high:
                break
            if mention.start >= low:
                known.append(mention)
        return known

    def _names(self, low: int, high: int) -> list[_Mention]:
        """The names in [low, high), outside the quotes. Each paragraph is read in blocks,
        each block once however many pronouns look at it (blocks are counted from the
        paragraph's start, so that what is found does not depend on where the paragraph
        sits in the text)."""
        names = []
        paragraph = _paragraph_start(self.text, low)
        while paragraph < high:
            paragraph_end = _paragraph_end(self.text, paragraph)
            block = max(0, (low - paragraph) // _BLOCK)
            while paragraph + block * _BLOCK < min(high, paragraph_end):
                key = (paragraph, block)
                if key not in self.block_names:
                    self.block_names[key] = self._read_block(paragraph, paragraph_end, block)
                for mention in self.block_names[key]:
                    if low <= mention.start and mention.end <= high:
                        names.append(mention)
                block += 1
            paragraph = paragraph_end + 1
        return names

    def _read_block(self, paragraph: int, paragraph_end: int, block: int) -> list[_Mention]:
        start = self._block_start(paragraph, paragraph_end, block)
        end = self._block_start(paragraph, paragraph_end, block + 1)
        names = []
        for segment in self._outside_quotes(start, end):
            names.extend(_names_in(tokenize(self.text, *segment)))
        return names

    def _block_start(self, paragraph: int, paragraph_end: int, block: int) -> int:
        """Where a paragraph's block starts: at white space after its nominal start that
        no name runs across (the next word does not start with a capital)."""
        text = self.text
        position = paragraph + block * _BLOCK
        if block == 0:
            return paragraph
        while position < paragraph_end:
            space = _BLOCK_BREAK.search(text, position, paragraph_end)
            if space is None:
                return paragraph_end
            position = space.start()
            if position + 1 >= paragraph_end or not text[position + 1].isupper():
                return position
            position += 1
        return paragraph_end

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

    def _in_quote(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.piece_starts, start) - 1
        if index >= 0 and self.piece_reach[index] > start:
            return True
        following = index + 1
        return following < len(self.pieces) and self.pieces[following][0] < end


# Every word a cue can start with: anything else is passed over at once.
_CUE_WORDS = (
    cues.REPORTING_VERBS
    | cues.ACCORDING_AFTER
    | {sequence[0] for sequence in cues.ACCORDING}
    | {"quoted"}
)
_CLAUSE_BOUNDS = SENTENCE_ENDS | QUOTE_MARKS
_MARKS_AND_SPACE = " \t\"“”„«»‹›「『'‘‚"
_OPENINGS = QUOTE_MARKS | frozenset("([{—–-")
_ACCORDING_FIRST = frozenset(sequence[0] for sequence in cues.ACCORDING)


class _NoCue:
    """Not a cue (as opposed to None, a cue that names nobody)."""


class _Empty:
    """No words before a verb: an inverted one (`said Kerry`)."""


_NO_CUE = _NoCue()
_EMPTY = _Empty()


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def _may_hold_cue(text: str, start: int, end: int) -> bool:
    """Is there a word in text[start:end] that a cue can start with? (A quick look, before
    the tokens.)"""
    piece = text[start:end].lower()
    return "-" in piece or not _CUE_WORDS.isdisjoint(_WORDS.findall(piece))


def _subject_before(tokens: list[Token], verb: int, low: int) -> Phrase | _Pronoun | _Empty | None:
    """The subject of the verb at token `verb`, from token `low` on: a Phrase, a pronoun,
    _EMPTY (nothing before the verb: an inverted one), or None (words that are no subject)."""
    index = verb - 1
    while index >= low and tokens[index].text.lower() in cues.AUXILIARIES:
        if not tokens[index].text[0].islower():
            break
        index -= 1
    while index >= low and tokens[index].text.endswith("ly") and tokens[index].text.islower():
        index -= 1  # `Kerry repeatedly said`
    if index < low:
        return _EMPTY
    token = tokens[index]
    if token.text.lower() in cues.PRONOUNS:
        return _Pronoun(cues.PRONOUNS[token.text.lower()], token.start)
    if token.text == ",":
        comma = index - 1
        while comma >= low and tokens[comma].text != "," and index - comma < 16:
            if is_sentence_end(tokens[comma]) or is_quote_mark(tokens[comma]):
                return None
            comma -= 1
        if comma < low or tokens[comma].text != ",":
            return None
        outer = phrase_ending_at(tokens, comma - 1, low)
        inner = phrase_ending_at(tokens, index - 1, comma + 1)
        if (
            inner is not None
            and inner.first == comma + 1
            and inner.name is not None
            and outer is not None
            and outer.name is None
        ):
            # `the Russian foreign minister, Sergei Lavrov, said`
            return Phrase(
                outer.first,
                inner.last,
                inner.name,
                inner.organisation,
                True,
                inner.gender or outer.gender,
            )
        if outer is None:
            return None
        # `Kerry, the secretary of state, said`, `Smith, 45, said`
        return Phrase(
            outer.first,
            index - 1,
            outer.name,
            outer.organisation,
            outer.titled,
            outer.gender or (inner.gender if inner is not None else ""),
        )
    return phrase_ending_at(tokens, index, low)


def _inverted_pronoun(word: str) -> str | None:
    """`a-t-il`, `dit-elle`, `estime-t-il`: a French verb with its subject after it."""
    stem, separator, pronoun = word.rpartition("-")
    if not separator or pronoun not in ("il", "elle", "ils", "elles"):
        return None
    stem = stem.removesuffix("-t")
    if stem in ("a", "avait") or stem in cues.REPORTING_VERBS:
        return cues.PRONOUNS[pronoun]
    return None


def _names_in(tokens: list[Token]) -> list[_Mention]:
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
                _Mention(
                    tokens[first].start,
                    tokens[last].end,
                    person,
                    phrase.organisation,
                    phrase.gender,
                )
            )
        index = end + 1
    return mentions


def _suits(kind: str, mention: _Mention) -> bool:
    if kind == "m":
        return mention.person and mention.gender != "f"
    if kind == "f":
        return mention.person and mention.gender != "m"
    if kind == "person":
        return mention.person
    if kind == "plural":
        return mention.person or mention.organisation
    return mention.organisation  # "org": `it said`


def _last_word(text: str, mention: _Mention) -> str:
    words = text[mention.start : mention.end].split()
    return words[-1] if words else ""


def _pieces(quote: Quote) -> tuple[Range, ...]:
    return quote.fragments or ((quote.start, quote.end),)


def _running_max(values: list[int]) -> list[int]:
    result, best = [], -1
    for value in values:
        best = max(best, value)
        result.append(best)
    return result


def _paragraph_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _paragraph_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end
