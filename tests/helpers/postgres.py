"""The tests' PostgreSQL server (scripts/ensure-postgres starts it, installing PostgreSQL
when it is missing) and a fresh database per test. A test that needs it fails, never skips,
when the server cannot be started: `make test` and CI start it."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / "scripts" / "ensure-postgres"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The server's URL (its `postgres` database, as the cluster's owner)."""
    result = subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"the tests' PostgreSQL server could not be started:\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield pg_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
