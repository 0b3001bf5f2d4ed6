"""The comparison window's widgets: a column per annotator and one for gold (a header and a
text view each, scrolled together), and under them the span and relation disagreement
lists, one above the other, each as wide as the window. Each widget is set on the window,
which fills them (compare_view.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import GOLD_ANNOTATOR
from annotator.ui.column_fit import ColumnFit
from annotator.ui.compare_relations import RelationList
from annotator.ui.disagreement_model import KIND_COLORS, DisagreementModel
from annotator.ui.plain import as_tooltip, plain_label
from annotator.ui.text_view import SpanTextView

if TYPE_CHECKING:
    from annotator.ui.compare_view import ComparisonWindow


def build_comparison_layout(window: ComparisonWindow) -> None:
    """The widgets of `window`, its central widget the splitter `window.split`."""
    columns = QSplitter(Qt.Orientation.Horizontal)
    window.views, window.headers = {}, {}
    for number, name in enumerate([*window.annotators, GOLD_ANNOTATOR], start=1):
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(2, 2, 2, 2)
        header = plain_label()
        view = SpanTextView()
        view.setAccessibleName(f"{name}'s layer")
        view.verticalScrollBar().valueChanged.connect(window._on_view_scrolled)
        layout.addWidget(header)
        layout.addWidget(view)
        columns.addWidget(box)
        window.views[name], window.headers[name] = view, header
        if name != GOLD_ANNOTATOR:
            header.setToolTip(as_tooltip(f"Press {number} to accept {name}'s version into gold"))
    window.model = DisagreementModel(window.annotators)
    window.table = QTableView()
    window.table.setModel(window.model)
    window.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    window.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    window.table.verticalHeader().hide()
    window.table.setWordWrap(False)  # one line per disagreement; the tooltip has it all
    window.table.setTextElideMode(Qt.TextElideMode.ElideRight)
    window.table.setAccessibleName("Disagreements")
    window.table_fit = ColumnFit(window.table, window.model.column_limits)
    window.table.selectionModel().currentRowChanged.connect(window._on_table_current_changed)
    window.legend = QLabel(
        "  ".join(
            f'<span style="color:{color.name()}">━</span> {kind.value}'
            for kind, color in KIND_COLORS.items()
        )
    )  # fixed text of ours; no user text goes into rich text
    window.relation_list = RelationList(window.annotators)
    window.relation_list.table.selectionModel().currentRowChanged.connect(
        window._on_relation_table_current_changed
    )
    # The lists one above the other, each as wide as the window: side by side, the
    # later annotators' versions and gold's were off the edge.
    window.split = QSplitter(Qt.Orientation.Vertical)
    window.split.addWidget(columns)
    for caption, table, legend in (
        ("Span disagreements (F8 / Shift+F8)", window.table, window.legend),
        ("Relation disagreements (F9 / Shift+F9)", window.relation_list.table, None),
    ):
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(2, 2, 2, 2)
        caption_row = QHBoxLayout()
        caption_row.addWidget(QLabel(caption))
        caption_row.addStretch(1)
        if legend is not None:
            caption_row.addWidget(legend)
        box_layout.addLayout(caption_row)
        box_layout.addWidget(table)
        window.split.addWidget(box)
    window.split.setCollapsible(0, False)
    # The articles first; the span list shows about eight rows, the relation list
    # (often empty) a few. In proportion: the window may be smaller.
    window.split.setSizes([430, 250, 150])
    window.setCentralWidget(window.split)
