"""The agreement view's figure tables, filled from a report (`annotator agreement --json`'s
shape): the pairwise matrix, the per-label table and the picked pair's relation F1. Each
figure is shown with `number` and coloured with `value_color`; names from the data go in
as plain item text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from annotator.ui.agreement_model import (
    MATRIX_MEASURES,
    MEASURES,
    measure_value,
    number,
    value_color,
)
from annotator.ui.plain import as_tooltip


def pair_entry(report: dict[str, Any], a: str, b: str) -> dict[str, Any] | None:
    """The report's entry of the pair {a, b} (either order), or None."""
    for pair in report["pairs"]:
        if {pair["a"], pair["b"]} == {a, b}:
            return dict(pair)
    return None


def _figure(text: str, value: float | None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    color = value_color(value)
    if color is not None:
        item.setBackground(color)
    return item


def fill_matrix(matrix: QTableWidget, report: dict[str, Any], key: str) -> None:
    """Annotator by annotator, the measure `key` (of MATRIX_MEASURES) of each pair."""
    names = report["annotators"]
    matrix.blockSignals(True)
    matrix.clear()
    matrix.setRowCount(len(names))
    matrix.setColumnCount(len(names))
    matrix.setHorizontalHeaderLabels(names)
    matrix.setVerticalHeaderLabels(names)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            pair = pair_entry(report, a, b) if i != j else None
            value = measure_value(pair, key) if pair else None
            item = _figure("" if i == j else number(value), value)
            if pair is not None:
                figures = ", ".join(
                    f"{name} {number(measure_value(pair, k))}"
                    for k, name in MATRIX_MEASURES.items()
                )
                item.setToolTip(
                    as_tooltip(f"{a} vs {b} on {pair['documents']} document(s): {figures}")
                )
            if i == j:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            matrix.setItem(i, j, item)
    matrix.resizeColumnsToContents()
    matrix.blockSignals(False)


def fill_per_label(
    table: QTableWidget, report: dict[str, Any], pair: dict[str, Any] | None
) -> None:
    """Per label: Fleiss' kappa, alpha and alpha_U of all chosen annotators, and the
    pair's F1 and kappa when a pair is given."""
    labels = report["labels"]
    corpus = report["per_label"]
    columns = ["Label", "Fleiss' κ", "α", "α_U"]
    if pair is not None:
        columns += [f"{name}\n{pair['a']}–{pair['b']}" for name in MEASURES.values()]
    table.clear()
    table.setColumnCount(len(columns))
    table.setRowCount(len(labels))
    table.setHorizontalHeaderLabels(columns)
    for row, label in enumerate(labels):
        values: list[float | None] = [
            corpus.get(label, {}).get(k) for k in ("fleiss_kappa", "krippendorff_alpha", "alpha_u")
        ]
        if pair is not None:
            values += [pair["per_label"].get(label, {}).get(k) for k in MEASURES]
        table.setItem(row, 0, QTableWidgetItem(label))
        for column, value in enumerate(values, start=1):
            table.setItem(row, column, _figure(number(value), value))
    table.resizeColumnsToContents()


def fill_relations(table: QTableWidget, pair: dict[str, Any] | None) -> None:
    """The pair's relation F1, over all relation types and per type, with the relations
    only one of them has (overlap matching)."""
    table.clear()
    if pair is None:
        table.setColumnCount(1)
        table.setRowCount(0)
        table.setHorizontalHeaderLabels(["Relations: pick a pair in the matrix"])
        table.resizeColumnsToContents()
        return
    relations = pair["relations"]
    rows = [("(all)", relations), *relations["per_label"].items()]
    table.setColumnCount(5)
    table.setRowCount(len(rows))
    a, b = pair["a"], pair["b"]
    table.setHorizontalHeaderLabels(
        [f"Relation\n{a}–{b}", "F1 exact", "F1 overlap", f"only {a}", f"only {b}"]
    )
    for row, (name, values) in enumerate(rows):
        counts = values["overlap"]
        table.setItem(row, 0, QTableWidgetItem(name))
        for column, key in enumerate(("f1_exact", "f1_overlap"), start=1):
            table.setItem(row, column, _figure(number(values[key]), values[key]))
        table.setItem(row, 3, _figure(str(counts["only_a"]), None))
        table.setItem(row, 4, _figure(str(counts["only_b"]), None))
    table.resizeColumnsToContents()
