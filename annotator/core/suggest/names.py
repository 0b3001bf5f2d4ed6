"""Words and names for the speaker suggester: a tokenizer that keeps code point offsets, and
the name inside a noun phrase (`Secretary of State John Kerry` -> `John Kerry`).

A name is a run of capitalised words (any script with case: `Ségolène Royal`, `Recep
Tayyip Erdoğan`), with initials (`George W. Bush`), particles inside (`Osama bin Laden`,
`Ursula von der Leyen`, `Charles de Gaulle`), joined prefixes (`al-Assad`), hyphens and
apostrophes (`Jean-Marc`, `O'Brien`). Titles, roles and honorifics before it are not part
of it (`Mr. Kerry` -> `Kerry`, `Defense Secretary Ash Carter` -> `Ash Carter`); a run that
holds an organisation word is an organisation's name as a whole (`the State Department` ->
`State Department`). Function words that start a sentence (`But`, `The`) never are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from annotator.core.suggest import cues
from annotator.core.suggest.quote_marks import ALL_MARKS

# A word: letters or digits (with the combining marks of decomposed accents), joined by
# apostrophes and hyphens; the full stop after it is its own token unless the word is an
# abbreviation or an initial (then the word's token ends with it).
_LETTER = r"(?:[^\W_]|[\u0300-\u036f])"
_TOKEN = re.compile(rf"(\s*)({_LETTER}+(?:['’\-‐]{_LETTER}+)*|\S)")

QUOTE_MARKS = ALL_MARKS  # every mark the quotes suggester knows
SENTENCE_ENDS = frozenset(".!?…。！？")


class Token(NamedTuple):
    """One word or punctuation mark of a text: [start, end) in code points."""

    text: str
    start: int
    end: int


def tokenize(
    text: str, start: int = 0, end: int | None = None, sentence: bool = False
) -> list[Token]:
    """The tokens of `text[start:end]`, offsets into `text`; with `sentence`, only up to
    the first sentence end after a word (that mark included)."""
    end = len(text) if end is None else end
    if sentence:
        end = sentence_end(text, start, end)
    tokens: list[Token] = []
    append = tokens.append
    seen_word = False
    position = start
    abbreviations = cues.ABBREVIATIONS
    pending: tuple[str, int] | None = None  # a word that may take the full stop after it
    for space, piece in _TOKEN.findall(text, start, end):
        position += len(space)
        after = position + len(piece)
        if pending is not None:
            word, word_start = pending
            pending = None
            if piece == "." and word_start + len(word) == position:
                append(_new(Token, (word + ".", word_start, after)))
                position = after
                continue
            append(_new(Token, (word, word_start, word_start + len(word))))
        first = piece[0]
        if first.isalnum() or "\u0300" <= first <= "\u036f":
            seen_word = True
            if len(piece) <= 4 and (
                (len(piece) == 1 and first.isupper()) or piece.lower() in abbreviations
            ):
                pending = (piece, position)
            else:
                append(_new(Token, (piece, position, after)))
        else:
            append(_new(Token, (piece, position, after)))
            if sentence and seen_word and piece in SENTENCE_ENDS:
                break
        position = after
    if pending is not None:
        word, word_start = pending
        append(_new(Token, (word, word_start, word_start + len(word))))
    return tokens


_new = tuple.__new__
_SENTENCE_END = re.compile(r"[.!?…。！？]")
_WORD_BEFORE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+$")


def sentence_end(text: str, start: int, end: int) -> int:
    """Where tokens [start, end) may stop for one sentence: after its first sentence end
    that follows a word and is not an abbreviation's or an initial's full stop."""
    search = _SENTENCE_END.search
    position = start
    while True:
        found = search(text, position, end)
        if found is None:
            return end
        mark = found.start()
        if text[start:mark].strip(" \t\n\"“”„«»‹›'‘’,.!?…()[]—–-") == "":
            position = mark + 1  # the quote's own closing punctuation, before any word
            continue
        if text[mark] == ".":
            word = _WORD_BEFORE.search(text, max(start, mark - 12), mark)
            if word is not None and (
                (len(word.group()) == 1 and word.group().isupper())
                or word.group().lower() in cues.ABBREVIATIONS
            ):
                position = mark + 1
                continue
        return mark + 1


def _is_mark_letter(piece: str) -> bool:
    # a word that starts with a combining mark (after a mark the regex split off)
    return "\u0300" <= piece[0] <= "\u036f" and len(piece) > 1


def is_word(token: Token) -> bool:
    return token.text[0].isalnum() or _is_mark_letter(token.text)


def is_sentence_end(token: Token) -> bool:
    return token.text in SENTENCE_ENDS


def is_quote_mark(token: Token) -> bool:
    return token.text in QUOTE_MARKS


def lower(token: Token) -> str:
    return token.text.rstrip(".").lower()


# What a word is, as bits: computed once per distinct word (`_flags` is cached), so that
# each question below is one lookup and one test.
_CAPITALISED = 1
_INITIAL = 2
_FUNCTION = 4
_HONORIFIC = 8
_ROLE = 16
_ELIDED = 32
_ORGANISATION = 64  # a capitalised organisation word
_POSSESSIVE = 128
_PARTICLE = 256
_CONNECTOR = 512
_DETERMINER = 1024
_NAME_WORD = 2048
_IN_PHRASE = 4096


@lru_cache(maxsize=1 << 16)
def _flags(text: str) -> int:
    word = text.rstrip(".").lower()
    flags = 0
    if _capitalised(text):
        flags |= _CAPITALISED
    if len(text) == 2 and text[1] == "." and text[0].isupper():
        flags |= _INITIAL
    # `WHO`, `US`: acronyms, not `Who`, `Us`
    if word in cues.FUNCTION_WORDS and not (len(text) > 1 and text.isupper()):
        flags |= _FUNCTION
    if word in cues.HONORIFICS:
        flags |= _HONORIFIC
    if _role(word):
        flags |= _ROLE
    if len(text) > 2 and text[0] in "lL" and text[1] in "'’" and text[2].isupper():
        flags |= _ELIDED  # `l'Intérieur`: an article joined to a noun, never a name
    if flags & _CAPITALISED and word in cues.ORGANISATION_WORDS:
        flags |= _ORGANISATION
    if text.endswith(("'s", "’s", "s'", "s’")):
        flags |= _POSSESSIVE
    if text in cues.PARTICLES:
        flags |= _PARTICLE
    if text in cues.CONNECTORS:
        flags |= _CONNECTOR
    if text.lower() in cues.DETERMINERS:
        flags |= _DETERMINER
    not_name = _ELIDED | _FUNCTION | _HONORIFIC | _ROLE | _POSSESSIVE
    if flags & _INITIAL or (flags & _CAPITALISED and not flags & not_name):
        flags |= _NAME_WORD
    if text[0].isalnum():
        if flags & _CAPITALISED:
            if not flags & _FUNCTION or flags & _HONORIFIC:
                flags |= _IN_PHRASE
        elif flags & (_ROLE | _PARTICLE | _CONNECTOR | _ELIDED) or word in cues.ORGANISATION_WORDS:
            flags |= _IN_PHRASE  # `the ministry`: names nobody, but is a phrase
    return flags


def _capitalised(text: str) -> bool:
    if text[0].isupper() or text[0].istitle():  # `ǅ` is a title-case letter
        return True
    if text[0].islower():
        for separator in "-‐'’":
            prefix, found, rest = text.partition(separator)
            if found and rest and rest[0].isupper() and prefix.lower() in cues.PARTICLE_PREFIXES:
                return True
    return False


def _role(word: str) -> bool:
    if word in cues.ROLES:
        return True
    for prefix in cues.ROLE_PREFIXES:  # `ex-president`
        if word.startswith(prefix) and word[len(prefix) :] in cues.ROLES:
            return True
    if "-" in word and any(part in cues.ROLES for part in word.split("-")):
        return True  # `Secretary-General`, `attorney-general`, `editor-in-chief`
    # German compounds: `Bundeskanzler`, `Außenministerin`, `Regierungssprecher`
    return any(word.endswith(suffix) and len(word) > len(suffix) for suffix in cues.ROLE_SUFFIXES)


def capitalised(token: Token) -> bool:
    """Does the word start with a capital (`Kerry`, `Ségolène`), or with a joined particle
    and then one (`al-Assad`)?"""
    return bool(_flags(token.text) & _CAPITALISED)


def is_initial(token: Token) -> bool:
    return bool(_flags(token.text) & _INITIAL)


def is_function_word(token: Token) -> bool:
    return bool(_flags(token.text) & _FUNCTION)


def is_honorific(token: Token) -> bool:
    return bool(_flags(token.text) & _HONORIFIC)


def is_role(token: Token) -> bool:
    """A title, an office or their modifier (`Secretary`, `foreign`, `ex-president`,
    `Bundeskanzler`)."""
    return bool(_flags(token.text) & _ROLE)


def is_organisation_word(token: Token) -> bool:
    return bool(_flags(token.text) & _ORGANISATION)


def is_possessive(token: Token) -> bool:
    return bool(_flags(token.text) & _POSSESSIVE)


def is_particle(token: Token) -> bool:
    return bool(_flags(token.text) & _PARTICLE)


def is_elided_article(token: Token) -> bool:
    """`l'Élysée`, `l’Intérieur`: an article joined to a capitalised noun."""
    return bool(_flags(token.text) & _ELIDED)


def is_connector(token: Token) -> bool:
    return bool(_flags(token.text) & _CONNECTOR)


def is_determiner(token: Token) -> bool:
    return bool(_flags(token.text) & _DETERMINER)


def name_word(token: Token) -> bool:
    """Can this word be part of a name (not a title, a role, a function word)?"""
    return bool(_flags(token.text) & _NAME_WORD)


def in_phrase(token: Token) -> bool:
    """Can this word be inside a noun phrase around a name?"""
    return bool(_flags(token.text) & _IN_PHRASE)


@dataclass(frozen=True)
class Phrase:
    """A noun phrase of tokens [first, last] (indices), and the name in it, tokens
    [name_first, name_last], or None when it names nobody (`the minister`)."""

    first: int
    last: int
    name: tuple[int, int] | None
    organisation: bool = False
    titled: bool = False  # an honorific or a role before the name: a person's
    gender: str = ""  # "m", "f" or "" (unknown)


def phrase_ending_at(tokens: list[Token], last: int, low: int) -> Phrase | None:
    """The noun phrase that ends with token `last` and starts no earlier than `low`, or None
    when token `last` cannot end one."""
    if last < low or not in_phrase(tokens[last]):
        return None
    first = last
    while first - 1 >= low and last - first < 11:
        if in_phrase(tokens[first - 1]):
            first -= 1
        elif (  # `the head of the International Atomic Energy Agency`
            first - 2 >= low
            and is_determiner(tokens[first - 1])
            and is_connector(tokens[first - 2])
        ):
            first -= 2
        else:
            break
    if first - 1 >= low and is_determiner(tokens[first - 1]):
        first -= 1
    return _phrase(tokens, first, last)


def phrase_starting_at(tokens: list[Token], first: int, high: int) -> Phrase | None:
    """The noun phrase that starts with token `first` and ends before token `high`: the
    words after an inverted verb (`said Secretary of State John Kerry`) or `according to`.
    A role phrase followed by a name between commas gives that name (`said the Russian
    foreign minister, Sergei Lavrov,`)."""
    start = first
    if start < high and is_determiner(tokens[start]):
        start += 1
    last = start - 1
    while last + 1 < high and last + 1 - start < 11:
        following = tokens[last + 1]
        if not in_phrase(following):
            # `the president of the European Commission`
            if not (
                is_determiner(following)
                and last >= start
                and is_connector(tokens[last])
                and last + 2 < high
                and in_phrase(tokens[last + 2])
            ):
                break
            last += 1
            continue
        # `John Kerry of Massachusetts`: a connector after a name ends the name
        if last >= start and _cuts(following, tokens[last]) and _plain_name_word(tokens[last]):
            break
        last += 1
    if last < start:
        return None
    phrase = _phrase(tokens, first, last)
    if (
        last + 2 < high
        and tokens[last + 1].text == ","
        # `the Russian foreign minister, Sergei Lavrov`, `el presidente del Gobierno, Pedro
        # Sánchez` (not `Rep. Alexandria Ocasio-Cortez, a New York Democrat`)
        and (phrase.name is None or phrase.organisation or role_complement(tokens, phrase))
        and any(is_role(tokens[index]) for index in range(start, last + 1))
    ):
        apposed = phrase_starting_at(tokens, last + 2, high)
        if apposed is not None and apposed.name is not None and not apposed.organisation:
            after = apposed.last + 1
            if after >= high or not is_word(tokens[after]):
                return Phrase(
                    first, apposed.last, apposed.name, False, True, phrase.gender or apposed.gender
                )
    return phrase


def role_complement(tokens: list[Token], phrase: Phrase) -> bool:
    """Is the phrase's name the complement of a role (`el ministro de Exteriores`, `the
    minister of Defence`): a department, not the person who holds it?"""
    if phrase.name is None:
        return False
    first = phrase.name[0]
    if is_particle(tokens[first]) and first + 1 <= phrase.name[1]:
        first += 1  # `de Exteriores` taken as a name that starts with its particle
    return (
        first - 1 > phrase.first
        and is_connector(tokens[first - 1])
        and any(is_role(tokens[index]) for index in range(phrase.first, first - 1))
    )


def _cuts(token: Token, previous: Token) -> bool:
    """Does this word end the name before it (`of`, not the particle `de` of `de Gaulle`;
    German `der` unless after `von`, `van`: `Scholz der Zeitung`, `von der Leyen`)?"""
    if token.text in _ARTICLE_PARTICLES:
        return previous.text not in _ARTICLE_PARTICLES_AFTER
    return is_connector(token) and not is_particle(token)


_ARTICLE_PARTICLES = frozenset(("der", "den", "dem"))
_ARTICLE_PARTICLES_AFTER = frozenset(("von", "van", "vom"))


def _plain_name_word(token: Token) -> bool:
    return name_word(token) and not is_organisation_word(token)


def _phrase(tokens: list[Token], first: int, last: int) -> Phrase:
    # `John Kerry of Massachusetts`: the name ends before the connector
    for index in range(first + 1, last):
        if (
            _cuts(tokens[index], tokens[index - 1])
            and _plain_name_word(tokens[index - 1])
            and not any(is_organisation_word(tokens[i]) for i in range(first, index))
        ):
            last = index - 1
            break
    gender = _gender(tokens, first, last)
    if lower(tokens[last]) in cues.NAME_SUFFIXES and last > first:
        # `Martin Luther King Jr.`: the name is the one the suffix follows
        inner = _phrase(tokens, first, last - 1)
        if inner.name is not None and inner.name[1] == last - 1 and not inner.organisation:
            return Phrase(first, last, (inner.name[0], last), False, inner.titled, gender)
    head = tokens[last]
    if not (capitalised(head) or is_initial(head)):
        return Phrase(first, last, None, gender=gender)
    organisation = _organisation(tokens, first, last)
    if organisation is not None:
        # `the head of the International Atomic Energy Agency`: a role of the organisation
        role = any(is_role(tokens[index]) for index in range(first, organisation[0]))
        return Phrase(first, last, organisation, organisation=True, titled=role)
    name_last = last
    name_first = last
    # a role word as a surname (`Martin Luther King`) when a name comes before it
    surname_role = is_role(head) and last - 1 >= first and name_word(tokens[last - 1])
    if not name_word(head) and not surname_role:
        return Phrase(first, last, None, gender=gender)
    while name_first - 1 >= first:
        before = tokens[name_first - 1]
        # a particle inside a name, or one it starts with (`von der Leyen`, `de Gaulle`)
        if name_word(before) or (
            is_particle(before)
            and (name_first - 2 < first or not _joins_role(tokens[name_first - 2]))
        ):
            name_first -= 1
        else:
            break
        if last - name_first >= 5:
            break
    if all(
        is_initial(tokens[index]) or is_particle(tokens[index])
        for index in range(name_first, name_last + 1)
    ):
        return Phrase(first, last, None, gender=gender)
    titled = any(
        is_honorific(tokens[index]) or is_role(tokens[index]) for index in range(first, name_first)
    )
    return Phrase(first, last, (name_first, name_last), False, titled, gender)


def _joins_role(token: Token) -> bool:
    return is_role(token) or is_connector(token) or is_determiner(token)


def _organisation(tokens: list[Token], first: int, last: int) -> tuple[int, int] | None:
    """The organisation name in tokens [first, last]: its head is an organisation word
    (`the Foreign Ministry`), or one comes before `of` (`Bank of England`); None if not."""
    words = range(first, last + 1)
    alone = last == first or not name_word(tokens[last - 1])  # `the Pentagon`
    org_head = is_organisation_word(tokens[last]) or (
        alone and lower(tokens[last]) in cues.ORGANISATIONS
    )
    org_of = any(
        is_organisation_word(tokens[index])
        and index + 1 < last
        and is_connector(tokens[index + 1])
        and all(
            capitalised(tokens[i]) or is_connector(tokens[i]) for i in range(index + 1, last + 1)
        )
        for index in words
    )
    if not (org_head or org_of):
        return None
    start = first
    while start < last and not (capitalised(tokens[start]) and not is_function_word(tokens[start])):
        start += 1
    # `Russia's Foreign Ministry`: the owner is not part of the name
    for index in range(start, last):
        if is_possessive(tokens[index]) or is_honorific(tokens[index]):
            start = index + 1
    return (start, last)


def _gender(tokens: list[Token], first: int, last: int) -> str:
    for index in range(first, last + 1):
        word = lower(tokens[index])
        if cues.HONORIFICS.get(word):
            return cues.HONORIFICS[word]
        if word in cues.FEMALE_ROLES:
            return "f"
        if word in cues.MALE_ROLES:
            return "m"
    return ""
