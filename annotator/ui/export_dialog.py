"""File ▸ Export: every format, and the selection the command line has (`annotator export
--format F --annotator A --gold --status S --labels L,... --relations`), from the keyboard.

The dialog only asks; `file_actions` runs the export as a Task (progress, Cancel). Names
from the data (annotators, labels, paths) are shown as plain text: list items and line edits
never read their text as markup.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.formats import MODULES, get_format
from annotator.core.formats.base import Format
from annotator.core.model import GOLD_ANNOTATOR, Status
from annotator.ui.plain import plain_label

ANY_STATUS = "any status"


@dataclass(frozen=True)
class ExportChoice:
    """What the user chose: the arguments of `store.exporter.export_formatted`."""

    format: str
    target: Path
    annotators: list[str] | None  # None: every annotator's layers
    gold: bool
    status: str | None
    labels: list[str] | None  # None: every label
    relations: bool  # doccano's entities/relations variant


def writable_formats() -> list[Format]:
    """Every format that can be exported, in the command line's order."""
    return [fmt for fmt in map(get_format, MODULES) if fmt.write is not None]


def format_caption(fmt: Format) -> str:
    text = f"{fmt.name}: {fmt.description}"
    if fmt.name == "spacy" and importlib.util.find_spec("spacy") is None:
        text += " (needs spaCy: pip install 'annotator[spacy]')"
    return text


def checkable_list(names: list[str], accessible: str) -> QListWidget:
    """A list of `names` to tick (Space ticks the current one); none ticked means all."""
    widget = QListWidget()
    widget.setAccessibleName(accessible)
    for name in names:
        item = QListWidgetItem(name)  # item text is plain text
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    if names:
        widget.setCurrentRow(0)
    widget.setMaximumHeight(110)
    return widget


def ticked(widget: QListWidget) -> list[str]:
    return [
        widget.item(row).text()
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


class ExportDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        project_path: Path,
        annotators: list[str],
        labels: list[str],
    ):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.project_path = Path(project_path).absolute()
        self.formats = writable_formats()
        self._automatic_target = True  # the path follows the format until the user edits it

        self.format_box = QComboBox()
        for fmt in self.formats:
            self.format_box.addItem(format_caption(fmt), fmt.name)
        self.format_box.setAccessibleName("Format")
        self.format_help = plain_label()
        self.format_help.setWordWrap(True)

        self.target_edit = QLineEdit()
        self.target_edit.setAccessibleName("Export to")
        self.target_edit.textEdited.connect(self._target_edited)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self._browse)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(self.browse_button)

        people = [name for name in annotators if name != GOLD_ANNOTATOR]
        self.annotator_list = checkable_list(people, "Annotators")
        self.gold_check = QCheckBox(f"&Gold layer (the curator's, {GOLD_ANNOTATOR!r})")
        self.gold_check.setEnabled(GOLD_ANNOTATOR in annotators)
        if GOLD_ANNOTATOR not in annotators:
            self.gold_check.setToolTip("The project has no gold layer yet")
        self.status_box = QComboBox()
        self.status_box.addItem(ANY_STATUS, None)
        for status in Status:
            self.status_box.addItem(f"only {status.value}", status.value)
        self.label_list = checkable_list(labels, "Labels")
        self.relations_check = QCheckBox(
            "&Relations variant (doccano's entities/relations, which carries relations)"
        )

        form = QFormLayout()
        form.addRow(self._buddy("&Format:", self.format_box), self.format_box)
        form.addRow("", self.format_help)
        form.addRow(self._buddy("Export &to:", self.target_edit), target_row)
        form.addRow(
            self._buddy("&Annotators:\n(none ticked: all)", self.annotator_list),
            self.annotator_list,
        )
        form.addRow("", self.gold_check)
        form.addRow(self._buddy("&Status:", self.status_box), self.status_box)
        form.addRow(self._buddy("&Labels:\n(none ticked: all)", self.label_list), self.label_list)
        form.addRow("", self.relations_check)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.target_edit.textChanged.connect(self._update_ok)
        self._format_changed()
        self.format_box.setFocus()
        self.resize(640, self.sizeHint().height())

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)  # our own text, with an & for its key
        label.setBuddy(widget)
        return label

    def chosen_format(self) -> Format:
        return self.formats[self.format_box.currentIndex()]

    def set_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def default_target(self, fmt: Format) -> Path:
        stem = self.project_path.with_suffix("")
        if fmt.folder:
            return stem.with_name(f"{stem.name}-{fmt.name}")
        suffix = fmt.suffixes[0] if fmt.suffixes else ""
        name = stem.name if fmt.name == "jsonl" else f"{stem.name}-{fmt.name}"
        return stem.with_name(name + suffix)

    def _format_changed(self) -> None:
        fmt = self.chosen_format()
        has_variant = "relations" in fmt.variants
        self.relations_check.setEnabled(has_variant)
        if not has_variant:
            self.relations_check.setChecked(False)
        if fmt.carries_relations:
            what = "Relations between spans are exported."
        elif has_variant:
            what = "Relations are exported with the relations variant only."
        else:
            what = "This format has no place for relations: the export says how many it leaves out."
        where = "a folder" if fmt.folder else "one file"
        self.format_help.setText(f"Writes {where}. {what}")
        if self._automatic_target:
            self.target_edit.setText(str(self.default_target(fmt)))

    def _target_edited(self) -> None:
        self._automatic_target = False

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.target_edit.text().strip()))

    def _browse(self) -> None:
        fmt = self.chosen_format()
        current = self.target_edit.text().strip() or str(self.default_target(fmt))
        if fmt.folder:
            path = QFileDialog.getExistingDirectory(self, f"Export {fmt.name} to a folder", current)
        else:
            patterns = " ".join(f"*{suffix}" for suffix in fmt.suffixes) or "*"
            path, _ = QFileDialog.getSaveFileName(
                self, f"Export {fmt.name}", current, f"{fmt.name} ({patterns})"
            )
        if path:
            self.target_edit.setText(path)
            self._automatic_target = False

    def choice(self) -> ExportChoice:
        status = self.status_box.currentData()
        return ExportChoice(
            format=self.chosen_format().name,
            target=Path(self.target_edit.text().strip()),
            annotators=ticked(self.annotator_list) or None,
            gold=self.gold_check.isChecked(),
            status=status,
            labels=ticked(self.label_list) or None,
            relations=self.relations_check.isChecked(),
        )
