"""Team benchmark (issue 15).

Figures and targets:
- assigning 100,000 documents to 50 annotators, 2 per document, through
  `ops.assignments.assign` on a project file (the plan and the writes): < 5 s; and the plan
  alone (`core.assignment.plan_assignment`) with 20% overlap;
- packaging a 10,000-document share (`store.packages.write_package`: the documents, and the
  annotator's layers of them: 5 spans, one discontinuous, a note, a relation each): < 10 s;
- merging it back after offline work on every document (2 spans added, one relabelled, a
  relation added, the status done): < 10 s; and merging it a second time (no change);
- `progress_report` of the 100,000-document project.

Run: .venv/bin/python benchmarks/bench_team.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import clock, table, verdict

from annotator.core.assignment import plan_assignment
from annotator.core.model import Document, Relation, Span, Status
from annotator.ops.assignments import assign
from annotator.ops.packages import merge_packages
from annotator.store.packages import write_package
from annotator.store.progress import progress_report
from annotator.store.project import create_project, open_project

TEXT = (
    "The minister said on Friday that the talks would continue, and the opposition leader "
    "agreed with him after a long meeting in the capital. "
) * 4


def bench_assign(folder: Path) -> list[list[object]]:
    path = folder / "assign.db"
    documents = 100_000
    names = [f"annotator{i:02}" for i in range(50)]
    with create_project(path) as project, project.transaction():
        for i in range(documents):
            project.add_document(Document(f"d{i:06}", f"Article {i}.", f"Article {i}"))
    start = clock()
    plan_assignment([f"d{i:06}" for i in range(documents)], names, 2, overlap=0.2, seed=1)
    plan = clock() - start
    with open_project(path) as project:
        start = clock()
        changes = assign(project, names, 2, seed=1)
        took = clock() - start
        start = clock()
        progress_report(project)
        report = clock() - start
    return [
        [
            "assign 100,000 documents to 50 annotators, 2 each (< 5 s)",
            f"{took:.2f} s ({len(changes.assigned):,} assignments)",
            verdict(took < 5),
        ],
        ["the plan alone, 2 annotators for 20% of them, 1 for the rest", f"{plan:.2f} s", ""],
        ["progress report of that project", f"{report:.2f} s", ""],
    ]


def bench_packages(folder: Path) -> list[list[object]]:
    path = folder / "share.db"
    documents = 10_000
    with create_project(path) as project:
        with project.transaction():
            for i in range(documents):
                project.add_document(Document(f"d{i:05}", TEXT, f"Article {i}"))
        assign(project, ["alice"], 1)
        with project.transaction():
            for i in range(documents):
                d = f"d{i:05}"
                actor = project.add_span(Span(d, "alice", 0, 12, "ACTOR"))
                quote = project.add_span(
                    Span(d, "alice", 18, 70, "QUOTE", "split", fragments=((18, 40), (50, 70)))
                )
                for start in (80, 100, 120):
                    project.add_span(Span(d, "alice", start, start + 10, "EVENT"))
                assert actor.id is not None and quote.id is not None
                project.add_relation(Relation(d, "alice", quote.id, actor.id, "source"))
    package_path = folder / "alice.db"
    with open_project(path) as project:
        start = clock()
        write_package(project, "alice", package_path)
        packaged = clock() - start
    with open_project(package_path) as package, package.transaction():
        for i in range(documents):
            d = f"d{i:05}"
            spans = package.spans(d, "alice")
            actor = package.add_span(Span(d, "alice", 200, 212, "ACTOR"))
            claim = package.add_span(
                Span(d, "alice", 220, 300, "CLAIM", "two parts", fragments=((220, 250), (260, 300)))
            )
            event = next(s for s in spans if s.label == "EVENT")
            assert event.id is not None and actor.id is not None and claim.id is not None
            package.update_span(event.id, label="CLAIM")
            package.add_relation(Relation(d, "alice", claim.id, actor.id, "claimant"))
            package.set_status(d, "alice", Status.DONE)
    with open_project(path) as project:
        start = clock()
        changes, _ = merge_packages(project, [package_path])
        merged = clock() - start
        start = clock()
        again, _ = merge_packages(project, [package_path])
        twice = clock() - start
    return [
        [
            "package a 10,000-document share, 50,000 spans, 10,000 relations (< 10 s)",
            f"{packaged:.2f} s",
            verdict(packaged < 10),
        ],
        [
            "merge it back: 20,000 spans added, 10,000 changed, 10,000 relations (< 10 s)",
            f"{merged:.2f} s ({len(changes.spans_added):,} added)",
            verdict(merged < 10),
        ],
        ["merge the same package again (changes nothing)", f"{twice:.2f} s", verdict(not again)],
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = bench_assign(Path(folder)) + bench_packages(Path(folder))
    table("Team: assignment, packages, progress", rows, ["what (target)", "measured", ""])


if __name__ == "__main__":
    main()
