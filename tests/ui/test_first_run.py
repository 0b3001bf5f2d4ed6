"""A project's first open: the name prompt (before the window, so the OS login is never
registered by mistake), the per-project name, and the hint of the keys that stays until
the first span, whatever the status bar says."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from annotator.store.defaults import default_annotator
from annotator.ui import first_run
from annotator.ui.first_run import NameDialog, choose_annotator, project_key, starting_annotator


def answer_with(qtbot, typed: str | None):  # type: ignore[no-untyped-def]
    """An `ask` that shows the dialog and types `typed` + Enter into its box (None: Esc)."""
    seen: list[NameDialog] = []

    def ask(dialog: NameDialog) -> int:
        seen.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if typed is None:
            qtbot.keyClick(dialog.names, Qt.Key.Key_Escape)
        else:
            dialog.names.lineEdit().selectAll()
            qtbot.keyClicks(dialog.names.lineEdit(), typed)
            qtbot.keyClick(dialog.names, Qt.Key.Key_Return)  # the box has the focus
        qtbot.waitUntil(lambda: not dialog.isVisible())
        return dialog.result()

    return ask, seen


def test_first_open_asks_the_name_prefilled_with_the_login(qtbot, ui_project, settings):
    ui_project.ensure_annotator("alice")  # someone else's project, say
    ui_project.ensure_annotator("dana scully")  # not completed into "Dana Scully"
    ask, seen = answer_with(qtbot, "Dana Scully")
    assert choose_annotator(settings, ui_project, None, ask) == "Dana Scully"
    (dialog,) = seen
    assert dialog.names.findText("alice") >= 0  # the project's annotators are offered
    assert settings.value(project_key(ui_project.path)) == "Dana Scully"
    assert "Dana Scully" not in ui_project.annotators()  # registered by the window, later
    # The next open of this project starts with that name and asks nothing.
    assert choose_annotator(settings, ui_project, None, ask) == "Dana Scully"
    assert len(seen) == 1


def test_the_prompt_is_prefilled_with_the_login_and_cancel_asks_again(qtbot, ui_project, settings):
    ask, seen = answer_with(qtbot, None)
    assert choose_annotator(settings, ui_project, None, ask) == default_annotator()
    assert seen[0].result() == QDialog.DialogCode.Rejected
    assert not settings.value(project_key(ui_project.path))
    assert default_annotator() not in ui_project.annotators()
    choose_annotator(settings, ui_project, None, ask)
    assert len(seen) == 2


def test_the_real_dialog_runs_modal_and_takes_enter(qtbot, ui_project, settings):
    def type_name() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NameDialog)
        assert dialog.name() == default_annotator()
        dialog.names.setCurrentText("  ")
        assert not dialog.ok_button.isEnabled()  # no empty name
        dialog.names.setCurrentText("bob")
        qtbot.keyClick(dialog.names, Qt.Key.Key_Return)

    QTimer.singleShot(0, type_name)
    assert choose_annotator(settings, ui_project, None) == "bob"


def test_a_name_given_on_the_command_line_is_the_answer(ui_project, settings):
    assert choose_annotator(settings, ui_project, "carol") == "carol"
    assert settings.value(project_key(ui_project.path)) == "carol"


def test_starting_name_prefers_the_given_then_the_projects_then_the_last(settings, tmp_path):
    path = tmp_path / "p.db"
    assert starting_annotator(settings, path, None) == default_annotator()
    settings.setValue("annotator", "last")
    assert starting_annotator(settings, path, None) == "last"
    first_run.remember(settings, path, "mine")
    assert starting_annotator(settings, path, None) == "mine"
    assert starting_annotator(settings, path, "given") == "given"


def test_choosing_another_name_in_the_window_is_remembered_for_the_project(window, settings):
    window.set_annotator("erin")
    assert settings.value(project_key(window.project.path)) == "erin"


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
