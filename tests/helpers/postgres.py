"""The tests' PostgreSQL server (scripts/ensure-postgres starts it, installing PostgreSQL
when it is missing) and a fresh database per test. A test that needs it fails, never skips,
when the server cannot be started: `make test` and CI start it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
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


DATA = Path(os.environ.get("ANNOTATOR_PG_DIR", "/tmp/annotator-test-pg")) / "data"


def kill_server() -> None:
    """SIGKILL the postmaster, as a crash or an out-of-memory killer would."""
    pid = int((DATA / "postmaster.pid").read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    for _ in range(100):  # until it is gone
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def restart_server() -> None:
    subprocess.run(["bash", str(SCRIPT)], check=True, capture_output=True, timeout=120)
