"""Moving one boundary of a span: by a word (as snapping sees words) or by a character.

`move_boundary(text, span_pieces, edge, step, by_word)` gives the span's new pieces (its
fragments, or its one range) with its first start (`edge="start"`) or its last end
(`edge="end"`) moved one word or one code point left (`step=-1`) or right (`step=+1`), or
None when it cannot move (the text's edge, or nothing left of the span). Moving by a word
lands on word boundaries as `snapping.snap_to_words` finds them ("U.S." keeps its period,
"Kerry-Lavrov" is two words) and never leaves whitespace or punctuation at the moved end.
Pure Python, no Qt.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from annotator.core.model import Fragments
from annotator.core.snapping import snap_to_words

__all__ = ["move_boundary"]

Edge = Literal["start", "end"]


def move_boundary(
    text: str, pieces: Fragments, edge: Edge, step: int, by_word: bool
) -> Fragments | None:
    if step not in (-1, 1) or not pieces:
        raise ValueError(f"bad boundary move {edge} {step} of {pieces}")
    first_start, first_end = pieces[0]
    last_start, last_end = pieces[-1]
    if edge == "start":
        moved = _move_start(text, first_start, first_end, step, by_word)
        if moved is None:
            return None
        return ((moved, first_end), *pieces[1:])
    moved = _move_end(text, last_start, last_end, step, by_word)
    if moved is None:
        return None
    return (*pieces[:-1], (last_start, moved))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _word_at(text: str, i: int) -> tuple[int, int]:
    """The word (as snapping grows to it) holding code point i, a word character."""
    snapped = snap_to_words(text, i, i + 1)
    assert snapped is not None
    return snapped


def _move_start(text: str, start: int, end: int, step: int, by_word: bool) -> int | None:
    if not by_word:
        new = start + step
        return new if 0 <= new < end else None
    if step < 0:  # take in the word before
        i = start - 1
        while i >= 0 and not _is_word(text[i]):
            i -= 1
        return _word_at(text, i)[0] if i >= 0 else None
    # give up the first word: the start goes to the next word's
    i = _word_at(text, start)[1] if _is_word(text[start]) else start
    while True:
        while i < end and not _is_word(text[i]):
            i += 1
        if i >= end:
            return None
        word_start, word_end = _word_at(text, i)
        if word_start > start:
            return word_start
        i = word_end  # a word that reaches back over the start ("a.b"): look after it


def _move_end(text: str, start: int, end: int, step: int, by_word: bool) -> int | None:
    if not by_word:
        new = end + step
        return new if start < new <= len(text) else None
    if step > 0:  # take in the word after
        i = end
        while i < len(text) and not _is_word(text[i]):
            i += 1
        return _word_at(text, i)[1] if i < len(text) else None
    # give up the last word: the end goes to the previous word's
    i = _word_at(text, end - 1)[0] if _is_word(text[end - 1]) else end
    while True:
        i -= 1
        while i >= start and not _is_word(text[i]):
            i -= 1
        if i < start:
            return None
        word_start, word_end = _word_at(text, i)
        if word_end < end:
            return word_end
        i = word_start  # a word that reaches over the end ("aaa." of "aaa.b"): look before it
