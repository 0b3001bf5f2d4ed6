"""The list of a comparison's relation disagreements, below its span disagreements: one row
per disagreement (only some linked it, or the relation label differs), each compared
annotator's links there, and what gold holds there.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor

from annotator.core.disagreements import Kind
from annotator.core.relation_disagreements import (
    Link,
    RelationDisagreement,
    RelationKind,
    linked_together,
)
from annotator.ui.column_fit import Limits
from annotator.ui.disagreement_model import KIND_COLORS, VersionsModel, quoted

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


class RelationDisagreementModel(VersionsModel[RelationDisagreement, set[Link]]):
    """One row per relation disagreement: kind, each annotator's links, gold's."""

    LEADING = ("#", "Kind")
    LEADING_LIMITS = (Limits(10, 30),)
    KIND_COLUMN = 1

    def kind_color(self, row: RelationDisagreement) -> QColor:
        return RELATION_KIND_COLORS[row.kind]

    def leading_cell(self, row: RelationDisagreement, column: int) -> str:
        return linked_text(row)

    def version_cell(self, row: RelationDisagreement, annotator: str) -> str:
        return describe_links(row.links_of(annotator), self.text)

    def gold_cell(self, row: RelationDisagreement, gold: set[Link]) -> str:
        held = gold_links_there(row, gold)
        same = [name for name in self.annotators if set(row.links_of(name)) == set(held)]
        if same:  # who first: the cell may be cut short
            return f"same as {', '.join(same)}: {describe_links(held, self.text)}"
        return f"edited: {describe_links(held, self.text)}" if held else "none chosen"
