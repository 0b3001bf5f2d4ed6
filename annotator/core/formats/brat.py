"""brat standoff: a folder with a text file and an annotation file per document and
annotator, and the configuration brat needs for the labels.

    OUT/annotation.conf, OUT/visual.conf   the labels (entity types) and their colours
    OUT/ANNOTATOR/ID.txt, OUT/ANNOTATOR/ID.ann   one annotator's layer of one document
    OUT/ID.txt, OUT/ID.ann                 a document nobody has annotated
    OUT/ids.tsv                            file name -> document id (every document, in order)
    OUT/annotators.tsv                     folder name -> annotator name
    OUT/status.tsv                         annotator, document id, status of each layer
    OUT/meta.jsonl                         {"id", "meta"} of each document that has meta

    T1<TAB>ACTOR 10 15<TAB>Kerry
    #1<TAB>AnnotatorNotes T1<TAB>the US secretary of state

Offsets are code points of the .txt file's text (as brat's own server counts them), so an
emoji before a span never shifts it. The .txt holds the text exactly (UTF-8, line ends as
they are). In the span text after the offsets, line breaks and tabs are written as spaces
(one for one) so that every annotation stays one line of three tab-separated fields; in
notes, backslashes, tabs and line breaks are escaped (\\\\, \\t, \\n, \\r, \\u2028...) and
unescaped on import. Ids and annotator names that are not safe file names get safe
stand-ins (see `safe_names`); ids.tsv and annotators.tsv map them back on import.

Import reads T lines (continuous spans) and # AnnotatorNotes lines; every other line (R, E,
A, N, M, discontinuous T with `;`, notes of skipped spans) is counted and reported, never
dropped silently. A folder without ids.tsv is read as plain brat: the id is the file's
path inside the folder without `.ann`, and the layers belong to the import's annotator.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.formats.base import (
    ExportDocument,
    Format,
    RelationLayerRecord,
    Report,
)
from annotator.core.formats.folders import FolderFiles, read_text, walk
from annotator.core.formats.safe_names import SafeNames, read_mapping, read_rows, write_mapping
from annotator.core.formats.safe_names import write_rows as write_tsv
from annotator.core.jsonl import LayerRecord, SpanRecord, dump_line
from annotator.core.model import Label, Status
from annotator.core.output_files import remove_stale_temporaries, temporary_name
from annotator.core.strict_json import json_lines

IDS = "ids.tsv"
ANNOTATORS = "annotators.tsv"
STATUS = "status.tsv"
META = "meta.jsonl"
STATUS_HEADER = ("annotator", "id", "status")
OWN_FILES = (IDS, ANNOTATORS, STATUS, META, "annotation.conf", "visual.conf")
# Characters Python's str.splitlines() breaks on: never inside one .ann line.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Tabs too: readers split a line on every tab (brat-peek does), not just the first two.
_ONE_LINE = str.maketrans(dict.fromkeys(LINE_BREAKS + "\t", " "))
_NOTE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"} | {
    c: f"\\u{ord(c):04x}" for c in LINE_BREAKS if c not in "\n\r"
}
_NOTE_ESCAPE = re.compile("[\\\\\t" + re.escape(LINE_BREAKS) + "]")
_NOTE_UNESCAPE = re.compile(r"\\(\\|n|r|t|u[0-9a-f]{4})")
_DIGITS = re.compile("[0-9]+")  # not \\d, which takes other scripts' digits too
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def escape_note(note: str) -> str:
    return _NOTE_ESCAPE.sub(lambda m: _NOTE_ESCAPES[m.group()], note)


def unescape_note(note: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "\\":
            return "\\"
        if code in ("n", "r", "t"):
            return {"n": "\n", "r": "\r", "t": "\t"}[code]
        return chr(int(code[1:], 16))

    return _NOTE_UNESCAPE.sub(one, note)


def ann_lines(text: str, spans: Sequence[SpanRecord]) -> list[str]:
    """The .ann lines for `spans` of `text`: T lines, then # lines for the notes."""
    lines: list[str] = []
    notes: list[str] = []
    for number, span in enumerate(spans, 1):
        if any(c.isspace() for c in span.label):
            raise AnnotatorError(f"brat labels cannot contain spaces: {span.label!r}")
        shown = text[span.start : span.end].translate(_ONE_LINE)
        lines.append(f"T{number}\t{span.label} {span.start} {span.end}\t{shown}")
        if span.note is not None:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{number}\t{escape_note(span.note)}")
    return lines + notes


def annotation_conf(labels: Sequence[Label]) -> str:
    entities = "\n".join(label.name for label in labels)
    return f"[entities]\n{entities}\n\n[relations]\n\n[events]\n\n[attributes]\n"


def visual_conf(labels: Sequence[Label]) -> str:
    names = "\n".join(f"{label.name} | {label.name}" for label in labels)
    drawing = "\n".join(f"{label.name}\tbgColor:{label.color}" for label in labels)
    return f"[labels]\n{names}\n\n[drawing]\n{drawing}\n"


def write(
    documents: Iterable[ExportDocument], target: Path, labels: Sequence[Label], report: Report
) -> None:
    """Write the folder `target` (which must not exist, or be empty): everything goes into a
    temporary folder beside it first and is renamed into place, so an interrupted export
    leaves nothing half written. The temporary folder is named as export files' are
    (`output_files.temporary_name`), so that one a killed export left is removed by the
    next export into the same folder."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise AnnotatorError("exists and is not an empty folder; give a new folder", target)
    if not target.parent.is_dir():
        raise AnnotatorError(f"folder {target.parent} does not exist", target)
    remove_stale_temporaries(target.parent)  # what killed exports left there
    temporary = temporary_name(target, ".tmp")
    temporary.mkdir()
    try:
        _write_folder(documents, temporary, labels, report)
        if target.exists():
            target.rmdir()
        os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _write_folder(
    documents: Iterable[ExportDocument], folder: Path, labels: Sequence[Label], report: Report
) -> None:
    # An annotator called "ids.tsv" must not become a folder where the mapping goes.
    ids, annotators = SafeNames(), SafeNames(reserved=OWN_FILES)
    statuses: list[tuple[str, str, str]] = []
    metas: list[str] = []
    for document in documents:
        report.documents += 1
        name = ids(document.id)
        if document.meta:
            metas.append(dump_line({"id": document.id, "meta": document.meta}) + "\n")
        for layer in document.layers:
            report.layers += 1
            report.spans += len(layer.spans)
            where = folder
            if layer.annotator is not None:
                where = folder / annotators(layer.annotator)
                where.mkdir(exist_ok=True)
                if layer.status is not None:
                    statuses.append((layer.annotator, document.id, layer.status.value))
            # Paths are built from safe names only; this check makes sure of it.
            assert where.resolve().parent in (folder.resolve(), folder.resolve().parent)
            _write_text(where / f"{name}.txt", document.text)
            lines = ann_lines(document.text, layer.spans)
            _write_text(where / f"{name}.ann", "".join(line + "\n" for line in lines))
            report.files += 2
    _write_text(folder / "annotation.conf", annotation_conf(labels))
    _write_text(folder / "visual.conf", visual_conf(labels))
    write_mapping(folder / IDS, ids)
    write_mapping(folder / ANNOTATORS, annotators)
    write_tsv(folder / STATUS, STATUS_HEADER, statuses)
    _write_text(folder / META, "".join(metas))


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(text)


# -- reading --------------------------------------------------------------------------------


def read(path: Path, encoding: str, report: Report) -> Iterator[LayerRecord]:
    """The layers of the brat folder `path`, in ids.tsv order when there is one. Nothing
    outside the folder is read and no file beyond the size limit (see `folders`)."""
    folder = path
    found = walk(folder)
    files = set(found.files)
    ids = read_mapping(folder / IDS, encoding) if folder / IDS in files else None
    annotators = read_mapping(folder / ANNOTATORS, encoding) if folder / ANNOTATORS in files else {}
    statuses = _statuses(folder / STATUS, encoding) if folder / STATUS in files else {}
    metas = _metas(folder / META, encoding) if folder / META in files else {}
    order = {name: index for index, name in enumerate(ids or ())}
    folders = {name: index for index, name in enumerate(annotators)}
    layers = []
    for ann in (f for f in found.files if f.suffix == ".ann"):
        relative = ann.relative_to(folder).with_suffix("")
        annotator: str | None = None
        if ids is not None and len(relative.parts) == 2 and relative.parts[0] in annotators:
            annotator, name = annotators[relative.parts[0]], relative.parts[1]
        else:
            name = relative.as_posix()
        if ids is not None and name in ids:
            doc_id = ids[name]
            key: tuple[int, int, str] = (order[name], folders.get(relative.parts[0], -1), "")
        else:
            doc_id = name
            key = (len(order), 0, relative.as_posix())
        if annotator is None and len(relative.parts) == 2 and relative.parts[0] in annotators:
            key = (key[0], folders[relative.parts[0]], key[2])
        layers.append((key, ann, doc_id, annotator))
    layers.sort(key=lambda layer: layer[0])
    skipped: dict[str, int] = {}
    for _, ann, doc_id, annotator in layers:
        record = read_layer(ann, doc_id, annotator, encoding, skipped)
        record.status = statuses.get((annotator, doc_id))
        record.meta = metas.get(doc_id, {})
        report.files += 2
        report.layers += 1
        report.spans += len(record.spans)
        yield record
    if skipped:
        counts = ", ".join(f"{count} {what}" for what, count in sorted(skipped.items()))
        report.notes.append(f"{folder}: skipped {counts}")
    _report_unread(folder, found, {ann for _, ann, _, _ in layers}, report)


def _report_unread(folder: Path, found: FolderFiles, anns: set[Path], report: Report) -> None:
    """Say which files of the folder were not read: a text without its .ann, files that
    are not brat's, links to folders (never dropped without a word)."""
    own = {folder / name for name in OWN_FILES}
    read = own | anns | {ann.with_suffix(".txt") for ann in anns}
    lonely: list[Path] = []
    other: list[Path] = []
    for path in (p for p in found.files if p not in read):
        (lonely if path.suffix == ".txt" else other).append(path)
    if found.linked_folders:
        report.notes.append(
            f"{folder}: {len(found.linked_folders)} symbolic link(s) to folders inside it were "
            f"not followed, their files are read where they are (first: "
            f"{found.linked_folders[0]})"
        )
    if lonely:
        report.notes.append(
            f"{folder}: {len(lonely)} .txt file(s) without an .ann beside them were not "
            f"read (first: {lonely[0]})"
        )
    if other:
        report.notes.append(
            f"{folder}: {len(other)} file(s) that are not brat's were not read (first: "
            f"{other[0]}); import them on their own, with their format"
        )


def _metas(path: Path, encoding: str) -> dict[str, dict[str, Any]]:
    """Document id -> meta, from meta.jsonl (`{"id": ..., "meta": {...}}` per line)."""
    result: dict[str, dict[str, Any]] = {}
    for number, obj, _ in json_lines(path, encoding):
        if (
            not isinstance(obj, dict)
            or set(obj) != {"id", "meta"}
            or not isinstance(obj["id"], str)
            or not isinstance(obj["meta"], dict)
        ):
            raise InputError('expected {"id": "...", "meta": {...}}', path, number)
        result[obj["id"]] = obj["meta"]
    return result


def _statuses(path: Path, encoding: str) -> dict[tuple[str | None, str], Status]:
    result: dict[tuple[str | None, str], Status] = {}
    for number, (annotator, doc_id, status) in read_rows(path, STATUS_HEADER, encoding):
        if status not in Status._value2member_map_:
            raise InputError(f"unknown status {status!r}", path, number)
        result[(annotator, doc_id)] = Status(status)
    return result


def read_layer(
    ann: Path, doc_id: str, annotator: str | None, encoding: str, skipped: dict[str, int]
) -> RelationLayerRecord:
    """One .ann file and the .txt beside it as a layer."""
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        raise InputError(f"no text file {txt.name} beside it", ann)
    # brat's server reads the text as plain UTF-8 and counts a leading U+FEFF as a
    # character: so must we, or every offset after it would be one off.
    text = read_text(txt, encoding, strip_bom=False)
    spans: dict[str, tuple[int, SpanRecord]] = {}  # T id -> (line, span)
    notes: dict[str, list[str]] = {}
    note_lines: dict[str, int] = {}  # T id -> the line of its first note, for errors
    ignored_ids: set[str] = set()
    data = read_text(ann, encoding)
    for number, line in enumerate(data.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        kind = line[0]
        if kind == "T":
            parsed = _t_line(line, text, ann, number)
            if parsed is None:
                skipped["discontinuous T line(s)"] = skipped.get("discontinuous T line(s)", 0) + 1
                ignored_ids.add(line.split("\t", 1)[0])
                continue
            t_id, span = parsed
            if t_id in spans:
                raise InputError(f"the id {t_id} is used twice", ann, number)
            spans[t_id] = (number, span)
        elif kind == "#":
            fields = line.split("\t", 2)
            target = fields[1].split(" ") if len(fields) == 3 else []
            if len(target) != 2:
                raise InputError("expected '#N<TAB>AnnotatorNotes ID<TAB>note'", ann, number)
            if target[0] != "AnnotatorNotes" or target[1] in ignored_ids:
                skipped["# line(s) not notes on a span"] = (
                    skipped.get("# line(s) not notes on a span", 0) + 1
                )
                continue
            note = unescape_note(fields[2])
            if _SURROGATE.search(note):
                raise InputError(
                    "the note escapes a lone surrogate (\\ud800 to \\udfff), not a character",
                    ann,
                    number,
                )
            notes.setdefault(target[1], []).append(note)
            note_lines.setdefault(target[1], number)
        elif kind in "REANM*":
            what = f"{kind} line(s)"
            skipped[what] = skipped.get(what, 0) + 1
        else:
            raise InputError(f"not a brat annotation line (starts with {kind!r})", ann, number)
    for t_id in notes:
        if t_id not in spans:
            raise InputError(
                f"a note on {t_id}, which is not a span in this file", ann, note_lines[t_id]
            )
    ordered = list(spans.items())
    return RelationLayerRecord(
        ordered[0][1][0] if ordered else 1,
        doc_id,
        text,
        {},
        annotator,
        None,
        [
            SpanRecord(s.start, s.end, s.label, "\n".join(notes[t_id]) if t_id in notes else None)
            for t_id, (_, s) in ordered
        ],
        source=ann,
        span_lines=[line for _, (line, _) in ordered],
    )


def _t_line(line: str, text: str, ann: Path, number: int) -> tuple[str, SpanRecord] | None:
    """A continuous T line as (id, span); None for a discontinuous one."""
    fields = line.split("\t", 2)
    if len(fields) != 3:
        raise InputError("expected 'T<N><TAB>LABEL START END<TAB>text'", ann, number)
    t_id, offsets, shown = fields
    if ";" in offsets:
        return None
    label, start, end = _offsets(offsets, len(text), ann, number)
    covered = text[start:end]
    if shown != covered and shown != covered.translate(_ONE_LINE):
        raise InputError(
            f"the span text {shown!r} disagrees with the offsets, which cover {covered!r}",
            ann,
            number,
        )
    return t_id, SpanRecord(start, end, label)


def _offsets(offsets: str, length: int, ann: Path, number: int) -> tuple[str, int, int]:
    """(label, start, end) from `LABEL START END`, the span inside a text of `length`."""
    fields = offsets.split(" ")
    if len(fields) != 3 or not fields[0]:
        raise InputError(f"expected 'LABEL START END', got {_cut(offsets)!r}", ann, number)
    for value in fields[1:]:
        if not _DIGITS.fullmatch(value):
            raise InputError(
                f"offset {_cut(value)!r} is not a whole number of 0 or more (digits 0-9)",
                ann,
                number,
            )
        # Before int(): Python refuses to convert more than 4,300 digits.
        if len(value.lstrip("0")) > len(str(length)):
            raise InputError(
                f"offset {_cut(value)} is not a number in range (the text has {length} characters)",
                ann,
                number,
            )
    start, end = int(fields[1]), int(fields[2])
    if start >= end:
        raise InputError(
            f"span [{start}, {end}) is empty or reversed (the end must be after the start)",
            ann,
            number,
        )
    if end > length:
        raise InputError(
            f"span [{start}, {end}) lies outside the text (length {length})", ann, number
        )
    return fields[0], start, end


def _cut(value: str, keep: int = 40) -> str:
    """`value`, or its start and its length when it is long (a message stays one line)."""
    return value if len(value) <= keep else f"{value[:keep]}... ({len(value)} characters)"


def sniff(path: Path) -> bool:
    return path.is_dir() and any(True for _ in path.rglob("*.ann"))


FORMAT = Format(
    name="brat",
    description="brat standoff: a folder of ID.txt and ID.ann per annotator, and the configs",
    suffixes=(),
    folder=True,
    write=write,
    read=read,
    sniff=sniff,
)
