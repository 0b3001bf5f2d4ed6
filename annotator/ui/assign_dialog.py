"""Review ▸ Assign documents…: the `annotator assign` command in a dialog, and the open
document's annotators, to unassign or reassign it.

The dialog only gathers the choice: `assign_requested(options)` carries the arguments of
`ops.assignments.assign` (annotators, per_document, overlap, document_ids, seed), and
`document_requested(document_id, annotators)` those of `set_annotators_of`; the window runs
them (team_actions.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import GOLD_ANNOTATOR
from annotator.ui.plain import plain_label


class AssignDialog(QDialog):
    assign_requested = Signal(dict)
    document_requested = Signal(str, list)

    def __init__(
        self,
        annotators: list[str],
        document_id: str | None,
        assigned: list[str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Assign documents")
        self.document_id = document_id
        names = [name for name in annotators if name != GOLD_ANNOTATOR]
        self.team = self._checklist("Annotators", names, set(names))
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("Add an annotator…")
        self.new_name.returnPressed.connect(self._add_name)
        add = QPushButton("Add")
        add.setAutoDefault(False)
        add.clicked.connect(self._add_name)
        self.per_document = QSpinBox()
        self.per_document.setRange(1, 50)
        self.per_document.setValue(min(2, max(1, len(names))))
        self.overlap_on = QCheckBox("Only this share of the documents gets them all:")
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0, 100)
        self.overlap.setSuffix(" %")
        self.overlap.setValue(20)
        self.overlap.setEnabled(False)
        self.overlap_on.toggled.connect(self.overlap.setEnabled)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.scope = QComboBox()
        self.scope.addItem("Every document", "all")
        if document_id is not None:
            self.scope.addItem("The open document only", "open")
        self.assign_button = QPushButton("&Assign")
        self.assign_button.clicked.connect(self._on_assign_clicked)

        team_box = QGroupBox("Assign to a team (only adds: what is assigned stays)")
        form = QFormLayout(team_box)
        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(add)
        form.addRow(self.team)
        form.addRow(adding)
        form.addRow("Annotators per document:", self.per_document)
        overlap = QHBoxLayout()
        overlap.addWidget(self.overlap_on)
        overlap.addWidget(self.overlap)
        form.addRow(overlap)
        form.addRow("Seed (same seed, same assignment):", self.seed)
        form.addRow("Documents:", self.scope)
        form.addRow(self.assign_button)

        layout = QVBoxLayout(self)
        layout.addWidget(team_box)
        document_box = QGroupBox("The open document")
        document_layout = QVBoxLayout(document_box)
        self.document_label = plain_label(
            f"Who is assigned {document_id}:" if document_id else "No document is open."
        )
        self.document_team = self._checklist("Assigned to the open document", names, set(assigned))
        self.set_button = QPushButton("&Set its annotators")
        self.set_button.setEnabled(document_id is not None)
        self.set_button.clicked.connect(self._on_set_clicked)
        document_layout.addWidget(self.document_label)
        document_layout.addWidget(self.document_team)
        document_layout.addWidget(self.set_button)
        layout.addWidget(document_box)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    @staticmethod
    def _checklist(name: str, names: list[str], ticked: set[str]) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.setMaximumHeight(140)
        for text in names:
            item = QListWidgetItem(text)  # item texts are plain
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if text in ticked else Qt.CheckState.Unchecked)
            widget.addItem(item)
        return widget

    @staticmethod
    def checked(widget: QListWidget) -> list[str]:
        return [
            widget.item(i).text()
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _add_name(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            return
        for widget, on in ((self.team, True), (self.document_team, False)):
            known = [widget.item(i).text() for i in range(widget.count())]
            if name not in known:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                widget.addItem(item)
        self.new_name.clear()

    def options(self) -> dict[str, Any]:
        """The arguments of `ops.assignments.assign` the dialog shows."""
        return {
            "annotators": self.checked(self.team),
            "per_document": self.per_document.value(),
            "overlap": self.overlap.value() / 100 if self.overlap_on.isChecked() else None,
            "document_ids": [self.document_id] if self.scope.currentData() == "open" else None,
            "seed": self.seed.value(),
        }

    def _on_assign_clicked(self) -> None:
        self.assign_requested.emit(self.options())

    def _on_set_clicked(self) -> None:
        if self.document_id is not None:
            self.document_requested.emit(self.document_id, self.checked(self.document_team))
