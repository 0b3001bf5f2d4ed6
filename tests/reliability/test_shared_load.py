"""Annotators' processes editing one shared project at once, each as its own login: the
load benchmark at a small size (benchmarks/bench_shared_load.py runs it at 50 x 200): no
edit that returned is lost, none is there twice, no worker fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_shared_load.py"


def test_concurrent_annotators_lose_and_duplicate_nothing(pg_server):
    done = subprocess.run(
        [sys.executable, str(BENCH), "--workers", "8", "--edits", "40"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "workers failed: 0; lost: 0; unexpected: 0; duplicated: 0" in done.stdout
