"""UI fixtures: settings kept in tmp_path, a window on a real project file.

Qt runs offscreen: tests/conftest.py sets QT_QPA_PLATFORM before anything imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotator.core.model import Document
from annotator.store.project import Project, create_project

ARTICLE = (
    "Kerry met Lavrov in Geneva.\n\n"
    "“We will talk,” Kerry said on Friday.\n"
    "Russia's minister agreed.\n"
)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_project(path: Path, texts: dict[str, str]) -> Project:
    project = create_project(path)
    for doc_id, text in texts.items():
        project.add_document(Document(doc_id, text, text.splitlines()[0] if text else doc_id))
    return project


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(
        tmp_path / "ui.db",
        {"doc-1": ARTICLE, "doc-2": "Second article about Assad.\n", "doc-3": "Third one.\n"},
    )
    yield project
    project.close()


@pytest.fixture
def window(qtbot, ui_project: Project, settings: QSettings):  # type: ignore[no-untyped-def]
    from annotator.ui.main_window import MainWindow

    win = MainWindow(ui_project, "alice", settings)
    qtbot.addWidget(win)
    win.show()
    win.open_first_document()
    qtbot.waitExposed(win)
    win.activateWindow()  # focus moves (e.g. when a bar hides) only happen in an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win
