"""The project's own JSONL format: one line per (document, annotator) layer.

    {"id": "doc-1", "text": "...", "meta": {...}, "annotator": "alice", "status": "done",
     "spans": [{"start": 0, "end": 5, "label": "ACTOR", "text": "Kerry", "note": null}]}

Offsets are code points of `text`, half-open. Reading is strict: anything that would be
lost or misread (duplicate keys, NaN, non-integer offsets, unknown keys, a span `text` that
disagrees with the offsets) is an InputError naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple

from annotator.core.errors import InputError
from annotator.core.model import Status, check_span_bounds, text_id
from annotator.core.strict_json import LineError, json_lines, parse_json

TOP_KEYS = ("id", "text", "meta", "annotator", "status", "spans")
SPAN_KEYS = ("start", "end", "label", "text", "note")


class SpanRecord(NamedTuple):
    """One span as files carry it. A named tuple, not a frozen dataclass: exports build
    hundreds of thousands of them, and a tuple is made several times faster."""

    start: int
    end: int
    label: str
    note: str | None = None


@dataclass(slots=True)
class LayerRecord:
    """One parsed line. `status` is None when the line does not say."""

    line: int
    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    annotator: str | None = None
    status: Status | None = None
    spans: list[SpanRecord] = field(default_factory=list)
    byte_end: int = 0  # where this line ends in its file, for progress reports


def _offset(span: dict[str, Any], key: str, index: int) -> int:
    value = span.get(key)
    if type(value) is not int:  # bool is an int subclass; floats and strings are refused
        raise LineError(f"span {index}: {key!r} must be an integer, got {json.dumps(value)}")
    return value


def parse_line(raw: str) -> LayerRecord:
    """One JSONL line as a record; LineError says what is wrong with it."""
    return parse_record(parse_json(raw))


def parse_record(obj: Any) -> LayerRecord:
    """One parsed JSONL line as a record; LineError says what is wrong with it."""
    if not isinstance(obj, dict):
        raise LineError("each line must be a JSON object")
    unknown = [key for key in obj if key not in TOP_KEYS]
    if unknown:
        raise LineError(
            f"unknown key {unknown[0]!r} (expected {', '.join(TOP_KEYS)}; put other fields "
            'under "meta")'
        )
    text = obj.get("text")
    if not isinstance(text, str):
        raise LineError('"text" is required and must be a string')
    doc_id = obj.get("id")
    if doc_id is None:
        doc_id = text_id(text)
    elif type(doc_id) is int:
        doc_id = str(doc_id)
    elif not isinstance(doc_id, str) or not doc_id.strip():
        raise LineError('"id" must be a non-empty string or an integer')
    meta = {} if obj.get("meta") is None else obj["meta"]
    if not isinstance(meta, dict):
        raise LineError('"meta" must be a JSON object')
    annotator = obj.get("annotator")
    if annotator is not None and (not isinstance(annotator, str) or not annotator.strip()):
        raise LineError('"annotator" must be a non-empty string or null')
    status = obj.get("status")
    if status is not None:
        if not isinstance(status, str) or status not in Status._value2member_map_:
            raise LineError(
                f"unknown status {json.dumps(status)} (expected new, in_progress or done)"
            )
        status = Status(status)
    spans_in = [] if obj.get("spans") is None else obj["spans"]
    if not isinstance(spans_in, list):
        raise LineError('"spans" must be a list')
    spans = [_parse_span(span, index, text) for index, span in enumerate(spans_in)]
    return LayerRecord(0, doc_id, text, meta, annotator, status, spans)


def _parse_span(span: Any, index: int, text: str) -> SpanRecord:
    if not isinstance(span, dict):
        raise LineError(f"span {index} must be a JSON object")
    unknown = [key for key in span if key not in SPAN_KEYS]
    if unknown:
        raise LineError(f"span {index}: unknown key {unknown[0]!r}")
    start, end = _offset(span, "start", index), _offset(span, "end", index)
    problem = check_span_bounds(len(text), start, end)
    if problem:
        raise LineError(f"span {index} {problem}")
    label = span.get("label")
    if not isinstance(label, str) or not label.strip():
        raise LineError(f'span {index}: "label" must be a non-empty string')
    if "text" in span and span["text"] != text[start:end]:
        raise LineError(
            f"span {index}: its text {json.dumps(span['text'], ensure_ascii=False)} disagrees "
            f"with the offsets, which cover {json.dumps(text[start:end], ensure_ascii=False)}"
        )
    note = span.get("note")
    if note is not None and not isinstance(note, str):
        raise LineError(f'span {index}: "note" must be a string or null')
    return SpanRecord(start, end, label, note or None)


def read_jsonl(path: Path, encoding: str = "utf-8") -> Iterator[LayerRecord]:
    """Parse `path` line by line (blank lines skipped); InputError names the first bad line.

    Lines are split on \\n only, so U+2028 or a stray \\r inside a line never splits it.
    A line longer than MAX_DOCUMENT_BYTES is refused before it is read whole. A file with
    no lines yields nothing (the importer refuses it, as it refuses any such file).
    """
    for number, obj, byte_end in json_lines(path, encoding):
        try:
            record = parse_record(obj)
        except LineError as error:
            raise InputError(str(error), path, number) from None
        record.line = number
        record.byte_end = byte_end
        yield record


def dump_line(obj: dict[str, Any]) -> str:
    """One JSON line: UTF-8 readable, but U+2028/U+2029 (and NEL, which str.splitlines
    also breaks on) escaped so no reader splits on them."""
    text = json.dumps(obj, ensure_ascii=False)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text.replace("\x85", "\\u0085")


def write_jsonl(records: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """Write each record as one line; returns the number of lines."""
    count = 0
    for record in records:
        out.write(dump_line(record))
        out.write("\n")
        count += 1
    return count
