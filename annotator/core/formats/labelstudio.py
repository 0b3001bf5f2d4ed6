"""Label Studio's task JSON: one array of tasks, one task per document, one annotation per
annotator (layer):

    [{"data": {"text": "...", "id": "doc-1", ...meta},
      "annotations": [{"completed_by": 1, "created_username": "alice", "status": "done",
                       "result": [{"id": "r1", "from_name": "label", "to_name": "text",
                                   "type": "labels", "meta": {"text": ["a note"]},
                                   "value": {"start": 0, "end": 5, "text": "Kerry",
                                             "labels": ["ACTOR"]}}]}]}]

Offsets are code points of `data.text`. The document's meta travels in `data` beside the
text (Label Studio shows `data` keys to the annotator and exports them again); a meta that
uses the keys "id", "text" or "meta" goes whole under `data.meta` instead. A span's note is
the region's `meta.text`, as Label Studio keeps region notes. Label Studio wants a user id
(an integer) in `completed_by`: annotators are numbered 1, 2, ... in the order they first
appear in the file, and the name goes in `created_username`, as in Label Studio's own
exports. On import the name is `created_username`, else `completed_by`'s email (a user
object), else "user-N" for a bare id. The labeling config a Label Studio project needs for
these labels and the project's relation types is `labeling_config(labels, relation_types)`
(`annotator export --format labelstudio --print-config`).

Relations are Label Studio's relation results beside the regions, both ways:

    {"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right",
     "labels": ["source"]}

`from_id` is the head's region id, `to_id` the tail's (`direction` "left" swaps them on
import; "bi" is read as from -> to and counted in the report). A relation with several labels
is one relation per label; one with none is skipped and counted (Label Studio allows
unlabelled arrows; this project's relations have a type). A relation naming a region the
annotation lacks, or repeating another, is an error.

Label Studio has no discontinuous regions: a discontinuous span is one labels result per
fragment, the first with the span's id (`r3`) and note, each other with id `r3.2`, `r3.3`, ...
and `"meta": {"fragment_of": "r3"}`, so Label Studio shows every piece with its label and the
import puts the pieces back together (the report counts them). Relations name the first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from annotator.core.errors import InputError
from annotator.core.formats.base import (
    ExportDocument,
    ExportRelation,
    Format,
    RelationLayerRecord,
    Report,
    write_atomically,
)
from annotator.core.formats.linking import checked_relations, fragment_span, sorted_with_relations
from annotator.core.json_array import json_array_items
from annotator.core.jsonl import (
    LayerRecord,
    SpanRecord,
    check_span_text,
    document_id,
    non_empty_string,
    optional_status,
    span_record,
)
from annotator.core.model import Label, RelationType
from annotator.core.strict_json import LineError

FROM_NAME = "label"
TO_NAME = "text"
RESERVED_DATA = ("id", "text", "meta")
FRAGMENT_OF = "fragment_of"  # region meta: this region is a later fragment of that one
# What the report says of counts that are not skipped non-text results.
_SAID = {
    "discontinuous span(s) read from their fragments' regions": "",
    "two-way relation(s) read as from_id -> to_id": "",
    "relation(s) without a label": " skipped (this project's relations have a type)",
}


def labeling_config(labels: Sequence[Label], relation_types: Sequence[RelationType] = ()) -> str:
    """The `<View>` XML a Label Studio project needs to show and edit these labels, and
    relations of those of `relation_types` that can link them."""
    lines = ["<View>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    for label in labels:
        attrs = f"value={quoteattr(label.name)} background={quoteattr(label.color)}"
        if label.key:
            attrs += f" hotkey={quoteattr(label.key)}"
        lines.append(f"    <Label {attrs}/>")
    lines.append("  </Labels>")
    names = {label.name for label in labels}
    kinds = [
        kind
        for kind in relation_types
        if (not kind.head_labels or names & set(kind.head_labels))
        and (not kind.tail_labels or names & set(kind.tail_labels))
    ]
    if kinds:
        lines.append("  <Relations>")
        for kind in kinds:
            attrs = f"value={quoteattr(kind.name)} background={quoteattr(kind.color)}"
            lines.append(f"    <Relation {attrs}/>")
        lines.append("  </Relations>")
    lines += [f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>', "</View>"]
    return "\n".join(lines)


def task(document: ExportDocument, users: dict[str, int]) -> dict[str, Any]:
    """One document as a Label Studio task; `users` numbers the annotators (grows)."""
    meta = document.meta
    data: dict[str, Any] = {"text": document.text, "id": document.id}
    if any(key in meta for key in RESERVED_DATA):
        data["meta"] = meta
    else:
        data.update(meta)
    annotations = []
    for layer in document.layers:
        if layer.annotator is None:
            continue  # a document nobody annotated: a task with no annotations
        result = []
        for number, span in enumerate(layer.spans, 1):
            for piece, (start, end) in enumerate(span.fragments or ((span.start, span.end),)):
                region: dict[str, Any] = {
                    "id": _region_id(number, piece),
                    "from_name": FROM_NAME,
                    "to_name": TO_NAME,
                    "type": "labels",
                    "value": {
                        "start": start,
                        "end": end,
                        "text": document.text[start:end],
                        "labels": [span.label],
                    },
                }
                if piece:
                    region["meta"] = {FRAGMENT_OF: _region_id(number, 0)}
                elif span.note is not None:
                    region["meta"] = {"text": [span.note]}
                result.append(region)
        for relation in layer.relations:
            result.append(
                {
                    "type": "relation",
                    "from_id": _region_id(relation.head + 1, 0),
                    "to_id": _region_id(relation.tail + 1, 0),
                    "direction": "right",
                    "labels": [relation.label],
                }
            )
        user = users.setdefault(layer.annotator, len(users) + 1)
        annotation: dict[str, Any] = {
            "completed_by": user,
            "created_username": layer.annotator,
            "result": result,
        }
        if layer.status is not None:
            annotation["status"] = layer.status.value
        annotations.append(annotation)
    return {"data": data, "annotations": annotations}


def _region_id(number: int, piece: int) -> str:
    return f"r{number}" if not piece else f"r{number}.{piece + 1}"


def write(
    documents: Iterable[ExportDocument], target: Path, labels: Sequence[Label], report: Report
) -> None:
    def write_tasks(out: IO[str]) -> int:
        # One task per line inside the array: readable, diffable, and still one JSON value.
        out.write("[")
        count = pieces = 0
        users: dict[str, int] = {}
        for document in documents:
            report.documents += 1
            report.layers += len(document.layers)
            report.spans += sum(len(layer.spans) for layer in document.layers)
            pieces += sum(1 for layer in document.layers for s in layer.spans if s.fragments)
            out.write(",\n" if count else "\n")
            out.write(json.dumps(task(document, users), ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
        if pieces:
            report.notes.append(
                f"{pieces} discontinuous span(s) written as one region per fragment (Label "
                'Studio has no discontinuous regions; meta "fragment_of" joins them)'
            )
        return count

    write_atomically(target, write_tasks)
    report.files += 1


def read(path: Path, encoding: str, report: Report) -> Iterator[LayerRecord]:
    """Each task's layers, in file order; InputError names the line where the bad task
    starts and says which annotation and result. The file is read task by task (memory
    holds one task), and a task larger than MAX_DOCUMENT_BYTES is refused."""
    report.files += 1
    skipped: dict[str, int] = {}
    tasks = json_array_items(path, encoding, "task")
    for number, (line, value, bytes_read) in enumerate(tasks):
        try:
            records = parse_task(value, number, skipped)
        except LineError as error:
            raise InputError(str(error), path, line) from None
        for record in records:
            record.line = line
            record.byte_end = bytes_read
            report.layers += 1
            report.spans += len(record.spans)
            yield record
    for what, count in sorted(skipped.items()):
        if what in _SAID:
            report.notes.append(f"{path}: {count} {what}{_SAID[what]}")
        else:
            report.notes.append(f"{path}: {count} {what} skipped (not text spans)")


def parse_task(value: Any, number: int, skipped: dict[str, int]) -> list[LayerRecord]:
    """One task's layers (one record with no annotator if it has no annotations)."""
    where = f"task {number}"
    if not isinstance(value, dict):
        raise LineError(f"{where} must be a JSON object")
    data = value.get("data")
    if not isinstance(data, dict):
        raise LineError(f'{where}: "data" is required and must be a JSON object')
    text = data.get(TO_NAME)
    if not isinstance(text, str):
        raise LineError(f'{where}: "data.text" is required and must be a string')
    doc_id = document_id(data.get("id"), text)
    extra = {k: v for k, v in data.items() if k not in ("id", "text")}
    meta = extra["meta"] if list(extra) == ["meta"] and isinstance(extra["meta"], dict) else extra
    annotations = value.get("annotations") or []
    if not isinstance(annotations, list):
        raise LineError(f'{where}: "annotations" must be a list')
    if value.get("predictions"):
        skipped["prediction(s)"] = skipped.get("prediction(s)", 0) + len(value["predictions"])
    records: list[LayerRecord] = []
    for index, annotation in enumerate(annotations):
        what = f"{where}, annotation {index}"
        if not isinstance(annotation, dict):
            raise LineError(f"{what} must be a JSON object")
        if annotation.get("was_cancelled"):
            skipped["cancelled annotation(s)"] = skipped.get("cancelled annotation(s)", 0) + 1
            continue
        spans, relations = _results(annotation.get("result"), text, what, skipped)
        records.append(
            RelationLayerRecord(
                0,
                doc_id,
                text,
                meta,
                _annotator(annotation, what),
                optional_status(annotation.get("status")),
                spans,
                relations=relations,
            )
        )
    return records or [LayerRecord(0, doc_id, text, meta)]


def _annotator(annotation: dict[str, Any], what: str) -> str | None:
    name = annotation.get("created_username")
    if name is not None:
        if not isinstance(name, str) or not name.strip():
            raise LineError(f'{what}: "created_username" must be a non-empty string')
        return name
    return _user(annotation.get("completed_by"), what)


def _user(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return value
    if type(value) is int:
        return f"user-{value}"
    if isinstance(value, dict):
        for key in ("email", "username", "id"):
            if key in value:
                return _user(value[key], what)
    raise LineError(f'{what}: "completed_by" must be a user id, a user object or a name')


def _results(
    results: Any, text: str, what: str, skipped: dict[str, int]
) -> tuple[list[SpanRecord], list[ExportRelation]]:
    """The annotation's spans (sorted) and the relations between them."""
    if results is None:
        return [], []
    if not isinstance(results, list):
        raise LineError(f'{what}: "result" must be a list')
    regions: dict[str, list[int]] = {}  # region id -> its spans (one per label)
    region_where: dict[str, str] = {}
    spans: list[SpanRecord] = []
    pieces: list[tuple[str, str, SpanRecord, str | None]] = []  # (fragment_of, where, piece, id)
    links: list[tuple[int, dict[str, Any], str]] = []
    for index, result in enumerate(results):
        where = f"{what}, result {index}"
        if not isinstance(result, dict):
            raise LineError(f"{where} must be a JSON object")
        if result.get("type") == "relation":
            links.append((index, result, where))
            continue
        if result.get("type") != "labels":
            kind = f"{result.get('type')} result(s)"
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        value = result.get("value")
        if not isinstance(value, dict):
            raise LineError(f'{where}: "value" must be a JSON object')
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            raise LineError(f'{where}: "value.labels" must be a non-empty list')
        region_id = _optional_id(result.get("id"), f"{where}: id")
        if region_id is not None and region_id in region_where:
            raise LineError(f"{where}: region id {region_id!r} is used twice")
        fragment_of = _fragment_of(result.get("meta"), where)
        note = None if fragment_of is not None else _note(result.get("meta"), where)
        made = []
        for label in labels:
            span = span_record(text, value.get("start"), value.get("end"), label, where, note)
            if "text" in value:
                check_span_text(text, span, value["text"], where)
            if fragment_of is not None:
                pieces.append((fragment_of, where, span, region_id))
                continue
            made.append(len(spans))
            spans.append(span)
        if region_id is not None:
            region_where[region_id] = where
            regions[region_id] = made
    spans = _join_fragments(spans, pieces, regions, text, skipped)
    relations = checked_relations(_relations(links, regions, skipped))
    return sorted_with_relations(spans, relations)


def _optional_id(value: Any, what: str) -> str | None:
    """A region id: Label Studio writes strings; an integer is taken as its digits."""
    if value is None:
        return None
    if type(value) is int:
        return str(value)
    if not isinstance(value, str) or not value:
        raise LineError(f"{what} must be a non-empty string")
    return value


def _fragment_of(meta: Any, where: str) -> str | None:
    if not isinstance(meta, dict) or FRAGMENT_OF not in meta:
        return None
    value = meta[FRAGMENT_OF]
    if not isinstance(value, str) or not value:
        raise LineError(f'{where}: "meta.{FRAGMENT_OF}" must be the id of the first fragment')
    return value


def _join_fragments(
    spans: list[SpanRecord],
    pieces: list[tuple[str, str, SpanRecord, str | None]],
    regions: dict[str, list[int]],
    text: str,
    skipped: dict[str, int],
) -> list[SpanRecord]:
    """The regions marked `fragment_of` another joined to it: one discontinuous span. A
    relation may name any fragment's region: each then stands for its span."""
    extra: dict[int, list[tuple[int, int]]] = {}
    last_where: dict[int, str] = {}  # the last fragment's result, which errors name
    for fragment_of, where, piece, region_id in pieces:
        owners = [i for i in regions.get(fragment_of, ()) if spans[i].label == piece.label]
        if not owners:
            raise LineError(
                f'{where}: "meta.{FRAGMENT_OF}" names {fragment_of!r}, which is no {piece.label} '
                "region of this annotation"
            )
        for owner in owners:
            extra.setdefault(owner, []).append((piece.start, piece.end))
            last_where[owner] = where
        if region_id is not None:
            regions[region_id] = sorted({*regions[region_id], *owners})
    for owner, more in extra.items():
        span = spans[owner]
        spans[owner] = fragment_span(
            text, [(span.start, span.end), *more], span.label, span.note, last_where[owner]
        )
        skipped["discontinuous span(s) read from their fragments' regions"] = (
            skipped.get("discontinuous span(s) read from their fragments' regions", 0) + 1
        )
    return spans


def _relations(
    links: list[tuple[int, dict[str, Any], str]],
    regions: dict[str, list[int]],
    skipped: dict[str, int],
) -> list[tuple[str, ExportRelation]]:
    found = []
    for _, result, where in links:
        ends = []
        for key in ("from_id", "to_id"):
            region_id = _optional_id(result.get(key), f"{where}: {key}")
            if region_id is None:
                raise LineError(f'{where}: a relation needs "{key}"')
            if not regions.get(region_id):
                raise LineError(
                    f"{where}: {key} {region_id!r} names no labels region of this annotation"
                )
            ends.append(regions[region_id])
        direction = result.get("direction", "right")
        if direction not in ("right", "left", "bi"):
            raise LineError(
                f'{where}: "direction" must be "right", "left" or "bi", got '
                f"{json.dumps(direction, ensure_ascii=False)}"
            )
        heads, tails = (ends[1], ends[0]) if direction == "left" else (ends[0], ends[1])
        if direction == "bi":
            kind = "two-way relation(s) read as from_id -> to_id"
            skipped[kind] = skipped.get(kind, 0) + 1
        labels = result.get("labels") or []
        if not isinstance(labels, list):
            raise LineError(f'{where}: "labels" must be a list of relation labels')
        if not labels:
            kind = "relation(s) without a label"
            skipped[kind] = skipped.get(kind, 0) + 1
        for label in labels:
            label = non_empty_string(label, f"{where}: a relation label")
            found += [(where, ExportRelation(h, t, label)) for h in heads for t in tails]
    return found


def _note(meta: Any, where: str) -> str | None:
    if meta is None:
        return None
    notes = meta.get("text") if isinstance(meta, dict) else None
    if isinstance(notes, str):
        notes = [notes]
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise LineError(f'{where}: "meta.text" (the region\'s note) must be a list of strings')
    return "\n".join(notes) or None


def sniff(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536).decode("utf-8-sig", errors="replace").lstrip()
    except OSError:
        return False
    return head.startswith("[") or (head.startswith("{") and '"data"' in head)


FORMAT = Format(
    name="labelstudio",
    description="Label Studio tasks: one JSON array, one annotation per annotator",
    suffixes=(".json",),
    write=write,
    read=read,
    sniff=sniff,
    print_config=labeling_config,
    carries_relations=True,
)
