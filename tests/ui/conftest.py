"""UI fixtures: the project the shared `window` fixture (tests/conftest.py) opens here.

Qt runs offscreen: tests/conftest.py sets QT_QPA_PLATFORM before anything imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store.project import Project
from tests.helpers.projects import ARTICLE, make_project


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(
        tmp_path / "ui.db",
        {"doc-1": ARTICLE, "doc-2": "Second article about Assad.\n", "doc-3": "Third one.\n"},
    )
    yield project
    project.close()
