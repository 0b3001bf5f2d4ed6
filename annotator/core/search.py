"""Searching the corpus, the plain-Python half: what a query means, and hits in context.

A query is what a user types: words (`Kerry`), phrases in double quotes (`"White House"`)
and prefixes (`negotiat*`, `"prime minis*"`). A document matches when it holds every term;
each place a term occurs is a hit. Matching ignores case and accents (the index folds them);
`exact` keeps only the hits whose text has the query's case and accents.

Nothing a user types is passed to the index as syntax: `parse_query` turns each term into a
quoted FTS5 string (`fts_match`), so `AND`, `(`, `:` or a lone `"` are searched as text and
never make a cryptic error; a query with no word at all is an AnnotatorError that says so.

Offsets are code points into the stored text, as everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from annotator.core.errors import AnnotatorError

# How many words of context either side of a hit, and at most how many characters (CJK and
# Thai have no spaces to count words by).
CONTEXT_WORDS = 6
CONTEXT_CHARS = 60
DEFAULT_LIMIT = 1000

# A word's characters, as the index's tokenizer (unicode61) counts them closely enough for
# checking a hit's case and accents: letters, digits and the marks that sit on them.
_WORD = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+"
)


@dataclass(frozen=True)
class Term:
    """One term of a query: its words as typed (a phrase has several), and whether the last
    one is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + " ".join(self.words).replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted

    def shown(self) -> str:
        text = " ".join(self.words) + ("*" if self.prefix else "")
        return f'"{text}"' if len(self.words) > 1 else text

    def matches_exactly(self, found: str) -> bool:
        """Whether `found` (a hit's text) has this term's words with their case and accents."""
        words = [unicodedata.normalize("NFC", w) for w in _WORD.findall(found)]
        wanted = [unicodedata.normalize("NFC", w) for w in self.words]
        if len(words) != len(wanted):
            return False
        if self.prefix:
            return words[:-1] == wanted[:-1] and words[-1].startswith(wanted[-1])
        return words == wanted


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]
    exact: bool = False

    def fts_match(self) -> str:
        """The FTS5 MATCH expression: every term, quoted, all of them required."""
        return " AND ".join(term.fts() for term in self.terms)

    def keeps(self, found: str) -> bool:
        """Whether a hit whose text is `found` counts (always, unless `exact`)."""
        return not self.exact or any(term.matches_exactly(found) for term in self.terms)


def parse_query(text: str, exact: bool = False) -> Query:
    """The query `text` means. Quotes pair up into phrases (an unclosed one runs to the end);
    `*` right after a word or a closing quote makes a prefix; every other character that is
    not part of a word only separates words. AnnotatorError if no word is left."""
    terms: list[Term] = []
    pos = 0
    while pos < len(text):
        if text[pos] == '"':
            close = text.find('"', pos + 1)
            end = len(text) if close < 0 else close
            inner = text[pos + 1 : end]
            pos = end + 1
            prefix = inner.rstrip().endswith("*") or text.startswith("*", pos)
            if text.startswith("*", pos):
                pos += 1
            words = tuple(_WORD.findall(inner))
            if words:
                terms.append(Term(words, prefix and _ends_with_word(inner)))
            continue
        if text[pos].isspace():
            pos += 1
            continue
        end = pos
        while end < len(text) and not text[end].isspace() and text[end] != '"':
            end += 1
        chunk = text[pos:end]
        pos = end
        words = tuple(_WORD.findall(chunk))
        if words:  # "U.S." is the phrase "U S", as the index sees it
            terms.append(Term(words, chunk.endswith("*") and _ends_with_word(chunk)))
    if not terms:
        raise AnnotatorError(
            f'nothing to search for in {text!r}: type a word, a "phrase" or a prefix*'
        )
    return Query(text, tuple(dict.fromkeys(terms)), exact)


def _ends_with_word(chunk: str) -> bool:
    """`Kerr*` is a prefix; `Kerry, *` is not (the star follows no word)."""
    stripped = chunk.rstrip().rstrip("*")
    return bool(stripped) and bool(_WORD.fullmatch(stripped[-1]))


@dataclass(frozen=True)
class Hit:
    """One place a query's term occurs: [start, end) in the document's text, with the text
    around it for a results list (whitespace runs shown as one space)."""

    seq: int
    document_id: str
    title: str
    start: int
    end: int
    before: str
    match: str
    after: str

    def kwic(self) -> str:
        return f"{self.before}[{self.match}]{self.after}"


@dataclass(frozen=True)
class SearchResult:
    """The first `limit` hits in project order. `documents` is how many documents the index
    finds (with `exact`: documents that may match); `complete` is False when the hits stop
    at the limit."""

    query: str
    hits: tuple[Hit, ...]
    documents: int
    complete: bool

    def summary(self) -> str:
        shown = len(self.hits)
        docs = len({hit.seq for hit in self.hits})
        found = f"{self.documents:,} document{'s' if self.documents != 1 else ''}"
        if not self.complete:
            return f"first {shown:,} hits (in {docs:,} of {found})"
        if not shown:
            return "no hits"
        return f"{shown:,} hit{'s' if shown != 1 else ''} in {docs:,} document" + (
            "s" if docs != 1 else ""
        )


def marked_hits(marked: str, open_mark: str, close_mark: str) -> tuple[str, list[tuple[int, int]]]:
    """The text and its hits, from a text with each hit between `open_mark` and
    `close_mark` (what the index's highlight() gives): offsets in code points of the text."""
    pieces: list[str] = []
    hits: list[tuple[int, int]] = []
    length = 0
    pos = 0
    while True:
        opened = marked.find(open_mark, pos)
        if opened < 0:
            break
        closed = marked.find(close_mark, opened + len(open_mark))
        if closed < 0:
            break
        pieces.append(marked[pos:opened])
        length += opened - pos
        inner = marked[opened + len(open_mark) : closed]
        pieces.append(inner)
        hits.append((length, length + len(inner)))
        length += len(inner)
        pos = closed + len(close_mark)
    pieces.append(marked[pos:])
    return "".join(pieces), hits


def context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, the hit, after): up to CONTEXT_WORDS words (at most CONTEXT_CHARS
    characters) either side, whitespace runs as one space."""
    reach = CONTEXT_CHARS * 2
    left = text[max(0, start - reach) : start]
    right = text[end : end + reach]
    before = " ".join(left.split()[-CONTEXT_WORDS:])
    if before and left[-1].isspace():
        before += " "
    after = " ".join(right.split()[:CONTEXT_WORDS])
    if after and right[0].isspace():
        after = " " + after
    return before[-CONTEXT_CHARS:], " ".join(text[start:end].split()), after[:CONTEXT_CHARS]


def _folded(word: str) -> str:
    """A word as the index compares it: case and accents folded (unicode61's
    remove_diacritics 2, closely enough)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()


def hits_in_text(query: Query, text: str) -> list[tuple[int, int]] | None:
    """Every place a term of `query` occurs in `text`, in text order, with the index's
    idea of a word; None when the text does not hold every term (it does not match). For a
    store without the index (a shared project searches each text in Python)."""
    words = [(m.start(), m.end(), _folded(m.group())) for m in _WORD.finditer(text)]
    found: list[tuple[int, int]] = []
    for term in query.terms:
        wanted = [_folded(w) for w in term.words]
        size = len(wanted)
        occurs = False
        for i in range(len(words) - size + 1):
            window = words[i : i + size]
            if all(w[2] == t for w, t in zip(window[:-1], wanted[:-1], strict=True)) and (
                window[-1][2].startswith(wanted[-1]) if term.prefix else window[-1][2] == wanted[-1]
            ):
                occurs = True
                found.append((window[0][0], window[-1][1]))
        if not occurs:
            return None
    return sorted(set(found))
