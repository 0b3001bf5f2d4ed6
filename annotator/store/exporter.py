"""Reading layers out of a project in the JSONL schema (see `annotator.core.jsonl`).

The order is fixed, so that export -> import -> export gives identical bytes: documents in
project order, then layers by annotator name, then spans by (start, end, label).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import AnnotatorError
from annotator.core.jsonl import write_jsonl
from annotator.store.project import Project


def iter_layer_records(
    project: Project, annotators: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """One record per (document, annotator) that has spans or a status.

    With no `annotators` given, a document nobody has touched is still written, as a record
    with `"annotator": null`, so that an export never drops a document. With `annotators`,
    only their layers are written.
    """
    wanted = set(annotators) if annotators else None
    unknown = sorted((wanted or set()) - set(project.annotators()))
    if unknown:
        known = ", ".join(project.annotators()) or "none yet"
        raise AnnotatorError(f"unknown annotator {unknown[0]!r} (the project has: {known})")
    # A second connection-level cursor per document is fine: texts stream one at a time.
    documents = project.conn.execute("SELECT id, text, meta FROM documents ORDER BY seq")
    for doc_id, text, meta_json in documents:
        meta = json.loads(meta_json)
        layers = _layers(project, doc_id, wanted)
        if not layers and wanted is None:
            yield {
                "id": doc_id,
                "text": text,
                "meta": meta,
                "annotator": None,
                "status": None,
                "spans": [],
            }
        for annotator, status, spans in layers:
            yield {
                "id": doc_id,
                "text": text,
                "meta": meta,
                "annotator": annotator,
                "status": status,
                "spans": [
                    {"start": s, "end": e, "label": label, "text": text[s:e], "note": note}
                    for s, e, label, note in spans
                ],
            }


def _layers(
    project: Project, doc_id: str, wanted: set[str] | None
) -> list[tuple[str, str | None, list[tuple[int, int, str, str | None]]]]:
    statuses = dict(
        project.conn.execute(
            "SELECT annotator, status FROM document_status WHERE document_id = ?", (doc_id,)
        )
    )
    spans: dict[str, list[tuple[int, int, str, str | None]]] = {}
    rows = project.conn.execute(
        """SELECT annotator, start, "end", label, note FROM spans WHERE document_id = ?
           ORDER BY annotator, start, "end", label""",
        (doc_id,),
    )
    for annotator, start, end, label, note in rows:
        spans.setdefault(annotator, []).append((start, end, label, note))
    names = sorted(set(statuses) | set(spans))
    return [
        (name, statuses.get(name), spans.get(name, []))
        for name in names
        if wanted is None or name in wanted
    ]


def export_jsonl(
    project: Project,
    path: Path,
    annotators: Sequence[str] | None = None,
    progress: Callable[[int, int], bool | None] | None = None,
) -> int:
    """Write the JSONL export to `path` atomically; returns the line count.

    `progress(done_documents, total_documents)` may return False to cancel (nothing written).
    """
    records = _with_progress(
        iter_layer_records(project, annotators), project.document_count(), progress
    )
    return write_atomically(path, lambda out: write_jsonl(records, out))


def _with_progress(
    records: Iterator[dict[str, Any]],
    total: int,
    progress: Callable[[int, int], bool | None] | None,
) -> Iterator[dict[str, Any]]:
    last_id, done = None, 0
    for record in records:
        if record["id"] != last_id:
            last_id, done = record["id"], done + 1
            if progress is not None and done % 200 == 0 and progress(done, total) is False:
                raise AnnotatorError("export cancelled; nothing was written")
        yield record


def write_atomically(path: Path, write: Callable[[IO[str]], int]) -> int:
    """Run `write(stream)` on a temporary file beside `path`, then rename it into place, so
    an interrupted export never leaves half a file. The file gets the usual permissions
    (as `open()` would give it, or those of the file it replaces)."""
    if path.is_dir():
        raise AnnotatorError("is a folder; give a file name for the export", path)
    if not path.parent.is_dir():
        raise AnnotatorError(f"folder {path.parent} does not exist", path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    # Mode 0o666 through os.open lets the system apply the umask, as open() would (reading
    # the umask with os.umask() would briefly change it for every thread).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if path.exists():
            os.fchmod(fd, path.stat().st_mode & 0o777)  # a replaced file keeps its mode
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            count = write(out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
