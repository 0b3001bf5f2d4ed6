"""Figures the reliability suite gathers (kills survived, edits checked, bad inputs tried),
printed at the end of the run so the README's numbers can be reproduced."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from annotator.core.model import Document
from annotator.store.project import Project, create_project

FIGURES: Counter[str] = Counter()


@pytest.fixture
def figures() -> Counter[str]:
    return FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("reliability figures")
        for name, value in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {value}")


# -- a real window on a real project (as in tests/ui/conftest.py) ----------------------------

ARTICLE = "".join(f"Paragraph {i}: Kerry met Lavrov in Geneva on Friday.\n\n" for i in range(80))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    project = create_project(tmp_path / "ui.db")
    project.add_document(Document("doc-1", ARTICLE, "First"))
    project.add_document(Document("doc-2", "Second article about Assad.\n", "Second"))
    yield project
    project.close()


@pytest.fixture
def window(qtbot, ui_project: Project, settings: QSettings):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from annotator.ui.main_window import MainWindow

    win = MainWindow(ui_project, "alice", settings)
    qtbot.addWidget(win)
    win.show()
    win.open_first_document()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win
