"""Shared project benchmark: a PostgreSQL project (the tests' server on 127.0.0.1, started
by scripts/ensure-postgres) against the same work in a SQLite file.

Targets: a span edit (add or delete, one transaction) under 16 ms, one frame, on a server
on the same machine; the document list's first page of 10,000 documents under 100 ms;
an export of 10,000 documents with 20 spans by each of two annotators within 3x the
file's, and their agreement report, the same as the file's. A server across a
network adds its round trips to each figure, and the tests' server runs with fsync off
(its commits skip the disk flush the file's make).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import median, ms, table, verdict

from annotator.core.model import Document, Span, Status
from annotator.store.agreement import agreement_report
from annotator.store.exporter import export_jsonl
from annotator.store.interface import ProjectStore
from annotator.store.locations import create_any
from annotator.store.transfer import copy_store

ROOT = Path(__file__).resolve().parents[1]
EDITS = 200
TEXT = "Secretary of State John Kerry met Sergei Lavrov in Geneva on Friday. " * 12


def server() -> str:
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure-postgres")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout.strip().splitlines()[-1]


def edit_times(project: ProjectStore) -> tuple[list[float], list[float]]:
    adds, deletes = [], []
    for i in range(EDITS):
        start = time.perf_counter()
        span = project.add_span(Span(f"d{i % 200}", "bench", i % 50, i % 50 + 5, "ACTOR"))
        adds.append(time.perf_counter() - start)
        assert span.id is not None
        start = time.perf_counter()
        project.delete_span(span.id)
        deletes.append(time.perf_counter() - start)
    return adds, deletes


def fill(project: ProjectStore, documents: int) -> None:
    """`documents` articles, each with 20 spans by alice and 20 by bob (a few bounds
    differ), both layers marked done: what agreement compares."""
    with project.transaction():
        for d in range(documents):
            project.add_document(Document(f"d{d}", TEXT, f"Article {d}"))
            for who, shift in (("alice", 0), ("bob", 1)):
                spans = [
                    Span(f"d{d}", who, k * 40, k * 40 + 11 + (shift if k % 5 == 0 else 0), "ACTOR")
                    for k in range(20)
                ]
                project.merge_layer(f"d{d}", who, spans, Status.DONE)


def main() -> None:
    print(__doc__.split("\n\n")[0])
    import psycopg

    admin_url = server()
    database = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {database}")
    url = admin_url.rsplit("/", 1)[0] + "/" + database
    try:
        with tempfile.TemporaryDirectory(prefix="bench-shared-") as tmp:
            path = Path(tmp) / "p.db"
            figures = {}
            reports: dict[str, Any] = {}
            for name, where in (("file", str(path)), ("shared", url)):
                with create_any(where) as project:
                    start = time.perf_counter()
                    fill(project, 10_000)
                    figures[name, "fill"] = time.perf_counter() - start
                    figures[name, "edits"] = edit_times(project)
                    start = time.perf_counter()
                    seqs = project.document_seqs("alice")
                    project.summaries_of(seqs[:200], "alice")
                    figures[name, "list"] = time.perf_counter() - start
                    start = time.perf_counter()
                    export_jsonl(project, Path(tmp) / f"{name}.jsonl")
                    figures[name, "export"] = time.perf_counter() - start
                    start = time.perf_counter()
                    reports[name] = agreement_report(project, ["alice", "bob"])
                    figures[name, "agreement"] = time.perf_counter() - start
            exported = [(Path(tmp) / f"{name}.jsonl").read_bytes() for name in ("file", "shared")]
            same = exported[0] == exported[1]
            start = time.perf_counter()
            with _open(url) as shared:
                copy_store(shared, Path(tmp) / "copy.db")
            figures["copy"] = time.perf_counter() - start
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {database} WITH (FORCE)")
    adds, deletes = figures["shared", "edits"]
    file_adds, file_deletes = figures["file", "edits"]
    ratio = figures["shared", "export"] / figures["file", "export"]
    list_ok = figures["shared", "list"] < 0.1
    rows = [
        row(
            "add a span",
            median(adds),
            median(file_adds),
            f"< 16 ms {verdict(median(adds) < 0.016)}",
        ),
        row(
            "delete a span",
            median(deletes),
            median(file_deletes),
            "< 16 ms " + verdict(median(deletes) < 0.016),
        ),
        row(
            "document list, first page",
            figures["shared", "list"],
            figures["file", "list"],
            f"< 100 ms {verdict(list_ok)}",
        ),
        row(
            "export",
            figures["shared", "export"],
            figures["file", "export"],
            f"< 3x the file ({ratio:.1f}x) {verdict(ratio < 3)}",
        ),
        row(
            "agreement, alice and bob",
            figures["shared", "agreement"],
            figures["file", "agreement"],
            f"the same report: {reports['shared'] == reports['file']}",
        ),
        row("fill: 10,000 documents", figures["shared", "fill"], figures["file", "fill"], ""),
        row("copy the shared project to a file", figures["copy"], None, ""),
    ]
    title = "shared (PostgreSQL) against file (SQLite); edits: median of 200"
    table(title, rows, ["what", "shared", "file", "target"])
    print(f"\nexports byte-identical: {same}")
    passed = (
        reports["shared"] == reports["file"]
        and same
        and median(adds) < 0.016
        and median(deletes) < 0.016
        and ratio < 3
        and list_ok
    )
    print("\nRESULT: all targets PASS" if passed else "\nRESULT: MISS (see above)")


def row(what: str, shared: float, file: float | None, target: str) -> list[str]:
    return [what, ms(shared), ms(file) if file is not None else "", target]


def _open(url: str) -> ProjectStore:
    from annotator.store.locations import open_any

    return open_any(url)


if __name__ == "__main__":
    main()
