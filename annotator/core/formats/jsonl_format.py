"""The project's own JSONL (see `annotator.core.jsonl`) as a `Format`: one line per layer,
the same bytes as `annotator export` writes without `--format`.

Offsets are code points of `text`, half-open.
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
from annotator.core.jsonl import TOP_KEYS, LayerRecord, SpanRecord, read_jsonl
from annotator.core.model import Label, Status, check_span_bounds, text_id

# Readers of other JSON formats import these from here: a problem in one line or object of
# a file (the reader adds the file and line number), and the one strict line reader.
from annotator.core.strict_json import LineError
from annotator.core.strict_json import json_lines as json_lines

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
                f'{{"start": {s}, "end": {e}, "label": {_quote(label)}, '
                f'"text": {_quote(text[s:e])}, "note": {"null" if note is None else _quote(note)}}}'
                for s, e, label, note in layer.spans
            )
            line = f'{head}{annotator}, "status": {status}, "spans": [{spans}]}}'
            # As dump_line: no reader may split a line on these.
            if "\u2028" in line or "\u2029" in line or "\x85" in line:
                line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                line = line.replace("\x85", "\\u0085")
            yield line


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
    write=write,
    read=read,
    sniff=sniff,
)


# -- helpers for the readers of other JSON formats -------------------------------------------


def integer(value: Any, what: str) -> int:
    """`value` if it is a JSON integer (not a bool, float or string), else LineError."""
    if type(value) is not int:
        raise LineError(f"{what} must be an integer, got {json.dumps(value, ensure_ascii=False)}")
    return value


def non_empty_string(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LineError(f"{what} must be a non-empty string")
    return value


def span_record(
    text: str, start: Any, end: Any, label: Any, what: str, note: str | None = None
) -> SpanRecord:
    """A checked span of `text`: integer code-point offsets inside it, a label."""
    start, end = integer(start, f"{what}: start"), integer(end, f"{what}: end")
    problem = check_span_bounds(len(text), start, end)
    if problem:
        raise LineError(f"{what} {problem}")
    return SpanRecord(start, end, non_empty_string(label, f"{what}: the label"), note)


def check_span_text(text: str, span: SpanRecord, given: Any, what: str) -> None:
    """LineError if the span's text as the file gives it is not `text[start:end]`."""
    if given != text[span.start : span.end]:
        raise LineError(
            f"{what}: its text {json.dumps(given, ensure_ascii=False)} disagrees with the "
            f"offsets, which cover {json.dumps(text[span.start : span.end], ensure_ascii=False)}"
        )


def document_id(value: Any, text: str) -> str:
    """An id as a file gives it: a string or an integer; missing means the text's hash."""
    if value is None:
        return text_id(text)
    if type(value) is int:
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise LineError('"id" must be a non-empty string or an integer')
    return value


def optional_annotator(value: Any) -> str | None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise LineError('"annotator" must be a non-empty string or null')
    return value


def optional_status(value: Any) -> Status | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in Status._value2member_map_:
        raise LineError(f"unknown status {json.dumps(value)} (expected new, in_progress or done)")
    return Status(value)


def meta_object(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise LineError('"meta" must be a JSON object')
    return value
