"""Prodigy's span tasks (what `ner.manual` / `spans.manual` save), one line per document layer:

    {"text": "...", "meta": {"id": "doc-1", ...}, "tokens": [{"text", "start", "end", "id",
     "ws"}], "spans": [{"start", "end", "label", "token_start", "token_end"}],
     "_input_hash": ..., "_task_hash": ..., "_annotator_id": "alice", "answer": "accept"}

Offsets are code points of `text`, half-open; `token_end` is inclusive, as in Prodigy.
Tokens come from `tokens.tokenize` (spaCy's English tokenizer when installed), cut at every
span boundary so each span is whole tokens (the report counts the cuts). The document id is
`meta["id"]`, the annotator Prodigy's own `_annotator_id`, a span's note an extra `"note"` key.

Hashes follow what Prodigy's support says `set_hashes` does by default: MurmurHash3 (x86,
32 bit, seed 0, signed, as the `murmurhash` package) over the input keys (`text`), and for
the task hash over the input hash followed by the task keys (`spans`); the keys are
serialised as `srsly.json_dumps(..., sort_keys=True)` does (compact, sorted). Prodigy's
source is not public, so this is not checked against Prodigy itself: the hashes are at least
stable ids (the same text gives the same `_input_hash` in every layer).

Import ignores tokens, checks offsets (and a span's `text` when given), and skips tasks
answered `reject` or `ignore`, counting them in the report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import InputError
from annotator.core.formats.base import (
    ExportDocument,
    Format,
    Report,
    first_json_line,
    write_atomically,
)
from annotator.core.formats.tokens import Tally, Token, split_at, tokenize
from annotator.core.jsonl import (
    LayerRecord,
    SpanRecord,
    check_span_text,
    document_id,
    dump_line,
    meta_object,
    optional_annotator,
    span_record,
)
from annotator.core.model import Label
from annotator.core.strict_json import LineError, json_lines

# Prodigy's defaults (prodigy.util INPUT_HASH_KEYS / TASK_HASH_KEYS).
INPUT_HASH_KEYS = ("text", "image", "html", "input")
TASK_HASH_KEYS = ("spans", "label", "options", "arcs")
# Keys only Prodigy writes: how `--format auto` tells a Prodigy file from doccano or JSONL.
PRODIGY_KEYS = {"_input_hash", "_task_hash", "tokens", "answer", "_annotator_id", "_session_id",
                "_view_id", "_timestamp"}  # fmt: skip


def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3_x86_32 of `data`, as a signed 32-bit integer (what the `murmurhash`
    package's `hash()` returns, and so what Prodigy's hashes are)."""
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    h = seed & mask
    blocks = len(data) // 4
    for i in range(blocks):
        k = int.from_bytes(data[4 * i : 4 * i + 4], "little")
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
        h = ((h << 13) | (h >> 19)) & mask
        h = (h * 5 + 0xE6546B64) & mask
    tail = data[4 * blocks :]
    k = 0
    for index in range(len(tail) - 1, -1, -1):
        k = (k << 8) | tail[index]
    if tail:
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & mask
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & mask
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


try:  # the C version when installed (spaCy brings it): the same numbers, faster
    from murmurhash import hash_bytes as _fast_murmurhash  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - depends on the environment
    _fast_murmurhash = None


def prodigy_hash(task: dict[str, Any], keys: Sequence[str], prefix: int | None = None) -> int:
    """The hash Prodigy's `get_hash` gives `task` over `keys` (see the module docstring)."""
    values = {key: task[key] for key in keys if key in task}
    data = json.dumps(values, separators=(",", ":"), sort_keys=True)
    if prefix is not None:
        data = str(prefix) + data
    if _fast_murmurhash is not None:
        return int(_fast_murmurhash(data.encode("utf-8")))
    return murmurhash3_32(data.encode("utf-8"))


def task(
    document: ExportDocument, layer_index: int, tally: Tally, base: Sequence[Token] | None = None
) -> dict[str, Any]:
    """The Prodigy task for one layer of `document`; `base` is `tokenize(document.text)`
    when the caller has it already."""
    layer = document.layers[layer_index]
    text = document.text
    if base is None:
        base = tokenize(text)
    tokens, cut = split_at(base, text, (s.start for s in layer.spans), (s.end for s in layer.spans))
    where = f"document {document.id!r} ({layer.annotator or 'no annotator'})"
    tally.add("token(s) cut at span boundaries so that every span is whole tokens", cut, where)
    first = {token.start: index for index, token in enumerate(tokens)}
    last = {token.end: index for index, token in enumerate(tokens)}
    spans: list[dict[str, Any]] = []
    for span in layer.spans:
        entry: dict[str, Any] = {
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "token_start": first[span.start],
            "token_end": last[span.end],
        }
        if span.note is not None:
            entry["note"] = span.note
        spans.append(entry)
    meta = {"id": document.id}
    if "id" in document.meta and document.meta["id"] != document.id:
        tally.add("meta key(s) 'id' replaced by the document id", 1, where)
    meta.update((key, value) for key, value in document.meta.items() if key != "id")
    obj: dict[str, Any] = {
        "text": text,
        "meta": meta,
        "tokens": [
            {"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": t.ws}
            for i, t in enumerate(tokens)
        ],
        "spans": spans,
    }
    obj["_input_hash"] = prodigy_hash(obj, INPUT_HASH_KEYS)
    obj["_task_hash"] = prodigy_hash(obj, TASK_HASH_KEYS, obj["_input_hash"])
    if layer.annotator is not None:
        obj["_annotator_id"] = layer.annotator
    obj["answer"] = "accept"
    return obj


def write(
    documents: Iterable[ExportDocument], target: Path, labels: Sequence[Label], report: Report
) -> None:
    tally = Tally()

    def write_lines(out: IO[str]) -> int:
        count = 0
        for document in documents:
            report.documents += 1
            base = tokenize(document.text)  # once for all its layers
            for index, layer in enumerate(document.layers):
                report.layers += 1
                report.spans += len(layer.spans)
                out.write(dump_line(task(document, index, tally, base)))
                out.write("\n")
                count += 1
        return count

    write_atomically(target, write_lines)
    report.files += 1
    report.notes.extend(tally.notes())


def read(path: Path, encoding: str, report: Report) -> Iterator[LayerRecord]:
    """Accepted tasks as layers, line by line; InputError names the first bad line."""
    report.files += 1
    skipped: dict[str, int] = {}
    for number, obj, byte_end in json_lines(path, encoding):
        try:
            record = parse_task(obj)
        except LineError as error:
            raise InputError(str(error), path, number) from None
        if record is None:
            skipped[obj["answer"]] = skipped.get(obj["answer"], 0) + 1
            continue
        relations = obj.get("relations")
        if isinstance(relations, list) and relations:  # a relations task: said, not dropped
            skipped["relations not imported"] = skipped.get("relations not imported", 0) + len(
                relations
            )
        record.line = number
        record.byte_end = byte_end
        report.layers += 1
        report.spans += len(record.spans)
        yield record
    for answer, count in sorted(skipped.items()):
        if answer == "relations not imported":
            report.notes.append(f"{path}: {count} relation(s) not imported (spans only)")
        else:
            report.notes.append(f"{path}: {count} task(s) answered {answer!r} skipped")


def parse_task(obj: Any) -> LayerRecord | None:
    """One Prodigy task as a layer; None for a rejected or ignored task."""
    if not isinstance(obj, dict):
        raise LineError("each line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise LineError('"text" is required and must be a string')
    answer = obj.get("answer", "accept")
    if answer not in ("accept", "reject", "ignore"):
        raise LineError(
            f'"answer" must be "accept", "reject" or "ignore", got {json.dumps(answer)}'
        )
    meta = dict(meta_object(obj.get("meta")))
    doc_id = document_id(meta.pop("id", None), text)
    annotator = optional_annotator(obj.get("_annotator_id"))
    spans_in = obj.get("spans")
    if spans_in is None:
        spans_in = []
    if not isinstance(spans_in, list):
        raise LineError('"spans" must be a list')
    spans: list[SpanRecord] = []
    for index, span in enumerate(spans_in):
        what = f"span {index}"
        if not isinstance(span, dict):
            raise LineError(f"{what} must be a JSON object")
        note = span.get("note")
        if note is not None and not isinstance(note, str):
            raise LineError(f'{what}: "note" must be a string or null')
        record = span_record(
            text, span.get("start"), span.get("end"), span.get("label"), what, note or None
        )
        if "text" in span:
            check_span_text(text, record, span["text"], what)
        spans.append(record)
    if answer != "accept":
        return None
    spans.sort(key=lambda s: (s.start, s.end, s.label))
    return LayerRecord(0, doc_id, text, meta, annotator, None, spans)


def sniff(path: Path) -> bool:
    """A JSON object with a key only Prodigy writes, or spans with token positions."""
    obj = first_json_line(path)
    if not isinstance(obj, dict) or "text" not in obj:
        return False
    if PRODIGY_KEYS & obj.keys():
        return True
    spans = obj.get("spans")
    return isinstance(spans, list) and any(
        isinstance(span, dict) and "token_start" in span for span in spans
    )


FORMAT = Format(
    name="prodigy",
    description="Prodigy span tasks (JSONL with tokens; token_end inclusive)",
    suffixes=(".jsonl",),
    write=write,
    read=read,
    sniff=sniff,
)
