"""Fixtures shared by the test suite: projects in tmp_path and a full dump of a project file."""

from __future__ import annotations

import os

# Every Qt test runs without a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.store.host import StoreHost
from annotator.store.project import Project, create_project, open_project
from tests.helpers.postgres import pg_server, pg_url  # noqa: F401 (fixtures)
from tests.helpers.projects import dump_database

DATA = Path(__file__).parent / "data"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A freshly created project file (default labels), closed."""
    path = tmp_path / "project.db"
    create_project(path).close()
    return path


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    """The project at `project_path`, open."""
    with open_project(project_path) as opened:
        yield opened


@pytest.fixture
def dump() -> Callable[[Path], list[str]]:
    return dump_database


# -- a real window on a real project: tests/ui and tests/reliability each give `ui_project` --


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The app's settings, kept in tmp_path (Qt is imported only by tests that ask)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(scope="session")
def store_host() -> Iterator[StoreHost]:
    """The app's store process (every SQLite connection of a window lives there)."""
    host = StoreHost()
    yield host
    host.close()


@pytest.fixture
def window(qtbot, ui_project: Project, settings, store_host: StoreHost):  # type: ignore[no-untyped-def]
    """The main window on `ui_project` as "alice", shown, active, on its first document.

    As in the app, the window's project is open in the store process: `ui_project` is
    another connection to the same file, like another program's."""
    return show_window(qtbot, store_host.open(ui_project.path), settings)


@pytest.fixture
def local_window(qtbot, ui_project: Project, settings):  # type: ignore[no-untyped-def]
    """As `window`, on `ui_project` itself in this process (the same interface): for the
    tests that replace a store function, which a store process would not see."""
    return show_window(qtbot, ui_project, settings)


def show_window(qtbot, project: Project, settings):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from annotator.ui.main_window import MainWindow

    win = MainWindow(project, "alice", settings)
    qtbot.addWidget(win)
    win.show()
    win.open_first_document()
    qtbot.waitExposed(win)
    win.activateWindow()  # focus moves (e.g. when a bar hides) only happen in an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    # The open document is suggested after its first paint (a write of the app's own):
    # the tests start once that is done.
    suggestions = win.suggestions
    if win.controller.document is not None:
        qtbot.waitUntil(lambda: suggestions.model.loaded and not suggestions.runner.running)
    return win
