"""UI fixtures: the project the shared `window` fixture (tests/conftest.py) opens here.

Qt runs offscreen: tests/conftest.py sets QT_QPA_PLATFORM before anything imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.model import Document
from annotator.store.project import Project, create_project

ARTICLE = (
    "Kerry met Lavrov in Geneva.\n\n"
    "“We will talk,” Kerry said on Friday.\n"
    "Russia's minister agreed.\n"
)


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
