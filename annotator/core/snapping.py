"""Snap a raw text selection to what an annotator meant: whole words, no surrounding whitespace.

Promises, for both functions (`0 <= start <= end <= len(text)`, else `ValueError`):

* the result is `None` or a range `(s, e)` with `0 <= s < e <= len(text)`;
* it has no whitespace (`str.isspace()`: includes `\\r`, `\\n`, U+2028, NBSP) at either end;
  `trim_whitespace`'s contains the non-whitespace part of the selection, `snap_to_words`'s
  every character of it but whitespace and punctuation at its ends;
* snapping a snapped range gives it back unchanged.

`snap_to_words` also grows each end of the selection outward to the edge of the word it cuts,
and never ends inside a grapheme (a letter with its combining accents, an emoji with its skin
tone modifier, a ZWJ family, a flag; a pragmatic subset of UAX #29, see `_is_boundary`). The
rules:

* A *word* is a run of grapheme clusters whose first code point is `str.isalnum()` (or a
  combining mark). Combining marks, ZWJ/ZWNJ, variation selectors, emoji modifiers and tag
  characters never start a cluster of their own; they stay with what precedes them (except
  after whitespace, which always stands alone).
* Inside a word, these connect two word clusters:

  - `.` between two alphanumerics ("U.S", "3.5", "example.com"), `,` between two digits
    ("1,000"), and a soft hyphen: the word is atomic across them;
  - `'` / `’` ("O'Brien", "don't"): atomic, except the possessive `'s`: a selection inside
    "Russia" of "Russia's" snaps to "Russia", one touching `'s` snaps to "Russia's";
  - a hyphen (`-`, U+2010, U+2011): its two sides are separate words for growing, so a selection
    inside "Kerry" of "Kerry-Lavrov" gives "Kerry", but a selection that covers the hyphen
    grows over both sides ("ilitary-to-milit" gives "military-to-military"). An end never rests
    on a hyphen or apostrophe between words.

* An abbreviation whose last part is a single letter keeps its final period ("U.S.", "e.g.",
  "Ph.D."); a period after a longer part ends a sentence and is not taken ("president.").
* An end that already sits on a word boundary does not move, and punctuation outside words never
  pulls in a neighbouring word.
* Punctuation at either end is never taken (Unicode categories P*: quote marks, brackets,
  commas, full stops, dashes, `。`): dragging from inside "Ségolène" to inside "Royal," gives
  "Ségolène Royal", `“The president”` gives `The president`, `(ISIL)` gives `ISIL`. What
  belongs to a word stays: the final period of "U.S.", the apostrophe of "Russia's", and the
  signs `%`, `‰`, `#` and `@` ("50%", "#MeToo", "@user"). Punctuation inside the selection
  stays ("Kerry, Lavrov"). A selection of punctuation alone snaps to nothing (turn snapping
  off to tag it).
* Scripts without spaces: every CJK ideograph (and kana, Thai letter...) is alphanumeric, so a
  selection inside a run of them grows to the whole run up to the next punctuation or space.
  That is the price of not shipping a dictionary-based segmenter; turn snapping off there.
* Emoji and other symbols are not word characters: they are kept whole but never joined to the
  letters around them ("fire🔥": selecting "ir" gives "fire").

`trim_whitespace` (used when word snapping is off) only trims: it does not grow to graphemes.

Only the words at the ends of the selection are looked at, so it is cheap on megabyte-sized
documents. Pure Python, no Qt.
"""

from __future__ import annotations

import operator
import unicodedata

__all__ = ["snap_to_words", "trim_whitespace"]

_ZWJ = "\u200d"
_ZWNJ = "\u200c"

_HYPHENS = frozenset("-\u2010\u2011")
_APOSTROPHES = frozenset("'\u2019")
_SOFT_HYPHEN = "\u00ad"
_CONNECTORS = _HYPHENS | _APOSTROPHES | frozenset((".", ",", _SOFT_HYPHEN))

# How a connector cluster between two word clusters joins them.
_HARD = 1  # atomic: "U.S", "1,000", "O'Brien"
_HYPHEN = 2  # each side is a word of its own
_POSSESSIVE = 3  # "Russia's": "Russia" alone is a word too

# What kind of position a grapheme boundary is, for the ends of a selection.
_OUTSIDE = 0  # between words: good for a start and an end
_INSIDE = 1  # inside a word: good for neither
_END_ONLY = 2  # just before a hyphen or a possessive apostrophe
_START_ONLY = 3  # just after a hyphen


def _validate(text: str, start: int, end: int) -> tuple[int, int]:
    start = operator.index(start)
    end = operator.index(end)
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"bad selection [{start}, {end}) for a text of length {len(text)}")
    return start, end


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Only trim whitespace at both ends (used when word snapping is off).

    None if empty after trimming.
    """
    start, end = _validate(text, start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Grow [start, end) outward to whole words, then trim surrounding whitespace.

    None if nothing but whitespace is selected. See the module docstring for the rules.
    """
    trimmed = trim_whitespace(text, start, end)
    if trimmed is None:
        return None
    start, end = trimmed
    # Trimming first is the same as trimming last: growing never crosses whitespace, and a
    # whitespace character is always a grapheme and a word boundary of its own.
    # Step one code point at a time (a position inside a grapheme is never ok), skipping fast
    # over runs of alphanumerics, which only matter for a long run such as a paragraph of CJK.
    while not _start_ok(text, start):
        start -= 1
        while start > 0 and _between_alnums(text, start):
            start -= 1
    while not _end_ok(text, end):
        end += 1
        while end < len(text) and _between_alnums(text, end):
            end += 1
    return _strip_punctuation(text, start, end)


# Punctuation (category P*) that belongs to the word it touches: kept at the ends.
_WORD_SIGNS = frozenset("%‰‱#@")


def _is_strippable(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "P" and ch not in _WORD_SIGNS


def _strip_punctuation(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop punctuation clusters (and the whitespace they uncover) from both ends of a
    range whose ends are ok, as long as the new end is ok too (the period of "U.S." is not
    dropped: the end before it is inside the abbreviation)."""
    while start < end:
        before = (start, end)
        while start < end and _is_strippable(text[start]):
            after = _next_boundary(text, start)
            if not _start_ok(text, after):
                break
            start = after
        while start < end and _is_strippable(text[_prev_boundary(text, end)]):
            cut = _prev_boundary(text, end)
            if not _end_ok(text, cut):
                break
            end = cut
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if (start, end) == before:
            break
    return (start, end) if start < end else None


# --- graphemes -------------------------------------------------------------------------------
# A pragmatic subset of UAX #29 extended grapheme clusters: CR LF; Extend/SpacingMark/ZWJ after
# anything but whitespace and controls; emoji ZWJ sequences; regional-indicator pairs. Hangul
# jamo and Indic conjuncts need no rule here because they are all word characters.


def _is_extend(ch: str) -> bool:
    """A code point that never starts a grapheme cluster (after a non-space)."""
    cp = ord(ch)
    return (
        unicodedata.category(ch)[0] == "M"  # combining marks, incl. variation selectors
        or ch in (_ZWJ, _ZWNJ)
        or 0x1F3FB <= cp <= 0x1F3FF  # emoji skin tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # emoji tag sequences (subdivision flags)
    )


def _is_control(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def _is_pictographic(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _is_boundary(text: str, i: int) -> bool:
    """Is there a grapheme cluster boundary between text[i - 1] and text[i]?"""
    if i <= 0 or i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    if before == "\r" and after == "\n":
        return False
    if _is_control(before) or _is_control(after):
        return True
    if _is_extend(after):
        return False
    if before == _ZWJ and _is_pictographic(after):
        j = i - 2  # the ZWJ must follow a pictograph (with its modifiers)
        while j >= 0 and _is_extend(text[j]):
            j -= 1
        return not (j >= 0 and _is_pictographic(text[j]))
    if _is_regional_indicator(before) and _is_regional_indicator(after):
        j = i - 1  # flags are pairs: break after an even number of indicators
        while j >= 0 and _is_regional_indicator(text[j]):
            j -= 1
        return (i - 1 - j) % 2 == 0
    return True


def _prev_boundary(text: str, i: int) -> int:
    """The nearest grapheme boundary before i (0 < i)."""
    i -= 1
    while not _is_boundary(text, i):
        i -= 1
    return i


def _next_boundary(text: str, i: int) -> int:
    """The nearest grapheme boundary after i (i < len(text))."""
    i += 1
    while not _is_boundary(text, i):
        i += 1
    return i


# --- words -----------------------------------------------------------------------------------
# Functions below take the start of a grapheme cluster and look at a few clusters around it.


def _is_word(text: str, at: int) -> bool:
    """Does the cluster starting at `at` belong to a word?"""
    if at >= len(text):
        return False
    ch = text[at]
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _joining(text: str, at: int) -> int | None:
    """How the connector cluster starting at `at` joins its neighbours, or None if it doesn't."""
    ch = text[at]
    if ch not in _CONNECTORS or at == 0:
        return None
    after = _next_boundary(text, at)
    if after >= len(text):
        return None
    before = _prev_boundary(text, at)
    if not (_is_word(text, before) and _is_word(text, after)):
        return None
    if ch in _HYPHENS:
        return _HYPHEN
    if ch in _APOSTROPHES:
        if text[after] in "sS" and not _is_word(text, _next_boundary(text, after)):
            return _POSSESSIVE
        return _HARD
    if ch == ",":
        return _HARD if text[before].isdigit() and text[after].isdigit() else None
    if ch == ".":
        return _HARD if text[before].isalnum() and text[after].isalnum() else None
    return _HARD  # soft hyphen


def _is_abbreviation_period(text: str, i: int) -> bool:
    """Is text[i] the final period of "U.S." (single letter, period, single letter, period)?"""
    if text[i] != "." or i == 0:
        return False
    letter = _prev_boundary(text, i)
    if letter == 0 or not text[letter].isalpha():
        return False
    period = _prev_boundary(text, letter)
    return text[period] == "." and _joining(text, period) == _HARD


def _position(text: str, i: int) -> int:
    """Classify the grapheme boundary i (0 < i < len(text)) for the ends of a selection."""
    before = _prev_boundary(text, i)
    if _is_word(text, before) and _is_word(text, i):
        return _INSIDE
    join = _joining(text, i)  # on a connector
    if join is not None:
        return _END_ONLY if join in (_HYPHEN, _POSSESSIVE) else _INSIDE
    join = _joining(text, before)  # just after a connector
    if join is not None:
        return _START_ONLY if join == _HYPHEN else _INSIDE
    if _is_abbreviation_period(text, i):
        return _INSIDE
    return _OUTSIDE


def _between_alnums(text: str, i: int) -> bool:
    """A cheap sufficient test that 0 < i < len(text) is inside a word (so not ok for an end)."""
    # An alphanumeric never continues a grapheme cluster, except a pictographic one after a ZWJ.
    return text[i - 1].isalnum() and text[i].isalnum() and (i < 2 or text[i - 2] != _ZWJ)


def _start_ok(text: str, i: int) -> bool:
    if i == 0 or i == len(text):
        return True
    return _is_boundary(text, i) and _position(text, i) in (_OUTSIDE, _START_ONLY)


def _end_ok(text: str, i: int) -> bool:
    if i == 0 or i == len(text):
        return True
    return _is_boundary(text, i) and _position(text, i) in (_OUTSIDE, _END_ONLY)
