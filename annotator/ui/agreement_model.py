"""What the agreement view shows of its figures: the measures' names, a figure as text and
as a colour, and the per-document table (its rows, worst first, and each document's gold
state).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from annotator.core.model import Status
from annotator.store.gold import GOLD_STATE_NAMES
from annotator.ui.column_fit import Limits
from annotator.ui.plain import as_tooltip
from annotator.ui.table_model import ColumnsModel, Index

MEASURES = {"f1_exact": "F1 exact", "f1_overlap": "F1 overlap", "cohen_kappa": "Cohen's κ"}
# The pairwise matrix can show relation F1 as well (a pair's "relations" entry).
MATRIX_MEASURES = {
    **MEASURES,
    "relations_f1_exact": "Relation F1 exact",
    "relations_f1_overlap": "Relation F1 overlap",
}


def measure_value(pair: dict[str, Any], key: str) -> float | None:
    """A pair's figure for a key of MATRIX_MEASURES."""
    if key.startswith("relations_"):
        value: float | None = pair.get("relations", {}).get(key.removeprefix("relations_"))
        return value
    figure: float | None = pair.get(key)
    return figure


def number(value: float | None, digits: int = 3) -> str:
    """A measure for display: undefined values (NaN, None) as a dash."""
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.{digits}f}"


def value_color(value: float | None) -> QColor | None:
    """Red (≤ 0) through yellow (0.5) to green (1), light enough to read text on."""
    if value is None or math.isnan(value):
        return None
    x = min(max(value, 0.0), 1.0)
    hue = 120 * x  # 0 red .. 120 green
    return QColor.fromHsv(int(hue), 90, 250)


class DocumentAgreementModel(ColumnsModel):
    """The per-document rows, worst first: most disagreements, then lowest alpha."""

    COLUMNS = (
        "Document",
        "Id",
        "Disagreements",
        "Relation\ndisagreements",  # on two lines: the column holds a small number
        "α",
        "α_U",
        "Annotators",
        "Gold",
    )

    # The figures, the annotators and gold are what a curator picks a document by: they
    # keep their width; the title and the id give way (and are elided).
    LIMITS = (
        Limits(12, 80, flexible=True),
        Limits(6, 18, flexible=True),
        Limits(3, 14),
        Limits(3, 14),
        Limits(3, 8),
        Limits(3, 8),
        Limits(8, 40, flexible=True),
        Limits(6, 14),
    )

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.gold: dict[str, Status] = {}

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return as_tooltip(self.COLUMNS[section])  # a header cut short says it whole
        return super().headerData(section, orientation, role)

    def column_limits(self, column: int) -> Limits:
        return self.LIMITS[column]

    def set_rows(self, rows: Sequence[dict[str, Any]], gold: dict[str, Status]) -> None:
        def badness(row: dict[str, Any]) -> tuple[float, float]:
            alpha = row.get("krippendorff_alpha")
            alpha = 2.0 if alpha is None or math.isnan(alpha) else alpha
            return (-row["disagreements"], alpha)

        self.beginResetModel()
        self.rows, self.gold = sorted(rows, key=badness), dict(gold)
        self.endResetModel()

    def set_all_gold(self, gold: dict[str, Status]) -> None:
        self.gold = dict(gold)
        self.column_changed(len(self.COLUMNS) - 1)

    def set_gold(self, document_id: str, status: Status) -> None:
        self.gold[document_id] = status
        for row, entry in enumerate(self.rows):
            if entry["id"] == document_id:
                self.column_changed(len(self.COLUMNS) - 1, row, row)

    def row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.BackgroundRole and column in (4, 5):
            color = value_color(row.get("krippendorff_alpha" if column == 4 else "alpha_u"))
            return QBrush(color) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:  # titles are user text: never HTML
            return as_tooltip(self.data(index))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.get("title") or row["id"],
            row["id"],
            str(row["disagreements"]),
            str(row.get("relation_disagreements", 0)),
            number(row.get("krippendorff_alpha")),
            number(row.get("alpha_u")),
            ", ".join(row.get("annotators", [])),
            GOLD_STATE_NAMES[self.gold.get(row["id"], Status.NEW)],
        )
        return values[column]
