"""Known actors: every name the project knows, found on whole words in a text.

`ActorMatcher(names)` builds one Aho-Corasick automaton (pyahocorasick) over thousands of
names; `find(text)` returns the [start, end) of each whole-word occurrence, case-sensitive,
leftmost-longest and non-overlapping.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class ActorMatcher:
    def __init__(self, names: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for name in names:
            name = name.strip()
            if name:
                self._automaton.add_word(name, len(name))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._automaton)

    def find(self, text: str) -> list[tuple[int, int]]:
        if self._empty:
            return []
        found: list[tuple[int, int]] = []
        for last, length in self._automaton.iter_long(text):
            start, end = last - length + 1, last + 1
            if _word_edge(text, start - 1) and _word_edge(text, end):
                found.append((start, end))
        return found


def _word_edge(text: str, index: int) -> bool:
    """Is there no word character at `index` (or is it outside the text)?"""
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")
