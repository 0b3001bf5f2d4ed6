"""Figures the reliability suite gathers (kills survived, edits checked, bad inputs tried),
printed at the end of the run so the README's numbers can be reproduced."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


# -- the project the shared `window` fixture (tests/conftest.py) opens here: a long article --

ARTICLE = "".join(f"Paragraph {i}: Kerry met Lavrov in Geneva on Friday.\n\n" for i in range(80))


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    project = create_project(tmp_path / "ui.db")
    project.add_document(Document("doc-1", ARTICLE, "First"))
    project.add_document(Document("doc-2", "Second article about Assad.\n", "Second"))
    yield project
    project.close()
