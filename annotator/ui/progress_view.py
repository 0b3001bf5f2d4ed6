"""Review ▸ Progress: where the team stands, readable in a second.

A chart draws a bar per annotator: the full bar is what is assigned to them, green what
they marked done, amber what they have started, with "7 / 20" beside it and how long ago
they last worked. Below it, the pairs of annotators who share documents (how many both
have done: enough for agreement, or not yet), from which the agreement window opens with
that pair ticked, and every assigned or started document with who is assigned and who is
done. The report (`store.progress.progress_report`) is read in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.store.interface import ProjectStore
from annotator.store.progress import progress_report
from annotator.ui.plain import as_tooltip, plain_label
from annotator.ui.table_model import ColumnsModel, Index
from annotator.ui.tasks import Task

DONE = QColor("#2e7d32")
STARTED = QColor("#f0a020")
ASSIGNED = QColor("#e4e7eb")
OUTLINE = QColor("#9aa3ad")


def ago(seconds: int | None) -> str:
    if seconds is None:
        return "no work yet"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


class ProgressChart(QWidget):
    """A horizontal bar per annotator: done (green) and in progress (amber) against
    assigned (the grey bar's length), all on one scale."""

    ROW = 30
    NAME_WIDTH = 130
    TEXT_WIDTH = 120  # at least; as wide as the longest text beside a bar

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, dict[str, Any]]] = []
        self.setAccessibleName("Progress per annotator")
        self.setMinimumHeight(self.ROW + 16)

    def set_report(self, report: dict[str, Any]) -> None:
        self.rows = list(report["annotators"].items())
        self.setMinimumHeight(max(1, len(self.rows)) * self.ROW + 16)
        self.setToolTip(
            as_tooltip(
                "\n".join(
                    f"{name}: {row['done']} done, {row['in_progress']} in progress of "
                    f"{row['assigned']} assigned; {row['spans']} spans, "
                    f"{row['relations']} relations; last work {ago(row['seconds_since_last_work'])}"
                    for name, row in self.rows
                )
            )
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(720, max(1, len(self.rows)) * self.ROW + 16)

    def bar_rects(self) -> list[tuple[QRectF, QRectF, QRectF]]:
        """Per row: the assigned bar, the done part and the in-progress part (the tests
        read the chart's geometry from here)."""
        scale_max = max(
            [max(row["assigned"], row["done"] + row["in_progress"]) for _, row in self.rows] or [1]
        )
        text = max(
            [self.TEXT_WIDTH]
            + [
                self.fontMetrics().horizontalAdvance(self.bar_text(row)) + 16
                for _, row in self.rows
            ]
        )
        width = max(40.0, self.width() - self.NAME_WIDTH - text - 24)
        per = width / max(scale_max, 1)
        rects = []
        for i, (_, row) in enumerate(self.rows):
            top = 8 + i * self.ROW + 5
            height = self.ROW - 10
            left = self.NAME_WIDTH + 12
            total = max(row["assigned"], row["done"] + row["in_progress"])
            assigned = QRectF(left, top, per * total, height)
            done = QRectF(left, top, per * row["done"], height)
            started = QRectF(left + per * row["done"], top, per * row["in_progress"], height)
            rects.append((assigned, done, started))
        return rects

    @staticmethod
    def bar_text(row: dict[str, Any]) -> str:
        label = f"{row['done']} / {row['assigned']} done"
        if row["in_progress"]:
            label += f", {row['in_progress']} started"
        return f"{label} · {ago(row['seconds_since_last_work'])}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.rows:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "Nobody has documents assigned yet."
            )
            return
        metrics = self.fontMetrics()
        for (name, row), (assigned, done, started) in zip(self.rows, self.bar_rects(), strict=True):
            middle = assigned.top() + assigned.height() / 2
            text_top = middle - metrics.height() / 2
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, self.NAME_WIDTH)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(4, text_top, self.NAME_WIDTH, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            painter.setPen(QPen(OUTLINE, 1))
            painter.setBrush(ASSIGNED)
            painter.drawRoundedRect(assigned, 3, 3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(DONE)
            painter.drawRoundedRect(done, 3, 3)
            painter.setBrush(STARTED)
            painter.drawRect(started)
            label = self.bar_text(row)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(
                    assigned.right() + 8,
                    text_top,
                    metrics.horizontalAdvance(label) + 8,
                    metrics.height(),
                ),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        painter.end()


class DocumentProgressModel(ColumnsModel):
    """Each assigned or started document: who is assigned, who is done."""

    COLUMNS = ("Document", "Assigned", "Done")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[str, str, str]] = []

    def set_report(self, report: dict[str, Any]) -> None:
        self.beginResetModel()
        self._rows = [
            (document_id, ", ".join(row["assigned"]), ", ".join(row["done"]))
            for document_id, row in report["documents"].items()
        ]
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._rows[index.row()][index.column()]


class ProgressWindow(QMainWindow):
    """The team's progress (see the module docstring). `agreement_requested` asks the main
    window to open the agreement view with those annotators ticked."""

    computed = Signal(dict)
    agreement_requested = Signal(list)

    def __init__(self, project: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.project = project
        self.report: dict[str, Any] | None = None
        self.task: Task | None = None
        self.setWindowTitle(f"Progress — {project.path.name}")
        self.resize(960, 720)
        self.summary = plain_label("Reading…")
        self.chart = ProgressChart()
        self.pairs = QTableWidget(0, 4)
        self.pairs.setAccessibleName("Pairs of annotators")
        self.pairs.setHorizontalHeaderLabels(["A", "B", "Both done", "Agreement"])
        self.pairs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pairs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pairs.verticalHeader().hide()
        self.pairs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.pairs.itemSelectionChanged.connect(self._on_pairs_selection_changed)
        self.pairs.cellDoubleClicked.connect(lambda *_: self.open_agreement())
        self.agreement_button = QPushButton("Agreement for the selected pairs…")
        self.agreement_button.setEnabled(False)
        self.agreement_button.clicked.connect(self.open_agreement)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.compute)
        self.documents = DocumentProgressModel()
        self.document_view = QTableView()
        self.document_view.setAccessibleName("Documents: who is assigned, who is done")
        self.document_view.setModel(self.documents)
        self.document_view.verticalHeader().hide()
        self.document_view.horizontalHeader().setStretchLastSection(True)

        pairs_box = QWidget()
        pairs_layout = QVBoxLayout(pairs_box)
        pairs_layout.setContentsMargins(0, 0, 0, 0)
        pairs_layout.addWidget(plain_label("Pairs for agreement"))
        pairs_layout.addWidget(self.pairs)
        buttons = QHBoxLayout()
        buttons.addWidget(self.agreement_button)
        buttons.addStretch(1)
        pairs_layout.addLayout(buttons)
        documents_box = QWidget()
        documents_layout = QVBoxLayout(documents_box)
        documents_layout.setContentsMargins(0, 0, 0, 0)
        documents_layout.addWidget(plain_label("Documents"))
        documents_layout.addWidget(self.document_view)
        lower = QSplitter()
        lower.addWidget(pairs_box)
        lower.addWidget(documents_box)
        central = QWidget()
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        layout.addWidget(self.chart)
        layout.addWidget(lower, 1)
        self.setCentralWidget(central)

    def compute(self) -> Task | None:
        """Read the report in a worker thread (a connection of its own)."""
        if self.task is not None:
            return self.task
        own = self.project

        def job(progress: Callable[[int, int], bool]) -> dict[str, Any]:
            with own.reopen() as project:
                return project.call(progress_report)

        self.summary.setText("Reading…")
        self.refresh_button.setEnabled(False)
        self.task = Task(self, "Reading progress…", job, self.show_report)
        self.task.on_failure = self._on_task_failed
        self.task.finished.connect(self._on_task_finished)
        return self.task

    def stop(self) -> None:
        if self.task is not None:
            self.task.abort()

    def _on_task_finished(self) -> None:
        self.task = None
        self.refresh_button.setEnabled(True)

    def _on_task_failed(self, error: AnnotatorError) -> None:
        self.summary.setText(f"Could not read the progress: {error}")

    def show_report(self, report: dict[str, Any]) -> None:
        self.report = report
        annotators = report["annotators"]
        assigned = sum(row["assigned"] for row in annotators.values())
        done = sum(row["done"] for row in annotators.values())
        ready = sum(1 for pair in report["pairs"] if pair["enough"])
        self.summary.setText(
            f"{done} of {assigned} assigned layers done · {len(annotators)} annotator(s) · "
            f"{ready} of {len(report['pairs'])} pair(s) ready for agreement"
        )
        self.chart.set_report(report)
        self.pairs.setRowCount(len(report["pairs"]))
        for row, pair in enumerate(report["pairs"]):
            cells = [
                pair["a"],
                pair["b"],
                f"{pair['shared_done']} of {pair['shared_assigned']}",
                "ready" if pair["enough"] else "not yet",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setForeground(DONE if pair["enough"] else OUTLINE.darker(130))
                self.pairs.setItem(row, column, item)
        self.documents.set_report(report)
        self.computed.emit(report)

    def selected_pairs(self) -> list[tuple[str, str]]:
        assert self.report is not None or not self.pairs.rowCount()
        rows = sorted({index.row() for index in self.pairs.selectedIndexes()})
        return [
            (self.report["pairs"][row]["a"], self.report["pairs"][row]["b"])
            for row in rows
            if self.report is not None
        ]

    def _on_pairs_selection_changed(self) -> None:
        self.agreement_button.setEnabled(bool(self.selected_pairs()))

    def open_agreement(self) -> list[str]:
        """Ask for the agreement view with the selected pairs' annotators ticked."""
        names = sorted({name for pair in self.selected_pairs() for name in pair})
        if len(names) >= 2:
            self.agreement_requested.emit(names)
        return names

    def select_pairs(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.pairs.clearSelection()
        assert self.report is not None
        model = self.pairs.selectionModel()
        for row, pair in enumerate(self.report["pairs"]):
            if (pair["a"], pair["b"]) in pairs:
                model.select(
                    self.pairs.model().index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
