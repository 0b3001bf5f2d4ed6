"""Conversion between stored offsets and QTextDocument positions.

Why this module exists
----------------------
Everywhere outside the UI, a span is a half-open ``[start, end)`` pair of Python ``str``
indices (Unicode code points) into the document text exactly as stored. A ``QPlainTextEdit``
counts differently:

* it counts UTF-16 code units, so an astral character (U+10000..U+10FFFF: most emoji, some
  CJK, ...) takes two positions;
* ``setPlainText`` turns ``\\r\\n`` into ONE block (paragraph) separator, so the pair takes one
  position.

``OffsetMap`` is the one place in the code base that converts between the two. Nothing else
should do offset arithmetic against a Qt document.

What Qt does with each special character (verified empirically against PySide6 6.12 by
putting ``"a" + c + "b"`` into a ``QPlainTextEdit`` for every code point ``c`` outside the
surrogate range, and checking ``characterCount()`` and ``QTextCursor.selectedText()``):

* ``\\n``, lone ``\\r``, U+2029 PARAGRAPH SEPARATOR: one block separator, one position
  (``selectedText()`` reports it as U+2029).
* ``\\r\\n``: one block separator, one position for the two code points.
* U+FDD0 and U+FDD1 (noncharacters Qt uses internally as QTextBeginningOfFrame /
  QTextEndOfFrame): each becomes a block separator, one position.
* U+2028 LINE SEPARATOR: stays a single in-block position (``selectedText()`` keeps it;
  ``toPlainText()`` reports it as ``\\n``).
* NBSP stays one position (``toPlainText()`` reports it as a space, ``selectedText()``
  keeps U+00A0).
* Everything else, including NUL, tab, VT, FF, U+001C..U+001F, NEL (U+0085), BOM, ZWJ,
  U+FFFC, U+FFFE, U+FFFF and combining marks, is kept as is: one position per UTF-16 unit.
  Nothing is dropped, with one exception:
* a string that STARTS with U+FEFF or U+FFFE is mangled on its way into Qt, not by Qt's text
  layout but by PySide's ``str`` -> ``QString`` conversion, which treats it as a UTF-16 byte
  order mark: a leading U+FEFF is dropped, and after a leading U+FFFE the rest of the string is
  byte-swapped (PySide6 6.11.3 and 6.12.0). Elsewhere in the string both are kept.

Lone surrogates cannot occur in stored text (the store only holds valid Unicode, which a
UTF-8 round trip guarantees) and are not supported.

What it promises
----------------
* ``display_text`` is the exact string to hand to ``QPlainTextEdit.setPlainText``: ``\\r\\n``,
  lone ``\\r`` and U+2029 become ``\\n``; U+FDD0/U+FDD1 become U+FFFD (so that the block
  structure Qt builds is exactly the line structure of the stored text); a leading U+FEFF
  becomes U+2060 WORD JOINER (also invisible and zero-width) and a leading U+FFFE becomes
  U+FFFD; everything else is unchanged. Every replacement but ``\\r\\n`` keeps the length, so
  positions in Qt equal UTF-16 offsets into ``display_text``, and ``qt_length`` is its UTF-16
  length (== ``document().characterCount() - 1``).
* ``to_qt`` / ``from_qt`` are exact inverses on every code-point offset that is not strictly
  inside a ``\\r\\n`` pair. An offset between ``\\r`` and ``\\n`` has no Qt position of its own;
  ``to_qt`` maps it to the position of the separator (floor), and ``span_to_qt`` rounds a span
  end there up, so the Qt range always covers the stored span.
* ``from_qt`` maps a position inside a surrogate pair to the code point containing it (floor);
  ``span_from_qt`` floors the start and ceils the end, so the returned span covers the whole
  selection. A selection ending right after the separator that stands for ``\\r\\n`` covers both
  code points. ``span_from_qt`` never returns an offset inside a ``\\r\\n`` pair.
* Building a map is O(len(text)) (a few C-level scans); a conversion is O(log k), where k is
  the number of astral characters plus ``\\r\\n`` pairs, and O(1) when k == 0.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["OffsetMap", "to_display_text"]

# Candidates for the places where the two counts diverge: astral characters and the \r of a
# \r\n pair. A character class scans about 4x faster than the alternation "astral|\r\n".
_DIVERGENCE = re.compile("[\r\U00010000-\U0010ffff]")

# Single characters Qt would turn into something other than what the stored text says.
_DISPLAY_TRANSLATION = {
    ord("\r"): "\n",
    ord("\u2029"): "\n",
    0xFDD0: "\ufffd",
    0xFDD1: "\ufffd",
}


# PySide's str -> QString conversion treats a leading U+FEFF / U+FFFE as a UTF-16 byte order
# mark: it drops U+FEFF and byte-swaps the rest of the string after U+FFFE.
_LEADING_BOM = {"\ufeff": "\u2060", "\ufffe": "\ufffd"}


def to_display_text(text: str) -> str:
    """Return the string to give to ``QPlainTextEdit.setPlainText`` for the stored ``text``.

    Same UTF-16 length as ``text`` except that each ``\\r\\n`` becomes one ``\\n``.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    for char in ("\r", "\u2029", "\ufdd0", "\ufdd1"):
        if char in text:
            text = text.translate(_DISPLAY_TRANSLATION)
            break
    if text[:1] in _LEADING_BOM:
        text = _LEADING_BOM[text[0]] + text[1:]
    return text


class OffsetMap:
    """Maps code-point offsets of ``text`` to QTextDocument positions and back.

    ``text`` is the document text exactly as stored. See the module docstring for the exact
    contract.
    """

    __slots__ = (
        "_cp_starts",
        "_cp_widths",
        "_deltas",
        "_qt_starts",
        "_qt_widths",
        "display_text",
        "qt_length",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text: str = text
        self.display_text: str = to_display_text(text)
        # One entry per divergence point (astral char or \r\n pair), in text order:
        # where it starts in each count, how wide it is in each count, and qt - cp after it.
        cp_starts: list[int] = []
        qt_starts: list[int] = []
        cp_widths: list[int] = []
        qt_widths: list[int] = []
        deltas: list[int] = []
        delta = 0
        for match in _DIVERGENCE.finditer(text):
            cp = match.start()
            is_crlf = text[cp] == "\r"
            if is_crlf and text[cp + 1 : cp + 2] != "\n":
                continue  # a lone \r is one code point and one Qt position
            cp_starts.append(cp)
            qt_starts.append(cp + delta)
            if is_crlf:  # "\r\n": 2 code points, 1 Qt position
                cp_widths.append(2)
                qt_widths.append(1)
                delta -= 1
            else:  # astral: 1 code point, 2 UTF-16 units
                cp_widths.append(1)
                qt_widths.append(2)
                delta += 1
            deltas.append(delta)
        self._cp_starts = cp_starts
        self._qt_starts = qt_starts
        self._cp_widths = cp_widths
        self._qt_widths = qt_widths
        self._deltas = deltas
        self.qt_length: int = len(text) + delta

    # -- code point -> Qt -----------------------------------------------------------------

    def to_qt(self, offset: int) -> int:
        """Return the Qt position of code-point ``offset`` (0 <= offset <= len(text)).

        An offset strictly inside a ``\\r\\n`` pair maps to the position of its separator.
        Raises ``ValueError`` for an offset outside the text.
        """
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside 0..{len(self.text)}")
        return self._to_qt(offset, ceil=False)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """Return the Qt range ``[qt_start, qt_end)`` covering the stored span ``[start, end)``.

        Raises ``ValueError`` unless 0 <= start <= end <= len(text).
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) invalid for text of length {len(self.text)}")
        return self._to_qt(start, ceil=False), self._to_qt(end, ceil=True)

    def _to_qt(self, offset: int, *, ceil: bool) -> int:
        cp_starts = self._cp_starts
        if not cp_starts:
            return offset
        k = bisect_right(cp_starts, offset) - 1
        if k < 0:
            return offset
        inside = offset - cp_starts[k]
        if 0 < inside < self._cp_widths[k]:  # between the \r and the \n of a pair
            return self._qt_starts[k] + (self._qt_widths[k] if ceil else 0)
        if inside == 0:
            return self._qt_starts[k]
        return offset + self._deltas[k]

    # -- Qt -> code point -----------------------------------------------------------------

    def from_qt(self, qt_pos: int) -> int:
        """Return the code-point offset of Qt position ``qt_pos``.

        A position inside a surrogate pair maps to the code point containing it (floor).
        Positions are clamped to ``0..qt_length`` first, so anything past the end maps to
        ``len(text)``.
        """
        return self._from_qt(qt_pos, ceil=False)

    def span_from_qt(self, qt_start: int, qt_end: int) -> tuple[int, int]:
        """Return the smallest stored span ``[start, end)`` covering the Qt range.

        The start floors and the end ceils, so half a surrogate pair selects the whole code
        point, and a range ending after the separator of a ``\\r\\n`` pair covers both code
        points. Bounds are clamped to ``0..qt_length`` and put in order.
        """
        if qt_end < qt_start:
            qt_start, qt_end = qt_end, qt_start
        return self._from_qt(qt_start, ceil=False), self._from_qt(qt_end, ceil=True)

    def _from_qt(self, qt_pos: int, *, ceil: bool) -> int:
        if qt_pos <= 0:
            return 0
        if qt_pos >= self.qt_length:
            return len(self.text)
        qt_starts = self._qt_starts
        if not qt_starts:
            return qt_pos
        k = bisect_right(qt_starts, qt_pos) - 1
        if k < 0:
            return qt_pos
        inside = qt_pos - qt_starts[k]
        if 0 < inside < self._qt_widths[k]:  # between the two halves of a surrogate pair
            return self._cp_starts[k] + (self._cp_widths[k] if ceil else 0)
        if inside == 0:
            return self._cp_starts[k]
        return qt_pos - self._deltas[k]

    def __repr__(self) -> str:
        return (
            f"OffsetMap(len={len(self.text)}, qt_length={self.qt_length}, "
            f"divergences={len(self._cp_starts)})"
        )
