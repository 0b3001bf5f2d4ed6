"""The open layer: one document's text and one annotator's spans, with events (no Qt).

`LayerModel` is the one record of the layer a window shows. It changes in one place, from an
operation's `Changes` (`apply_changes`) or a document opening (`reset`), and tells its
adapters (the span table, the text view's highlighter) what changed, one span at a time,
as napari's evented containers tell their Qt models. The adapters hold no rules: rows, order
and lookup come from here.

Spans are sorted as the span table lists them: by (start, end, label, id). Each change comes
as an event pair, `about_to_*` before the list changes and the past tense after, so that a Qt
model can wrap it in `beginInsertRows`/`endInsertRows` and the like. Rows are list indexes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from annotator.core.model import Span
from annotator.ops.changes import Changes

F = TypeVar("F", bound=Callable[..., None])


class Event(Generic[F]):
    """Callbacks called in the order they were connected."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., None]] = []

    def connect(self, callback: F) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: F) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in self._callbacks:
            callback(*args)


def sort_key(span: Span) -> tuple[int, int, str, int]:
    """The order of the span table: by position, then label, then id."""
    return (span.start, span.end, span.label, span.id or 0)


class LayerModel:
    """One layer's spans, sorted by `sort_key`, found by row or by id."""

    def __init__(self) -> None:
        self.layer: tuple[str, str] | None = None  # (document id, annotator)
        self.text = ""
        self._spans: list[Span] = []
        self._by_id: dict[int, Span] = {}
        self.about_to_reset: Event[Callable[[], None]] = Event()
        self.was_reset: Event[Callable[[], None]] = Event()
        self.about_to_insert: Event[Callable[[int, Span], None]] = Event()
        self.inserted: Event[Callable[[int, Span], None]] = Event()
        self.about_to_remove: Event[Callable[[int, Span], None]] = Event()
        self.removed: Event[Callable[[int, Span], None]] = Event()
        # (old row, new row, old, new): a span changed in place (same id); the rows differ
        # when its position or label moved it in the order.
        self.about_to_change: Event[Callable[[int, int, Span, Span], None]] = Event()
        self.changed: Event[Callable[[int, int, Span, Span], None]] = Event()

    # -- reading ----------------------------------------------------------------------------

    @property
    def document_id(self) -> str | None:
        return None if self.layer is None else self.layer[0]

    @property
    def annotator(self) -> str | None:
        return None if self.layer is None else self.layer[1]

    def __len__(self) -> int:
        return len(self._spans)

    def spans(self) -> list[Span]:
        """The spans in table order (a copy)."""
        return list(self._spans)

    def span_at(self, row: int) -> Span:
        return self._spans[row]

    def span(self, span_id: int | None) -> Span | None:
        """The span with this id, or None."""
        return None if span_id is None else self._by_id.get(span_id)

    def row_of(self, span: Span) -> int | None:
        """The row of the span with `span`'s id (O(log n)), or None if it is not listed."""
        stored = self.span(span.id)
        if stored is None:
            return None
        return bisect_left(self._spans, sort_key(stored), key=sort_key)

    # -- changing ---------------------------------------------------------------------------

    def reset(self, layer: tuple[str, str] | None, text: str, spans: Iterable[Span]) -> None:
        """Show another layer (a document opened, or reloaded): `layer` is (document id,
        annotator), None for spans that no operation's changes concern."""
        self.about_to_reset.emit()
        self.layer = layer
        self.text = text
        self._spans = sorted(spans, key=sort_key)
        self._by_id = {span.id: span for span in self._spans if span.id is not None}
        self.was_reset.emit()

    def apply_changes(self, changes: Changes) -> None:
        """Take what an operation did to this layer (nothing if it did not touch it)."""
        if self.layer is None:
            return
        removed, changed, added = changes.spans_of(*self.layer)
        for span in removed:
            self.remove(span)
        for old, new in changed:
            self.replace(old, new)
        for span in added:
            self.insert(span)

    def insert(self, span: Span) -> int:
        """Add `span` (which has an id not listed yet); returns its row."""
        assert span.id is not None and span.id not in self._by_id, span
        row = bisect_left(self._spans, sort_key(span), key=sort_key)
        self.about_to_insert.emit(row, span)
        self._spans.insert(row, span)
        self._by_id[span.id] = span
        self.inserted.emit(row, span)
        return row

    def remove(self, span: Span) -> None:
        """Remove the span with `span`'s id (nothing if it is not listed)."""
        row = self.row_of(span)
        if row is None:
            return
        stored = self._spans[row]
        self.about_to_remove.emit(row, stored)
        del self._spans[row]
        del self._by_id[stored.id]  # type: ignore[arg-type]  # listed by id: not None
        self.removed.emit(row, stored)

    def replace(self, old: Span, new: Span) -> int:
        """`new` in place of the span with its id (added if none is listed); returns its
        row."""
        assert new.id is not None and old.id == new.id
        old_row = self.row_of(old)
        if old_row is None:
            return self.insert(new)
        stored = self._spans[old_row]
        # The row `new` takes once `stored` is out of the list.
        new_row = bisect_left(self._spans, sort_key(new), key=sort_key)
        if new_row > old_row:
            new_row -= 1
        self.about_to_change.emit(old_row, new_row, stored, new)
        if new_row == old_row:
            self._spans[old_row] = new
        else:
            del self._spans[old_row]
            self._spans.insert(new_row, new)
        self._by_id[new.id] = new
        self.changed.emit(old_row, new_row, stored, new)
        return new_row
