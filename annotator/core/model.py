"""Plain data the rest of the program passes around: labels, spans, relations, documents,
layers.

Offsets are Python `str` indices (Unicode code points) into the document text exactly as
stored, half-open `[start, end)`: `text[start:end]` is always the annotated text.
"""

from __future__ import annotations

import gc
import marshal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import Any

# The curator's adjudicated layer: a layer like any other, owned by this reserved annotator.
# It is the training data (`export --gold`) and never counts in agreement unless named.
GOLD_ANNOTATOR = "gold"

# A span as the agreement measures see it: (start, end, label), code points, half-open.
SpanTriple = tuple[int, int, str]


class Status(StrEnum):
    """An annotator's progress on one document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    color: str  # "#rrggbb"
    key: str | None = None  # one-character shortcut, e.g. "1"
    description: str = ""  # one line, for tooltips and the label bar
    guideline: str = ""  # the longer annotation guideline: plain text or Markdown, never HTML
    # An event trigger (brat's [events]): its spans' relations are the event's roles.
    event: bool = False


# A discontinuous span's pieces: [start, end) code point ranges, sorted, apart.
Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Span:
    """One annotation. `id` is None until the store has written it.

    A discontinuous span (a quote's content split around its cue, say) has `fragments`: two
    or more sorted, non-overlapping, non-touching ranges, the first starting at `start` and
    the last ending at `end`; it is still one span (one label, one id, one note). A
    contiguous span has no fragments (`()`)."""

    document_id: str
    annotator: str
    start: int
    end: int
    label: str
    note: str | None = None
    id: int | None = None
    fragments: Fragments = ()

    def __reduce__(self) -> tuple[type[Span], tuple[object, ...]]:
        # Pickled as its fields in order: the window gets every span of the open document
        # from the store process, and the dataclass default (a state rebuilt through
        # fields()) takes four times as long (20,000 spans: 130 ms against 30 ms).
        return (Span, tuple(getattr(self, name) for name in _SPAN_FIELDS))

    @property
    def triple(self) -> SpanTriple:
        """(start, end, label): what agreement and adjudication compare."""
        return (self.start, self.end, self.label)

    @property
    def pieces(self) -> Fragments:
        """The ranges the span covers: its fragments, or its one range."""
        return self.fragments or ((self.start, self.end),)

    def text_of(self, text: str) -> str:
        """The annotated text; a discontinuous span's fragments joined by " … "."""
        return " … ".join(text[start:end] for start, end in self.pieces)


_SPAN_FIELDS = ("document_id", "annotator", "start", "end", "label", "note", "id", "fragments")


class SpanList(list[Span]):
    """A list of spans that crosses to another process compactly: the spans of one layer
    (what the window opens a document with) are pickled as one document id, one annotator
    and a row of plain values a span, not as a span object each, which the other side
    unpickles five times as fast (20,000 spans: about 25 ms against 110, both sides).
    Unpickled, it is a SpanList of equal spans. The rows travel as one `marshal` string
    (both ends run the same Python), which the other side reads with the collector paused,
    as `layer_spans` builds them."""

    def __reduce__(self) -> tuple[Any, ...]:
        if self:
            document_id, annotator = self[0].document_id, self[0].annotator
            if all(s.document_id == document_id and s.annotator == annotator for s in self):
                rows = [(s.start, s.end, s.label, s.note, s.id, s.fragments) for s in self]
                return (_marshalled_layer, (document_id, annotator, marshal.dumps(rows)))
        return (list, (list(self),))


def _marshalled_layer(document_id: str, annotator: str, rows: bytes) -> SpanList:
    with _collector_paused():
        return _build_layer(document_id, annotator, marshal.loads(rows))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: a layer's tens of thousands of new objects
    would set off full collections, each scanning the whole heap again (15 ms of a 20,000
    span layer in the window's process); they hold no cycles. The collector is the
    process's: another thread may turn it on again meanwhile, which costs only the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def layer_spans(document_id: str, annotator: str, rows: Iterable[tuple[Any, ...]]) -> SpanList:
    """The spans of one layer from rows of `(start, end, label, note, id, fragments)`
    (fragments None for none), as equal to `Span(document_id, annotator, *row)` as can be.
    What a document opens with: the frozen dataclass's `__init__` sets each field through
    `object.__setattr__`, and setting the slots directly takes half the time (20,000
    spans: 11 ms against 21, on both sides of the store process). `rows` may be a cursor:
    it is read with the collector paused too."""
    with _collector_paused():
        return _build_layer(document_id, annotator, rows)


def _build_layer(document_id: str, annotator: str, rows: Iterable[tuple[Any, ...]]) -> SpanList:
    new = object.__new__
    document, who, start_, end_, label_, note_, id__, fragments_ = _SPAN_SLOTS
    spans = SpanList()
    append = spans.append
    for start, end, label, note, id_, fragments in rows:
        span = new(Span)
        document(span, document_id)
        who(span, annotator)
        start_(span, start)
        end_(span, end)
        label_(span, label)
        note_(span, note)
        id__(span, id_)
        fragments_(span, fragments or ())
        append(span)
    return spans


# The slots' own setters, in the order of _SPAN_FIELDS (a frozen class's __setattr__ refuses).
_SPAN_SLOTS = tuple(getattr(Span, name).__set__ for name in _SPAN_FIELDS)


@dataclass(frozen=True, slots=True)
class RelationType:
    """A kind of relation a project allows (`source`: a QUOTE to the ACTOR who said it).

    `head_labels` and `tail_labels` are the labels its ends may have (empty: any label).
    `required` makes it part of the attribution check: every span with a head label
    should be the head of one relation of this type (every QUOTE has a source)."""

    name: str
    head_labels: tuple[str, ...]
    tail_labels: tuple[str, ...]
    color: str  # "#rrggbb"
    key: str | None = None  # one-character shortcut while linking
    description: str = ""
    guideline: str = ""
    required: bool = False

    def allows(self, head_label: str, tail_label: str) -> bool:
        return (not self.head_labels or head_label in self.head_labels) and (
            not self.tail_labels or tail_label in self.tail_labels
        )


@dataclass(frozen=True, slots=True)
class Relation:
    """A labelled link from one span to another of the same layer (a QUOTE to its source
    ACTOR). `head_span_id` and `tail_span_id` are stored span ids; `id` is None until the
    store has written it."""

    document_id: str
    annotator: str
    head_span_id: int
    tail_span_id: int
    label: str
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A span a suggester proposes for a document (`core.suggest`): nobody's layer until an
    annotator accepts it into theirs. `suggesters` names every suggester that made it
    ("quotes", "speakers", "actors", "spacy"); a QUOTE's `speaker` is the [start, end) of
    the ACTOR suggested as its source (accepting the quote adds that span too, and the
    `source` relation). `id` is None until the store has written it."""

    document_id: str
    start: int
    end: int
    label: str
    suggesters: tuple[str, ...]
    fragments: Fragments = ()
    speaker: tuple[int, int] | None = None
    id: int | None = None

    @property
    def pieces(self) -> Fragments:
        return self.fragments or ((self.start, self.end),)

    @property
    def key(self) -> tuple[str, int, int, str, Fragments]:
        """What makes two suggestions the same: document, bounds, label and fragments."""
        return (self.document_id, self.start, self.end, self.label, self.fragments)


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    title: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the document list shows: never the text."""

    rowid: int
    id: str
    title: str
    status: Status
    span_count: int


def text_sha256(text: str) -> str:
    """The SHA-256 of the text's UTF-8 bytes, in hex: how the store compares texts."""
    import hashlib  # here: OpenSSL's start costs the window's start 10 ms, and it never hashes

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_id(text: str) -> str:
    """The id a document gets when its source names none: a hash of its exact text."""
    return "sha256-" + text_sha256(text)[:16]


def title_of(text: str, limit: int = 200) -> str:
    """The first non-empty line of `text`, stripped and cut to `limit` characters."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def check_fragments(text_length: int, fragments: Fragments) -> str | None:
    """Why `fragments` are not the pieces of a discontinuous span of a text of
    `text_length` code points, or None. Reads after "span", as `check_span_bounds`."""
    if len(fragments) < 2:
        return "has fewer than two fragments (a contiguous span has none)"
    for start, end in fragments:
        problem = check_span_bounds(text_length, start, end)
        if problem:
            return f"fragment {problem}"
    for (_, end), (start, next_end) in pairwise(fragments):
        if start < end:
            return f"fragment [{start}, {next_end}) overlaps the one before it (or is out of order)"
        if start == end:
            return f"fragment [{start}, {next_end}) touches the one before it (make them one)"
    return None


def check_span_shape(text_length: int, start: int, end: int, fragments: Fragments) -> str | None:
    """Why a span [start, end) with `fragments` does not fit a text of `text_length` code
    points, or None: its bounds, and for a discontinuous span its fragments, which must
    run from `start` to `end`. Reads after "span", as `check_span_bounds`. What every store
    and the importer check before they write a span."""
    problem = check_span_bounds(text_length, start, end)
    if problem or not fragments:
        return problem
    problem = check_fragments(text_length, fragments)
    if not problem and (fragments[0][0], fragments[-1][1]) != (start, end):
        problem = (
            f"[{start}, {end}) does not run from its first fragment's start to its last "
            "fragment's end"
        )
    return problem


def check_relation_end(
    relation: Relation, end: str, span_id: int, layer: tuple[str, str] | None
) -> str | None:
    """Why the span `span_id`, the `end` ("head" or "tail") of `relation`, cannot be: it is
    gone (`layer` None) or in another layer than the relation's (`layer` is the span's
    (document id, annotator)); None if it can."""
    if layer is None:
        return (
            f"the {end} span {span_id} of the {relation.label} relation no longer exists "
            "(deleted elsewhere?)"
        )
    if layer != (relation.document_id, relation.annotator):
        return (
            f"the {end} span {span_id} of the {relation.label} relation is in {layer[1]}'s "
            f"layer of document {layer[0]!r}, not in {relation.annotator}'s layer of "
            f"{relation.document_id!r}: a relation links two spans of one layer"
        )
    return None


def check_span_bounds(text_length: int, start: int, end: int) -> str | None:
    """Why [start, end) is not a valid span of a text of `text_length` code points, or None.

    The reason reads after a word naming the span: f"span {reason}", f"span 3 {reason}".
    """
    if not 0 <= start <= text_length or not 0 <= end <= text_length:
        return f"[{start}, {end}) lies outside the text (length {text_length})"
    if end <= start:
        return f"[{start}, {end}) is empty or reversed (end must be greater than start)"
    return None
