"""The project's own JSONL format: one line per (document, annotator) layer.

    {"id": "doc-1", "text": "...", "meta": {...}, "annotator": "alice", "status": "done",
     "spans": [{"id": 1, "start": 0, "end": 5, "label": "ACTOR", "text": "Kerry",
                "note": null},
               {"id": 2, "start": 7, "end": 30, "label": "QUOTE", "text": "We … win",
                "note": null, "fragments": [[7, 9], [27, 30]]}],
     "relations": [{"head": 2, "tail": 1, "label": "source"}]}

Offsets are code points of `text`, half-open. A span's `id` is an integer unique within its
line (the export numbers a layer's spans 1, 2, ... in their order); `relations` name spans
by these ids. A discontinuous span keeps `start`/`end` as its outer bounds and lists its
pieces in `fragments`; its `text` is the pieces' texts joined by " … " (`Span.text_of`), so
`text[start:end]` is the text of every contiguous span. Ids, `fragments` and `relations`
may be left out (older files): a span without an id cannot be named by a relation.

Reading is strict: anything that would be lost or misread (duplicate keys, NaN, non-integer
offsets, unknown keys, a span `text` that disagrees with the offsets, a relation naming no
span of its line or given twice, fragments outside the text or overlapping) is an
InputError naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from annotator.core.errors import InputError
from annotator.core.model import Status, check_fragments, check_span_bounds, text_id
from annotator.core.strict_json import LineError, json_lines, parse_json

TOP_KEYS = ("id", "text", "meta", "annotator", "status", "spans", "relations")
SPAN_KEYS = ("id", "start", "end", "label", "text", "note", "fragments")
RELATION_KEYS = ("head", "tail", "label")
_SPAN_KEY_SET = frozenset(SPAN_KEYS)  # for the hot loop's membership test
FRAGMENT_JOIN = " … "  # what Span.text_of joins a discontinuous span's pieces with


class SpanRecord(NamedTuple):
    """One span as files carry it. A named tuple, not a frozen dataclass: exports build
    hundreds of thousands of them, and a tuple is made several times faster."""

    start: int
    end: int
    label: str
    note: str | None = None
    fragments: tuple[tuple[int, int], ...] = ()  # a discontinuous span's pieces, else ()


@dataclass(frozen=True, slots=True)
class ExportRelation:
    """A relation between two spans of one layer: `head` and `tail` index `layer.spans`."""

    head: int
    tail: int
    label: str


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
    # Relations between the layer's spans (`head` and `tail` index `spans`).
    relations: list[ExportRelation] = field(default_factory=list)


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
    doc_id = document_id(obj.get("id"), text)
    meta = meta_object(obj.get("meta"))
    annotator = optional_annotator(obj.get("annotator"))
    status = optional_status(obj.get("status"))
    spans_in = [] if obj.get("spans") is None else obj["spans"]
    if not isinstance(spans_in, list):
        raise LineError('"spans" must be a list')
    ids: dict[int, int] = {}  # span id in the file -> index in `spans`
    spans = [_parse_span(span, index, text, ids) for index, span in enumerate(spans_in)]
    relations = _parse_relations(obj.get("relations"), ids)
    return LayerRecord(0, doc_id, text, meta, annotator, status, spans, relations=relations)


def _parse_span(span: Any, index: int, text: str, ids: dict[int, int]) -> SpanRecord:
    if not isinstance(span, dict):
        raise LineError(f"span {index} must be a JSON object")
    if not _SPAN_KEY_SET.issuperset(span):
        unknown = [key for key in span if key not in _SPAN_KEY_SET]
        raise LineError(f"span {index}: unknown key {unknown[0]!r}")
    span_id = span.get("id")
    if span_id is not None:
        if type(span_id) is not int or span_id in ids:
            _refuse_id(span_id, index, ids)
        ids[span_id] = index
    if span.get("fragments") is not None:
        return _discontinuous_span(span, index, text)
    start: Any = span.get("start")
    end: Any = span.get("end")
    label: Any = span.get("label")
    # The import's hot loop: the shared checks (and their messages) run only for a span
    # that fails one of them, so that a good span costs no call and no message.
    if (
        type(start) is not int
        or type(end) is not int
        or check_span_bounds(len(text), start, end)
        or not isinstance(label, str)
        or not label.strip()
    ):
        _refuse_span(start, end, label, index, text)
    if "text" in span and span["text"] != text[start:end]:
        check_span_text(text, SpanRecord(start, end, label), span["text"], f"span {index}")
    note = span.get("note")
    if note is not None and not isinstance(note, str):
        raise LineError(f'span {index}: "note" must be a string or null')
    return SpanRecord(start, end, label, note or None)


def _refuse_id(value: Any, index: int, ids: dict[int, int]) -> None:
    span_id = integer(value, f"span {index}: 'id'", ascii_only=True)
    raise LineError(f"span {index}: the id {span_id} is span {ids[span_id]}'s too")


def _discontinuous_span(span: dict[str, Any], index: int, text: str) -> SpanRecord:
    """A span with "fragments": its pieces checked, its start and end their outer bounds."""
    what = f"span {index}"
    start = integer(span.get("start"), f"{what}: 'start'", ascii_only=True)
    end = integer(span.get("end"), f"{what}: 'end'", ascii_only=True)
    check_bounds(text, start, end, what)
    label = non_empty_string(span.get("label"), f'{what}: "label"')
    given = span["fragments"]
    if not isinstance(given, list) or not all(
        isinstance(piece, list) and len(piece) == 2 for piece in given
    ):
        raise LineError(f'{what}: "fragments" must be a list of [start, end] pairs')
    fragments = tuple(
        (
            integer(s, f"{what}: fragment {n}: start", ascii_only=True),
            integer(e, f"{what}: fragment {n}: end", ascii_only=True),
        )
        for n, (s, e) in enumerate(given)
    )
    problem = check_fragments(len(text), fragments)
    if problem:
        raise LineError(f"{what} {problem}")
    if (fragments[0][0], fragments[-1][1]) != (start, end):
        raise LineError(
            f"{what}: its fragments run from {fragments[0][0]} to {fragments[-1][1]}, not "
            f"from its start {start} to its end {end}"
        )
    shown = FRAGMENT_JOIN.join(text[s:e] for s, e in fragments)
    if "text" in span and span["text"] != shown:
        raise LineError(
            f"{what}: its text {json.dumps(span['text'], ensure_ascii=False)} disagrees with "
            f"its fragments, which cover {json.dumps(shown, ensure_ascii=False)}"
        )
    note = span.get("note")
    if note is not None and not isinstance(note, str):
        raise LineError(f'{what}: "note" must be a string or null')
    return SpanRecord(start, end, label, note or None, fragments)


def _parse_relations(given: Any, ids: dict[int, int]) -> list[ExportRelation]:
    """The line's "relations": each names two spans of the line by id, and comes once."""
    if given is None:
        return []
    if not isinstance(given, list):
        raise LineError('"relations" must be a list')
    relations: list[ExportRelation] = []
    seen: dict[ExportRelation, int] = {}
    for index, relation in enumerate(given):
        what = f"relation {index}"
        if not isinstance(relation, dict):
            raise LineError(f"{what} must be a JSON object")
        unknown = [key for key in relation if key not in RELATION_KEYS]
        if unknown:
            raise LineError(f"{what}: unknown key {unknown[0]!r} (expected head, tail, label)")
        ends = []
        for key in ("head", "tail"):
            span_id = integer(relation.get(key), f"{what}: {key!r}", ascii_only=True)
            if span_id not in ids:
                raise LineError(f"{what}: its {key} {span_id} is the id of no span of this line")
            ends.append(ids[span_id])
        label = non_empty_string(relation.get("label"), f'{what}: "label"')
        link = ExportRelation(ends[0], ends[1], label)
        if link in seen:
            raise LineError(f"{what} repeats relation {seen[link]} (the same head, tail, label)")
        seen[link] = index
        relations.append(link)
    return relations


def _refuse_span(start: Any, end: Any, label: Any, index: int, text: str) -> None:
    """LineError saying what is wrong with a span's offsets or label, in that order."""
    what = f"span {index}"
    # This format's messages quote the key and escape non-ASCII in the value refused.
    start = integer(start, f"{what}: 'start'", ascii_only=True)
    end = integer(end, f"{what}: 'end'", ascii_only=True)
    check_bounds(text, start, end, what)
    non_empty_string(label, f'{what}: "label"')


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


def escape_line_breaks(line: str) -> str:
    """`line` (JSON text) with U+2028, U+2029 and NEL, which str.splitlines also breaks on,
    written as JSON escapes, so that no reader splits a JSON line on them."""
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        line = line.replace("\x85", "\\u0085")
    return line


def dump_line(obj: dict[str, Any]) -> str:
    """One JSON line: UTF-8 readable, but with the line breaks json.dumps leaves raw
    escaped (see `escape_line_breaks`)."""
    return escape_line_breaks(json.dumps(obj, ensure_ascii=False))


# -- field checks, shared with the readers of other JSON formats -----------------------------
# Each raises LineError; the reader adds the file and line number.


def integer(value: Any, what: str, *, ascii_only: bool = False) -> int:
    """`value` if it is a JSON integer (not a bool, float or string), else LineError;
    `ascii_only` escapes non-ASCII in the value the message quotes."""
    if type(value) is not int:
        got = json.dumps(value, ensure_ascii=ascii_only)
        raise LineError(f"{what} must be an integer, got {got}")
    return value


def non_empty_string(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LineError(f"{what} must be a non-empty string")
    return value


def check_bounds(text: str, start: int, end: int, what: str) -> None:
    """LineError unless [start, end) is a non-empty span inside `text` (code points)."""
    problem = check_span_bounds(len(text), start, end)
    if problem:
        raise LineError(f"{what} {problem}")


def span_record(
    text: str, start: Any, end: Any, label: Any, what: str, note: str | None = None
) -> SpanRecord:
    """A checked span of `text`: integer code-point offsets inside it, a label."""
    start, end = integer(start, f"{what}: start"), integer(end, f"{what}: end")
    check_bounds(text, start, end, what)
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
