"""The ui runs no SQL of its own: it asks the store. lint-imports (pyproject.toml) forbids
the ui to import sqlite3 or sqlite_utils; this catches SQL run through an object the store
hands out, which no import shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

UI = Path(__file__).parents[2] / "annotator" / "ui"


@pytest.mark.parametrize("path", sorted(UI.rglob("*.py")), ids=lambda path: path.name)
def test_the_ui_runs_no_sql(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"\.execute(many|script)?\(", source), f"{path.name} runs SQL"
