"""Quotation marks: which characters open and close a quotation, and how a mark's
neighbours say which of the two it does here.

The same character opens in one language and closes in another (`“` opens in English and
closes German `„…“`; `»` closes French `«…»` and opens German `»…«`), so a mark's role is
decided where it stands: a mark with white space or punctuation before it and a word after
it opens ("left-flanking", as CommonMark calls it), one with a word before it and white
space or punctuation after it closes ("right-flanking"). `quotes.find_quotes` combines that
with what is open at the time.

`'`, `‘` and `’` are also apostrophes (`Russia's`, `’90s`, `rock ’n’ roll`, `don’t`):
`is_intraword` tells one between two letters, `is_elision` the elisions.
"""

from __future__ import annotations

import re
import unicodedata

# Each opening mark and the marks that close it. Where two languages pair a mark
# differently, both closers are listed: `„` closes with `“` (German) or `”` (Polish),
# `»` with `«` (German, Danish) or `»` (Swedish, Finnish), `”` opens Swedish `”…”`.
CLOSERS: dict[str, str] = {
    '"': '"”',
    "＂": "＂",
    "'": "'",
    "“": '”"',  # a straight mark closes a curly one in texts that mix them
    "„": "“”",
    "”": "”",
    "‟": "”",
    "«": "»",
    "»": "«»",
    "‹": "›",
    "›": "‹›",
    "‘": "’",
    "‚": "‘’",
    "「": "」",
    "『": "』",
    "｢": "｣",
    "﹁": "﹂",
    "﹃": "﹄",
    "〝": "〞〟",
}

# The marks that reopen a quotation in the next paragraph: its own, and for French « the
# `»` of older typesetting (guillemets de suite).
REOPENERS = {"«": "«»"}
# Invisible characters a quote's range is stripped of, as of white space: bidi marks and
# controls (`\u200f«…»`), zero-width spaces and joiners, the byte order mark.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# The same mark opens and closes: only its neighbours tell which it does.
SYMMETRIC = frozenset({'"', "＂", "'"})
# Marks that only open, and marks that only close, whatever their neighbours: CJK
# brackets (no spaces around them in CJK text), the low-9 marks.
OPEN_ONLY = frozenset("„‚‟「『｢﹁﹃〝")
CLOSE_ONLY = frozenset("」』｣﹂﹄〞〟")
# Marks that are also apostrophes.
APOSTROPHES = frozenset("'‘’")
# Guillemets: French sets them off with (no-break) spaces, so spacing says little about them.
GUILLEMETS = frozenset("«»‹›")

ALL_MARKS = frozenset(CLOSERS) | frozenset("".join(CLOSERS.values()))
CLOSING_MARKS = frozenset("".join(CLOSERS.values()))
# Each closing mark and the marks it closes.
OPENERS_OF: dict[str, str] = {
    closer: "".join(opener for opener, closers in CLOSERS.items() if closer in closers)
    for closer in sorted(CLOSING_MARKS)
}

# Scripts written without spaces between words: a CJK character counts as part of a word
# and never makes a mark between two of them an apostrophe.
CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c"
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_FIRST_CJK = 0x2E80  # no character below is CJK (the hot path tests `ord` first)
# CJK characters and punctuation (`，`, `。`), and Hangul, whose particles follow a closing
# mark with no space (`"…"고 말했다`): no spaces around marks there, so their neighbours
# say nothing about whether they open or close.
_CJK_CONTEXT = re.compile(f"[{CJK}\u3000-\u303f\uff00-\uffef\u3130-\u318f\uac00-\ud7af]")

# Line breaks: those of `str.splitlines`.
BREAK_CHARS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_BREAKS = "".join(sorted(BREAK_CHARS))  # for character classes (none is special there)
_BREAK = rf"(?:\r\n|\r(?!\n)|[{_BREAKS.replace(chr(13), '')}])"
_INLINE_SPACE = rf"[^\S{_BREAKS}]"
_LETTER = rf"[^\W{CJK}]"  # a word character of a script that spaces its words

# One pass over a text finds every line break and every mark (a character class alone:
# the search runs at C speed; `is_intraword` then skips `Russia's` and `don’t`).
TOKENS = re.compile(f"[{re.escape(''.join(sorted(ALL_MARKS)))}{_BREAKS}]")
# A run of line breaks with white space between them; two or more make a blank line.
BREAK_RUN = re.compile(rf"{_BREAK}(?:{_INLINE_SPACE}*{_BREAK})*")
# (Each pattern that searches starts with a lookahead for its first character: then the
# search skips ahead at C speed instead of trying the pattern at every position.)
_AT_BREAK = rf"(?=[{_BREAKS}])"
BLANK_LINE = re.compile(rf"{_AT_BREAK}{_BREAK}{_INLINE_SPACE}*{_BREAK}")
LINE_BREAK = re.compile(_AT_BREAK + _BREAK)
_INLINE_SPACES = re.compile(f"{_INLINE_SPACE}*")

# `’90s`, `'08`, `’n’`, `’em`, `’til`, `’tis`, `’twas`: an apostrophe before these is an
# elision, not an opening mark. (Kept short: `‘Cause…` may well open a quotation.)
_ELIDED = re.compile(r"(?:\d\d(?:s)?|n|em|til|tis|twas)(?!\w)", re.IGNORECASE)
# A single quote closing a quotation, for sure: after punctuation (`,’`), or after a
# letter and before punctuation or a line break (`word’.`), not a possessive (`Smiths’
# album`).
STRONG_SINGLE_CLOSE = {
    mark: re.compile(
        rf"(?={mark})(?<=[^\w\s]){mark}(?!{_LETTER})"
        rf"|(?={mark})(?<=\w){mark}(?=[^\w\s]|{_BREAK}|$|{_INLINE_SPACE}+(?:[^\w\s]|{_BREAK}|$))"
    )
    for mark in "'’"
}

# Where a single quotation mark opens the next quotation (for `’`: it cannot close a
# quotation past the next one's opening mark).
SINGLE_OPENINGS = {
    "‘": re.compile("‘"),
    "‚": re.compile("‚"),
    "'": re.compile(r"(?<!\w)'(?=\w)"),
}


def is_word(char: str) -> bool:
    """Whether `char` is part of a word: a letter, a digit, or a combining mark."""
    if not char:
        return False
    return char.isalnum() or (ord(char) >= 0x300 and unicodedata.category(char) in ("Mn", "Mc"))


def is_intraword(before: str, after: str) -> bool:
    """Whether a mark between `before` and `after` stands inside a word of a script that
    spaces its words and sets its marks apart (`Russia's`, `don’t`, `צה"ל`): an
    apostrophe, no quotation mark."""
    return is_word(before) and is_word(after) and not (is_tight(before) or is_tight(after))


def is_tight(char: str) -> bool:
    """Whether `char` is of a script that sets marks against words with no space (CJK,
    CJK punctuation, Hangul)."""
    return bool(char) and ord(char) >= _FIRST_CJK and _CJK_CONTEXT.match(char) is not None


def flanking(before: str, after: str) -> tuple[bool, bool]:
    """(left, right): whether a mark between the characters `before` and `after` ('' at
    the text's ends) can open (white space or punctuation before, no white space after)
    and can close (the mirror image). Both for a mark between two words or two
    punctuation marks, or next to CJK text; neither for one between spaces."""
    if (before and is_tight(before)) or (after and is_tight(after)):
        return True, True
    # (the common cases first: this runs for every mark)
    if not before or before.isspace():
        return (bool(after) and not after.isspace()), False
    if not after or after.isspace():
        return False, True
    punct_before = not is_word(before)
    punct_after = not is_word(after)
    return (not punct_after or punct_before), (not punct_before or punct_after)


def is_elision(text: str, at: int) -> bool:
    """Whether the apostrophe-like mark at `text[at]` marks an elision (`’90s`, `'em`,
    `’n’` on either side) rather than a quotation."""
    before = text[at - 1] if at else ""
    if not is_word(before) and _ELIDED.match(text, at + 1):
        return True
    # the closing one of `’n’`: `n` after an apostrophe that follows a space
    return (
        at >= 2
        and text[at - 1] in "nN"
        and text[at - 2] in APOSTROPHES
        and (at == 2 or text[at - 3].isspace())
        and not is_word(text[at + 1 : at + 2])
    )


def has_blank_line(text: str) -> bool:
    """Whether `text` has a blank line (its paragraphs are separated by them)."""
    if "\n\n" in text or "\r\n\r\n" in text:
        return True
    if not any(char in text for char in BREAK_CHARS):  # (each a search at C speed)
        return False
    return BLANK_LINE.search(text) is not None


def skip_spaces(text: str, at: int) -> int:
    """The first position from `at` on that is not a space inside a line."""
    spaces = _INLINE_SPACES.match(text, at)
    return spaces.end() if spaces else at


def has_mark(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` holds a quotation mark or a line break (an apostrophe
    inside a word, `Russia’s`, is neither)."""
    for token in TOKENS.finditer(text, start, end):
        at = token.start()
        if text[at] not in APOSTROPHES or not is_intraword(
            text[at - 1 : at], text[at + 1 : at + 2]
        ):
            return True
    return False


# One-letter prefixes written against the next word: Hebrew ו ה ב ל מ ש כ, Arabic و ف ب ل ك.
_PREFIX_LETTERS = frozenset("ובהלמשכوفبلك")


def opens_after_prefix_letter(text: str, at: int) -> bool:
    """Whether the `"` at `text[at]`, between two letters, opens a quotation after a
    one-letter prefix (`ו"אנחנו מוכנים"`, `و"نحن مستعدون"`: "and 'we are ready'") rather
    than standing for the gershayim of a Hebrew abbreviation (`צה"ל`, `ש"ח`: one letter
    after it)."""
    if at == 0 or text[at - 1] not in _PREFIX_LETTERS or is_word(text[at - 2 : at - 1]):
        return False
    return is_word(text[at + 2 : at + 3])  # a word after it, not one letter
