"""File ▸ Import: files and folders in every format the command line reads (`annotator import
PROJECT PATH... --format F --annotator NAME --add-labels --encoding E`), from the keyboard.

The dialog only asks; `file_actions` runs the import as a Task (progress, Cancel; all or
nothing). Paths are shown as plain text in a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.formats.base import Format
from annotator.ui.plain import plain_label

AUTO = "auto"
PROJECT_JSONL = "jsonl"
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")


@dataclass(frozen=True)
class ImportChoice:
    """What the user chose: the arguments of `store.importer.import_paths`."""

    paths: list[Path]
    format: str
    annotator: str | None  # None: "imported" owns the layers whose file names nobody
    add_labels: bool
    encoding: str


def import_formats() -> list[tuple[str, str]]:
    """(name, caption) of every way to import, as the command line's --format offers them."""
    from annotator.store.importer import readable_formats  # when asked: not at start-up

    choices = [
        (AUTO, "auto: guess each file's format from its suffix and content"),
        (PROJECT_JSONL, "jsonl: .txt articles and the project's own JSONL (and folders of them)"),
    ]
    formats: list[Format] = [f for f in readable_formats() if f.name != PROJECT_JSONL]
    for fmt in formats:
        where = "a folder" if fmt.folder else ", ".join(fmt.suffixes)
        choices.append((fmt.name, f"{fmt.name}: {fmt.description} ({where})"))
    return choices


class ImportDialog(QDialog):
    def __init__(self, parent: QWidget | None, start_folder: Path, paths: Sequence[Path] = ()):
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.start_folder = Path(start_folder)

        self.path_list = QListWidget()
        self.path_list.setAccessibleName("Files and folders to import")
        self.path_list.setMinimumHeight(90)
        self.add_files_button = QPushButton("Add &files…")
        self.add_files_button.clicked.connect(self._add_files)
        self.add_folder_button = QPushButton("Add f&older…")
        self.add_folder_button.clicked.connect(self._add_folder)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self._remove)
        buttons_row = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)

        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        for name, caption in import_formats():
            self.format_box.addItem(caption, name)
        from annotator.store.importer import IMPORTED_ANNOTATOR

        self.annotator_edit = QLineEdit()
        self.annotator_edit.setAccessibleName("Annotator")
        self.annotator_edit.setPlaceholderText(
            f"layers whose file names no annotator go to {IMPORTED_ANNOTATOR!r}"
        )
        self.add_labels_check = QCheckBox(
            "A&dd the labels the files use that the project lacks (else: an error, nothing "
            "imported)"
        )
        self.encoding_box = QComboBox()
        self.encoding_box.setEditable(True)
        self.encoding_box.addItems(ENCODINGS)
        self.encoding_box.setAccessibleName("Encoding")

        form = QFormLayout()
        form.addRow(self._buddy("&Import:", self.path_list), self.path_list)
        form.addRow("", buttons_row)
        form.addRow(self._buddy("F&ormat:", self.format_box), self.format_box)
        form.addRow(self._buddy("&Annotator:", self.annotator_edit), self.annotator_edit)
        form.addRow("", self.add_labels_check)
        form.addRow(self._buddy("&Encoding:", self.encoding_box), self.encoding_box)
        hint = plain_label("All or nothing: a bad line imports nothing and says FILE:LINE.")
        form.addRow("", hint)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        # Enter in the dialog imports; the buttons that open file choosers never take it.
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            button.setAutoDefault(False)
        for path in paths:
            self.add_path(path)
        self._update_ok()
        (self.format_box if paths else self.add_files_button).setFocus()
        self.resize(640, self.sizeHint().height())

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)  # our own text, with an & for its key
        label.setBuddy(widget)
        return label

    def add_path(self, path: Path) -> None:
        if str(path) not in self.paths_as_text():
            self.path_list.addItem(str(path))  # item text is plain text
            self.path_list.setCurrentRow(self.path_list.count() - 1)
        self._update_ok()

    def paths_as_text(self) -> list[str]:
        return [self.path_list.item(row).text() for row in range(self.path_list.count())]

    def set_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def _add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import files", str(self.start_folder))
        for path in paths:
            self.add_path(Path(path))

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder", str(self.start_folder))
        if path:
            self.add_path(Path(path))

    def _remove(self) -> None:
        row = self.path_list.currentRow()
        if row >= 0:
            self.path_list.takeItem(row)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.path_list.count() > 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.path_list.hasFocus():
            self._remove()
            return
        super().keyPressEvent(event)

    def choice(self) -> ImportChoice:
        annotator = self.annotator_edit.text().strip() or None
        return ImportChoice(
            paths=[Path(text) for text in self.paths_as_text()],
            format=self.format_box.currentData(),
            annotator=annotator,
            add_labels=self.add_labels_check.isChecked(),
            encoding=self.encoding_box.currentText().strip() or "utf-8",
        )
