"""The agreement view: how far annotators agree, per pair, per label and per document.

The numbers come from `annotator.store.agreement.agreement_report` (the same function as
`annotator agreement --json`), computed in a worker thread with its own connection, so the
window never freezes. Picking a cell of the pairwise matrix adds that pair's figures to the
per-label table and keeps only the documents both finished; opening a document (click, or
Enter) shows the layers side by side in a `ComparisonWindow`, where the curator builds gold.

Changing a tick (an annotator, a label, unfinished layers) recomputes at once; until the new
figures arrive the old ones are greyed out and the summary says they are out of date, so no
figure is ever read as belonging to ticks it was not computed for.

The documents' columns fit the window (`column_fit`): a long title is elided in the middle
(its tooltip has it whole) rather than pushing α, the annotators and gold off the edge. The
splitters and the column widths the user sets are remembered (`layout_settings`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR, Status
from annotator.store.agreement import agreement_report, annotators_with_layers
from annotator.store.gold import gold_statuses
from annotator.store.interface import ProjectStore
from annotator.ui import layout_settings
from annotator.ui.agreement_model import MATRIX_MEASURES, DocumentAgreementModel, number
from annotator.ui.agreement_tables import fill_matrix, fill_per_label, fill_relations, pair_entry
from annotator.ui.column_fit import ColumnFit
from annotator.ui.plain import plain_label
from annotator.ui.tasks import Task


class MiddleElided(QStyledItemDelegate):
    """Cuts a cell short in the middle: two titles that begin alike still differ at the end
    ("… day 3", "… day 4")."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class AgreementWindow(QMainWindow):
    """Choose annotators and labels; see the agreement between them."""

    computed = Signal(dict)  # the report, as `annotator agreement --json` gives it
    document_requested = Signal(str, list, list)  # document id, annotators, labels

    def __init__(
        self,
        project: ProjectStore,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ):
        super().__init__(parent)
        self.project = project
        self.report: dict[str, Any] | None = None
        self.pair: tuple[str, str] | None = None
        self.task: Task | None = None
        self._recompute = False  # ticks changed while a computation ran: compute again
        self.stale = False  # the figures shown are not those of the ticks
        self.setWindowTitle(f"Agreement — {project.path.name}")
        layout_settings.resize_within_screen(self, 1200, 800)
        self._build()
        self.settings = settings  # None: nothing remembered
        self.remembered = layout_settings.ReviewLayout(
            "agreement",
            {
                "main": self.main_split,
                "right": self.right_split,
                "top": self.top_split,
                "tables": self.tables_split,
            },
            {"documents": self.document_fit},
        )
        if settings is not None:
            layout_settings.restore_review(settings, self.remembered)
        self.fill_choices()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.annotator_list = self._choice_list("Annotators to compare")
        self.label_list = self._choice_list("Labels")
        self.unfinished = QCheckBox("Include &unfinished layers")
        self.unfinished.setToolTip(
            "Count every layer with spans, not only the documents each annotator marked done"
        )
        self.compute_button = QPushButton("&Compute")
        self.compute_button.clicked.connect(self.compute)
        self.annotator_list.itemChanged.connect(self._on_choice_changed)
        self.label_list.itemChanged.connect(self._on_choice_changed)
        self.unfinished.toggled.connect(self._on_choice_changed)
        choices = QWidget()
        form = QVBoxLayout(choices)
        for text, widget in (("&Annotators", self.annotator_list), ("&Labels", self.label_list)):
            caption = QLabel(text)
            caption.setBuddy(widget)  # Alt+A / Alt+L move the focus to the list
            form.addWidget(caption)
            form.addWidget(widget)
        form.addWidget(self.unfinished)
        form.addWidget(self.compute_button)

        self.summary = plain_label("Press Compute.")
        self.summary.setWordWrap(True)
        self.measure = QComboBox()
        for key, name in MATRIX_MEASURES.items():
            self.measure.addItem(name, key)
        self.measure.currentIndexChanged.connect(self._fill_matrix)
        self.matrix = QTableWidget()
        self.matrix.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.matrix.setAccessibleName("Pairwise agreement")
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.currentCellChanged.connect(self._on_matrix_current_cell_changed)
        self.per_label = QTableWidget()
        self.per_label.setAccessibleName("Agreement per label")
        self.per_label.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_label.verticalHeader().hide()
        self.relations = QTableWidget()
        self.relations.setAccessibleName("Relation agreement of the pair")
        self.relations.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.relations.verticalHeader().hide()
        self.documents = DocumentAgreementModel()
        self.document_view = QTableView()
        self.document_view.setAccessibleName("Documents, most disagreements first")
        self.document_view.setModel(self.documents)
        self.document_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.document_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_view.verticalHeader().hide()
        self.document_view.setWordWrap(False)
        self.document_elided = MiddleElided(self.document_view)
        for column in (0, 1):  # the title and the id
            self.document_view.setItemDelegateForColumn(column, self.document_elided)
        # The title takes what the figures leave.
        self.document_fit = ColumnFit(self.document_view, self.documents.column_limits, 0)
        self.document_view.clicked.connect(self._on_document_view_activated)
        self.document_view.activated.connect(self._on_document_view_activated)
        self.document_hint = plain_label()  # it names annotators
        self.document_hint.setWordWrap(True)
        self.all_pairs_button = QPushButton("All annotators")
        self.all_pairs_button.setToolTip("Show every document again, not only the picked pair's")
        self.all_pairs_button.clicked.connect(self.clear_pair)
        self.all_pairs_button.hide()

        matrix_box = QWidget()
        matrix_layout = QFormLayout(matrix_box)
        matrix_layout.addRow("&Measure", self.measure)
        matrix_layout.addRow(self.matrix)
        matrix_layout.addRow(QWidget())  # takes the spare height below a small matrix
        self.tables_split = tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.per_label)
        tables.addWidget(self.relations)
        tables.setSizes([170, 190])
        self.top_split = top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(matrix_box)
        top.addWidget(tables)
        top.setSizes([330, 650])  # the matrix is small; the per-label table has 7 columns
        documents_box = QWidget()
        documents_layout = QVBoxLayout(documents_box)
        documents_layout.setContentsMargins(0, 0, 0, 0)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.document_hint, 1)
        hint_row.addWidget(self.all_pairs_button)
        documents_layout.addLayout(hint_row)
        documents_layout.addWidget(self.document_view)
        self.right_split = right = QSplitter(Qt.Orientation.Vertical)
        summary_box = QWidget()
        summary_layout = QHBoxLayout(summary_box)
        summary_layout.addWidget(self.summary)
        right.addWidget(summary_box)
        right.addWidget(top)
        right.addWidget(documents_box)
        right.setSizes([60, 380, 320])
        self.main_split = main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(choices)
        main.addWidget(right)
        main.setSizes([200, 1000])
        self.setCentralWidget(main)
        close = QAction("Close", self)
        close.setShortcuts([QKeySequence(QKeySequence.StandardKey.Close), QKeySequence("Esc")])
        close.triggered.connect(self.close)
        self.addAction(close)
        refresh = QAction("Compute", self)
        refresh.setShortcut(QKeySequence("F5"))
        refresh.triggered.connect(self.compute)
        self.addAction(refresh)
        to_documents = QAction("Go to the documents", self)
        to_documents.setShortcut(QKeySequence("Alt+D"))
        to_documents.triggered.connect(self.focus_documents)
        self.addAction(to_documents)

    def _choice_list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.setMaximumWidth(260)
        return widget

    def fill_choices(self) -> None:
        """The project's annotators and labels, keeping the user's ticks. New names come
        ticked if they have annotated something; gold only counts when asked for."""
        known = {self.annotator_list.item(i).text() for i in range(self.annotator_list.count())}
        ticked = set(self._checked(self.annotator_list))
        active = set(self.project.call(annotators_with_layers))
        self._fill(
            self.annotator_list,
            [(name, None) for name in self.project.annotators()],
            lambda name: name in ticked if name in known else name in active,
        )
        known = {self.label_list.item(i).text() for i in range(self.label_list.count())}
        ticked = set(self._checked(self.label_list))
        self._fill(
            self.label_list,
            [(label.name, QColor(label.color).darker(130)) for label in self.project.labels()],
            lambda name: name in ticked or name not in known,
        )

    @staticmethod
    def _fill(
        widget: QListWidget, items: list[tuple[str, QColor | None]], on: Callable[[str], bool]
    ) -> None:
        widget.blockSignals(True)  # the ticks kept are not a change of choice
        try:
            AgreementWindow._fill_items(widget, items, on)
        finally:
            widget.blockSignals(False)

    @staticmethod
    def _fill_items(
        widget: QListWidget, items: list[tuple[str, QColor | None]], on: Callable[[str], bool]
    ) -> None:
        widget.clear()
        for name, color in items:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if on(name) else Qt.CheckState.Unchecked)
            if color is not None:
                item.setForeground(color)
            widget.addItem(item)

    def _checked(self, widget: QListWidget) -> list[str]:
        return [
            widget.item(i).text()
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_choices(self, annotators: Sequence[str], labels: Sequence[str] | None = None) -> None:
        """Tick these annotators (and labels), untick the others: one change of choice (the
        figures are recomputed once)."""
        for widget, wanted in ((self.annotator_list, annotators), (self.label_list, labels)):
            if wanted is None:
                continue
            widget.blockSignals(True)
            try:
                for i in range(widget.count()):
                    item = widget.item(i)
                    on = item.text() in wanted
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            finally:
                widget.blockSignals(False)
        self._on_choice_changed()

    def _on_choice_changed(self, *_: object) -> None:
        """A tick changed: the figures shown are out of date; compute the new ones now."""
        if self.report is None and self.task is None:
            return  # nothing shown yet: the first Compute shows the ticks' figures
        self._set_stale(True)
        if self.task is not None:
            self._recompute = True  # after the running computation, not beside it
            return
        self.compute()

    def _set_stale(self, stale: bool) -> None:
        self.stale = stale
        for widget in (self.matrix, self.per_label, self.relations, self.document_view):
            widget.setEnabled(not stale)

    # -- computing ------------------------------------------------------------------------

    def compute(self) -> Task | None:
        """Compute the report for the chosen annotators and labels in a worker thread."""
        annotators, labels = self._checked(self.annotator_list), self._checked(self.label_list)
        out_of_date = "The figures below are out of date. " if self.stale else ""
        if len(annotators) < 2:
            self.summary.setText(out_of_date + "Choose at least two annotators to compare.")
            return None
        if not labels:
            self.summary.setText(out_of_date + "Choose at least one label.")
            return None
        if self.task is not None:
            self._recompute = True  # once it ends: the ticks may have changed meanwhile
            self.summary.setText("Still computing: the figures follow the ticks next.")
            return self.task
        include_unfinished = self.unfinished.isChecked()

        def job(progress: Callable[[int, int], bool]) -> tuple[dict[str, Any], dict[str, Status]]:
            with self.project.reopen() as project:  # a connection of the worker's own
                report = project.call(
                    agreement_report,
                    annotators,
                    labels,
                    include_unfinished=include_unfinished,
                    per_document=True,
                    progress=progress,
                )
                ids = [row["id"] for row in report.get("per_document", [])]
                return report, project.call(gold_statuses, ids)

        self.summary.setText(
            "The figures below are out of date: computing the new ones…"
            if self.stale
            else "Computing…"
        )
        self.compute_button.setEnabled(False)
        self.task = Task(self, "Computing agreement…", job, self._on_task_succeeded)
        self.task.on_failure = self._on_task_failed
        self.task.finished.connect(self._on_task_finished)
        return self.task

    def stop(self) -> None:
        """Stop a running computation and wait for its thread (the window is going away)."""
        if self.task is not None:
            self.task.abort()

    def _on_task_finished(self) -> None:
        self.task = None
        self.compute_button.setEnabled(True)
        if self._recompute:
            self._recompute = False
            self.compute()

    def _on_task_failed(self, error: AnnotatorError) -> None:
        self.summary.setText(f"Could not compute the agreement: {error}")

    def _on_task_succeeded(self, result: tuple[dict[str, Any], dict[str, Status]]) -> None:
        report, gold = result
        self.show_report(report, gold)

    def show_report(self, report: dict[str, Any], gold: dict[str, Status]) -> None:
        if self._recompute:
            return  # the ticks changed meanwhile: these figures are not theirs
        self.report = report
        self._set_stale(False)
        self.pair = None
        self.all_pairs_button.hide()
        documents = report["documents"]
        fleiss = report["fleiss_kappa"]
        parts = [
            f"{len(report['annotators'])} annotators, {documents} document(s) compared.",
            f"Krippendorff's α {number(report['krippendorff_alpha'])}, "
            f"α_U {number(report['alpha_u'])} (mean over documents), "
            + (
                f"Fleiss' κ {number(fleiss)}."
                if not math.isnan(fleiss)
                else "Fleiss' κ undefined (no document every chosen annotator finished)."
            ),
        ]
        if not documents:
            parts.append(
                "No document has two finished layers yet: mark documents done, or include "
                "unfinished layers."
            )
        self.summary.setText(" ".join(parts))
        self._fill_matrix()
        self._fill_per_label()
        self.documents.set_rows(report.get("per_document", []), gold)
        self._update_documents()
        self.computed.emit(report)

    def _pair_entry(self, a: str, b: str) -> dict[str, Any] | None:
        assert self.report is not None
        return pair_entry(self.report, a, b)

    def _fill_matrix(self) -> None:
        if self.report is not None:
            fill_matrix(self.matrix, self.report, self.measure.currentData())

    def _fill_per_label(self) -> None:
        assert self.report is not None
        names = self.report["annotators"]
        # The picked pair; with two annotators the only pair, picked or not.
        shown = self.pair or (tuple(names) if len(names) == 2 else None)
        pair = self._pair_entry(*shown) if shown else None
        fill_per_label(self.per_label, self.report, pair)
        fill_relations(self.relations, pair)

    def _on_matrix_current_cell_changed(self, row: int, column: int, *_: int) -> None:
        if self.report is None or row < 0 or column < 0 or row == column:
            return
        names = self.report["annotators"]
        self.pair = (names[row], names[column])
        self._fill_per_label()
        self._update_documents()

    def select_pair(self, a: str, b: str) -> None:
        assert self.report is not None
        names = self.report["annotators"]
        self.matrix.setCurrentCell(names.index(a), names.index(b))

    def clear_pair(self) -> None:
        """Back from one pair to all chosen annotators."""
        self.pair = None
        self.matrix.setCurrentCell(-1, -1)
        self._fill_per_label()
        self._update_documents()

    def _update_documents(self) -> None:
        """Show all compared documents, or with a pair picked those both finished."""
        pair = set(self.pair) if self.pair else None
        hidden = 0
        for row, entry in enumerate(self.documents.rows):
            hide = pair is not None and not pair <= set(entry.get("annotators", []))
            self.document_view.setRowHidden(row, hide)
            hidden += hide
        if self.pair is None:
            self.document_hint.setText(
                "Documents, most disagreements first (Alt+D). Click one or press Enter to "
                "compare the chosen annotators side by side and build its gold layer."
            )
        else:
            a, b = self.pair
            self.document_hint.setText(
                f"Documents {a} and {b} both finished"
                + (f" ({hidden} others hidden)" if hidden else "")
                + "; disagreements "
                f"and α count all chosen annotators. Click one or press Enter to compare {a} "
                f"and {b} side by side."
            )
        self.all_pairs_button.setVisible(self.pair is not None)

    def focus_documents(self) -> None:
        """Alt+D: to the document list, on its first visible row if none is current."""
        self.document_view.setFocus()
        if self.document_view.currentIndex().isValid():
            return
        for row in range(self.documents.rowCount()):
            if not self.document_view.isRowHidden(row):
                self.document_view.setCurrentIndex(self.documents.index(row, 0))
                return

    # -- documents ------------------------------------------------------------------------

    def _on_document_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_document(index.row())

    def open_document(self, row: int) -> None:
        entry = self.documents.rows[row]
        annotators = list(self.pair) if self.pair else list(entry.get("annotators", []))
        if len(annotators) < 2 and self.report is not None:
            annotators = list(self.report["annotators"])
        labels = list(self.report["labels"]) if self.report is not None else []
        self.document_requested.emit(entry["id"], annotators, labels)

    def on_gold_changed(self, document_id: str) -> None:
        self.documents.set_gold(document_id, self.project.status(document_id, GOLD_ANNOTATOR))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.settings is not None:
            layout_settings.save_review(self.settings, self.remembered)
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        # Gold may have been curated in the main window or another program meanwhile.
        active = event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
        if active and self.documents.rows:
            ids = [row["id"] for row in self.documents.rows]
            self.documents.set_all_gold(self.project.call(gold_statuses, ids))
        super().changeEvent(event)
