"""Store process benchmark: what keeping every connection in a process of its own costs.

Targets: a span edit through the store process (add or delete: IPC, the transaction, its
fsync and the checkpoint that follows it) under 16 ms, one frame; the store process starts
and opens a project in under 0.5 s (it starts while Qt does). Also shown, for information:
the same edit on a connection in this process, and one read's round trip.

A project of 200 documents with 2,000 spans; 200 edits of each kind, median and worst.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import median, ms, table, verdict

from annotator.core.model import Document, Span
from annotator.store.host import StoreHost
from annotator.store.project import Project, create_project, open_project

EDITS = 200
TEXT = "Secretary of State John Kerry met Sergei Lavrov in Geneva on Friday. " * 12


def edit_times(project: Project) -> tuple[list[float], list[float], list[float]]:
    adds, deletes, reads = [], [], []
    for i in range(EDITS):
        start = time.perf_counter()
        span = project.add_span(Span(f"d{i % 200}", "bench", i % 50, i % 50 + 5, "ACTOR"))
        adds.append(time.perf_counter() - start)
        start = time.perf_counter()
        project.spans(f"d{i % 200}", "alice")
        reads.append(time.perf_counter() - start)
        assert span.id is not None
        start = time.perf_counter()
        project.delete_span(span.id)
        deletes.append(time.perf_counter() - start)
    return adds, deletes, reads


def main() -> None:
    print(__doc__.split("\n\n")[0])
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        path = Path(tmp) / "p.db"
        with create_project(path) as project, project.transaction():
            for d in range(200):
                project.add_document(Document(f"d{d}", TEXT, f"Article {d}"))
                for k in range(10):
                    project.add_span(Span(f"d{d}", "alice", k * 70, k * 70 + 11, "ACTOR"))
        start = time.perf_counter()
        host = StoreHost()
        remote = host.open(path)
        started = time.perf_counter() - start
        remote_add, remote_delete, remote_read = edit_times(remote)
        remote.close()
        host.close()
        with open_project(path) as local:
            local_add, local_delete, local_read = edit_times(local)
    rows = []
    for name, times, target in (
        ("add a span, store process", remote_add, True),
        ("delete a span, store process", remote_delete, True),
        ("add a span, this process", local_add, False),
        ("delete a span, this process", local_delete, False),
        ("read a layer, store process", remote_read, False),
        ("read a layer, this process", local_read, False),
    ):
        ok = median(times) < 0.016
        rows.append(
            [name, ms(median(times)), ms(max(times)), f"< 16 ms {verdict(ok)}" if target else ""]
        )
    rows.append(
        ["start the store process and open", ms(started), "", f"< 500 ms {verdict(started < 0.5)}"]
    )
    table(f"{EDITS} edits each (median, worst)", rows, ["what", "median", "worst", "target"])
    passed = started < 0.5 and median(remote_add) < 0.016 and median(remote_delete) < 0.016
    print("\nRESULT: all targets PASS" if passed else "\nRESULT: MISS (see above)")


if __name__ == "__main__":
    main()
