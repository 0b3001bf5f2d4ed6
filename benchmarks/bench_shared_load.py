"""Shared project under load: many annotators' processes editing one PostgreSQL project at
once, each as its own login (row-level security on), each making its edits one transaction
at a time. Afterwards every edit that returned is on the server and none is there twice.

Prints edits per second and the p50 / p99 latency of one edit. Target: p99 under 100 ms
with 50 annotators on the tests' server (127.0.0.1, a 2-core machine), no edit lost.

    python benchmarks/bench_shared_load.py [--workers 50] [--edits 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORKER = r"""
import json, sys, time
from annotator.core.errors import AnnotatorError
from annotator.core.model import Span
from annotator.store.locations import open_any
url, name, edits, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
kept, times = [], []
with open_any(url) as project:
    for n in range(edits):
        start = time.perf_counter()
        if n % 4 == 3 and kept:  # every fourth edit deletes one of this annotator's spans
            project.delete_span(kept.pop())
        else:
            start_at = (n // 20) * 4  # each edit its own place: (document, start) differ
            span = Span(f"d{n % 20}", name, start_at, start_at + 3, "ACTOR")
            kept.append(project.add_span(span).id)
        times.append(time.perf_counter() - start)
with open(log, "w") as out:
    json.dump({"kept": kept, "times": times}, out)
"""


def server() -> str:
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure-postgres")],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    print(__doc__.split("\n\n")[0])
    import psycopg

    from annotator.core.model import Document
    from annotator.store.locations import create_any, open_any
    from annotator.store.team import add

    admin = server()
    database = f"load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {database}")
    url = admin.rsplit("/", 1)[0] + "/" + database
    names = [f"load_{n:02d}" for n in range(args.workers)]
    try:
        with create_any(url) as project:
            for d in range(20):
                project.add_document(
                    Document(f"d{d}", "Kerry met Lavrov in Geneva. " * 40, f"d{d}")
                )
            for name in names:
                project.call(add, name)
        with tempfile.TemporaryDirectory() as tmp:
            logs = [Path(tmp) / f"{name}.json" for name in names]
            start = time.perf_counter()
            workers = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        WORKER,
                        url.replace("postgres@", f"{name}@"),
                        name,
                        str(args.edits),
                        str(log),
                    ],
                    cwd=ROOT,
                )
                for name, log in zip(names, logs, strict=True)
            ]
            failed = sum(worker.wait() != 0 for worker in workers)
            elapsed = time.perf_counter() - start
            results = [json.loads(log.read_text()) for log in logs if log.exists()]
        kept = [span_id for r in results for span_id in r["kept"]]
        times = sorted(t for r in results for t in r["times"])
        with open_any(url) as project:
            stored = [
                s.id for name in names for d in range(20) for s in project.spans(f"d{d}", name)
            ]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {database} WITH (FORCE)")
    lost = len(set(kept) - set(stored))
    extra = len(set(stored) - set(kept))
    twice = len(stored) - len(set(stored))
    edits = len(times)
    if not edits:
        print(f"\nevery worker failed ({failed})\n\nRESULT: MISS (see above)")
        return 1
    p50 = statistics.median(times) * 1000
    p99 = times[int(0.99 * (edits - 1))] * 1000
    print(f"\n{args.workers} annotators x {args.edits} edits: {edits} edits in {elapsed:.1f} s")
    print(f"edits per second: {edits / elapsed:.0f}")
    print(f"latency per edit: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    print(f"workers failed: {failed}; lost: {lost}; unexpected: {extra}; duplicated: {twice}")
    ok = failed == 0 and lost == 0 and extra == 0 and twice == 0
    print("\nRESULT: all targets PASS" if ok and p99 < 100 else "\nRESULT: MISS (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
