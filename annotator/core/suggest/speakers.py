"""Who said each quote: the speaker suggester, by the attribution patterns of news writing.

`find_speakers(text, quotes, actors)` returns, for each quote, the [start, end) of its
speaker's name, or None. It looks, in this order:

1. between the fragments of a split quote (`“We are ready,” Kerry said, “to talk.”`);
2. after the quote, in the rest of its sentence (`“…,” Kerry said`, `“…,” said Kerry`,
   `“…,” Kerry told reporters`, `“…,” Kerry, the secretary of state, said`, `“…,”
   according to Kerry`, `“…,” Kerry was quoted as saying`, `„…“, sagte Scholz`, `« … », a
   déclaré Macron`, `« … », a-t-il dit`, `“…”, dijo Sánchez`, `„…“, so Scholz`);
3. before it, in the sentence that leads into it (`Kerry said: “…”`, `Kerry told
   reporters that “…”`, `According to Kerry, “…”`, `Kerry warned, “…”`, a headline's
   `Lavrov: “…”`); a participle or a second verb takes the sentence's subject (`Biden
   defended it, telling reporters that “…”`, `McConnell called it “a fantasy,” and said:
   “…”`);
4. failing all three, a quote that follows another in its paragraph with nothing but that
   one's attribution between them goes on with its speaker (`“…,” Biden said. “But …”`).

A quote that ends its own sentence (`“We are ready.”`) looks before itself first: the words
after it start the next sentence, often the next quote's attribution. An attribution to
nobody we can name (`the minister said`, `officials said`, `according to a senior
official`) gives no speaker and rules out the other side's.

The speaker is the NAME at the cue (`names.py`): titles, roles and honorifics are left out
(`Secretary of State John Kerry said` gives `John Kerry`, `Mr. Kerry` gives `Kerry`); an
organisation with a capitalised name speaks (`the Pentagon said`, `the State Department
said`); a common noun does not, except an organisation's (`the ministry said`) once one
with that word in its name was named before, which it stands for. A pronoun (`he said`,
`sagte sie`, `a-t-elle ajouté`, Spanish `dijo.` without a subject) is resolved by
`antecedents.py` to the nearest suitable mention before it, or to nothing.

`actors` (the known names and entities the other suggesters found) widen a name to the
project's own way of writing it: an actor range that ends where the name ends and starts
inside the same noun phrase is taken instead (`the ministry`, once an annotator has tagged
it, speaks too); they are mentions a pronoun can stand for as well.

Linear in the text: each quote looks at a bounded window around itself.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from annotator.core.suggest import cues
from annotator.core.suggest.antecedents import (
    Antecedents,
    Mention,
    Pronoun,
)
from annotator.core.suggest.names import (
    QUOTE_MARKS,
    SENTENCE_ENDS,
    Phrase,
    Token,
    is_determiner,
    is_elided_article,
    is_function_word,
    is_quote_mark,
    is_sentence_end,
    is_word,
    phrase_ending_at,
    phrase_starting_at,
    role_complement,
    tokenize,
)
from annotator.core.suggest.quotes import Quote

Range = tuple[int, int]

_AFTER_CHARS = 240  # how far after a quote its attribution may reach
_BEFORE_CHARS = 160  # how far before a quote the sentence leading into it may start
_SENTENCE_CHARS = 400  # how far back a participle's sentence may start
_VERB_REACH = 14  # tokens between an attribution's start (or end) and its verb


class _Nobody:
    """An attribution to nobody we can name (`the minister said`): it rules out the other
    side's."""


_Found = Range | Pronoun | None  # what a quote gets
_Cue = Range | Pronoun | _Nobody | None  # what a cue says (None: no attribution here)


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
        self.antecedents = Antecedents(text, quotes, actors)
        self.paragraphs = self.antecedents.paragraphs
        self.actors_ending: dict[int, list[int]] = {}
        for start, end in actors:
            self.actors_ending.setdefault(end, []).append(start)

    def speakers(self) -> list[Range | None]:
        found: list[_Found] = []
        previous_end = 0
        for number, quote in enumerate(self.quotes):
            following = (
                self.quotes[number + 1].pieces[0][0]
                if number + 1 < len(self.quotes)
                else len(self.text)
            )
            found.append(self._explicit(quote, previous_end, following))
            if found[-1] is None and number > 0 and self._continues(self.quotes[number - 1], quote):
                found[-1] = found[-2]
            previous_end = max(previous_end, quote.end)
        return [
            self.antecedents.resolve(speaker) if isinstance(speaker, Pronoun) else speaker
            for speaker in found
        ]

    def _continues(self, previous: Quote, quote: Quote) -> bool:
        """Does `quote` (which has no attribution of its own) go on from `previous`: in the
        same paragraph, with at most the previous one's attribution between them (`“…,”
        Biden said. “But we will not give up.”`)?"""
        if quote.start - previous.end > _AFTER_CHARS:
            return False
        if "\n" in self.text[previous.end : quote.start]:
            return False
        tokens = tokenize(self.text, previous.end, quote.start)
        return sum(1 for token in tokens if token.text in SENTENCE_ENDS) <= 1

    def _explicit(self, quote: Quote, previous_end: int, following: int) -> _Found:
        """The quote's own attribution: a name, a pronoun, or None (none, or one to nobody:
        an attribution to `the minister` rules out the other side's)."""
        for (_, gap_start), (gap_end, _) in itertools.pairwise(quote.pieces):
            tokens = tokenize(self.text, gap_start, gap_end)
            gap = self._leading(tokens, 0, len(tokens), quote.start, ends_sentence=False)
            if gap is not None:
                return None if isinstance(gap, _Nobody) else gap
        ends_sentence = quote.end > quote.start and self.text[quote.end - 1] == "."
        found: _Cue
        if ends_sentence:
            found = self._before(quote, previous_end)
            if found is None:
                found = self._after(quote, following, True)
        else:
            found = self._after(quote, following, False)
            if found is None:
                found = self._before(quote, previous_end)
        return None if isinstance(found, _Nobody) else found

    def _after(self, quote: Quote, following: int, ends_sentence: bool) -> _Cue:
        end = min(following, quote.end + _AFTER_CHARS, self.paragraphs.end(quote.end))
        tokens = tokenize(self.text, quote.end, end, sentence=True)
        return self._leading(tokens, 0, len(tokens), quote.start, ends_sentence)

    def _leading(
        self, tokens: list[Token], low: int, high: int, before: int, ends_sentence: bool
    ) -> _Cue:
        """The attribution at the start of tokens [low, high): the words right after a
        quote (or between its fragments). A pronoun's antecedent comes before `before`;
        _NOBODY for an attribution to nobody (`“…,” the minister said`)."""
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

    def _before(self, quote: Quote, previous_end: int) -> _Cue:
        text = self.text
        bound = max(previous_end, self.paragraphs.start(quote.start))
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

    def _lead_in(self, tokens: list[Token], low: int, high: int) -> _Cue:
        """The attribution at the end of tokens [low, high): the words leading into a
        quote; _NOBODY for one to nobody (`The minister said: “…”`)."""
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
    ) -> _Cue | _NoCue:
        """What token `index` says if it is a cue: a speaker, a pronoun, None (a cue that
        names nobody: `the minister said`, stop looking), or _NO_CUE (not a cue)."""
        token = tokens[index]
        word = token.text.lower()
        if word not in _CUE_WORDS and "-" not in word:
            return _NO_CUE
        inverted = _inverted_pronoun(word)
        if inverted is not None:  # `a-t-il déclaré`, `dit-elle`
            return Pronoun(inverted, before)
        according = self._according(tokens, index, high)
        if according is not None:
            return according
        if word == "saying" and [t.text for t in tokens[max(low, index - 3) : index]] in (
            ["was", "quoted", "as"],
            ["is", "quoted", "as"],
        ):  # `“…,” Kerry was quoted as saying`
            subject = _subject_before(tokens, index - 3, low)
            if (
                isinstance(subject, Phrase)
                and subject.name is not None
                and (not anchored or subject.first == low)
            ):
                return self._name(tokens, subject)
            return None
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
        if word in cues.GERUNDS and not anchored and token.text[0].islower():
            return self._sentence_subject(token.start)
        if word not in cues.REPORTING_VERBS or not (token.text[0].islower() or index == low):
            return _NO_CUE
        subject = _subject_before(tokens, index, low)
        if isinstance(subject, _Empty):
            return self._inverted(tokens, index + 1, high, word, before)
        if isinstance(subject, _Coordinated):
            return self._sentence_subject(token.start)
        if subject is None:
            return None if anchored else _NO_CUE
        if isinstance(subject, Pronoun):
            if anchored and subject.position != tokens[low].start:
                return None
            return Pronoun(subject.kind, min(before, subject.position))
        assert isinstance(subject, Phrase)
        if anchored and subject.first != low:
            return None  # words before the subject we cannot account for
        if subject.name is None and not self._actor_phrase(tokens, subject):
            # `the minister said`: a cue that names nobody; `the ministry said`: the one
            # named before
            return _organisation_anaphora(tokens, subject) or _NOBODY
        return self._name(tokens, subject)

    def _inverted(self, tokens: list[Token], index: int, high: int, verb: str, before: int) -> _Cue:
        """The subject after an inverted verb: `said Kerry`, `sagte er`, `dijo.`, past a
        time (`a martelé mardi le président Emmanuel Macron`, `sagte am Montag Scholz`)."""
        while index + 1 < high:
            word = tokens[index].text.lower()
            if word in cues.TIMES or (word in cues.AUXILIARIES and tokens[index].text[0].islower()):
                index += 1
            elif word in cues.TIME_PREPOSITIONS and tokens[index + 1].text.lower() in cues.TIMES:
                index += 2
            else:
                break
        if index < high and tokens[index].text.lower() in cues.PRONOUNS:
            return Pronoun(cues.PRONOUNS[tokens[index].text.lower()], before)
        if verb in cues.PRO_DROP_VERBS and (index >= high or not is_word(tokens[index])):
            return Pronoun("person", before)
        return self._name_from(tokens, index, high)

    def _according(self, tokens: list[Token], index: int, high: int) -> _Cue:
        if tokens[index].text.lower() not in _ACCORDING_FIRST:
            return None
        for sequence in cues.ACCORDING:
            after = index + len(sequence)
            if after <= high and all(
                tokens[index + offset].text.lower() == word for offset, word in enumerate(sequence)
            ):
                return self._name_from(tokens, after, high)
        return None

    def _name_from(self, tokens: list[Token], index: int, high: int) -> _Cue:
        if index < high and is_elided_article(tokens[index]):
            # `selon l'Élysée`: the name after the article's apostrophe
            token = tokens[index]
            self.antecedents.add(Mention(token.start + 2, token.end, False, True))
            return (token.start + 2, token.end)
        phrase = phrase_starting_at(tokens, index, high)
        if phrase is None:
            return None
        if phrase.name is None and not self._actor_phrase(tokens, phrase):
            return _organisation_anaphora(tokens, phrase) or _NOBODY
        return self._name(tokens, phrase)

    def _sentence_subject(self, position: int) -> _Cue:
        """The subject of the sentence `position` is in, for a participle (`Biden defended
        it, telling reporters that “…”`) or a second verb (`McConnell called it “a
        fantasy,” and said: “…”`): the first noun phrase of the sentence, after a dateline
        (`WASHINGTON — `) or an opening phrase (`On Tuesday, `), outside the quotes."""
        text = self.text
        paragraph = self.paragraphs.start(position)
        start = max(paragraph, position - _SENTENCE_CHARS)
        while paragraph < start < position and text[start - 1].isalnum():
            start += 1
        in_quote = self.antecedents.in_quote
        tokens = [t for t in tokenize(text, start, position) if not in_quote(t.start, t.end)]
        low = len(tokens)
        while low > 0 and tokens[low - 1].text not in SENTENCE_ENDS:
            low -= 1
        if low == 0 and start > paragraph:
            return None  # the sentence starts further back than we read
        while low < len(tokens) and not is_word(tokens[low]):
            low += 1  # the marks of a quote the sentence starts with
        for index in range(low, min(low + 5, len(tokens))):
            if tokens[index].text in ("—", "–", "--"):  # `WASHINGTON — `
                if all(t.text.isupper() or not is_word(t) for t in tokens[low:index]):
                    low = index + 1
                break
        if low < len(tokens) and is_function_word(tokens[low]):
            word = tokens[low].text.lower()
            if word in cues.PRONOUNS:
                return Pronoun(cues.PRONOUNS[word], tokens[low].start)
            for index in range(low, min(low + 12, len(tokens))):
                if tokens[index].text == ",":  # `In a post on X, Trump wrote`
                    low = index + 1
                    break
        if low < len(tokens) and tokens[low].text.lower() in cues.PRONOUNS:
            return Pronoun(cues.PRONOUNS[tokens[low].text.lower()], tokens[low].start)
        return self._name_from(tokens, low, len(tokens))

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
        self.antecedents.add(Mention(*widened, person, phrase.organisation, phrase.gender))
        return widened


_CUE_WORDS = (
    cues.REPORTING_VERBS
    | cues.GERUNDS
    | cues.ACCORDING_AFTER
    | {sequence[0] for sequence in cues.ACCORDING}
    | {"quoted"}
)
_CLAUSE_BOUNDS = SENTENCE_ENDS | QUOTE_MARKS
_MARKS_AND_SPACE = " \t" + "".join(sorted(QUOTE_MARKS))
_OPENINGS = QUOTE_MARKS | frozenset("([{—–-")
_ACCORDING_FIRST = frozenset(sequence[0] for sequence in cues.ACCORDING)


class _NoCue:
    """Not a cue (as opposed to None, a cue that names nobody)."""


class _Coordinated:
    """A verb after `and`, `but`: its subject is the sentence's."""


class _Empty:
    """No words before a verb: an inverted one (`said Kerry`)."""


_NO_CUE = _NoCue()
_EMPTY = _Empty()
_NOBODY = _Nobody()
_COORDINATED = _Coordinated()


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def _may_hold_cue(text: str, start: int, end: int) -> bool:
    """Is there a word in text[start:end] that a cue can start with? (A quick look, before
    the tokens.)"""
    piece = text[start:end].lower()
    return "-" in piece or not _CUE_WORDS.isdisjoint(_WORDS.findall(piece))


def _subject_before(
    tokens: list[Token], verb: int, low: int
) -> Phrase | Pronoun | _Empty | _Coordinated | None:
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
        return Pronoun(cues.PRONOUNS[token.text.lower()], token.start)
    if token.text in cues.COORDINATORS:
        return _COORDINATED
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
            and not inner.organisation
            and outer is not None
            and (
                outer.name is None
                or (outer.organisation and outer.titled)
                or role_complement(tokens, outer)
            )
        ):
            # `the Russian foreign minister, Sergei Lavrov, said`, `the head of the
            # International Atomic Energy Agency, Rafael Grossi, said`
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


def _organisation_anaphora(tokens: list[Token], phrase: Phrase) -> Pronoun | None:
    """`the ministry` (a determiner and an organisation word): the organisation named
    before whose name holds that word, resolved like a pronoun; None for anything else."""
    head = tokens[phrase.last]
    if (
        phrase.last - phrase.first == 1
        and is_determiner(tokens[phrase.first])
        and head.text.islower()
        and head.text in cues.ORGANISATION_WORDS
    ):
        return Pronoun("org:" + head.text, tokens[phrase.first].start)
    return None


def _inverted_pronoun(word: str) -> str | None:
    """`a-t-il`, `dit-elle`, `estime-t-il`: a French verb with its subject after it."""
    stem, separator, pronoun = word.rpartition("-")
    if not separator or pronoun not in ("il", "elle", "ils", "elles"):
        return None
    stem = stem.removesuffix("-t")
    if stem in ("a", "avait") or stem in cues.REPORTING_VERBS:
        return cues.PRONOUNS[pronoun]
    return None
