"""The open document's suggestions as the open layer's annotator sees them (no Qt).

`SuggestionModel` holds every suggestion of the document the window shows, the annotator's
decisions on them, and which are shown: `core.suggest.shown`'s rule (not decided, and no
span of the layer covers it: none of the same label overlaps it, none of any label has its
very bounds), kept up to date span by span. It follows the window's `LayerModel`: a span
added hides the suggestions under it at once, one removed (an undo) shows them again;
`apply_changes` takes the decisions an operation recorded. Each update looks only at the
suggestions overlapping what changed (two interval indexes), so an edit on a long article
costs what it touches, not the article.

The suggestions themselves come from the store (`load`), read off the GUI thread by
`ui/suggest_task.py`; `changed` tells the view to repaint and the count to update, and
`current` is the suggestion the keys act on.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Mapping

from annotator.core.model import Span, Suggestion
from annotator.core.span_index import SpanIndex
from annotator.core.suggest.shown import is_shown
from annotator.ops.changes import Changes
from annotator.ui.layer_model import Event, LayerModel


def order(suggestion: Suggestion) -> tuple[int, int, str, int]:
    """The order suggestions are stepped through: by position, then label."""
    return (suggestion.start, suggestion.end, suggestion.label, suggestion.id or 0)


def _start(suggestion: Suggestion) -> int:
    return suggestion.start


class SuggestionModel:
    """The shown suggestions of `layer`'s document for `layer`'s annotator."""

    def __init__(self, layer: LayerModel) -> None:
        self.layer = layer
        self.key: tuple[str, str] | None = None  # the (document, annotator) loaded
        self.loaded = False  # False until the first load of this layer's suggestions
        self._all: dict[int, Suggestion] = {}
        self._decisions: dict[int, str] = {}
        self._index: SpanIndex[int] = SpanIndex()  # every suggestion, by id
        # The layer's span ids, indexed when first asked (a document's suggestions come
        # after its first paint: its opening does not pay for 20,000 spans indexed twice).
        self._spans: SpanIndex[int] | None = None
        self._shown: list[Suggestion] = []  # sorted by `order`
        self._shown_ids: set[int] = set()
        self.current: Suggestion | None = None
        self.changed: Event[Callable[[], None]] = Event()
        layer.was_reset.connect(self._on_layer_was_reset)
        layer.inserted.connect(self._on_layer_inserted)
        layer.removed.connect(self._on_layer_removed)
        layer.changed.connect(self._on_layer_changed)
        self._on_layer_was_reset()

    # -- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._shown)

    def shown(self) -> list[Suggestion]:
        """The suggestions shown, in text order (a copy)."""
        return list(self._shown)

    def all(self) -> list[Suggestion]:
        return sorted(self._all.values(), key=order)

    def suggestion(self, suggestion_id: int | None) -> Suggestion | None:
        """The shown suggestion with this id, or None."""
        if suggestion_id is None or suggestion_id not in self._shown_ids:
            return None
        return self._all[suggestion_id]

    def shown_in(self, start: int, end: int) -> list[Suggestion]:
        """The shown suggestions touching [start, end), in text order."""
        ids = self._index.overlapping(start, end)
        return sorted((self._all[i] for i in ids if i in self._shown_ids), key=order)

    def at(self, offset: int) -> list[Suggestion]:
        """The shown suggestions one of whose pieces holds code point `offset`."""
        return [
            s
            for s in self.shown_in(offset, offset + 1)
            if any(a <= offset < b for a, b in s.pieces)
        ]

    def next_after(self, offset: int, step: int) -> Suggestion | None:
        """The first shown suggestion starting after `offset` (step 1), or the last one
        starting before it (step -1); None when there is none that way."""
        if step > 0:
            row = bisect_right(self._shown, offset, key=_start)
            return self._shown[row] if row < len(self._shown) else None
        row = bisect_left(self._shown, offset, key=_start) - 1
        return self._shown[row] if row >= 0 else None

    def neighbour(self, suggestion: Suggestion, step: int) -> Suggestion | None:
        """The shown suggestion after (step 1) or before (-1) `suggestion` in text order
        (which need not be shown itself)."""
        key = order(suggestion)
        if step > 0:
            row = bisect_right(self._shown, key, key=order)
            return self._shown[row] if row < len(self._shown) else None
        row = bisect_left(self._shown, key, key=order) - 1
        return self._shown[row] if row >= 0 else None

    def position(self, suggestion: Suggestion) -> int:
        """Where a shown suggestion is in text order, from 0."""
        return bisect_left(self._shown, order(suggestion), key=order)

    # -- changing -------------------------------------------------------------------------

    def load(
        self,
        key: tuple[str, str],
        suggestions: Iterable[Suggestion],
        decisions: Mapping[int, str],
    ) -> bool:
        """The suggestions of `key`'s document and `key`'s annotator's decisions, as read
        from the store; False (nothing changed) if the layer shown is another by now."""
        if key != self.layer.layer:
            return False
        self.key = key
        self.loaded = True
        self._all = {s.id: s for s in suggestions if s.id is not None}
        self._decisions = dict(decisions)
        self._index = SpanIndex((i, s.start, s.end) for i, s in self._all.items())
        self._recompute()
        return True

    def set_current(self, suggestion: Suggestion | None) -> None:
        self.current = suggestion
        self.changed.emit()

    def apply_changes(self, changes: Changes) -> None:
        """Take the decisions an operation (or its undo) recorded in this layer."""
        if self.key is None:
            return
        document_id, annotator = self.key
        touched = []
        for suggestion_id, document, who, _, new in changes.decisions:
            if (document, who) != (document_id, annotator):
                continue
            if new is None:
                self._decisions.pop(suggestion_id, None)
            else:
                self._decisions[suggestion_id] = new
            touched.append(suggestion_id)
        if touched:
            self._recheck(touched)

    def _on_layer_was_reset(self) -> None:
        self._spans = None
        if self.layer.layer != self.key:  # another document or annotator: not loaded yet
            self.key = None
            self.loaded = False
            self._all, self._decisions, self._index = {}, {}, SpanIndex()
        self._recompute()

    def _on_layer_inserted(self, _: int, span: Span) -> None:
        assert span.id is not None
        if self._spans is not None:
            self._spans.add(span.id, span.start, span.end)
        self._recheck(self._index.overlapping(span.start, span.end))

    def _on_layer_removed(self, _: int, span: Span) -> None:
        assert span.id is not None
        if self._spans is not None:
            self._spans.remove(span.id)
        self._recheck(self._index.overlapping(span.start, span.end))

    def _on_layer_changed(self, _o: int, _n: int, old: Span, new: Span) -> None:
        assert new.id is not None
        if self._spans is not None:
            self._spans.remove(new.id)
            self._spans.add(new.id, new.start, new.end)
        touched = set(self._index.overlapping(old.start, old.end))
        touched.update(self._index.overlapping(new.start, new.end))
        self._recheck(touched)

    # -- the rule -------------------------------------------------------------------------

    def _visible(self, suggestion: Suggestion) -> bool:
        if self._spans is None:
            spans = self.layer.spans()
            self._spans = SpanIndex((s.id, s.start, s.end) for s in spans if s.id is not None)
        over = (
            self.layer.span(i) for i in self._spans.overlapping(suggestion.start, suggestion.end)
        )
        return is_shown(suggestion, self._decisions, (span for span in over if span is not None))

    def _recompute(self) -> None:
        shown = [s for s in self._all.values() if self._visible(s)]
        self._shown = sorted(shown, key=order)
        self._shown_ids = {s.id for s in self._shown if s.id is not None}
        if self.current is not None and self.current.id not in self._shown_ids:
            self.current = None
        self.changed.emit()

    def _recheck(self, suggestion_ids: Iterable[int]) -> None:
        moved = False
        for suggestion_id in suggestion_ids:
            suggestion = self._all.get(suggestion_id)
            if suggestion is None:
                continue
            visible = self._visible(suggestion)
            if visible == (suggestion_id in self._shown_ids):
                continue
            moved = True
            if visible:
                insort(self._shown, suggestion, key=order)
                self._shown_ids.add(suggestion_id)
            else:
                row = bisect_left(self._shown, order(suggestion), key=order)
                del self._shown[row]
                self._shown_ids.discard(suggestion_id)
                if self.current is not None and self.current.id == suggestion_id:
                    self.current = None
        if moved:
            self.changed.emit()
