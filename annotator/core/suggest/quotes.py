"""Direct quotations found by their quotation marks: the QUOTE suggester.

`find_quotes(text)` returns each quotation as a `Quote`, in text order. Its range is the
quoted words inside the marks (not the marks), stripped of the white space (and invisible
bidi marks) next to them, in code points. What it finds, in one pass over the text (about
20 ms for a 1 MB news article):

- marks of every family `quote_marks.CLOSERS` lists: straight and curly double quotes,
  `« »` and `» «`, `„ “` and `„ ”`, `‹ ›`, CJK brackets, and single quotes where they open
  a quotation (never an apostrophe: `Russia's`, `’90s`, `rock ’n’ roll`, `the Smiths’
  album`); a mark's role is read from its neighbours and from what is open; straight and
  curly marks that a text mixes still pair;
- nesting: only the outermost quotation is a quote (`“He said ‘no’ twice”` is one);
- a quotation over several paragraphs (each paragraph reopens the mark, only the last
  closes it; each paragraph but the last ends a sentence): one quote, a fragment per
  paragraph;
- a quotation split by its speaker (`“We are ready,” Kerry said, “to talk.”`): one quote in
  fragments, judged by shape (`_splits`, `quote_shapes.is_speaker_clause`), no verb list;
- scare quotes (`quote_shapes.is_scare_quote`: two words or fewer, in one piece) are left
  out; titles are not (they have more words).

Paragraphs are separated by blank lines in a text that has any (a single line break after
a short line that stops mid-sentence is then a line wrapped inside its paragraph), and by
every line break in one that has none. A
mark that nothing closes in its paragraph opens nothing past it: a stray `“` never
swallows the rest of the text, and the quotations after it in its paragraph are found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from annotator.core.model import Fragments
from annotator.core.suggest import quote_marks as marks
from annotator.core.suggest.quote_shapes import (
    COMMAS,
    SPLIT_GAP_LENGTH,
    ends_in_comma,
    ends_sentence,
    is_scare_quote,
    is_speaker_clause,
    starts_sentence,
)


class Quote(NamedTuple):
    """One quotation: [start, end) of its words, and its fragments when it is split."""

    start: int
    end: int
    fragments: Fragments = ()

    @property
    def pieces(self) -> Fragments:
        """The ranges it covers: its fragments, or its one range (as `Span.pieces`)."""
        return self.fragments or ((self.start, self.end),)


# Deeper nesting than this is not writing but noise: past it the oldest open mark is
# taken for a stray (and the work per mark stays bounded).
MAX_DEPTH = 12


# A line wrapped by hand is at most this long (in code points); a longer one is a
# paragraph of its own, even in a text that sets paragraphs apart by blank lines.
WRAPPED_LINE = 100


@dataclass(slots=True)
class _Found:
    """A quotation whose marks closed: its opening mark, its raw pieces (inside the
    marks, not stripped), where its first opening mark and its last closing mark are."""

    mark: str
    pieces: list[tuple[int, int]]
    open_at: int
    close_at: int


@dataclass(slots=True)
class _Open:
    """A quotation open on the stack: its opening mark and what closes it, where its
    current piece starts, its pieces in paragraphs before, and the quotations that
    closed inside it (found only if it turns out to be a stray mark)."""

    mark: str
    closers: str
    open_at: int
    piece_start: int
    pieces: list[tuple[int, int]] = field(default_factory=list)
    inside: list[_Found] = field(default_factory=list)


class _Lookahead:
    """Where a pattern next matches after a position, for positions that only grow: a
    search is reused until the position passes what it found, so that all of them
    together read the text once."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text = text
        self.pattern = pattern
        self.searched_from = -1
        self.position = -1  # what the last search found, -1 for nothing

    def after(self, at: int) -> int:
        """Where the pattern's next match after `at` starts, or -1."""
        if self.searched_from == -1 or at < self.searched_from or 0 <= self.position <= at:
            match = self.pattern.search(self.text, at + 1)
            self.searched_from = at
            self.position = match.start() if match else -1
        return self.position


class _Scanner:
    """Pairs the marks of one text; `found` collects the outermost quotations."""

    def __init__(self, text: str) -> None:
        self.text = text
        # blank lines separate paragraphs in a text that has any, else line breaks do
        self.by_blank_lines = marks.has_blank_line(text)
        self.paragraph_end = marks.BLANK_LINE if self.by_blank_lines else marks.LINE_BREAK
        self.stack: list[_Open] = []
        self.found: list[_Found] = []
        self.line_start = 0  # where the current line starts
        self._strong = {
            mark: _Lookahead(text, pattern) for mark, pattern in marks.STRONG_SINGLE_CLOSE.items()
        }
        self._paragraph_end = _Lookahead(text, self.paragraph_end)
        self._openings: dict[str, _Lookahead] = {}  # per single opening mark

    # --- the stack

    def push(self, mark: str, at: int) -> None:
        if len(self.stack) == MAX_DEPTH:
            # the oldest mark still open is the likeliest stray: it goes
            self.found.extend(self.stack.pop(0).inside)
        self.stack.append(_Open(mark, marks.CLOSERS[mark], at, at + 1))

    def closing(self, mark: str) -> int:
        """The depth of the innermost open quotation `mark` closes, or -1."""
        for depth in range(len(self.stack) - 1, -1, -1):
            if mark in self.stack[depth].closers:
                return depth
        return -1

    def close(self, depth: int, at: int) -> None:
        """The mark at `at` closes the quotation at `depth`; those inside it go."""
        entry = self.stack[depth]
        del self.stack[depth:]
        entry.pieces.append((entry.piece_start, at))
        done = _Found(entry.mark, entry.pieces, entry.open_at, at)
        (self.stack[-1].inside if self.stack else self.found).append(done)

    def drop_all(self) -> None:
        """Nothing closes what is open: those marks were strays, and the quotations
        that closed inside them are quotations of their own."""
        while self.stack:
            entry = self.stack.pop()
            (self.stack[-1].inside if self.stack else self.found).extend(entry.inside)

    # --- paragraphs

    def line_break(self, start: int, end: int, blank: bool) -> int:
        """The line break run `text[start:end]`: a paragraph's end, or a line wrapped
        inside one. Returns where the next paragraph's reopening mark is, or -1."""
        line_start, self.line_start = self.line_start, end
        if not self.stack:
            return -1
        # In a text whose paragraphs are set apart by blank lines, a single line break
        # inside a paragraph wraps a line: a short one that stops mid-sentence. One after
        # a long line, or after a sentence's end, ends a paragraph all the same.
        hard = (
            blank
            or not self.by_blank_lines
            or start - line_start > WRAPPED_LINE
            or ends_sentence(self.text, line_start, start)
        )
        after = marks.skip_spaces(self.text, end)
        depth = self.reopened(after, start)
        if depth >= 0:
            # the quotation goes on in the next paragraph: this one is a fragment; marks
            # still open inside it were strays, and so were those open around it
            entry = self.stack[depth]
            while len(self.stack) > depth + 1:
                entry.inside.extend(self.stack.pop().inside)
            for outer in self.stack[:depth]:
                self.found.extend(outer.inside)
            del self.stack[:depth]
            entry.pieces.append((entry.piece_start, start))
            entry.piece_start = after + 1
            return after
        if hard:
            self.drop_all()
        return -1

    def reopened(self, after: int, paragraph_end: int) -> int:
        """The depth of the open quotation that the mark at `after`, first in the next
        paragraph, reopens, or -1: the innermost of its marks, if its paragraph ended a
        sentence and no quotation of the same marks closed inside it (then its opening
        mark was a stray)."""
        if after >= len(self.text):
            return -1
        char = self.text[after]
        for depth in range(len(self.stack) - 1, -1, -1):
            entry = self.stack[depth]
            if char in marks.REOPENERS.get(entry.mark, entry.mark):
                if ends_sentence(self.text, entry.piece_start, paragraph_end) and not any(
                    inner.mark == entry.mark for inner in entry.inside
                ):
                    return depth
                return -1
        return -1

    # --- single quotes

    def strong_single_close_after(self, at: int, mark: str) -> bool:
        """Whether a closing mark like the one at `at` that surely closes (`,’`) follows
        it in its paragraph, before the next opening `mark`: then a possessive-looking one
        at `at` (`the players’ union`) is no closing mark."""
        strong = self._strong[self.text[at]].after(at)
        if strong == -1:
            return False
        end = self._paragraph_end.after(at)
        if end != -1 and strong > end:
            return False
        if mark not in self._openings:
            self._openings[mark] = _Lookahead(self.text, marks.SINGLE_OPENINGS[mark])
        opening = self._openings[mark].after(at)
        return opening == -1 or strong < opening

    # --- marks

    def mark(self, char: str, at: int) -> None:
        """The mark `char` at `text[at]`: it opens, closes, or is no quotation mark here."""
        text = self.text
        before = text[at - 1] if at else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if char in marks.APOSTROPHES and marks.is_elision(text, at):
            return
        if char in marks.OPEN_ONLY:
            left, right = marks.flanking(before, after)
            if char in "„‚" and right and not left:
                return  # `word„ ` is no opening mark
            self.push(char, at)
            return
        if char in marks.CLOSE_ONLY:
            depth = self.closing(char)
            if depth >= 0:
                self.close(depth, at)
            return
        left, right = marks.flanking(before, after)
        only_left, only_right = left and not right, right and not left
        if char in marks.SYMMETRIC:
            self.symmetric(char, at, before, after, left and right, only_left, only_right)
        elif char == "’":
            if only_left:
                return  # `’90s`
            depth = self.closing(char)
            if depth >= 0 and not self.weak_single_close(at, before, after, depth):
                self.close(depth, at)
        elif char in marks.GUILLEMETS:
            self.guillemet(char, at, only_left, only_right)
        else:  # “ ‘ (open in English, close German) and ” (closes; opens in Swedish)
            depth = self.closing(char)
            top = len(self.stack) - 1
            if char == "”":
                if depth >= 0 and not only_left:
                    self.close(depth, at)
                elif only_left:
                    self.push(char, at)
            elif depth == top >= 0 and not only_left:
                self.close(depth, at)
            elif not only_right:
                self.push(char, at)
            elif depth >= 0:
                self.close(depth, at)
            elif top >= 0 and self.stack[top].mark == char and self._ends_words(before):
                self.close(top, at)  # `“We are ready,“ he said`: the wrong mark closes

    @staticmethod
    def _ends_words(before: str) -> bool:
        return marks.is_word(before) or before in ".,!?;:…"

    def symmetric(
        self,
        char: str,
        at: int,
        before: str,
        after: str,
        both: bool,
        only_left: bool,
        only_right: bool,
    ) -> None:
        """`"` and `'`: they open before a word and close after one; between two words
        (`צה"ל`, `Russia's`) they are no quotation mark, except in CJK text."""
        if only_left:
            self.push(char, at)
            return
        if only_right:
            depth = self.closing(char)
            weak = char == "'" and depth >= 0 and self.weak_single_close(at, before, after, depth)
            if depth >= 0 and not weak:
                self.close(depth, at)
            return
        if not both:
            return  # between two spaces
        if marks.is_intraword(before, after):
            if char == '"' and marks.opens_after_prefix_letter(self.text, at):
                self.push(char, at)
            return
        depth = self.closing(char)
        if depth >= 0:
            self.close(depth, at)
        else:
            self.push(char, at)

    def guillemet(self, char: str, at: int, only_left: bool, only_right: bool) -> None:
        """« » ‹ ›: French sets them off with spaces, German and Danish reverse them."""
        depth = self.closing(char)
        if depth >= 0 and (not only_left or self.stack[depth].mark in "«‹"):
            self.close(depth, at)  # `« prêts »`: in French, spacing says nothing
        elif not only_right:
            self.push(char, at)

    def weak_single_close(self, at: int, before: str, after: str, depth: int) -> bool:
        """Whether the single closing mark at `at`, which would close the quotation at
        `depth`, looks like an apostrophe (`players’ union`, `goin’ home`: after a letter,
        before a space and a word) while a surer closing mark follows in the paragraph
        before the next quotation opens, and so is one."""
        if not marks.is_word(before) or not after.isspace() or after in marks.BREAK_CHARS:
            return False
        next_char = marks.skip_spaces(self.text, at + 1)
        if not marks.is_word(self.text[next_char : next_char + 1]):
            return False
        return self.strong_single_close_after(at, self.stack[depth].mark)


def find_quotes(text: str) -> list[Quote]:
    """The quotations of `text`, in text order: their pieces lie in `text`, in order,
    never touching, each stripped of white space (see the module docstring)."""
    scanner = _Scanner(text)
    skip_to = -1  # past a line break run, or the mark that reopened a quotation
    for token in marks.TOKENS.finditer(text):
        start = token.start()
        if start < skip_to:
            continue
        char = text[start]
        if char in marks.BREAK_CHARS:
            run = marks.BREAK_RUN.match(text, start)
            assert run is not None
            end = run.end()
            reopened = scanner.line_break(
                start, end, marks.BLANK_LINE.match(text, start, end) is not None
            )
            skip_to = reopened + 1 if reopened >= 0 else end
        elif char in marks.APOSTROPHES and marks.is_intraword(
            text[start - 1 : start], text[start + 1 : start + 2]
        ):
            continue
        else:
            scanner.mark(char, start)
    scanner.drop_all()
    return [quote for quote in _joined(text, scanner.found) if quote is not None]


def _joined(text: str, found: list[_Found]) -> list[Quote | None]:
    """`found`'s quotations as Quotes, the parts of one split by its speaker joined,
    scare quotes left out (None)."""
    quotes: list[Quote | None] = []
    current: _Found | None = None
    for quotation in found:
        if current is not None and _splits(text, current, quotation):
            current.pieces.extend(quotation.pieces)  # (in place: a long chain stays linear)
            current.close_at = quotation.close_at
            continue
        if current is not None:
            quotes.append(_quote(text, current))
        current = quotation
    if current is not None:
        quotes.append(_quote(text, current))
    return quotes


def _splits(text: str, first: _Found, second: _Found) -> bool:
    """Whether `second` goes on with the quotation of `first`, split by a speaker's
    clause between them (`“We are ready,” Kerry said, “to talk.”`). The first part
    must begin a sentence: a few words quoted inside one (`the plan was ‘a recipe for
    chaos’, adding: ‘…’`) are a quotation of their own."""
    gap_start, gap_end = first.close_at + 1, second.open_at
    if first.mark != second.mark or gap_end - gap_start > SPLIT_GAP_LENGTH:
        return False
    last_start, last_end = first.pieces[-1]
    comma_before = ends_in_comma(text, last_start, last_end)
    if not comma_before and not any(char in COMMAS for char in text[gap_start : gap_start + 3]):
        return False  # (the common case, before reading the gap)
    if marks.has_mark(text, gap_start, gap_end) or not starts_sentence(text, first.open_at):
        return False
    return is_speaker_clause(text, gap_start, gap_end, comma_before)


def _quote(text: str, quotation: _Found) -> Quote | None:
    """The Quote of `quotation`'s pieces stripped of white space, or None when it is
    empty or, in one piece, a scare quote."""
    pieces = []
    for start, end in quotation.pieces:
        start, end = _stripped(text, start, end, quotation.mark)
        if start < end:
            pieces.append((start, end))
    if not pieces:
        return None
    if len(pieces) == 1:
        # (a quotation in pieces, split by its speaker or over paragraphs, is speech)
        return None if is_scare_quote(text, pieces) else Quote(*pieces[0])
    return Quote(pieces[0][0], pieces[-1][1], tuple(pieces))


def _stripped(text: str, start: int, end: int, mark: str) -> tuple[int, int]:
    """`text[start:end]` without the white space (and the invisible bidi and zero-width
    controls) at its ends, nor a mark there that nothing in it pairs with (a stray `“`
    that was no opening mark: `““ We…”`); an apostrophe stays (`“We love the Smiths’”`)
    unless it is of the quotation's own marks (`mark` and what closes it)."""
    first, last = text[start], text[end - 1]
    if not (
        first.isspace()
        or last.isspace()
        or first in marks.ALL_MARKS
        or last in marks.ALL_MARKS
        or first in marks.INVISIBLE
        or last in marks.INVISIBLE
    ):
        return start, end  # (the common case, at once)
    own = mark + marks.CLOSERS[mark]
    for _ in range(MAX_DEPTH):
        while start < end and (text[start].isspace() or text[start] in marks.INVISIBLE):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in marks.INVISIBLE):
            end -= 1
        if start == end:
            break
        first, last = text[start], text[end - 1]
        if (
            first in marks.CLOSERS
            and (first not in marks.APOSTROPHES or first in own)
            and not any(text.find(closer, start + 1, end) >= 0 for closer in marks.CLOSERS[first])
        ):
            start += 1
        elif (
            last in marks.CLOSING_MARKS
            and (last not in marks.APOSTROPHES or last in own)
            and not any(
                last in marks.CLOSERS[opener] and text.find(opener, start, end - 1) >= 0
                for opener in marks.OPENERS_OF.get(last, "")
            )
        ):
            end -= 1
        else:
            break
    return start, end
