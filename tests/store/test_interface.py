"""The store interface: only its implementations (annotator/store/sqlite/, store/postgres/) run SQL;
the rest of the store (agreement, gold, import, export, backups, the store process) asks a
`ProjectStore`. mypy checks that `Project` is one; this catches SQL written outside the
implementation through an object it hands out, which no type shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.store.interface import ProjectStore
from annotator.store.project import create_project

STORE = Path(__file__).parents[2] / "annotator" / "store"
OUTSIDE = sorted(path for path in STORE.glob("*.py"))


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda path: path.name)
def test_only_the_sqlite_implementation_runs_sql(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"\.execute(many|script)?\(", source), f"{path.name} runs SQL"
    assert not re.search(r"\bproject\.(_?conn|db)\b", source), f"{path.name} holds a connection"


def test_the_sqlite_project_has_every_member_of_the_interface(tmp_path: Path) -> None:
    names = [name for name in dir(ProjectStore) if not name.startswith("_")]
    assert {"spans", "transaction", "path", "read_only", "stored_documents"} <= set(names)
    with create_project(tmp_path / "p.db") as project:
        assert [name for name in names if not hasattr(project, name)] == []


def test_the_postgres_project_has_every_member_of_the_interface(pg_url: str) -> None:
    from annotator.store.locations import create_any

    names = [name for name in dir(ProjectStore) if not name.startswith("_")]
    with create_any(pg_url) as project:
        assert [name for name in names if not hasattr(project, name)] == []
