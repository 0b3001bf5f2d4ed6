"""A project's first open: whose name the spans go under, and a hint of the keys.

The annotator name is remembered per project (`annotator_for/<project path>` in the
settings). On a project's first open without one (and none given on the command line), a
dialog asks for it before the window opens, prefilled with the OS login (or the name last
used in the app) and offering the project's annotators. A project opened or made from the
File menu takes the name the user works under (they have said who they are).
Until the annotator has a span in the project, a short strip under the article shows the
keys; it is a widget of its own, so no status bar message (the daily backup's) replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Status
from annotator.ops.changes import Changes
from annotator.store.defaults import default_annotator
from annotator.store.interface import ProjectStore
from annotator.ui.plain import plain_label

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def project_key(project_path: Path | str) -> str:
    """The setting that holds the annotator name chosen for this project."""
    return "annotator_for/" + str(Path(project_path).resolve()).replace("/", "|")


def starting_annotator(settings: QSettings, project_path: Path | str, given: str | None) -> str:
    """The name a window on this project starts with: the one given (command line), the
    one chosen for this project, the last one used anywhere, or the OS login."""
    for name in (
        given,
        settings.value(project_key(project_path), "", type=str),
        settings.value("annotator", "", type=str),
    ):
        if isinstance(name, str) and name.strip():
            return name.strip()
    return default_annotator()


def remember(settings: QSettings, project_path: Path | str, name: str) -> None:
    settings.setValue(project_key(project_path), name)


def needs_name(settings: QSettings, project_path: Path | str, given: str | None) -> bool:
    """Is this the project's first open: no name chosen for it, none given?"""
    return not given and not settings.value(project_key(project_path), "", type=str)


def choose_annotator(
    settings: QSettings,
    project: ProjectStore,
    given: str | None,
    ask: Callable[[NameDialog], int] | None = None,
) -> str:
    """The name a window on `project` opens with. On the project's first open, ask for it
    before the window exists (so the OS login is never registered as an annotator by
    mistake); a name given on the command line is the answer. Cancel opens the window
    under the prefilled name and asks again next time. `ask` runs the dialog (tests drive it).
    On a shared project nobody is asked: the annotator is the database login."""
    login = project.fixed_annotator()
    if login is not None:
        return login
    if not needs_name(settings, project.path, given):
        name = starting_annotator(settings, project.path, given)
        remember(settings, project.path, name)
        return name
    prefill = starting_annotator(settings, project.path, None)  # the last name, or the login
    dialog = NameDialog(None, project.annotators(), prefill)
    answer = dialog.exec() if ask is None else ask(dialog)
    if answer == QDialog.DialogCode.Accepted and dialog.name():
        remember(settings, project.path, dialog.name())
        settings.setValue("annotator", dialog.name())
        return dialog.name()
    return starting_annotator(settings, project.path, None)


class NameDialog(QDialog):
    """ "Who is annotating?": a name, prefilled with the last one used or the OS login."""

    def __init__(self, parent: QWidget | None, annotators: list[str], prefill: str = ""):
        super().__init__(parent)
        self.setWindowTitle("annotator: who is annotating?")
        text = QLabel(
            "Your name as this project's annotator: every span you make is stored under it, "
            "and agreement compares annotators by it. You can change it later in the "
            "toolbar's Annotator box."
        )
        text.setWordWrap(True)
        self.names = QComboBox()
        self.names.setEditable(True)
        self.names.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.names.addItems([name for name in annotators if name])  # plain text items
        completer = self.names.completer()
        if completer is not None:  # "Dana" is not "dana": names are compared exactly
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
        self.names.setCurrentText(prefill or default_annotator())
        edit = self.names.lineEdit()
        assert edit is not None
        edit.selectAll()
        edit.returnPressed.connect(self._on_ok)  # Enter in the box, whoever gets the key
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.names.currentTextChanged.connect(
            lambda name: self.ok_button.setEnabled(bool(name.strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.names)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.names.setFocus()

    def name(self) -> str:
        return self.names.currentText().strip()

    def _on_ok(self) -> None:
        if self.name():
            self.accept()


class KeyHint:
    """The strip under the article that shows the keys until the annotator's first span."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.label = plain_label("")  # names labels, which come from files
        self.label.setObjectName("key-hint")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(
            "QLabel#key-hint { background: palette(alternate-base); padding: 4px 8px; "
            "border-top: 1px solid palette(mid); }"
        )
        center = window.text_view.parentWidget()
        assert center is not None
        layout = center.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(window.text_view) + 1, self.label)
        window.controller.changes_applied.connect(self._on_changes_applied)
        window.controller.labels_changed.connect(self.update_text)
        self.update_text()
        self.update_visibility()

    def update_text(self) -> None:
        labels = self.window.controller.labels
        keys = ", ".join(f"{label.key} {label.name}" for label in labels if label.key)
        self.label.setText(
            f"Select text and press a label key to tag it ({keys}). Click a span to pick it: "
            "Delete removes it, Alt+Shift+←/→ and Ctrl+Alt+←/→ move its edges. Ctrl+F find, "
            "Ctrl+Z undo, Ctrl+Enter done and next document. F1: every key."
        )

    def update_visibility(self) -> None:
        """Shown while the annotator has no span in this project (no document started)."""
        w = self.window
        statuses = w.project.statuses_of(w.controller.annotator)
        started = any(status != Status.NEW for status in statuses.values())
        self.label.setVisible(not started and not w.layer_model.spans())

    def _on_changes_applied(self, changes: Changes) -> None:
        if changes.spans_added and self.label.isVisible():
            self.label.hide()
