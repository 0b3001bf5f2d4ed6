"""The layers of DESIGN.md, checked on the source: core imports neither store nor Qt nor
SQLite; store never imports Qt or ui; the ui writes no SQL (it goes through the store)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "annotator"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


FORBIDDEN = {
    "core": (
        "annotator.store",
        "annotator.ui",
        "annotator.cli",
        "PySide6",
        "sqlite3",
        "sqlite_utils",
    ),
    "store": ("annotator.ui", "annotator.cli", "PySide6"),
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_lower_layers_never_import_upper_ones(layer):
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        bad = [m for m in imported_modules(path) if m.startswith(FORBIDDEN[layer])]
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_the_ui_writes_no_sql():
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\.execute(many|script)?\(", source), f"{path.name} runs SQL"
        assert not {"sqlite3", "sqlite_utils"} & imported_modules(path), path.name
