"""One tab of the label editor (ui/label_editor.py): the project's labels, or its relation
types, as a list (Add, Move up, Move down, Remove) and a form of the picked one (name,
colour, key, description, guideline; a relation type's head and tail labels and whether
the check asks for it), saved with Save through the editor's `run`.

An edit in progress stays in the form until Save; showing anything else in its place
first asks (`settle`), and a refused save says why under the form, with its row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.labels import new_label
from annotator.core.model import RelationType
from annotator.ops import labels as ops
from annotator.ui.plain import as_tooltip, plain_label
from annotator.ui.span_menus import swatch

if TYPE_CHECKING:
    from annotator.ui.label_editor import LabelEditor


class LabelPage(QWidget):
    """One tab: the labels (`relation=False`) or the relation types.

    The form holds the edits of the row it shows (`shown`) until Save; whatever would
    show something else in their place (another row, another tab, Add, Undo, Redo,
    closing) asks first (`settle`). Moving the row keeps them: the row itself is unchanged.
    `problem` says why the row's last save was refused, under the form, and goes when
    another row is shown."""

    def __init__(self, editor: LabelEditor, relation: bool):
        super().__init__()
        self.editor = editor
        self.relation = relation
        self.what = "relation type" if relation else "label"
        self.items: list[Any] = []
        self.shown: Any = None  # the stored label or relation type the form shows
        self.baseline: dict[str, Any] = {}  # the form as filled from `shown`
        self.color_text = ""
        self.label_names: list[str] = []  # a relation type's possible ends, as shown
        self.list = QListWidget()
        self.list.setAccessibleName(f"{self.what}s")
        self.add_button = QPushButton(f"&Add {self.what}")
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
        self.problem = plain_label("")
        self.problem.setWordWrap(True)
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
        form.addRow("", self.problem)
        self.form = form
        form.setRowVisible(self.problem, False)  # shown with something to say: no gap
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(form, 3)

        # Enter in a field saves; no button is pressed by Enter (Add would add a label).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        for edit in (self.name_edit, self.key_edit, self.description_edit):
            edit.returnPressed.connect(self.save)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.add_button.clicked.connect(self.add)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.remove_button.clicked.connect(self.remove)
        self.color_button.clicked.connect(self.pick_color)
        self.save_button.clicked.connect(self.save)

    # -- what is shown --------------------------------------------------------------------

    def refresh(self, keep: str | None = None) -> None:
        """Read the items again and show `keep` (or the row shown). Unsaved edits of the
        row shown stay when that row is stored as it was (it only moved, or another
        changed); the callers that change it settle them first."""
        shown, problem = self.shown, self.problem.text()
        draft = self.form_fields() if self.dirty() else None
        project = self.editor.project
        self.items = project.relation_types() if self.relation else project.labels()
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            row = QListWidgetItem(swatch(item.color), item.name)
            row.setToolTip(as_tooltip(item.description))
            self.list.addItem(row)
        self.list.blockSignals(False)
        names = [item.name for item in self.items]
        current = keep or (shown.name if shown is not None else None)
        name = current if current in names else (names[0] if names else None)
        self._select(name)
        self._show(name)
        if draft is not None and self.shown is not None and self.shown == shown:
            self._fill(draft)
            self.say(problem)

    def say(self, problem: str) -> None:
        """Show why the row's last save was refused under the form ("": nothing)."""
        self.problem.setText(problem)
        self.form.setRowVisible(self.problem, bool(problem))

    def current_name(self) -> str | None:
        """The stored name of the row shown (its form may hold another, unsaved)."""
        return self.shown.name if self.shown is not None else None

    def select(self, name: str) -> None:
        """Pick the row `name` as a click would (asking about unsaved edits first)."""
        names = [item.name for item in self.items]
        self.list.setCurrentRow(names.index(name))

    def _select(self, name: str | None) -> None:
        names = [item.name for item in self.items]
        self.list.blockSignals(True)
        self.list.setCurrentRow(names.index(name) if name in names else -1)
        self.list.blockSignals(False)

    def _on_list_current_row_changed(self, row: int) -> None:
        target = self.items[row].name if 0 <= row < len(self.items) else None
        if target == self.current_name():
            return
        if self.dirty():
            self._select(self.current_name())  # while it asks, the list shows its row
            if not self.settle():
                # A click selects the row clicked after this returns: the row shown is
                # picked again once the click is done.
                QTimer.singleShot(0, self, self._repick)
                return
        self._select(target)
        self._show(target)

    def _repick(self) -> None:
        self._select(self.current_name())

    def _show(self, name: str | None) -> None:
        """Fill the form from the stored item `name` (none: an empty, disabled form)."""
        item = next((item for item in self.items if item.name == name), None)
        self.shown = item
        self.say("")
        for widget in (self.name_edit, self.color_button, self.key_edit, self.description_edit,
                       self.guideline_edit, self.save_button, self.remove_button,
                       self.up_button, self.down_button):  # fmt: skip
            widget.setEnabled(item is not None)
        if item is None:
            self.baseline = {}
            return
        if self.relation:
            self.label_names = [label.name for label in self.editor.project.labels()]
        fields = ops.RELATION_TYPE_FIELDS if self.relation else _LABEL_FORM
        self._fill({field: getattr(item, field) for field in fields})
        self.baseline = self.form_fields()

    def _fill(self, fields: dict[str, Any]) -> None:
        self.name_edit.setText(fields["name"])
        self._set_color(fields["color"])
        self.key_edit.setText(fields["key"] or "")
        self.description_edit.setText(fields["description"])
        self.guideline_edit.setPlainText(fields["guideline"])
        if self.relation:
            for ends, chosen in ((self.head_list, fields["head_labels"]),
                                 (self.tail_list, fields["tail_labels"])):  # fmt: skip
                ends.clear()
                for name in self.label_names:
                    entry = QListWidgetItem(name)
                    entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    checked = Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked
                    entry.setCheckState(checked)
                    ends.addItem(entry)
            self.required_box.setChecked(fields["required"])

    def _set_color(self, color: str) -> None:
        self.color_text = color
        self.color_button.setIcon(swatch(color))
        self.color_button.setText(color.upper())

    # -- the edits of the row shown -------------------------------------------------------

    def form_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": self.name_edit.text(),
            "color": self.color_text,
            "key": self.key_edit.text() or None,
            "description": self.description_edit.text(),
            "guideline": self.guideline_edit.toPlainText(),
        }
        if self.relation:
            fields["head_labels"] = _checked(self.head_list)
            fields["tail_labels"] = _checked(self.tail_list)
            fields["required"] = self.required_box.isChecked()
        return fields

    def edited_fields(self) -> dict[str, Any]:
        """The fields the form changed since it showed the row (compared with what the form
        showed, so that the widgets' own normalising never counts as an edit)."""

        def same(field: str, value: Any) -> bool:
            old = self.baseline.get(field)
            if field == "color" and isinstance(value, str) and isinstance(old, str):
                return value.upper() == old.upper()  # the picker names colours in capitals
            return bool(value == old)

        return {k: v for k, v in self.form_fields().items() if not same(k, v)}

    def dirty(self) -> bool:
        """Whether the form holds edits not saved yet."""
        return self.shown is not None and bool(self.edited_fields())

    def settle(self, before: str = "") -> bool:
        """Leave no unsaved edits in the form: none, or saved or discarded as the user
        answers. False when they stay: the user cancelled, or the save was refused (and
        `problem` says why). `before` names what waits ("Undo Rename ACTOR"): saving is
        then not offered, as the undo would take back the save."""
        if not self.dirty():
            return True
        edited = _describe(self.edited_fields())
        if before:
            answer = self.editor.ask_unsaved(
                f"{before} and discard your changes to the {self.what} "
                f"{self.current_name()}?\n\nNot saved: {edited}.",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            )
        else:
            answer = self.editor.ask_unsaved(
                f"Save your changes to the {self.what} {self.current_name()}?"
                f"\n\nNot saved yet: {edited}.",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.discard()
            return True
        return False

    def discard(self) -> None:
        """Show the row as stored again, without the form's edits and their problem."""
        self._show(self.current_name())

    def save(self) -> bool:
        """Save the form's edits as one operation; True when nothing unsaved is left,
        False when the operation refused them (`problem` says why; the form keeps them)."""
        name = self.current_name()
        fields = self.edited_fields()
        if name is None or not fields:
            return True
        operation = ops.update_relation_type if self.relation else ops.update_label
        what = "rename" if "name" in fields else "edit"
        if self.editor.run(self, f"{what.capitalize()} {name}", operation, name, **fields):
            self.refresh(keep=fields.get("name", name))
            return True
        return False

    def pick_color(self) -> None:
        chosen = self.editor.choose_color(QColor(self.color_text))
        if chosen is not None and chosen.isValid():
            self._set_color(chosen.name().upper())

    # -- the list -------------------------------------------------------------------------

    def add(self) -> None:
        if not self.settle():  # the new row is shown next
            return
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
            done = self.editor.run(self, f"Add {name}", ops.add_relation_type, kind)
        else:
            label = new_label(name, labels, avoid=[kind.color for kind in kinds])
            done = self.editor.run(self, f"Add {name}", ops.add_label, label)
        if done:
            self.refresh(keep=name)
            self.name_edit.setFocus()
            self.name_edit.selectAll()

    def move_item(self, step: int) -> None:
        name = self.current_name()
        if name is None:
            return
        operation = ops.move_relation_type if self.relation else ops.move_label
        if self.editor.run(self, f"Move {name}", operation, name, step):
            self.refresh(keep=name)  # the form's unsaved edits stay: the row is unchanged

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
        if self.editor.run(self, f"Remove {name}", operation, name, force=bool(used)):
            self.refresh()


_LABEL_FORM = ("name", "color", "key", "description", "guideline")  # a label's, in the form
_FIELD_NAMES = {
    "color": "colour",
    "description": "description",
    "guideline": "guideline",
    "head_labels": "head labels",
    "tail_labels": "tail labels",
    "required": "required",
}


def _describe(fields: dict[str, Any]) -> str:
    """ "name “PLACE”, key 1, colour": the edits a question lists."""
    parts = []
    for field, value in fields.items():
        if field == "name":
            parts.append(f"name “{value}”")
        elif field == "key":
            parts.append(f"key {value}" if value else "no key")
        else:
            parts.append(_FIELD_NAMES[field])
    return ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _checked(ends: QListWidget) -> tuple[str, ...]:
    return tuple(
        ends.item(i).text()
        for i in range(ends.count())
        if ends.item(i).checkState() == Qt.CheckState.Checked
    )
