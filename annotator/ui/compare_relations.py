"""The comparison's relation disagreements: the table below the span disagreements, built
from each layer's spans and relations (`annotator.core.relation_disagreements`), and what
gold holds there. The comparison window asks it which disagreement is current and whether
the curator last worked in it (keys 1-9 then accept a version of the links).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from annotator.core.model import GOLD_ANNOTATOR, Relation, Span
from annotator.core.relation_disagreements import (
    Link,
    RelationDisagreement,
    find_relation_disagreements,
)
from annotator.store.gold import span_key
from annotator.ui.column_fit import ColumnFit
from annotator.ui.relation_disagreement_model import RelationDisagreementModel


def links_of(spans: Iterable[Span], relations: Iterable[Relation], labels: set[str]) -> list[Link]:
    """A layer's relations as links (head span key, tail span key, label), those whose two
    ends have one of `labels`."""
    by_id = {s.id: span_key(s) for s in spans if s.label in labels}
    return [
        (by_id[r.head_span_id], by_id[r.tail_span_id], r.label)
        for r in relations
        if r.head_span_id in by_id and r.tail_span_id in by_id
    ]


class RelationList:
    """The relation disagreements of one comparison and their table."""

    def __init__(self, annotators: Sequence[str]):
        self.annotators = list(annotators)
        self.disagreements: list[RelationDisagreement] = []
        self.model = RelationDisagreementModel(self.annotators)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAccessibleName("Relation disagreements")
        self.fit = ColumnFit(self.table, self.model.column_limits)
        # True once the curator picked a row here (and not in the span list since).
        self.active = False

    def show(
        self,
        text: str,
        layers: Mapping[str, list[Span]],
        relations: Mapping[str, list[Relation]],
        labels: set[str],
        gold_started: bool,
    ) -> None:
        current = self.current_row()
        compared = {
            name: links_of(layers[name], relations[name], labels) for name in self.annotators
        }
        self.disagreements = find_relation_disagreements(compared)
        self.model.set_rows(self.disagreements, text, self._gold(layers, relations, gold_started))
        if self.disagreements and current >= 0:
            self.go_to(min(current, len(self.disagreements) - 1))

    def show_gold(
        self, layers: Mapping[str, list[Span]], relations: Mapping[str, list[Relation]]
    ) -> None:
        self.model.set_gold(self._gold(layers, relations, True))

    @staticmethod
    def _gold(
        layers: Mapping[str, list[Span]],
        relations: Mapping[str, list[Relation]],
        started: bool,
    ) -> set[Link] | None:
        if not started:
            return None
        spans = layers[GOLD_ANNOTATOR]
        return set(links_of(spans, relations[GOLD_ANNOTATOR], {s.label for s in spans}))

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def current(self) -> RelationDisagreement | None:
        row = self.current_row()
        return self.disagreements[row] if 0 <= row < len(self.disagreements) else None

    def go_to(self, row: int) -> None:
        self.table.setCurrentIndex(self.model.index(row, 0))

    def step(self, direction: int) -> None:
        if self.disagreements:
            row = self.current_row()
            self.go_to((row + direction) % len(self.disagreements) if row >= 0 else 0)
