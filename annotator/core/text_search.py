"""Finding a phrase in one document's text, a bounded piece at a time.

A `TextSearch` lists the non-overlapping occurrences of a needle in code points, in any
case unless `match_case` (tagging every hit of "Bush" or "May" must not take "bush" and
"may" too). `scan(seconds)` goes on from where it stopped and returns once it is done or its
time is up, so a caller on a GUI thread can search a megabyte with 100,000 hits without
ever blocking for long; `next_from` / `previous_from` find one hit straight away, scanned
yet or not. Pure Python, no Qt.

Case-insensitive matching is Python's `re.IGNORECASE` on a literal: one text code point
for each needle code point, so a hit is always `len(needle)` code points long and its
offsets are the text's ("ß" matches "ß", not "ss").
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left

__all__ = ["TextSearch"]

_CHUNK = 8_192  # code points searched between two looks at the clock


class TextSearch:
    def __init__(self, text: str, needle: str, match_case: bool = False):
        self.text = text
        self.needle = needle
        self.match_case = match_case
        self.length = len(needle)
        flags = 0 if match_case else re.IGNORECASE
        self._pattern = re.compile(re.escape(needle), flags) if needle else None
        self.starts: list[int] = []  # of the hits found so far, in order
        self.scanned = 0 if needle else len(text)  # the text before this is searched
        self._resume = 0  # where the next match may start (the last hit's end)

    @property
    def done(self) -> bool:
        return self.scanned >= len(self.text)

    def scan(self, seconds: float = float("inf")) -> bool:
        """Search on for about `seconds` at most (at least one chunk); True once done."""
        if self._pattern is None or self.done:
            return True
        deadline = time.perf_counter() + seconds
        text, finditer, starts, n = self.text, self._pattern.finditer, self.starts, self.length
        while not self.done:
            chunk_end = min(len(text), self.scanned + _CHUNK)
            # A hit starting in the chunk may end past it (and none starting after it fits).
            limit = min(len(text), chunk_end + n - 1)
            found = [match.start() for match in finditer(text, self._resume, limit)]
            starts.extend(found)
            self._resume = max(found[-1] + n if found else 0, chunk_end)
            self.scanned = chunk_end
            if time.perf_counter() >= deadline:
                break
        return self.done

    def count(self) -> int:
        """Hits found so far (all of them once `done`)."""
        return len(self.starts)

    def hits_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The hits found so far that overlap [start, end)."""
        first = bisect_left(self.starts, start - self.length + 1)
        last = bisect_left(self.starts, end)
        return [(s, s + self.length) for s in self.starts[first:last]]

    def number_of(self, start: int) -> int | None:
        """The 1-based number of the hit starting at `start`, None if not scanned yet."""
        if start >= self.scanned:
            return None
        i = bisect_left(self.starts, start)
        return i + 1 if i < len(self.starts) and self.starts[i] == start else None

    def next_from(self, position: int, wrap: bool = True) -> tuple[int, int] | None:
        """The first hit starting at or after `position` (from the top when `wrap`)."""
        if self._pattern is None:
            return None
        position = max(0, min(position, len(self.text)))
        if position < self.scanned:  # in the scanned part: the list knows
            i = bisect_left(self.starts, position)
            if i < len(self.starts):
                return self.starts[i], self.starts[i] + self.length
        if not self.done:  # after the last hit listed: search the rest straight away
            match = self._pattern.search(self.text, max(position, self._resume))
            if match is not None:
                return match.start(), match.end()
        return self.next_from(0, wrap=False) if wrap and position > 0 else None

    def previous_from(self, position: int, wrap: bool = True) -> tuple[int, int] | None:
        """The last hit starting before `position` (from the bottom when `wrap`)."""
        if self._pattern is None:
            return None
        found = self._last_before(max(0, min(position, len(self.text))))
        if found is None and wrap:
            found = self._last_before(len(self.text) + 1)
        return found

    def _last_before(self, position: int) -> tuple[int, int] | None:
        """The last hit starting before `position`: from the list where it is scanned, else
        looking back from `position` in growing windows."""
        assert self._pattern is not None
        if position > self.scanned and not self.done:
            floor = self._resume  # hits starting before it are all listed
            high = min(position - 1 + self.length, len(self.text))
            window, low = max(4 * self.length, 4096), position
            while low > floor:
                low = max(floor, position - window)
                found = None
                for match in self._pattern.finditer(self.text, low, high):
                    if match.start() >= position:
                        break
                    found = match
                if found is not None:
                    return found.start(), found.end()
                window *= 2
        i = bisect_left(self.starts, position)
        return (self.starts[i - 1], self.starts[i - 1] + self.length) if i else None
