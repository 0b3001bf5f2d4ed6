"""The list of a comparison's disagreements: one row per disagreement, with each compared
annotator's version and which version gold holds, and the words and colours that describe
them (the comparison window's columns underline each disagreement in its kind's colour).

What a curator reads first leads each cell, so that a cell cut short at the table's edge
still says it: the gold cell names whose version gold holds before the version itself
(`same as bob: ACTOR 171–181 “Karl Stein”`). The columns' widths (`column_limits`) give
the kind and the versions the room; the row number and the offsets take little.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.coefficients import AgreementSpan
from annotator.core.disagreements import Disagreement, Kind
from annotator.ui.column_fit import Limits
from annotator.ui.plain import as_tooltip
from annotator.ui.table_model import ColumnsModel, Index

# Unlike any default label colour (ACTOR blue, QUOTE orange, EVENT green, CLAIM red), so that
# a mark never looks like a span.
# "Only some" is the commonest kind: a vivid violet, not the near-black it was (which read
# as faint text on a wavy line).
KIND_COLORS = {
    Kind.ONLY_SOME: QColor("#6200EA"),
    Kind.LABEL: QColor("#C000C0"),
    Kind.BOUNDARY: QColor("#00A3B4"),
    Kind.LABEL_AND_BOUNDARY: QColor("#8A6A00"),
}
MAX_COLUMNS = 9  # keys 1-9 accept a column's version

R = TypeVar("R")  # a row: one disagreement
G = TypeVar("G")  # what gold holds


# Characters that open or close a quotation: a span's text that starts with one is shown
# as it is, not inside quotes of ours (“““The president…” read as a typo).
QUOTE_MARKS = "\"'“”„‟‘’‚‛«»‹›「」『』"


def quoted(span: Sequence[Any], text: str, limit: int = 40) -> str:
    """A span's text on one line, cut to `limit` characters, in “quotes” unless it starts
    or ends with a quotation mark of its own; a discontinuous span's fragments (its 4th
    item) joined by " … "."""
    pieces = span[3] if len(span) > 3 and span[3] else ((span[0], span[1]),)
    shown = " … ".join(" ".join(text[start:end].split()) for start, end in pieces)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    first, last = shown[:1], shown[-1:]
    if (first and first in QUOTE_MARKS) or (last and last in QUOTE_MARKS):
        return shown
    return f"“{shown}”"


def describe(spans: Sequence[AgreementSpan], text: str, limit: int = 40) -> str:
    """`QUOTE 20–40 “bridge opens”` per span, or a dash for none."""
    if not spans:
        return "—"
    return "; ".join(f"{span[2]} {span[0]}–{span[1]} {quoted(span, text, limit)}" for span in spans)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def kind_text(disagreement: Disagreement) -> str:
    """The kind, and for "only some" who marked it: `only bob marked it`."""
    if disagreement.kind != Kind.ONLY_SOME:
        return disagreement.kind.value
    marked = [name for name, spans in disagreement.spans if spans]
    return f"only {', '.join(marked)} marked it"


def matching_versions(
    disagreement: Disagreement, gold: set[AgreementSpan], annotators: Sequence[str]
) -> list[str]:
    """The annotators whose version of `disagreement` gold holds now (exactly; an annotator
    who marked nothing there matches a gold that holds none of the versions)."""
    versions = {span for _, spans in disagreement.spans for span in spans}
    in_gold = gold & versions
    return [name for name in annotators if set(disagreement.spans_of(name)) == in_gold]


class VersionsModel(ColumnsModel, Generic[R, G]):
    """A comparison's disagreements (of spans, or of relations), one a row: its leading
    columns (`LEADING`, "#" first), each compared annotator's version, and gold's (`gold`
    None: no gold layer yet). Subclasses say what each cell shows."""

    LEADING: ClassVar[tuple[str, ...]] = ("#",)
    LEADING_LIMITS: ClassVar[tuple[Limits, ...]] = ()  # of the leading columns after "#"
    KIND_COLUMN: ClassVar[int]  # the column coloured by the disagreement's kind

    def __init__(self, annotators: Sequence[str]):
        super().__init__()
        self.annotators = list(annotators)
        self.columns = (*self.LEADING, *self.annotators, "Gold")
        self.rows: list[R] = []
        self.text = ""
        self.gold: G | None = None

    def set_rows(self, rows: list[R], text: str, gold: G | None) -> None:
        self.beginResetModel()
        self.rows, self.text, self.gold = rows, text, gold
        self.endResetModel()

    def set_gold(self, gold: G | None) -> None:
        self.gold = gold
        self.column_changed(len(self.columns) - 1)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        if role == Qt.ItemDataRole.ToolTipRole:  # an annotator's name, cut short if long
            return as_tooltip(self.columns[section])
        return None

    def column_limits(self, column: int) -> Limits:
        """The row number and the leading columns take what they need; each version and
        gold's share the rest, and give way (elided) when there is not enough."""
        if column == 0:
            return Limits(2, 5)
        if column < len(self.LEADING):
            return self.LEADING_LIMITS[column - 1]
        return Limits(8, 60, flexible=True)

    def row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.ForegroundRole and column == self.KIND_COLUMN:
            return self.kind_color(row)
        if role == Qt.ItemDataRole.ToolTipRole:  # article text: never read as HTML
            return as_tooltip(self.data(index))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        first = len(self.LEADING)
        if column == 0:
            return str(index.row() + 1)
        if column < first:
            return self.leading_cell(row, column)
        if column < first + len(self.annotators):
            return self.version_cell(row, self.annotators[column - first])
        return "not started" if self.gold is None else self.gold_cell(row, self.gold)

    def kind_color(self, row: R) -> QColor:
        raise NotImplementedError

    def leading_cell(self, row: R, column: int) -> str:
        raise NotImplementedError

    def version_cell(self, row: R, annotator: str) -> str:
        raise NotImplementedError

    def gold_cell(self, row: R, gold: G) -> str:
        raise NotImplementedError


class DisagreementModel(VersionsModel[Disagreement, set[AgreementSpan]]):
    """One row per span disagreement: where, what kind, each annotator's version, and which
    version gold holds."""

    LEADING = ("#", "Where", "Kind")
    LEADING_LIMITS = (Limits(5, 14), Limits(10, 30))
    KIND_COLUMN = 2

    def kind_color(self, row: Disagreement) -> QColor:
        return KIND_COLORS[row.kind]

    def leading_cell(self, row: Disagreement, column: int) -> str:
        return f"{row.start}–{row.end}" if column == 1 else kind_text(row)

    def version_cell(self, row: Disagreement, annotator: str) -> str:
        return describe(row.spans_of(annotator), self.text)

    def gold_cell(self, row: Disagreement, gold: set[AgreementSpan]) -> str:
        versions = {span for _, spans in row.spans for span in spans}
        names = matching_versions(row, gold, self.annotators)
        if names:
            return f"same as {', '.join(names)}: {describe(sorted(gold & versions), self.text)}"
        # What gold holds there, whoever made it: a span the curator drew or moved in the
        # main window is none of the versions, but it is gold's answer here.
        there = sorted(s for s in gold if s[0] < row.end and row.start < s[1])
        if there:
            return f"edited: {describe(there, self.text)}"
        return "none chosen"
