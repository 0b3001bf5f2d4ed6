"""Reading layers out of a project in the JSONL schema (see `annotator.core.jsonl`).

The order is fixed, so that export -> import -> export gives identical bytes: documents in
project order, then layers by annotator name, then spans by (start, end, label).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

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
