"""The open layer: one document's text and one annotator's spans, with events (no Qt).

`LayerModel` is the one record of the layer a window shows. It changes in one place, from an
operation's `Changes` (`apply_changes`) or a document opening (`reset`), and tells its
adapters (the span table, the text view's highlighter) what changed, one span at a time,
as napari's evented containers tell their Qt models. The adapters hold no rules: rows, order
and lookup come from here.

Spans are sorted as the span table lists them: by (start, end, label, id). Each change comes
as an event pair, `about_to_*` before the list changes and the past tense after, so that a Qt
model can wrap it in `beginInsertRows`/`endInsertRows` and the like. Rows are list indexes.

The layer's relations (a QUOTE's `source`) and the project's relation types are held here
too, found by id and by span, and evented one relation at a time (`relation_added`,
`relation_removed`, `relation_changed`; `relations_reset` when a layer's relations are
loaded). A span's relations go before the span does: an operation that deletes a span
lists them, and they are removed first.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from annotator.core.model import Relation, RelationType, Span
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
        self.relation_types: list[RelationType] = []
        self._relations: dict[int, Relation] = {}
        self._relations_by_span: dict[int, set[int]] = {}
        self._sorted_relations: list[Relation] | None = None  # rebuilt when asked after a change
        self.relations_reset: Event[Callable[[], None]] = Event()
        self.relation_added: Event[Callable[[Relation], None]] = Event()
        self.relation_removed: Event[Callable[[Relation], None]] = Event()
        self.relation_changed: Event[Callable[[Relation, Relation], None]] = Event()

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

    # -- relations --------------------------------------------------------------------------

    def relations(self) -> list[Relation]:
        """The layer's relations, by their head span's position, then their tail's (a copy)."""
        if self._sorted_relations is None:
            by_id = self._by_id
            missing = (-1, -1)

            def key(r: Relation) -> tuple[int, int, int, str, int]:
                head, tail = by_id.get(r.head_span_id), by_id.get(r.tail_span_id)
                a, b = (head.start, head.end) if head else missing
                return (a, b, tail.start if tail else -1, r.label, r.id or 0)

            self._sorted_relations = sorted(self._relations.values(), key=key)
        return list(self._sorted_relations)

    def _relation_key(self, relation: Relation) -> tuple[int, int, int, str, int]:
        head, tail = self.span(relation.head_span_id), self.span(relation.tail_span_id)
        return (
            head.start if head else -1,
            head.end if head else -1,
            tail.start if tail else -1,
            relation.label,
            relation.id or 0,
        )

    def relation(self, relation_id: int | None) -> Relation | None:
        return None if relation_id is None else self._relations.get(relation_id)

    def relations_of(self, span_id: int | None) -> list[Relation]:
        """The relations `span_id` is the head or the tail of, in the list's order."""
        ids = self._relations_by_span.get(span_id, set()) if span_id is not None else set()
        return sorted((self._relations[i] for i in ids), key=self._relation_key)

    def relation_count(self) -> int:
        return len(self._relations)

    def relation_type(self, name: str) -> RelationType | None:
        return next((kind for kind in self.relation_types if kind.name == name), None)

    def types_from(self, label: str) -> list[RelationType]:
        """The relation types a span of `label` can be the head of."""
        return [
            kind
            for kind in self.relation_types
            if not kind.head_labels or label in kind.head_labels
        ]

    def set_relations(
        self, relations: Iterable[Relation], kinds: Iterable[RelationType] | None = None
    ) -> None:
        """The open layer's relations (and the project's relation types, if given), loaded
        after `reset`."""
        if kinds is not None:
            self.relation_types = list(kinds)
        self._relations = {r.id: r for r in relations if r.id is not None}
        by_span: dict[int, set[int]] = {}
        for relation_id, relation in self._relations.items():
            assert relation_id is not None
            for span_id in (relation.head_span_id, relation.tail_span_id):
                ids = by_span.get(span_id)
                if ids is None:
                    by_span[span_id] = {relation_id}
                else:
                    ids.add(relation_id)
        self._relations_by_span = by_span
        self._sorted_relations = None
        self.relations_reset.emit()

    def add_relation(self, relation: Relation) -> None:
        assert relation.id is not None
        if relation.id in self._relations:
            return
        self._store_relation(relation)
        if self._sorted_relations is not None:
            insort(self._sorted_relations, relation, key=self._relation_key)
        self.relation_added.emit(relation)

    def remove_relation(self, relation: Relation) -> None:
        stored = self.relation(relation.id)
        if stored is None:
            return
        del self._relations[stored.id]  # type: ignore[arg-type]  # listed by id: not None
        for span_id in (stored.head_span_id, stored.tail_span_id):
            ids = self._relations_by_span.get(span_id)
            if ids is not None:
                ids.discard(stored.id)
                if not ids:
                    del self._relations_by_span[span_id]
        self._unsort(stored)
        self.relation_removed.emit(stored)

    def replace_relation(self, old: Relation, new: Relation) -> None:
        stored = self.relation(old.id)
        if stored is None:
            self.add_relation(new)
            return
        assert new.id == stored.id
        self._unsort(stored)
        self._relations[new.id] = new  # type: ignore[index]  # same id, not None
        if self._sorted_relations is not None:
            insort(self._sorted_relations, new, key=self._relation_key)
        self.relation_changed.emit(stored, new)

    def _store_relation(self, relation: Relation) -> None:
        assert relation.id is not None
        self._relations[relation.id] = relation
        for span_id in (relation.head_span_id, relation.tail_span_id):
            self._relations_by_span.setdefault(span_id, set()).add(relation.id)

    def relation_row(self, relation: Relation) -> int | None:
        """The position of the relation with `relation`'s id in `relations()` (O(log n))."""
        stored = self.relation(relation.id)
        if stored is None:
            return None
        if self._sorted_relations is None:
            self.relations()
        assert self._sorted_relations is not None
        row = bisect_left(
            self._sorted_relations, self._relation_key(stored), key=self._relation_key
        )
        return row if row < len(self._sorted_relations) else None

    def _unsort(self, stored: Relation) -> None:
        """Take `stored` out of the sorted list (while its spans are still listed)."""
        rows = self._sorted_relations
        if rows is None:
            return
        row = bisect_left(rows, self._relation_key(stored), key=self._relation_key)
        if row < len(rows) and rows[row].id == stored.id:
            del rows[row]
        else:
            self._sorted_relations = None

    # -- changing ---------------------------------------------------------------------------

    def reset(self, layer: tuple[str, str] | None, text: str, spans: Iterable[Span]) -> None:
        """Show another layer (a document opened, or reloaded): `layer` is (document id,
        annotator), None for spans that no operation's changes concern."""
        self.about_to_reset.emit()
        self.layer = layer
        self.text = text
        self._spans = sorted(spans, key=sort_key)
        self._by_id = {span.id: span for span in self._spans if span.id is not None}
        self._relations, self._relations_by_span, self._sorted_relations = {}, {}, None
        self.was_reset.emit()

    def apply_changes(self, changes: Changes) -> None:
        """Take what an operation did to this layer (nothing if it did not touch it):
        relations removed, spans removed, changed and added, relations added and changed."""
        if self.layer is None:
            return
        layer = self.layer
        for relation in changes.relations_removed:
            if (relation.document_id, relation.annotator) == layer:
                self.remove_relation(relation)
        removed, changed, added = changes.spans_of(*layer)
        for span in removed:
            self.remove(span)
        for old, new in changed:
            self.replace(old, new)
        for span in added:
            self.insert(span)
        for relation in changes.relations_added:
            if (relation.document_id, relation.annotator) == layer:
                self.add_relation(relation)
        for old_relation, new_relation in changes.relations_changed:
            if (new_relation.document_id, new_relation.annotator) == layer:
                self.replace_relation(old_relation, new_relation)

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
        if stored.id in self._relations_by_span:
            self._sorted_relations = None
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
        if new.id in self._relations_by_span:
            self._sorted_relations = None  # a moved span moves its relations in the list
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
