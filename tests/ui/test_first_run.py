"""A project's first open in the real window: the name prompt, the per-project name, and
the hint of the keys that stays until the first span (whatever the status bar says)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store.defaults import default_annotator
from annotator.ui import first_run
from annotator.ui.first_run import NameDialog, project_key, starting_annotator


def test_first_open_asks_the_name_prefilled_with_the_login(qtbot, window, settings):
    dialog = first_run.ask_name_if_first_open(window)
    assert isinstance(dialog, NameDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.name() == default_annotator()
    assert dialog.names.findText("alice") >= 0  # the project's annotators are offered
    edit = dialog.names.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "Dana Scully")
    qtbot.keyClick(dialog.names, Qt.Key.Key_Return)  # the box has the focus, not its edit
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.controller.annotator == "Dana Scully"
    assert window.annotator_box.currentText() == "Dana Scully"
    assert settings.value(project_key(window.project.path)) == "Dana Scully"
    assert window.focusWidget() is window.text_view  # ready for the label keys
    assert window.annotator_box.findText("Dana Scully") >= 0
    # The next open of this project starts with that name and asks nothing.
    assert starting_annotator(settings, window.project.path, None) == "Dana Scully"
    assert first_run.ask_name_if_first_open(window) is None


def test_an_empty_name_cannot_be_chosen_and_cancel_asks_again_next_time(qtbot, window, settings):
    dialog = first_run.ask_name_if_first_open(window)
    assert dialog is not None
    dialog.names.setCurrentText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reject()
    assert window.controller.annotator == "alice"
    assert not settings.value(project_key(window.project.path))
    assert first_run.ask_name_if_first_open(window) is not None


def test_a_name_given_on_the_command_line_is_the_answer(window, settings):
    assert first_run.ask_name_if_first_open(window, given="alice") is None
    assert settings.value(project_key(window.project.path)) == "alice"


def test_starting_name_prefers_the_given_then_the_projects_then_the_last(settings, tmp_path):
    path = tmp_path / "p.db"
    assert starting_annotator(settings, path, None) == default_annotator()
    settings.setValue("annotator", "last")
    assert starting_annotator(settings, path, None) == "last"
    first_run.remember(settings, path, "mine")
    assert starting_annotator(settings, path, None) == "mine"
    assert starting_annotator(settings, path, "given") == "given"


def test_the_key_hint_stays_until_the_first_span(qtbot, window, ui_project):
    hint = window.key_hint.label
    assert hint.isVisible()
    assert "1 ACTOR" in hint.text() and "F1" in hint.text()
    window._on_backup_finished("Today's backup: somewhere.db")  # the status bar changes
    assert hint.isVisible()
    start = window.text_view.text.index("Lavrov")
    window.text_view.select_range(start, start + 6)
    qtbot.keyClick(window.text_view, Qt.Key.Key_1)
    assert ui_project.spans("doc-1", "alice")
    assert not hint.isVisible()
    # Another annotator who has no span yet sees it again.
    window.set_annotator("bob")
    assert hint.isVisible()
    window.set_annotator("alice")
    assert not hint.isVisible()
