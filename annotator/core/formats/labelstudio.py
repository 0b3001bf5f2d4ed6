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
these labels is `labeling_config(labels)` (`annotator export --format labelstudio
--print-config`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from annotator.core.errors import InputError
from annotator.core.formats.base import ExportDocument, Format, Report, write_atomically
from annotator.core.json_array import json_array_items
from annotator.core.jsonl import (
    LayerRecord,
    SpanRecord,
    check_span_text,
    document_id,
    optional_status,
    span_record,
)
from annotator.core.model import Label
from annotator.core.strict_json import LineError

FROM_NAME = "label"
TO_NAME = "text"
RESERVED_DATA = ("id", "text", "meta")


def labeling_config(labels: Sequence[Label]) -> str:
    """The `<View>` XML a Label Studio project needs to show and edit these labels."""
    lines = ["<View>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    for label in labels:
        attrs = f"value={quoteattr(label.name)} background={quoteattr(label.color)}"
        if label.key:
            attrs += f" hotkey={quoteattr(label.key)}"
        lines.append(f"    <Label {attrs}/>")
    lines += ["  </Labels>", f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>', "</View>"]
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
            region: dict[str, Any] = {
                "id": f"r{number}",
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "value": {
                    "start": span.start,
                    "end": span.end,
                    "text": document.text[span.start : span.end],
                    "labels": [span.label],
                },
            }
            if span.note is not None:
                region["meta"] = {"text": [span.note]}
            result.append(region)
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


def write(
    documents: Iterable[ExportDocument], target: Path, labels: Sequence[Label], report: Report
) -> None:
    def write_tasks(out: IO[str]) -> int:
        # One task per line inside the array: readable, diffable, and still one JSON value.
        out.write("[")
        count = 0
        users: dict[str, int] = {}
        for document in documents:
            report.documents += 1
            report.layers += len(document.layers)
            report.spans += sum(len(layer.spans) for layer in document.layers)
            out.write(",\n" if count else "\n")
            out.write(json.dumps(task(document, users), ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
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
    records = []
    for index, annotation in enumerate(annotations):
        what = f"{where}, annotation {index}"
        if not isinstance(annotation, dict):
            raise LineError(f"{what} must be a JSON object")
        if annotation.get("was_cancelled"):
            skipped["cancelled annotation(s)"] = skipped.get("cancelled annotation(s)", 0) + 1
            continue
        spans = _results(annotation.get("result"), text, what, skipped)
        records.append(
            LayerRecord(
                0,
                doc_id,
                text,
                meta,
                _annotator(annotation, what),
                optional_status(annotation.get("status")),
                spans,
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


def _results(results: Any, text: str, what: str, skipped: dict[str, int]) -> list[SpanRecord]:
    if results is None:
        return []
    if not isinstance(results, list):
        raise LineError(f'{what}: "result" must be a list')
    spans = []
    for index, result in enumerate(results):
        where = f"{what}, result {index}"
        if not isinstance(result, dict):
            raise LineError(f"{where} must be a JSON object")
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
        note = _note(result.get("meta"), where)
        for label in labels:
            span = span_record(text, value.get("start"), value.get("end"), label, where, note)
            if "text" in value:
                check_span_text(text, span, value["text"], where)
            spans.append(span)
    return spans


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
)
