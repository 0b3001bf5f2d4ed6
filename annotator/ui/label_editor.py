"""Labels ▸ Edit labels…: the project's labels and relation types, edited in place.

Two tabs, one page each: a list (with Add, Move up, Move down, Remove) and a form of the
picked item (name, colour, key, description, a multi-line guideline; a relation type's
head and tail labels and whether the check asks for it), saved with Save. Every change is
one operation of `annotator.ops.labels`, run in the store process and kept in the editor's
undo history (the window's, `LabelHistory`, so it outlives the dialog); the dialog's
`applied` signal carries each `Changes` to the window, which updates its views.

Removing asks the operation first (`ops.label_removal`, the check `remove_label` makes):
a label a relation type links is refused with a message before any question; otherwise
a label that spans use first says how many spans (and their relations) would go, and a
relation type how many relations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.labels import new_label
from annotator.core.model import RelationType
from annotator.ops import labels as ops
from annotator.ops.changes import Changes
from annotator.ops.history import History
from annotator.store.interface import ProjectStore
from annotator.ui.plain import as_menu_text, as_tooltip, plain_label, plain_message_box
from annotator.ui.span_menus import swatch


class _Page(QWidget):
    """One tab: the labels (`relation=False`) or the relation types."""

    def __init__(self, editor: LabelEditor, relation: bool):
        super().__init__()
        self.editor = editor
        self.relation = relation
        self.items: list[Any] = []
        self.color = QColor()
        what = "relation type" if relation else "label"
        self.list = QListWidget()
        self.list.setAccessibleName(f"{what}s")
        self.add_button = QPushButton(f"&Add {what}")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move do&wn")
        self.remove_button = QPushButton("&Remove…")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)

        self.name_edit = QLineEdit()
        self.color_button = QPushButton()
        self.key_edit = QLineEdit()
        self.key_edit.setMaxLength(1)
        self.key_edit.setMaximumWidth(40)
        self.description_edit = QLineEdit()
        self.guideline_edit = QPlainTextEdit()
        self.guideline_edit.setPlaceholderText(
            "The annotation guideline: plain text or Markdown (# headings, *emphasis*, - lists)"
        )
        self.save_button = QPushButton("&Save changes")
        form = QFormLayout()
        form.addRow("Name", self.name_edit)
        form.addRow("Colour", self.color_button)
        form.addRow("Key", self.key_edit)
        form.addRow("Description", self.description_edit)
        if relation:
            self.head_list = QListWidget()
            self.tail_list = QListWidget()
            for ends in (self.head_list, self.tail_list):
                ends.setMaximumHeight(110)
            self.required_box = QCheckBox("Every span of a head label needs one")
            form.addRow("From (head)", self.head_list)
            form.addRow("To (tail)", self.tail_list)
            form.addRow("Required", self.required_box)
        form.addRow("Guideline", self.guideline_edit)
        form.addRow("", self.save_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(form, 3)

        # Enter in a field saves; no button is pressed by Enter (Add would add a label).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        for edit in (self.name_edit, self.key_edit, self.description_edit):
            edit.returnPressed.connect(self.save)
        self.list.currentRowChanged.connect(self._show_item)
        self.add_button.clicked.connect(self.add)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.remove_button.clicked.connect(self.remove)
        self.color_button.clicked.connect(self.pick_color)
        self.save_button.clicked.connect(self.save)

    # -- what is shown --------------------------------------------------------------------

    def refresh(self, keep: str | None = None) -> None:
        """Read the items again; keep `keep` (or the current item) picked."""
        project = self.editor.project
        current = keep or self.current_name()
        self.items = project.relation_types() if self.relation else project.labels()
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            row = QListWidgetItem(swatch(item.color), item.name)
            row.setToolTip(as_tooltip(item.description))
            self.list.addItem(row)
        self.list.blockSignals(False)
        names = [item.name for item in self.items]
        at = names.index(current) if current in names else (0 if names else -1)
        self.list.setCurrentRow(at)
        self._show_item(at)

    def current_name(self) -> str | None:
        row = self.list.currentRow()
        return self.items[row].name if 0 <= row < len(self.items) else None

    def select(self, name: str) -> None:
        names = [item.name for item in self.items]
        self.list.setCurrentRow(names.index(name))

    def _show_item(self, row: int) -> None:
        item = self.items[row] if 0 <= row < len(self.items) else None
        for widget in (self.name_edit, self.color_button, self.key_edit, self.description_edit,
                       self.guideline_edit, self.save_button, self.remove_button,
                       self.up_button, self.down_button):  # fmt: skip
            widget.setEnabled(item is not None)
        if item is None:
            return
        self.name_edit.setText(item.name)
        self._set_color(QColor(item.color))
        self.key_edit.setText(item.key or "")
        self.description_edit.setText(item.description)
        self.guideline_edit.setPlainText(item.guideline)
        if self.relation:
            labels = [label.name for label in self.editor.project.labels()]
            for ends, chosen in ((self.head_list, item.head_labels),
                                 (self.tail_list, item.tail_labels)):  # fmt: skip
                ends.clear()
                for name in labels:
                    entry = QListWidgetItem(name)
                    entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    checked = Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked
                    entry.setCheckState(checked)
                    ends.addItem(entry)
            self.required_box.setChecked(item.required)

    def _set_color(self, color: QColor) -> None:
        self.color = color
        self.color_button.setIcon(swatch(color.name()))
        self.color_button.setText(color.name().upper())

    # -- edits ----------------------------------------------------------------------------

    def form_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": self.name_edit.text(),
            "color": self.color.name().upper(),
            "key": self.key_edit.text() or None,
            "description": self.description_edit.text(),
            "guideline": self.guideline_edit.toPlainText(),
        }
        if self.relation:
            fields["head_labels"] = _checked(self.head_list)
            fields["tail_labels"] = _checked(self.tail_list)
            fields["required"] = self.required_box.isChecked()
        return fields

    def save(self) -> None:
        name = self.current_name()
        if name is None:
            return
        old = self.items[self.list.currentRow()]
        fields = {k: v for k, v in self.form_fields().items() if getattr(old, k) != v}
        if not fields:
            return
        operation = ops.update_relation_type if self.relation else ops.update_label
        what = "rename" if "name" in fields else "edit"
        if self.editor.run(f"{what.capitalize()} {name}", operation, name, **fields):
            self.refresh(keep=fields.get("name", name))

    def pick_color(self) -> None:
        chosen = self.editor.choose_color(self.color)
        if chosen is not None and chosen.isValid():
            self._set_color(chosen)

    def add(self) -> None:
        names = {item.name for item in self.items}
        base = "new_relation" if self.relation else "NEW"
        name = next(n for n in (base, *(f"{base}_{i}" for i in range(2, 1000))) if n not in names)
        project = self.editor.project
        labels = project.labels()
        kinds = project.relation_types()
        colors = [label.color for label in labels] + [kind.color for kind in kinds]
        if self.relation:
            template = new_label(name, [], avoid=colors)
            keys = {kind.key for kind in kinds}
            key = next((k for k in "abdefghijklmnoqrtuvwxyz" if k not in keys), None)
            kind = RelationType(name, (), (), template.color, key)
            done = self.editor.run(f"Add {name}", ops.add_relation_type, kind)
        else:
            label = new_label(name, labels, avoid=[kind.color for kind in kinds])
            done = self.editor.run(f"Add {name}", ops.add_label, label)
        if done:
            self.refresh(keep=name)
            self.name_edit.setFocus()
            self.name_edit.selectAll()

    def move_item(self, step: int) -> None:
        name = self.current_name()
        if name is None:
            return
        operation = ops.move_relation_type if self.relation else ops.move_label
        if self.editor.run(f"Move {name}", operation, name, step):
            self.refresh(keep=name)

    def remove(self) -> None:
        """Remove the row shown: what would refuse is said before any question (the
        operation's own check, `ops.label_removal`), then how many spans or relations
        would go with it, if any."""
        name = self.current_name()
        if name is None:
            return
        project = self.editor.project
        check = ops.relation_type_removal if self.relation else ops.label_removal
        try:
            used = project.call(check, name)
        except AnnotatorError as error:
            self.editor.inform(str(error))
            return
        one = used == 1
        if self.relation:
            going = f"{_count(used, 'relation')} of the type {name} will be removed too."
        else:
            going = (
                f"{_count(used, 'span')} labelled {name} will be removed too, with "
                f"{'its' if one else 'their'} relations."
            )
        if used and not self.editor.confirm(
            f"Remove {name}?\n\n{going} (Undo brings {'it' if one else 'them'} back.)"
        ):
            return
        operation = ops.remove_relation_type if self.relation else ops.remove_label
        if self.editor.run(f"Remove {name}", operation, name, force=bool(used)):
            self.refresh()


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _checked(ends: QListWidget) -> tuple[str, ...]:
    return tuple(
        ends.item(i).text()
        for i in range(ends.count())
        if ends.item(i).checkState() == Qt.CheckState.Checked
    )


class LabelEditor(QDialog):
    """The label editor of one project (see the module docstring)."""

    applied = Signal(object)  # the Changes of an edit, an undo or a redo

    def __init__(self, project: ProjectStore, history: History, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Labels and relation types")
        self.project = project
        self.history = history
        self.tabs = QTabWidget()
        self.labels_page = _Page(self, relation=False)
        self.relations_page = _Page(self, relation=True)
        self.tabs.addTab(self.labels_page, "&Labels")
        self.tabs.addTab(self.relations_page, "Relation &types")
        self.message = plain_label("")
        self.message.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        close = QPushButton("Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.redo_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        close.clicked.connect(self.accept)
        for button in (self.undo_button, self.redo_button, close):
            button.setAutoDefault(False)
        self.history.subscribe(self._on_history_changed)
        self._on_history_changed()
        self.refresh()
        self.resize(820, 560)

    def refresh(self) -> None:
        self.labels_page.refresh()
        self.relations_page.refresh()

    # -- running edits --------------------------------------------------------------------

    def run(
        self, description: str, operation: Callable[..., Changes], /, *args: Any, **kwargs: Any
    ) -> bool:
        """Run one label operation in the store process and keep it for undo; an
        AnnotatorError is shown in the dialog and changes nothing (False)."""
        token = self.project.change_token()
        try:
            changes = self.project.call(operation, *args, **kwargs)
        except AnnotatorError as error:
            self.message.setText(str(error))
            return False
        self.message.setText("")
        self.history.push(description, changes, token)
        self.applied.emit(changes)
        return True

    def undo(self) -> None:
        self._step(self.history.undo, "Undone")

    def redo(self) -> None:
        self._step(self.history.redo, "Redone")

    def _step(self, step: Callable[[ProjectStore], Changes], done: str) -> None:
        text = self.history.undo_text() if step == self.history.undo else self.history.redo_text()
        try:
            changes = step(self.project)
        except AnnotatorError as error:
            self.message.setText(str(error))
            self.refresh()
            return
        self.message.setText(f"{done}: {text}")
        self.applied.emit(changes)
        self.refresh()

    def _on_history_changed(self) -> None:
        for button, word, can, text in (
            (self.undo_button, "Undo", self.history.can_undo(), self.history.undo_text()),
            (self.redo_button, "Redo", self.history.can_redo(), self.history.redo_text()),
        ):
            button.setEnabled(can)
            button.setText(as_menu_text(f"{word} {text}" if can else word))

    def done(self, result: int) -> None:  # Qt override: closing by any means
        self.history.unsubscribe(self._on_history_changed)
        super().done(result)

    # -- questions (tests answer them) ----------------------------------------------------

    def confirm(self, text: str) -> bool:
        box = plain_message_box(
            QMessageBox.Icon.Question,
            "Remove",
            text,
            self,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        return box.exec() == QMessageBox.StandardButton.Yes

    def inform(self, text: str) -> None:
        """Say why a removal cannot be done (before any question about it)."""
        plain_message_box(QMessageBox.Icon.Information, "Remove", text, self).exec()

    def choose_color(self, initial: QColor) -> QColor | None:
        chosen = QColorDialog.getColor(initial, self, "Label colour")
        return chosen if chosen.isValid() else None
