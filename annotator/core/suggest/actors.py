"""Known actors: every name the project knows, found on whole words in a text.

`ActorMatcher(names)` builds one Aho-Corasick automaton (pyahocorasick) over the names (the
ACTOR span texts of every layer, a gazetteer's names and aliases: thousands of them);
`find(text)` returns the code point [start, end) of each occurrence, in text order:

- case-sensitive: `Kerry` is not found in `KERRY` or `kerry`;
- whole words: no Unicode word character (a letter, a digit, `_`, a combining mark) right
  before or right after the occurrence, so `Kerry` is not found in `Kerrys`, `McKerry` or
  `Kerry2`. An apostrophe is not a word character, so a possessive (`Lavrov's`,
  `Lavrov’s`), a Turkish case ending (`Ankara'da`) and a French or Italian elision
  (`d'Emmanuel Macron`, `l'ONU`) end or begin the name; the price is that `Brien` is found
  in `O'Brien`. A name's own punctuation needs nothing around it but no word character:
  `U.S.` is found in `U.S. officials` and `the U.S.,` but not in `U.S.A`;
- in the scripts written without spaces between words (Han, kana, Thai, Lao, Khmer,
  Myanmar) a neighbour of those scripts never joins a word, as there is no word edge to see;
- leftmost-longest and non-overlapping: `Sergei Lavrov` is one occurrence, not `Lavrov`
  inside it; and when the longest name at a place is not a whole word there, a shorter one
  that is still counts (`Kerry` in `Kerry Lavrovich` when `Kerry Lavrov` is known too);
- white space: a name's inner white space is one run of any white space in the text, so
  `John Kerry` is found across a line break, a double space or a no-break space. Not across
  a paragraph break (a run with two or more line breaks, or U+2029): a name never spans
  paragraphs, and `Kerry` at the end of one paragraph and `Lavrov` at the start of the next
  are two people. Names are kept with their white space collapsed to one space;
- a name that is one character, or has no letter or digit at all (`-`, `...`), is ignored:
  it would match everywhere and name nobody. So is a "name" in lower case only (`he`,
  `the minister`, `officials`: an ACTOR span need not be a name, but only names are
  looked for), and a pronoun (`He`, `She`, `They`, `Er`, `Elle`, ...: tagged at the start
  of a sentence, it would be suggested at every other; `US` in capitals is a name).
  Names in scripts without case (Chinese, Arabic, ...) are kept.

Aliases need nothing here: a gazetteer's alias is one more name, and a suggestion is an
ACTOR span over whichever form the text has (which name it stands for is not kept).

A matcher pickles (the automaton with it), so a pool of processes can share one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

import ahocorasick

from annotator.core.suggest.quote_marks import BREAK_CHARS

MIN_NAME_LENGTH = 2  # in code points, after white space is collapsed

# A white space run that starts with some other white space than a space (the spaces before
# it are added after; a run of spaces alone is found with str.find).
_ODD_RUNS = re.compile(r"[^\S ]\s*")
# What str.splitlines splits on ("\r\n" counts once: it is replaced first).
PARAGRAPH_BREAK = "\n"  # what a paragraph break becomes in the searched text: no name has it

# Personal pronouns an ACTOR span may be (English, German, French, Spanish, Italian,
# Portuguese, Dutch): words in every sentence, never names.
_PRONOUN_WORDS = """
    i me my mine you your yours he him his she her hers it its we us our ours they them
    their theirs who whom whose ich du er sie es wir ihr ihn ihm ihnen sein seine je tu il
    elle on nous vous ils elles lui leur eux yo él ella ello nosotros nosotras vosotros
    ellos ellas usted ustedes io noi voi loro eu ele ela nós eles elas você vocês ik
    jij je hij zij wij jullie ze"""
PRONOUNS = frozenset(_PRONOUN_WORDS.split())

# Scripts written without spaces between words: their characters never make a word edge.
_SPACELESS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


def normalise_name(name: str) -> str | None:
    """`name` as the matcher keeps it (white space runs collapsed to one space, none at the
    ends), or None when it is ignored: shorter than two characters, no letter or digit,
    lower case letters and no capital, or a pronoun (see the module docstring)."""
    key = " ".join(name.split())
    if len(key) < MIN_NAME_LENGTH or not any(ch.isalnum() for ch in key):
        return None
    if not any(ch.isupper() or ch.istitle() for ch in key) and any(ch.islower() for ch in key):
        return None
    if key.casefold() in PRONOUNS and key in (key.lower(), key.capitalize()):
        return None  # but `US` and `IT` in capitals are not pronouns
    return key


@cache
def is_word_character(ch: str) -> bool:
    """A letter, digit or `_` (Unicode's word characters), or a combining mark (the accent
    of a decomposed `é` belongs to its word)."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


@cache
def is_spaceless(ch: str) -> bool:
    """Is `ch` of a script written without spaces between words?"""
    code = ord(ch)
    return any(low <= code <= high for low, high in _SPACELESS)


@cache
def _joins(ch: str) -> bool:
    """Does `ch` next to a name make the name part of a longer word?"""
    return is_word_character(ch) and not is_spaceless(ch)


class ActorMatcher:
    """One automaton over `names` (see the module docstring); `find(text)` their whole-word
    occurrences. Duplicates and ignored names cost nothing; `len()` counts the names kept."""

    def __init__(self, names: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for name in names:
            key = normalise_name(name)
            if key is None or key in self._automaton:
                continue
            # Each side is checked unless the name's own character there is of a spaceless
            # script: a Chinese name is found inside a Chinese sentence.
            check_start = not is_spaceless(key[0])
            check_end = not is_spaceless(key[-1])
            self._automaton.add_word(key, (len(key), check_start, check_end))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._automaton)

    def find(self, text: str) -> list[tuple[int, int]]:
        """The [start, end) of each whole-word occurrence of a name in `text` (code points),
        leftmost-longest, non-overlapping, in text order."""
        if self._empty or not text:
            return []
        searched, shifts = collapse_white_space(text)
        size = len(searched)
        joins = _joins
        # Every occurrence that is a whole word (iter, not iter_long: the longest name at a
        # place may fail the check where a shorter one passes), then leftmost-longest.
        candidates: list[tuple[int, int]] = []
        for last, (length, check_start, check_end) in self._automaton.iter(searched):
            start, end = last - length + 1, last + 1
            if check_start and start > 0 and joins(searched[start - 1]):
                continue
            if check_end and end < size and joins(searched[end]):
                continue
            candidates.append((start, -end))
        candidates.sort()
        found: list[tuple[int, int]] = []
        reached = 0
        for start, negative_end in candidates:
            if start >= reached:
                reached = -negative_end
                found.append((start, reached))
        return found if shifts is None else shifts.originals(found)


class _Shifts:
    """Where the positions of a collapsed text lie in the text it was collapsed from."""

    def __init__(self) -> None:
        self.positions: list[int] = []  # a collapsed position from which ...
        self.extra: list[int] = []  # ... the original is this much further on

    def original(self, position: int) -> int:
        index = bisect_right(self.positions, position) - 1
        return position if index < 0 else position + self.extra[index]

    def originals(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`original` of both ends of each range of `ranges`, which are in text order and do
        not overlap: one walk along the runs instead of a search per end."""
        positions, extra = self.positions, self.extra
        count, index, shift = len(positions), 0, 0
        mapped = []
        for start, end in ranges:
            while index < count and positions[index] <= start:
                shift = extra[index]
                index += 1
            start_shift = shift
            while index < count and positions[index] <= end:
                shift = extra[index]
                index += 1
            mapped.append((start + start_shift, end + shift))
        return mapped


def collapse_white_space(text: str) -> tuple[str, _Shifts | None]:
    """`text` with each white space run one character (a space, or PARAGRAPH_BREAK for a
    run with two or more line breaks or a U+2029), and how to map its positions back (None
    when no run was longer than one character)."""
    runs = _runs_to_collapse(text)
    if not runs:
        return text, None
    shifts = _Shifts()
    pieces: list[str] = []
    done = removed = 0  # the text copied so far; the characters the runs lost
    for start, end in runs:
        pieces.append(text[done:start])
        pieces.append(PARAGRAPH_BREAK if _is_paragraph_break(text[start:end]) else " ")
        if end - start > 1:
            at = start - removed  # the run's one character, in the collapsed text
            removed += end - start - 1
            shifts.positions.append(at + 1)
            shifts.extra.append(removed)
        done = end
    pieces.append(text[done:])
    return "".join(pieces), (shifts if shifts.positions else None)


def _runs_to_collapse(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each white space run that is not one plain space, in order.

    Two searches that run at C speed instead of one regular expression of runs (which
    tries itself at every character: 40 ms on 1 MB, these take 7): the runs that hold
    some other white space than a space, and the runs of two spaces or more."""
    runs = []
    for match in _ODD_RUNS.finditer(text):
        start, end = match.span()
        while start > 0 and text[start - 1] == " ":  # other white space: the match before
            start -= 1
        runs.append((start, end))
    at = text.find("  ")
    while at >= 0:
        end = at + 2
        while end < len(text) and text[end] == " ":
            end += 1
        runs.append((at, end))
        at = text.find("  ", end)
    if not runs:
        return runs
    runs.sort()
    merged = [runs[0]]
    for start, end in runs[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:  # overlapping, or touching: one run
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def _is_paragraph_break(run: str) -> bool:
    if "\u2029" in run:
        return True
    if len(run) < 2:
        return False
    return sum(ch in BREAK_CHARS for ch in run.replace("\r\n", "\n")) >= 2
