"""Where a team's work stands: `annotator progress` and Review ▸ Progress.

`progress_report(project)` is a plain dict (what `progress --json` prints):

    {"annotators": {NAME: {"assigned": N, "done": N, "in_progress": N, "spans": N,
                           "relations": N, "last_work": ISO time or null,
                           "seconds_since_last_work": N or null}},
     "documents": {ID: {"assigned": [NAME, ...], "done": [NAME, ...]}},
     "pairs": [{"a": NAME, "b": NAME, "shared_assigned": N, "shared_done": N,
                "enough": true|false}, ...],
     "min_shared": N}

An annotator's done and in progress count their assigned documents; one with no assignment
(a project run without them) counts every document. `documents` lists every document that
is assigned or that someone has started, in project order, its annotators in queue order of
assignment; `done` names everyone who marked it done. `pairs`: every pair of annotators who
share an assigned or a done document; `enough` when they share at least `min_shared` done
documents, so that their agreement can be computed (`annotator agreement --annotators a,b`).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

from annotator.store.interface import ProjectStore


def progress_report(project: ProjectStore, min_shared: int = 1) -> dict[str, Any]:
    assigned: dict[str, list[str]] = {}  # document -> annotators
    queues: dict[str, set[str]] = {}  # annotator -> documents
    for document_id, annotator, _ in project.assignment_rows():
        assigned.setdefault(document_id, []).append(annotator)
        queues.setdefault(annotator, set()).add(document_id)
    statuses: dict[str, dict[str, str]] = {}  # document -> annotator -> status
    for document_id, annotator, status in project.document_statuses():
        statuses.setdefault(document_id, {})[annotator] = status
    clock = datetime.now(UTC)
    annotators: dict[str, dict[str, Any]] = {}
    counts: dict[str, Counter[str]] = {}
    for document_id, by in statuses.items():
        for annotator, status in by.items():
            queue = queues.get(annotator)
            if queue is None or document_id in queue:
                counts.setdefault(annotator, Counter())[status] += 1
    for name, spans, relations, last in project.layer_activity():
        if name not in queues and not spans and name not in counts:
            continue  # a name nobody works under
        since = None
        when = _time(last)
        if when is not None:
            since = max(0, int((clock - when).total_seconds()))
        mine = counts.get(name, Counter())
        annotators[name] = {
            "assigned": len(queues.get(name, ())),
            "done": mine["done"],
            "in_progress": mine["in_progress"],
            "spans": spans,
            "relations": relations,
            "last_work": last,
            "seconds_since_last_work": since,
        }
    documents: dict[str, dict[str, list[str]]] = {}
    shared_assigned: Counter[tuple[str, str]] = Counter()
    shared_done: Counter[tuple[str, str]] = Counter()
    for document_id, _, _ in project.document_lengths():
        names = assigned.get(document_id, [])
        by = statuses.get(document_id, {})
        if not names and not by:
            continue
        done = sorted(a for a, status in by.items() if status == "done")
        documents[document_id] = {"assigned": sorted(names), "done": done}
        shared_assigned.update(combinations(sorted(names), 2))
        shared_done.update(combinations(done, 2))
    pairs = [
        {
            "a": a,
            "b": b,
            "shared_assigned": shared_assigned[(a, b)],
            "shared_done": shared_done[(a, b)],
            "enough": shared_done[(a, b)] >= min_shared,
        }
        for a, b in sorted(set(shared_assigned) | set(shared_done))
    ]
    return {
        "annotators": annotators,
        "documents": documents,
        "pairs": pairs,
        "min_shared": min_shared,
    }


def _time(stamp: str | None) -> datetime | None:
    """A stored time stamp (UTC; a plain date of an old file counts as UTC too), or None
    for one that is not a time at all."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def format_progress(report: dict[str, Any], per_document: bool = False) -> str:
    """The report as readable tables (`per_document`: a line per document too)."""
    lines = ["annotator            assigned  done  in progress  spans  relations  last work"]
    for name, row in report["annotators"].items():
        lines.append(
            f"{name:<20}{row['assigned']:>9}{row['done']:>6}{row['in_progress']:>13}"
            f"{row['spans']:>7}{row['relations']:>11}  {_ago(row['seconds_since_last_work'])}"
        )
    if not report["annotators"]:
        lines.append("(nobody has work here yet)")
    lines += ["", "pairs for agreement (shared done documents)"]
    for pair in report["pairs"]:
        mark = "ready" if pair["enough"] else f"needs {report['min_shared']}"
        lines.append(
            f"{pair['a']} + {pair['b']}: {pair['shared_done']} of {pair['shared_assigned']} "
            f"shared assigned done ({mark})"
        )
    if not report["pairs"]:
        lines.append("(no two annotators share a document)")
    documents = report["documents"]
    done_by_all = sum(
        1 for d in documents.values() if d["assigned"] and set(d["assigned"]) <= set(d["done"])
    )
    lines += ["", f"documents: {len(documents)} assigned or started, {done_by_all} done by all"]
    if per_document:
        rows = [["document", "assigned", "done"]] + [
            [document_id, ", ".join(row["assigned"]) or "-", ", ".join(row["done"]) or "-"]
            for document_id, row in documents.items()
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines += [""] + [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
    return "\n".join(lines)


def _ago(seconds: int | None) -> str:
    if seconds is None:
        return "never"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return f"{seconds} s ago"
