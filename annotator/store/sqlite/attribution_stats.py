"""The attribution check over a whole project, for `annotator stats`: per required relation
type (a QUOTE's `source`), each annotator's spans that lack it, in one query per type.

A span lacks a required type when its label is one of the type's head labels and it is the
head of no relation of that type (core/attribution.py is the same rule for one layer).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from annotator.core.attribution import missing_item, required_types
from annotator.core.model import RelationType


def unattributed(
    conn: sqlite3.Connection, kinds: list[RelationType], annotators: list[str]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{type name: {annotator: [{document, start, end, label, text}, ...]}}, every
    annotator listed (with [] when nothing is missing), spans in document and text order."""
    result: dict[str, dict[str, list[dict[str, Any]]]] = {}
    texts: dict[str, str] = {}  # SQLite's substr() would stop at a NUL: cut in Python
    for kind in required_types(kinds):
        per_annotator: dict[str, list[dict[str, Any]]] = {name: [] for name in annotators}
        marks = ", ".join("?" for _ in kind.head_labels)
        rows = conn.execute(
            f"""SELECT s.annotator, s.document_id, s.start, s."end", s.label, s.fragments
                FROM spans s JOIN documents d ON d.id = s.document_id
                WHERE s.label IN ({marks})
                  AND NOT EXISTS (SELECT 1 FROM relations r
                                  WHERE r.head_span = s.id AND r.label = ?)
                ORDER BY s.annotator, d.seq, s.start, s."end", s.id""",
            (*kind.head_labels, kind.name),
        )
        for annotator, document, start, end, label, fragments in rows.fetchall():
            if document not in texts:
                (raw,) = conn.execute(
                    "SELECT CAST(text AS BLOB) FROM documents WHERE id = ?", (document,)
                ).fetchone()
                texts[document] = bytes(raw).decode("utf-8", "replace")
            pieces = json.loads(fragments) if fragments else ()
            item = missing_item(document, start, end, label, pieces, texts[document][start:])
            per_annotator.setdefault(annotator, []).append(item)
        result[kind.name] = per_annotator
    return result
