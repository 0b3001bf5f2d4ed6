"""The window's background upkeep (ui/daily_backup.py) waits for the window's first paint:
it is not on the start's path, yet it always runs, and never after the window closed."""

from __future__ import annotations

from datetime import date

from annotator.store.backup import backup_folder
from annotator.ui import daily_backup


def todays_copy(project_path):  # type: ignore[no-untyped-def]
    return backup_folder(project_path) / f"{project_path.stem}-{date.today().isoformat()}.db"


def test_the_upkeep_begins_once_the_text_has_painted(qtbot, ui_project, settings, monkeypatch):
    from annotator.ui.main_window import MainWindow

    monkeypatch.setattr(daily_backup, "START_AT_LATEST_MS", 60_000)  # only the paint starts it
    window = MainWindow(ui_project, "alice", settings)
    qtbot.addWidget(window)
    assert window.backup.running and window.backup.task is None  # waiting for the paint
    window.show()
    window.open_first_document()
    qtbot.waitUntil(lambda: window.backup.task is not None or not window.backup.running)
    qtbot.waitUntil(lambda: not window.backup.running, timeout=30_000)
    assert todays_copy(ui_project.path).exists()


def test_a_window_never_shown_still_gets_its_upkeep(qtbot, ui_project, settings, monkeypatch):
    from annotator.ui.main_window import MainWindow

    monkeypatch.setattr(daily_backup, "START_AT_LATEST_MS", 50)
    window = MainWindow(ui_project, "alice", settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.backup.running, timeout=30_000)
    assert todays_copy(ui_project.path).exists()


def test_a_window_closed_before_the_upkeep_began_never_begins_it(qtbot, ui_project, settings):
    from annotator.ui.main_window import MainWindow

    window = MainWindow(ui_project, "alice", settings)
    qtbot.addWidget(window)
    window.backup.close()
    assert not window.backup.running
    window.backup._start_now()  # what the paint, or the timer, would then call
    assert window.backup.task is None and not window.backup.running
    assert not backup_folder(ui_project.path).exists()
