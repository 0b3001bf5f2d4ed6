"""The project's own JSONL (see `annotator.core.jsonl`) as a `Format`: one line per layer,
the same bytes as `annotator export` writes without `--format`.

Offsets are code points of `text`, half-open.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from annotator.core.formats.base import (
    ExportDocument,
    Format,
    Report,
    first_json_line,
    write_atomically,
)
from annotator.core.jsonl import TOP_KEYS, LayerRecord, read_jsonl, write_jsonl
from annotator.core.model import Label


def layer_records(documents: Iterable[ExportDocument]) -> Iterator[dict[str, Any]]:
    """One JSONL record per layer, keys in the order the project's export writes them."""
    for document in documents:
        text = document.text
        for layer in document.layers:
            yield {
                "id": document.id,
                "text": text,
                "meta": document.meta,
                "annotator": layer.annotator,
                "status": None if layer.status is None else layer.status.value,
                "spans": [
                    {
                        "start": s.start,
                        "end": s.end,
                        "label": s.label,
                        "text": text[s.start : s.end],
                        "note": s.note,
                    }
                    for s in layer.spans
                ],
            }


def write_stream(documents: Iterable[ExportDocument], out: IO[str], report: Report) -> int:
    """Write the JSONL lines to an open text stream; returns the line count."""

    def counted() -> Iterator[dict[str, Any]]:
        for record in layer_records(_counting(documents, report)):
            report.spans += len(record["spans"])
            yield record

    lines = write_jsonl(counted(), out)
    report.layers += lines
    return lines


def _counting(documents: Iterable[ExportDocument], report: Report) -> Iterator[ExportDocument]:
    for document in documents:
        report.documents += 1
        yield document


def write(
    documents: Iterable[ExportDocument], target: Path, labels: Sequence[Label], report: Report
) -> None:
    write_atomically(target, lambda out: write_stream(documents, out, report))
    report.files += 1


def read(path: Path, encoding: str, report: Report) -> Iterator[LayerRecord]:
    report.files += 1
    for record in read_jsonl(path, encoding):
        report.layers += 1
        report.spans += len(record.spans)
        yield record


def sniff(path: Path) -> bool:
    """A JSON object whose keys are all the project's own (doccano has "label", Prodigy
    "tokens", which this format refuses)."""
    obj = first_json_line(path)
    return isinstance(obj, dict) and "text" in obj and all(key in TOP_KEYS for key in obj)


FORMAT = Format(
    name="jsonl",
    description="the project's own JSONL: one line per document and annotator, with spans",
    suffixes=(".jsonl",),
    write=write,
    read=read,
    sniff=sniff,
)
