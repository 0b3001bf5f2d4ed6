"""A worker process for the crash tests: does one kind of work on a project until it is
killed, logging each action whose call has returned (fsync'd) so the test can check that
everything logged survived the SIGKILL.

    python crash_worker.py import PROJECT.db LOG SOURCE.jsonl
    python crash_worker.py export PROJECT.db LOG OUTPUT.jsonl
    python crash_worker.py edits  PROJECT.db LOG SEED
    python crash_worker.py writer PROJECT.db LOG ANNOTATOR COUNT   (runs to the end)

Log lines are JSON. `{"ready": true}` comes first (the test starts its kill clock then).
For edits, each action is logged twice: `{"intent": ...}` before the call and
`{"done": ...}` after it returned, so the test knows the one action that may have been cut.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from annotator.core.model import Span
from annotator.store.exporter import export_jsonl
from annotator.store.importer import import_paths
from annotator.store.project import open_project

DOCUMENT = "doc"
LABELS = ("ACTOR", "QUOTE", "EVENT", "CLAIM")


class Log:
    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, entry: dict[str, Any]) -> None:
        os.write(self.fd, (json.dumps(entry) + "\n").encode())
        os.fsync(self.fd)


def run_import(project_path: Path, log: Log, source: Path) -> None:
    with open_project(project_path) as project:
        log.write({"ready": True})
        report = import_paths(project, [source])
        log.write({"done": "import", "documents": report.documents_added})


def run_export(project_path: Path, log: Log, output: Path) -> None:
    with open_project(project_path) as project:
        log.write({"ready": True})
        count = export_jsonl(project, output)
        log.write({"done": "export", "lines": count})


def run_edits(project_path: Path, log: Log, seed: int) -> None:
    rng = random.Random(seed)
    with open_project(project_path) as project:
        length = len(project.document(DOCUMENT).text)
        spans = {s.id: s for s in project.spans(DOCUMENT, "worker")}
        next_id = project.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM spans").fetchone()[0]
        log.write({"ready": True})
        while True:
            kind = rng.choice(("add", "add", "delete", "relabel") if spans else ("add",))
            if kind == "add":
                start = rng.randrange(length - 1)
                end = rng.randrange(start + 1, min(length, start + 30) + 1)
                label = rng.choice(LABELS)
                if any((s.start, s.end, s.label) == (start, end, label) for s in spans.values()):
                    continue
                span = Span(DOCUMENT, "worker", start, end, label, None, next_id)
                next_id += 1
                entry = {"op": "add", "id": span.id, "start": start, "end": end, "label": label}
                log.write({"intent": entry})
                stored = project.add_span(span)
                spans[stored.id] = stored  # type: ignore[index]
            elif kind == "delete":
                span_id = rng.choice(sorted(spans))
                entry = {"op": "delete", "id": span_id}
                log.write({"intent": entry})
                project.delete_span(span_id)
                del spans[span_id]
            else:
                span_id = rng.choice(sorted(spans))
                old = spans[span_id]
                label = rng.choice([x for x in LABELS if x != old.label])
                if any(
                    (s.start, s.end, s.label) == (old.start, old.end, label) for s in spans.values()
                ):
                    continue
                entry = {"op": "relabel", "id": span_id, "label": label}
                log.write({"intent": entry})
                spans[span_id] = project.update_span(span_id, label=label)
            log.write({"done": entry})


def run_writer(project_path: Path, log: Log, annotator: str, count: int) -> None:
    """`count` span edits (adds, and a delete after every third add) by `annotator`, with
    ids chosen by the database: for two writers at once."""
    rng = random.Random(annotator)
    with open_project(project_path) as project:
        length = len(project.document(DOCUMENT).text)
        log.write({"ready": True})
        added: list[int] = []
        for n in range(count):
            if n % 4 == 3:
                span_id = added.pop(rng.randrange(len(added)))
                project.delete_span(span_id)
                log.write({"done": {"op": "delete", "id": span_id}})
                continue
            start = n  # distinct offsets: never a duplicate
            stored = project.add_span(Span(DOCUMENT, annotator, start, start + 1, "ACTOR"))
            assert stored.id is not None and start + 1 <= length
            added.append(stored.id)
            log.write({"done": {"op": "add", "id": stored.id, "start": start}})


def main() -> None:
    mode, project_path, log_path, argument = sys.argv[1:5]
    log = Log(Path(log_path))
    if mode == "import":
        run_import(Path(project_path), log, Path(argument))
    elif mode == "export":
        run_export(Path(project_path), log, Path(argument))
    elif mode == "edits":
        run_edits(Path(project_path), log, int(argument))
    elif mode == "writer":
        run_writer(Path(project_path), log, argument, int(sys.argv[5]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
