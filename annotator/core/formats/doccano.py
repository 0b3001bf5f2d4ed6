"""doccano's sequence-labelling JSONL, both variants, one line per document layer:

    {"id": "doc-1", "text": "...", "label": [[0, 5, "ACTOR"], ...], "annotator": "alice",
     "status": "done", "meta": {...}, "notes": [null, "why"]}

    (--relations) {"id": ..., "text": ..., "entities": [{"id": 1, "label": "ACTOR",
     "start_offset": 0, "end_offset": 5}], "relations": [{"id": 1, "from_id": 1, "to_id": 2,
     "type": "SAYS"}], "annotator": ..., "status": ..., "meta": ..., "notes": [...]}

Offsets are code points of `text` (doccano's own exports count UTF-16 units in some
versions; these never do). doccano keeps keys it does not know as the example's metadata and
exports them again, which is where `annotator`, `status`, `meta` and `notes` (the span notes,
in `label`/`entities` order, written only when a span has one) travel. On import, other
unknown top-level keys (doccano's own metadata, `Comments`) are kept in the document's meta.

doccano has no discontinuous spans: such a span is its outer span in `label`/`entities`, and
its pieces travel in `"fragments"` beside `notes` (one `[[start, end], ...]` or null per
span, written only when a span has fragments), so an import gives the span back whole; the
report counts them. In the relations variant entity and relation ids are numbered through
the file (1, 2, ...), so export -> import -> export gives the same ids; a relation naming a
missing entity, or repeating another, is an error.
"""

from __future__ import annotations

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
    Writer,
    first_json_line,
    write_atomically,
)
from annotator.core.formats.linking import checked_relations, fragment_span
from annotator.core.jsonl import (
    LayerRecord,
    SpanRecord,
    document_id,
    dump_line,
    integer,
    meta_object,
    non_empty_string,
    optional_annotator,
    optional_status,
    span_record,
)
from annotator.core.model import Label
from annotator.core.strict_json import LineError, json_lines

# Keys this format reads itself; any other top-level key goes into the document's meta.
OWN_KEYS = ("id", "text", "label", "entities", "relations", "annotator", "status", "meta", "notes",
            "fragments")  # fmt: skip


def _lines(documents: Iterable[ExportDocument], report: Report, relations: bool) -> Iterator[str]:
    next_id = 1  # entity and relation ids: unique in the file, as doccano's are
    discontinuous = (0, 0)  # (spans, layers)
    first = ""
    for document in documents:
        report.documents += 1
        for layer in document.layers:
            report.layers += 1
            report.spans += len(layer.spans)
            obj: dict[str, Any] = {"id": document.id, "text": document.text}
            if relations:
                ids = list(range(next_id, next_id + len(layer.spans)))
                next_id += len(layer.spans)
                obj["entities"] = [
                    {"id": i, "label": s.label, "start_offset": s.start, "end_offset": s.end}
                    for i, s in zip(ids, layer.spans, strict=True)
                ]
                obj["relations"] = []
                for relation in layer.relations:
                    obj["relations"].append(
                        {
                            "id": next_id,
                            "from_id": ids[relation.head],
                            "to_id": ids[relation.tail],
                            "type": relation.label,
                        }
                    )
                    next_id += 1
            else:
                obj["label"] = [[s.start, s.end, s.label] for s in layer.spans]
            obj["annotator"] = layer.annotator
            obj["status"] = None if layer.status is None else layer.status.value
            obj["meta"] = document.meta
            if any(s.note is not None for s in layer.spans):
                obj["notes"] = [s.note for s in layer.spans]
            if any(s.fragments for s in layer.spans):
                obj["fragments"] = [[list(f) for f in s.fragments] or None for s in layer.spans]
                count = sum(1 for s in layer.spans if s.fragments)
                if not discontinuous[0]:
                    first = f"document {document.id!r} ({layer.annotator or 'no annotator'})"
                discontinuous = (discontinuous[0] + count, discontinuous[1] + 1)
            yield dump_line(obj)
    if discontinuous[0]:
        report.notes.append(
            f"{discontinuous[0]} discontinuous span(s) written as their outer span (doccano has "
            f'no discontinuous spans), their pieces in "fragments", in {discontinuous[1]} '
            f"layer(s), first in {first}"
        )


def _writer(relations: bool) -> Writer:
    def write(
        documents: Iterable[ExportDocument], target: Path, labels: Sequence[Label], report: Report
    ) -> None:
        def write_lines(out: IO[str]) -> int:
            count = 0
            for line in _lines(documents, report, relations):
                out.write(line)
                out.write("\n")
                count += 1
            return count

        write_atomically(target, write_lines)
        report.files += 1

    return write


def read(path: Path, encoding: str, report: Report) -> Iterator[LayerRecord]:
    """Both variants, line by line; InputError names the first bad line."""
    report.files += 1
    for number, obj, byte_end in json_lines(path, encoding):
        try:
            record = parse_object(obj)
        except LineError as error:
            raise InputError(str(error), path, number) from None
        record.line = number
        record.byte_end = byte_end
        report.layers += 1
        report.spans += len(record.spans)
        yield record


def parse_object(obj: Any) -> RelationLayerRecord:
    """One doccano line as a layer; LineError says what is wrong."""
    if not isinstance(obj, dict):
        raise LineError("each line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise LineError('"text" is required and must be a string')
    doc_id = document_id(obj.get("id"), text)
    meta = dict(meta_object(obj.get("meta")))
    for key, value in obj.items():  # doccano's metadata: kept, as doccano keeps it
        if key not in OWN_KEYS:
            meta.setdefault(key, value)
    if "label" in obj and "entities" in obj:
        raise LineError('a line has either "label" or "entities", not both')
    relations: list[ExportRelation] = []
    if "entities" in obj:
        spans, relations = _entities(obj, text)
    else:
        spans = _labels(obj.get("label"), text)
    notes = obj.get("notes")
    if notes is not None:
        if not isinstance(notes, list) or len(notes) != len(spans):
            raise LineError(
                f'"notes" must be a list with one note (or null) per span ({len(spans)})'
            )
        for index, note in enumerate(notes):
            if note is not None and not isinstance(note, str):
                raise LineError(f"note {index} must be a string or null")
        spans = [
            SpanRecord(s.start, s.end, s.label, note or None)
            for s, note in zip(spans, notes, strict=True)
        ]
    if obj.get("fragments") is not None:
        spans = _fragments(obj["fragments"], spans, text)
    return RelationLayerRecord(
        0,
        doc_id,
        text,
        meta,
        optional_annotator(obj.get("annotator")),
        optional_status(obj.get("status")),
        spans,
        relations=relations,
    )


def _fragments(value: Any, spans: list[SpanRecord], text: str) -> list[SpanRecord]:
    """The spans with the pieces `"fragments"` gives them (one list or null per span)."""
    if not isinstance(value, list) or len(value) != len(spans):
        raise LineError(
            f'"fragments" must be a list with one list of [start, end] (or null) per span '
            f"({len(spans)})"
        )
    result = []
    for index, (span, pieces) in enumerate(zip(spans, value, strict=True)):
        if pieces is None:
            result.append(span)
            continue
        what = f"fragments {index}"
        if not isinstance(pieces, list) or not all(
            isinstance(p, list) and len(p) == 2 for p in pieces
        ):
            raise LineError(f"{what} must be a list of [start, end] or null")
        bounds = [(integer(p[0], f"{what}: start"), integer(p[1], f"{what}: end")) for p in pieces]
        made = fragment_span(text, bounds, span.label, span.note, what)
        if (made.start, made.end) != (span.start, span.end):
            raise LineError(
                f"{what}: the fragments run from {made.start} to {made.end}, not over their "
                f"span [{span.start}, {span.end})"
            )
        result.append(made)
    return result


def _labels(value: Any, text: str) -> list[SpanRecord]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise LineError('"label" must be a list of [start, end, label]')
    spans = []
    for index, item in enumerate(value):
        if not isinstance(item, list) or len(item) != 3:
            raise LineError(
                f"label {index} must be [start, end, label] (a list of text labels is "
                "doccano's text classification, which has no spans)"
            )
        spans.append(span_record(text, item[0], item[1], item[2], f"label {index}"))
    return spans


def _entities(obj: dict[str, Any], text: str) -> tuple[list[SpanRecord], list[ExportRelation]]:
    entities = obj.get("entities")
    if not isinstance(entities, list):
        raise LineError('"entities" must be a list')
    spans: list[SpanRecord] = []
    index_of: dict[int, int] = {}
    for index, entity in enumerate(entities):
        what = f"entity {index}"
        if not isinstance(entity, dict):
            raise LineError(f"{what} must be a JSON object")
        entity_id = integer(entity.get("id"), f"{what}: id")
        if entity_id in index_of:
            raise LineError(f"{what}: id {entity_id} is used twice")
        index_of[entity_id] = len(spans)
        spans.append(
            span_record(
                text,
                entity.get("start_offset"),
                entity.get("end_offset"),
                entity.get("label"),
                what,
            )
        )
    relations_in = obj.get("relations") or []
    if not isinstance(relations_in, list):
        raise LineError('"relations" must be a list')
    relations: list[tuple[str, ExportRelation]] = []
    for index, relation in enumerate(relations_in):
        what = f"relation {index}"
        if not isinstance(relation, dict):
            raise LineError(f"{what} must be a JSON object")
        ends = []
        for key in ("from_id", "to_id"):
            entity_id = integer(relation.get(key), f"{what}: {key}")
            if entity_id not in index_of:
                raise LineError(f"{what}: {key} {entity_id} names no entity of this line")
            ends.append(index_of[entity_id])
        label = non_empty_string(relation.get("type"), f"{what}: type")
        relations.append((what, ExportRelation(ends[0], ends[1], label)))
    return spans, checked_relations(relations)


def sniff(path: Path) -> bool:
    """A JSON object with `text` and `label` or `entities`, and none of the keys only
    Prodigy writes (a Prodigy text-classification task has a string `label` too)."""
    obj = first_json_line(path)
    return (
        isinstance(obj, dict)
        and "text" in obj
        and ("label" in obj or "entities" in obj)
        and not {"_input_hash", "_task_hash", "answer"} & obj.keys()
    )


_DESCRIPTION = "doccano sequence labelling JSONL: text and [start, end, label] per line"

FORMAT = Format(
    name="doccano",
    description=_DESCRIPTION,
    suffixes=(".jsonl",),
    write=_writer(relations=False),
    read=read,
    sniff=sniff,
    variants={
        "relations": Format(
            name="doccano",
            description="doccano JSONL, entities/relations variant",
            suffixes=(".jsonl",),
            write=_writer(relations=True),
            read=read,
            sniff=sniff,
        )
    },
)
