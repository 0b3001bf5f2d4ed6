"""Tokens for the token-based formats (Prodigy, CoNLL, spaCy), and sentences for CoNLL.

`tokenize(text)` uses spaCy's own English tokenizer (`spacy.blank("en")`) when spaCy is
installed, and otherwise `rule_tokenize`, a re-implementation of the same algorithm with
rules written for ordinary English news text: split on whitespace (a single space after a
token is its `ws`; any other whitespace run is a token of its own, as in spaCy), then peel
prefixes and suffixes (punctuation, quotes, brackets, currency, possessive 's), keep special
cases whole or split them as listed (Mr., U.S., don't -> do n't), keep URLs and e-mail
addresses whole, and split infixes (hyphens between letters, a.b between a lower and an
upper letter, x/y, 1-2 between digits). The test suite compares both on a news corpus.

Offsets are code points of the text, half-open. Tokens partition the text: every code point
is in exactly one token, or is the single space a token's `ws` stands for.

A span that does not fall on token boundaries is never shifted: `split_at` retokenizes, cutting
tokens at every span boundary (what a training pipeline needs: each span is whole tokens),
and the writers report how many tokens they cut.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from annotator.core.formats.base import ExportLayer
from annotator.core.formats.rule_tokenizer import Token, rule_tokenize
from annotator.core.model import Status

__all__ = [
    "Tally",
    "Token",
    "rule_tokenize",
    "sentence_ends",
    "spacy_tokenize",
    "split_at",
    "tokenize",
    "tokenizer_name",
]


# --- spaCy, when installed ---------------------------------------------------------------


@cache
def _spacy_nlp() -> object | None:
    try:
        import spacy
    except ImportError:
        return None
    return spacy.blank("en")


def spacy_tokenize(text: str) -> list[Token]:
    """Tokens of `text` by `spacy.blank("en")`; ImportError when spaCy is not installed."""
    nlp = _spacy_nlp()
    if nlp is None:
        raise ImportError("spaCy is not installed")
    doc = nlp.tokenizer(text)  # type: ignore[attr-defined]
    # Offsets and lengths as one array: much faster than spaCy's Token objects.
    rows = doc.to_array(["IDX", "LENGTH", "SPACY"]).tolist() if len(doc) else []
    return [
        Token(text[idx : idx + length], idx, idx + length, bool(ws)) for idx, length, ws in rows
    ]


def tokenizer_name() -> str:
    """Which tokenizer `tokenize` uses here, for reports."""
    nlp = _spacy_nlp()
    if nlp is None:
        return "the built-in English rules (spaCy is not installed)"
    import spacy

    return f"spaCy {spacy.__version__} (spacy.blank('en'))"


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`: spaCy's English tokenizer when installed, else the built-in rules."""
    if _spacy_nlp() is not None:
        return spacy_tokenize(text)
    return rule_tokenize(text)


# --- retokenizing at span boundaries -----------------------------------------------------


def split_at(
    tokens: Sequence[Token], text: str, starts: Iterable[int], ends: Iterable[int]
) -> tuple[list[Token], int]:
    """`tokens` cut so that every offset in `starts` begins a token and every offset in
    `ends` ends one; returns the new tokens and how many original tokens were cut.

    A trailing space (`ws`) that a span starts at, or ends just after, becomes a token of its
    own, so a span never begins or ends inside a token or a token's `ws`.
    """
    starts = set(starts)
    ends = set(ends)
    token_starts = [token.start for token in tokens]
    inner: dict[int, list[int]] = {}  # token index -> offsets strictly inside it
    spaces: set[int] = set()  # token indexes whose trailing space becomes a token
    for cut in starts | ends:
        index = bisect.bisect_right(token_starts, cut) - 1
        if index < 0:
            continue
        token = tokens[index]
        if token.start < cut < token.end:
            inner.setdefault(index, []).append(cut)
        elif token.ws and cut == token.end and cut in starts:
            spaces.add(index)  # a span starts at the space
        elif token.ws and cut == token.end + 1 and cut in ends:
            spaces.add(index)  # a span ends with the space at the end of the text
        elif cut == token.start and cut in ends and index and tokens[index - 1].ws:
            spaces.add(index - 1)  # a span ends with the space before this token
    if not inner and not spaces:
        return list(tokens), 0
    result: list[Token] = []
    for index, token in enumerate(tokens):
        if index not in inner and index not in spaces:
            result.append(token)
            continue
        cuts = inner.get(index)
        if cuts:
            edges = [token.start, *sorted(cuts), token.end]
            for left, right in itertools.pairwise(edges):
                result.append(Token(text[left:right], left, right, False))
        else:
            result.append(token._replace(ws=False))
        if token.ws:
            if index in spaces:
                result.append(Token(" ", token.end, token.end + 1, False))
            else:
                result[-1] = result[-1]._replace(ws=True)
    return result, len(inner.keys() | spaces)


# --- reporting ---


class Tally:
    """Counts for a report's notes: one line per kind of loss, however many documents."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}
        self.first: dict[str, str] = {}

    def add(self, kind: str, count: int, where: str) -> None:
        if count:
            total = self.counts.setdefault(kind, [0, 0])
            total[0] += count
            total[1] += 1
            self.first.setdefault(kind, where)

    def status(self, layer: ExportLayer, where: str) -> None:
        """Count a layer status a format has no place for: an import of the file marks a
        layer with spans done, so any other status would change without a word."""
        if layer.annotator is not None and layer.status not in (None, Status.DONE):
            self.add(f"layer status(es) other than done left out ({layer.status})", 1, where)

    def notes(self) -> list[str]:
        return [
            f"{total} {kind} in {layers} layer(s), first in {self.first[kind]}"
            for kind, (total, layers) in self.counts.items()
        ]


# --- sentences ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"^(?:[.!?…]+|\.\.+)$")
_CLOSING = re.compile("[\"'”’»)\\]]+$")
_LINE_BREAK = re.compile("[\n\r\u2028\u2029\x85\v\f]")


def sentence_ends(
    texts: Sequence[str], gaps: Sequence[str], inside_span: Callable[[int], bool]
) -> set[int]:
    """Indexes of the tokens that end a sentence (the last token always does).

    `texts[i]` is token i's text and `gaps[i]` the whitespace after it. A sentence ends
    after a line break, or after . ! ? (and any closing quotes or brackets) when the next
    token does not start with a lower-case letter. `inside_span(i)` says a span goes on from
    token i to token i + 1: sentences never cut a span.
    """
    ends: set[int] = set()
    count = len(texts)
    for i in range(count - 1):
        if inside_span(i) or not gaps[i]:
            continue
        text, following = texts[i], texts[i + 1]
        if gaps[i] != " " and _LINE_BREAK.search(gaps[i]):
            ends.add(i)
        elif following[:1].islower() or _CLOSING.match(following):
            continue
        elif _SENTENCE_END.match(text) or (
            # closing quotes or brackets after the . ! or ?
            i > 0 and _CLOSING.match(text) and _SENTENCE_END.match(texts[i - 1])
        ):
            ends.add(i)
    if count:
        ends.add(count - 1)
    return ends
