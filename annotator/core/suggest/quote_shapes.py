"""The shapes `quotes.find_quotes` judges a quotation by, with no word lists of verbs:
how many words it has (scare quotes), whether its paragraph ends a sentence (a quotation
over several paragraphs), and whether the words between two quotations are a speaker's
short clause (a quotation split by its speaker).
"""

from __future__ import annotations

import re

from annotator.core.suggest.quote_marks import BREAK_CHARS, CJK, CLOSING_MARKS

# A quotation of at most this many words is a scare quote (`the so-called “NO WAY” wall`,
# `a “constructive conversation”`), not a QUOTE, unless it asks or exclaims (`“Why?”`,
# `“No!”`): a question or an exclamation is somebody speaking, and so is a quotation in
# pieces (`“No,” he said, “never.”`).
SCARE_WORDS = 2
# CJK text has no spaces: there a word is counted as two characters, so a quotation of up
# to four CJK characters (`所谓的“和平”`, a four-character idiom) is a scare quote.
CJK_CHARACTERS_PER_WORD = 2
# The words between the parts of a split quotation (`“…,” Secretary of State John Kerry
# told reporters on Tuesday, “…”`): at most this many, and this many code points.
SPLIT_GAP_WORDS = 12
SPLIT_GAP_LENGTH = 160

_WORD = re.compile(rf"(?P<cjk>[{CJK}])|[^\W{CJK}]+(?:['’\-][^\W{CJK}]+)*")
_ASKS = frozenset("?!？！‽؟")
COMMAS = frozenset(",，、،")  # Latin, CJK, Arabic
# What ends a sentence (or a clause that goes on, `:`) at a paragraph's end.
_ENDS = frozenset(".!?…:;。！？：；‽؟؛۔")
_CLAUSE_ENDS = frozenset(",:，：،")
_SENTENCE_END = re.compile(r"[!?;…。！？；‽؟؛۔]|\.(?=\s|$)")
# `Mr. Kerry said,` is no sentence end; a word before a full stop that is one of these, or
# one letter (`U.S.`, `John F. Kennedy`, `p.m.`), is abbreviated.
_ABBREVIATED = re.compile(
    r"\w|mrs?|ms|mx|dr|prof|sen|rep|gov|gen|lt|col|maj|capt|cmdr|adm|sgt|cpl|pvt|rev|fr|sr|jr"
    r"|st|hon|pres|supt|insp|det|mt|ft|no|co|corp|inc|ltd|bros|dept|univ|assn|ave|blvd|jan"
    r"|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|vs|etc|al|approx|hr|bzw",
    re.IGNORECASE,
)
# What a sentence may begin after, within its paragraph.
_SENTENCE_STARTS = CLOSING_MARKS | BREAK_CHARS | frozenset(".!?:;…。！？：；‽؟؛۔—–-([")
_WORD_BEFORE = re.compile(r"(\w+)$")
# What may follow a sentence's end inside a paragraph-long piece: closing marks, brackets.
_TRAILING = CLOSING_MARKS | frozenset(")]}）」』")


def words_over(text: str, start: int, end: int, limit: float) -> bool:
    """Whether `text[start:end]` has more than `limit` words, a CJK character counting
    as 1/CJK_CHARACTERS_PER_WORD of one. Reads only as far as it must."""
    count = 0.0
    for match in _WORD.finditer(text, start, end):
        count += 1 / CJK_CHARACTERS_PER_WORD if match.group("cjk") else 1
        if count > limit:
            return True
    return False


def _last_visible(text: str, start: int, end: int) -> str:
    """The last character of `text[start:end]` that is not a space or a closing mark."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
        end -= 1
    return text[end - 1] if end > start else ""


def is_scare_quote(text: str, pieces: list[tuple[int, int]]) -> bool:
    """Whether the quotation of `pieces` (stripped) is a scare quote: SCARE_WORDS words
    or fewer, and no question or exclamation at its end."""
    count = 0.0
    for start, end in pieces:
        for match in _WORD.finditer(text, start, end):
            count += 1 / CJK_CHARACTERS_PER_WORD if match.group("cjk") else 1
            if count > SCARE_WORDS:
                return False
    last_start, last_end = pieces[-1]
    return _last_visible(text, last_start, last_end) not in _ASKS


def ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the piece `text[start:end]` ends a sentence (or a clause that goes on:
    `:`), as a paragraph of a quotation that goes on in the next paragraph does."""
    return _last_visible(text, start, end) in _ENDS


def ends_in_comma(text: str, start: int, end: int) -> bool:
    """Whether the words `text[start:end]` end in a comma (before any closing marks)."""
    return _last_visible(text, start, end) in COMMAS


def starts_sentence(text: str, at: int) -> bool:
    """Whether the mark at `text[at]` begins a sentence: it is first in its line, or
    follows a sentence's end, a colon, a dash or another quotation's closing mark."""
    before = at - 1
    while before >= 0 and text[before] in " \t\u00a0\u202f\u3000\u200e\u200f":
        before -= 1
    return before < 0 or text[before] in _SENTENCE_STARTS


def is_speaker_clause(text: str, start: int, end: int, comma_before: bool) -> bool:
    """Whether `text[start:end]`, between the closing mark of a quotation's part and the
    opening mark of the next part, is a short clause (`Kerry said,`, `she said, adding:`)
    that splits one quotation in two: one line, no sentence end, at most SPLIT_GAP_WORDS
    words, ending in a comma or a colon, or in a full stop after a first part that broke
    off at a comma (`“We are ready,” Kerry said. “We will talk.”`). When the first
    part's words do not end in a comma (`comma_before` False), the gap must begin with one
    (`„…“, sagte Kerry, „…“`)."""
    if end - start > SPLIT_GAP_LENGTH:
        return False
    gap = text[start:end].strip()
    if not comma_before:
        if not gap or gap[0] not in COMMAS:
            return False
        gap = gap[1:].lstrip()
    # `“We are ready,” Kerry said. “We will talk.”`: the speaker's sentence ends, and the
    # quotation goes on at once: still one quotation (its speaker is named once), when its
    # first part broke off at a comma.
    if len(gap) < 2 or not (gap[-1] in _CLAUSE_ENDS or (comma_before and gap[-1] == ".")):
        return False
    clause = gap[:-1].rstrip()
    if not BREAK_CHARS.isdisjoint(clause):
        return False
    if not words_over(clause, 0, len(clause), 0) or words_over(
        clause, 0, len(clause), SPLIT_GAP_WORDS
    ):
        return False
    for match in _SENTENCE_END.finditer(clause):
        if match.group() != ".":
            return False
        before = _WORD_BEFORE.search(clause, 0, match.start())
        if before is None or not _ABBREVIATED.fullmatch(before.group(1)):
            return False
    return True
