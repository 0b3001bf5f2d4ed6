"""The agreement view's tables filled from a report: the relation table of a pair, and the
matrix's relation measures; names from the data shown as plain text."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget

from annotator.core.agreement import DocumentLayers, compute_agreement
from annotator.ui.agreement_tables import fill_matrix, fill_relations, pair_entry

SPANS = [(0, 9, "ACTOR"), (20, 40, "QUOTE")]
LINK = ((20, 40, "QUOTE"), (0, 9, "ACTOR"), "source")


def report() -> dict:
    doc = DocumentLayers(
        "d", "", 40, {"<b>a</b>": SPANS, "b": SPANS}, {"<b>a</b>": [LINK], "b": []}
    )
    return compute_agreement(
        [doc], ["<b>a</b>", "b"], ["ACTOR", "QUOTE"], relation_labels=["source"]
    )


def test_the_relation_table_of_a_pair(qtbot) -> None:
    table = QTableWidget()
    qtbot.addWidget(table)
    pair = pair_entry(report(), "b", "<b>a</b>")
    assert pair is not None
    fill_relations(table, pair)
    cells = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert cells == [["(all)", "0.000", "0.000", "1", "0"], ["source", "0.000", "0.000", "1", "0"]]
    assert table.horizontalHeaderItem(3).text() == "only <b>a</b>"  # plain text
    fill_relations(table, None)
    assert table.rowCount() == 0


def test_the_matrix_shows_relation_f1(qtbot) -> None:
    table = QTableWidget()
    qtbot.addWidget(table)
    fill_matrix(table, report(), "relations_f1_overlap")
    assert table.item(0, 1).text() == table.item(1, 0).text() == "0.000"
    fill_matrix(table, report(), "f1_exact")
    assert table.item(0, 1).text() == "1.000"
