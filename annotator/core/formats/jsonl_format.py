"""The project's own JSONL (see `annotator.core.jsonl`) as a `Format`: one line per layer,
the same bytes as `annotator export` writes without `--format`.

Offsets are code points of `text`, half-open. Each span is written with an `id`, its
place in the layer (1, 2, ...), and each line with the layer's `relations` between them
(`[]` when there is none); a discontinuous span adds its `fragments`.
"""

from __future__ import annotations

import json
import json.encoder
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
from annotator.core.jsonl import (
    FRAGMENT_JOIN,
    TOP_KEYS,
    LayerRecord,
    SpanRecord,
    escape_line_breaks,
    read_jsonl,
)
from annotator.core.model import Label

# What json.dumps(..., ensure_ascii=False) encodes a string with (C when available).
_quote = json.encoder.encode_basestring


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
                "spans": [_span_record(number, s, text) for number, s in enumerate(layer.spans, 1)],
                "relations": [
                    {"head": r.head + 1, "tail": r.tail + 1, "label": r.label}
                    for r in layer.relations
                ],
            }


def _span_record(number: int, span: SpanRecord, text: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": number,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": _span_text(span, text),
        "note": span.note,
    }
    if span.fragments:
        record["fragments"] = [list(piece) for piece in span.fragments]
    return record


def _span_text(span: SpanRecord, text: str) -> str:
    if span.fragments:
        return FRAGMENT_JOIN.join(text[s:e] for s, e in span.fragments)
    return text[span.start : span.end]


def layer_lines(documents: Iterable[ExportDocument]) -> Iterator[str]:
    """The lines `dump_line(record)` gives for each of `layer_records(documents)`, built
    directly: the text and meta are encoded once per document, not once per layer, and no
    dict is made per span (the export's hot loop; tests compare it with `dump_line`)."""
    for document in documents:
        text = document.text
        head = (
            f'{{"id": {_quote(document.id)}, "text": {_quote(text)}, '
            f'"meta": {json.dumps(document.meta, ensure_ascii=False)}, "annotator": '
        )
        for layer in document.layers:
            annotator = "null" if layer.annotator is None else _quote(layer.annotator)
            status = "null" if layer.status is None else f'"{layer.status.value}"'
            spans = ", ".join(
                f'{{"id": {n}, "start": {s}, "end": {e}, "label": {_quote(label)}, '
                f'"text": {_quote(text[s:e])}, "note": {"null" if note is None else _quote(note)}}}'
                if not fragments
                else _fragmented(n, text, s, e, label, note, fragments)
                for n, (s, e, label, note, fragments) in enumerate(layer.spans, 1)
            )
            relations = ", ".join(
                f'{{"head": {r.head + 1}, "tail": {r.tail + 1}, "label": {_quote(r.label)}}}'
                for r in layer.relations
            )
            yield escape_line_breaks(
                f'{head}{annotator}, "status": {status}, "spans": [{spans}], '
                f'"relations": [{relations}]}}'
            )


def _fragmented(
    number: int,
    text: str,
    start: int,
    end: int,
    label: str,
    note: str | None,
    fragments: tuple[tuple[int, int], ...],
) -> str:
    shown = FRAGMENT_JOIN.join(text[s:e] for s, e in fragments)
    pieces = ", ".join(f"[{s}, {e}]" for s, e in fragments)
    return (
        f'{{"id": {number}, "start": {start}, "end": {end}, "label": {_quote(label)}, '
        f'"text": {_quote(shown)}, "note": {"null" if note is None else _quote(note)}, '
        f'"fragments": [{pieces}]}}'
    )


def write_stream(documents: Iterable[ExportDocument], out: IO[str], report: Report) -> int:
    """Write the JSONL lines to an open text stream; returns the line count."""
    lines = 0
    for document in documents:
        report.documents += 1
        report.layers += len(document.layers)
        report.spans += sum(len(layer.spans) for layer in document.layers)
        for line in layer_lines((document,)):
            out.write(line)
            out.write("\n")
            lines += 1
    return lines


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
    carries_relations=True,
    write=write,
    read=read,
    sniff=sniff,
)
