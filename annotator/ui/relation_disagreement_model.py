"""The list of a comparison's relation disagreements, beside its span disagreements: one row
per disagreement (only some linked it, or the relation label differs), each compared
annotator's links there, and what gold holds there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from annotator.core.disagreements import Kind
from annotator.core.relation_disagreements import (
    Link,
    RelationDisagreement,
    RelationKind,
    linked_together,
)
from annotator.ui.disagreement_model import KIND_COLORS, quoted
from annotator.ui.plain import as_tooltip
from annotator.ui.table_model import ColumnsModel, Index

RELATION_KIND_COLORS = {  # as the spans' kinds of the same name
    RelationKind.ONLY_SOME: KIND_COLORS[Kind.ONLY_SOME],
    RelationKind.LABEL: KIND_COLORS[Kind.LABEL],
}


def describe_link(link: Link, text: str, limit: int = 24) -> str:
    """`QUOTE “bridge opens…” → source → ACTOR “Lee”`."""
    head, tail, label = link
    return (
        f"{head[2]} {quoted(head, text, limit)} → {label} → {tail[2]} {quoted(tail, text, limit)}"
    )


def describe_links(links: Sequence[Link], text: str) -> str:
    return "; ".join(describe_link(link, text) for link in links) if links else "—"


def linked_text(disagreement: RelationDisagreement) -> str:
    if disagreement.kind != RelationKind.ONLY_SOME:
        return disagreement.kind.value
    marked = [name for name, links in disagreement.links if links]
    return f"only {', '.join(marked)} linked it"


def gold_links_there(disagreement: RelationDisagreement, gold: set[Link]) -> list[Link]:
    """The gold links in the disagreement's cluster: heads and tails overlapping one of its
    links' (a gold link the curator made there by hand counts too)."""
    links = [link for _, found in disagreement.links for link in found]
    return sorted(g for g in gold if any(linked_together(g, link) for link in links))


class RelationDisagreementModel(ColumnsModel):
    """One row per relation disagreement: kind, each annotator's links, gold's."""

    def __init__(self, annotators: Sequence[str]):
        super().__init__()
        self.annotators = list(annotators)
        self.columns = ("#", "Kind", *self.annotators, "Gold")
        self.rows: list[RelationDisagreement] = []
        self.text = ""
        self.gold: set[Link] | None = None  # None: no gold layer yet

    def set_rows(self, rows: list[RelationDisagreement], text: str, gold: set[Link] | None) -> None:
        self.beginResetModel()
        self.rows, self.text, self.gold = rows, text, gold
        self.endResetModel()

    def set_gold(self, gold: set[Link] | None) -> None:
        self.gold = gold
        self.column_changed(len(self.columns) - 1)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return RELATION_KIND_COLORS[row.kind]
        if role == Qt.ItemDataRole.ToolTipRole:  # article text: never read as HTML
            return as_tooltip(self.data(index))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return str(index.row() + 1)
        if column == 1:
            return linked_text(row)
        if column < 2 + len(self.annotators):
            return describe_links(row.links_of(self.annotators[column - 2]), self.text)
        if self.gold is None:
            return "not started"
        held = gold_links_there(row, self.gold)
        same = [name for name in self.annotators if set(row.links_of(name)) == set(held)]
        if same:
            return f"{describe_links(held, self.text)}  (same as {', '.join(same)})"
        return f"{describe_links(held, self.text)}  (edited)" if held else "—  (none chosen)"
