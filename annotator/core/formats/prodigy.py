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

Relations are Prodigy's `rel.manual` shape, both ways:

    "relations": [{"head": 4, "child": 0, "label": "source",
                   "head_span": {"start", "end", "token_start", "token_end", "label"},
                   "child_span": {...}}]

`head` and `child` are the token index of the end token of the head and child span, as
rel.manual writes them. On import a relation's spans are found by `head_span` / `child_span`
(start, end and label), or, without them, by the span ending at the `head` / `child` token;
a relation naming no span of the task, or repeating another, is an error.

A discontinuous span is one entry in `spans` per fragment, all with the same
`"fragment_group"` number (unique in the task); the note is on the first, and relations name
the first (the report counts these spans). Prodigy shows each piece with its label.

Import ignores tokens (but for a relation without spans), checks offsets (and a span's
`text` when given), and skips tasks answered `reject` or `ignore`, counting them in the
report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import InputError
from annotator.core.formats.base import (
    ExportDocument,
    ExportRelation,
    Format,
    RelationLayerRecord,
    Report,
    first_json_line,
    write_atomically,
)
from annotator.core.formats.linking import checked_relations, fragment_span, sorted_with_relations
from annotator.core.formats.linking import pieces as pieces_of
from annotator.core.formats.tokens import Tally, Token, split_at, tokenize
from annotator.core.jsonl import (
    LayerRecord,
    SpanRecord,
    check_span_text,
    document_id,
    dump_line,
    integer,
    meta_object,
    non_empty_string,
    optional_annotator,
    span_record,
)
from annotator.core.model import Label
from annotator.core.strict_json import LineError, json_lines

# Prodigy's defaults (prodigy.util INPUT_HASH_KEYS / TASK_HASH_KEYS).
INPUT_HASH_KEYS = ("text", "image", "html", "input")
TASK_HASH_KEYS = ("spans", "label", "options", "arcs")
FRAGMENT_GROUP = "fragment_group"  # the entries of one discontinuous span share it
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
    pieces = [piece for span in layer.spans for piece in pieces_of(span)]
    tokens, cut = split_at(base, text, (p[0] for p in pieces), (p[1] for p in pieces))
    where = f"document {document.id!r} ({layer.annotator or 'no annotator'})"
    tally.status(layer, where)  # every task is an accepted answer
    tally.add("token(s) cut at span boundaries so that every span is whole tokens", cut, where)
    tally.add(
        "discontinuous span(s) written as one entry per fragment (joined by fragment_group)",
        sum(1 for span in layer.spans if span.fragments),
        where,
    )
    first = {token.start: index for index, token in enumerate(tokens)}
    last = {token.end: index for index, token in enumerate(tokens)}
    spans: list[dict[str, Any]] = []
    heads: list[dict[str, Any]] = []  # each span's first entry, which relations name
    for group, span in enumerate(layer.spans):
        for piece, (start, end) in enumerate(pieces_of(span)):
            entry: dict[str, Any] = {
                "start": start,
                "end": end,
                "label": span.label,
                "token_start": first[start],
                "token_end": last[end],
            }
            if span.fragments:
                entry[FRAGMENT_GROUP] = group
            if span.note is not None and not piece:
                entry["note"] = span.note
            spans.append(entry)
            if not piece:
                heads.append(entry)
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
    if layer.relations:
        obj["relations"] = [
            _relation(heads[r.head], heads[r.tail], r.label) for r in layer.relations
        ]
    obj["_input_hash"] = prodigy_hash(obj, INPUT_HASH_KEYS)
    obj["_task_hash"] = prodigy_hash(obj, TASK_HASH_KEYS, obj["_input_hash"])
    if layer.annotator is not None:
        obj["_annotator_id"] = layer.annotator
    obj["answer"] = "accept"
    return obj


def _relation(head: dict[str, Any], child: dict[str, Any], label: str) -> dict[str, Any]:
    def span_of(entry: dict[str, Any]) -> dict[str, Any]:
        return {key: entry[key] for key in ("start", "end", "token_start", "token_end", "label")}

    return {
        "head": head["token_end"],
        "child": child["token_end"],
        "head_span": span_of(head),
        "child_span": span_of(child),
        "label": label,
    }


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
        record.line = number
        record.byte_end = byte_end
        report.layers += 1
        report.spans += len(record.spans)
        yield record
    for answer, count in sorted(skipped.items()):
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
    entries: list[tuple[SpanRecord, Any, Any]] = []  # (span, fragment group, token_end)
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
        group = span.get(FRAGMENT_GROUP)
        if group is not None:
            integer(group, f'{what}: "{FRAGMENT_GROUP}"')
        entries.append((record, group, span.get("token_end")))
    if answer != "accept":
        return None
    spans, owner = _join_fragments(entries, text)
    relations = checked_relations(_relations(obj.get("relations"), entries, owner))
    spans, relations = sorted_with_relations(spans, relations)
    return RelationLayerRecord(0, doc_id, text, meta, annotator, None, spans, relations=relations)


def _join_fragments(
    entries: list[tuple[SpanRecord, Any, Any]], text: str
) -> tuple[list[SpanRecord], list[int]]:
    """The task's spans, the entries of one fragment group joined into one discontinuous
    span; and for each entry the index of its span."""
    spans: list[SpanRecord] = []
    owner: list[int] = []
    groups: dict[int, int] = {}  # fragment group -> its span
    pieces: dict[int, list[tuple[int, int]]] = {}
    for index, (record, group, _) in enumerate(entries):
        if group is None:
            owner.append(len(spans))
            spans.append(record)
            continue
        if group in groups:
            first = spans[groups[group]]
            if first.label != record.label:
                raise LineError(
                    f"span {index}: fragment_group {group} joins a {record.label} fragment to a "
                    f"{first.label} span (the fragments of a span share its label)"
                )
            pieces[group].append((record.start, record.end))
        else:
            groups[group] = len(spans)
            pieces[group] = [(record.start, record.end)]
            spans.append(record)
        owner.append(groups[group])
    for group, index in groups.items():
        first = spans[index]
        where = f"fragment_group {group}"
        spans[index] = fragment_span(text, pieces[group], first.label, first.note, where)
    return spans, owner


def _relations(
    value: Any, entries: list[tuple[SpanRecord, Any, Any]], owner: list[int]
) -> list[tuple[str, ExportRelation]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise LineError('"relations" must be a list')
    by_bounds = {(e[0].start, e[0].end, e[0].label): owner[i] for i, e in enumerate(entries)}
    by_token: dict[Any, list[int]] = {}
    for index, entry in enumerate(entries):
        by_token.setdefault(entry[2], []).append(owner[index])
    found = []
    for index, relation in enumerate(value):
        what = f"relation {index}"
        if not isinstance(relation, dict):
            raise LineError(f"{what} must be a JSON object")
        ends = []
        for key in ("head", "child"):
            ends.append(_end(relation, key, what, by_bounds, by_token))
        label = non_empty_string(relation.get("label"), f"{what}: label")
        found.append((what, ExportRelation(ends[0], ends[1], label)))
    return found


def _end(
    relation: dict[str, Any],
    key: str,
    what: str,
    by_bounds: dict[tuple[int, int, str], int],
    by_token: dict[Any, list[int]],
) -> int:
    """The span a relation's head or child names: its `*_span`, else its token."""
    span = relation.get(f"{key}_span")
    if span is not None:
        if not isinstance(span, dict):
            raise LineError(f'{what}: "{key}_span" must be a JSON object')
        bounds = (span.get("start"), span.get("end"), span.get("label"))
        if bounds not in by_bounds:
            start, end, label = bounds
            raise LineError(
                f"{what}: {key}_span [{start}, {end}) {label} names no span of this task"
            )
        return by_bounds[bounds]
    token = integer(relation.get(key), f"{what}: {key}")
    spans = set(by_token.get(token, ()))
    if len(spans) != 1:
        says = "no span ends" if not spans else f"{len(spans)} spans end"
        raise LineError(
            f'{what}: {says} at token {token} (give "{key}_span" to say which span it names)'
        )
    return spans.pop()


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
    carries_relations=True,
)
