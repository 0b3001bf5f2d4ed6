"""A project's layers as JSONL records, and writing records as lines: what the export does
by other means, kept for the tests that compare with it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, Any

from annotator.core.formats.jsonl_format import layer_records
from annotator.core.jsonl import dump_line
from annotator.store.exporter import iter_export_documents
from annotator.store.interface import ProjectStore


def iter_layer_records(
    project: ProjectStore, annotators: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """One JSONL record per (document, annotator) that has spans or a status.

    With no `annotators` given, a document nobody has touched is still written, as a record
    with `"annotator": null`, so that an export never drops a document. With `annotators`,
    only their layers are written.
    """
    return layer_records(iter_export_documents(project, annotators))


def write_jsonl(records: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """Write each record as one line; returns the number of lines."""
    count = 0
    for record in records:
        out.write(dump_line(record))
        out.write("\n")
        count += 1
    return count
