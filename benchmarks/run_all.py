"""Run every benchmarks/bench_*.py in turn, each in its own process, and print its output.

Uses the same interpreter with QT_QPA_PLATFORM=offscreen; extra arguments (e.g. --profile)
are passed on to every script. Ends with a one-line summary per script (its RESULT line).
Exits 0 unless a script crashed: a missed target is a figure, not a failure.

Run: .venv/bin/python benchmarks/run_all.py [--profile]   (or `make bench`)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    summary = []
    crashed = False
    for script in scripts:
        print(f"\n{'=' * 100}\n{script.name}\n{'=' * 100}", flush=True)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(script), *sys.argv[1:]],
            cwd=HERE.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        result = "no RESULT line"
        assert proc.stdout is not None
        for line in proc.stdout:
            print(line, end="", flush=True)
            if line.startswith("RESULT:"):
                result = line[len("RESULT:") :].strip()
        code = proc.wait()
        elapsed = time.perf_counter() - start
        if code != 0:
            crashed = True
            result = f"CRASHED (exit code {code})"
        summary.append((script.name, result, elapsed))
    print(f"\n{'=' * 100}\nSummary")
    width = max((len(name) for name, _, _ in summary), default=0)
    for name, result, elapsed in summary:
        print(f"  {name.ljust(width)}  {result}  ({elapsed:.0f} s)")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
