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
    T2<TAB>QUOTE 20 31;38 50<TAB>We will talk about Syria
    R1<TAB>source Arg1:T2 Arg2:T1
    E1<TAB>Attribution:T4 Content:T3 Cue:T5 Source:T1
    #1<TAB>AnnotatorNotes T1<TAB>the US secretary of state

Offsets are code points of the .txt file's text (as brat's own server counts them), so an
emoji before a span never shifts it. The .txt holds the text exactly (UTF-8, line ends as
they are). In the span text after the offsets, line breaks and tabs are written as spaces
(one for one) so that every annotation stays one line of three tab-separated fields; in
notes, backslashes, tabs and line breaks are escaped (\\\\, \\t, \\n, \\r, \\u2028...) and
unescaped on import. Ids and annotator names that are not safe file names get safe
stand-ins (see `safe_names`); ids.tsv and annotators.tsv map them back on import.

The .ann lines are `brat_ann`'s: T lines (discontinuous ones too), R lines (relations), E
lines (events: relations from the trigger span to each argument, labelled by the role; the
labels annotation.conf's [events] lists, or that trigger an E line, are event types) and #
AnnotatorNotes; A, M, N and * lines are counted and reported, never dropped silently. The
export writes annotation.conf with the labels as [entities] or [events] (`Label.event`)
and the relation types and roles it wrote.

A folder without ids.tsv is read as plain brat: the id is the file's path inside the folder
without `.ann`, and the layers belong to the import's annotator. `read_annotator_folders`
(`--annotator-from-folder`) reads a corpus of one folder per annotator (`alice/doc1.ann`):
the id is the path inside the annotator's folder, the annotator the folder's name.
"""

from __future__ import annotations

import os
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
from annotator.core.formats.brat_ann import Seen, ann_lines, annotation_conf, parse_ann, read_conf
from annotator.core.formats.brat_ann import escape_note as escape_note
from annotator.core.formats.brat_ann import unescape_note as unescape_note
from annotator.core.formats.folders import FolderFiles, read_text, walk
from annotator.core.formats.safe_names import SafeNames, read_mapping, read_rows, write_mapping
from annotator.core.formats.safe_names import write_rows as write_tsv
from annotator.core.jsonl import LayerRecord, dump_line
from annotator.core.model import Label, Status
from annotator.core.output_files import remove_stale_temporaries, temporary_name
from annotator.core.strict_json import json_lines

IDS = "ids.tsv"
ANNOTATORS = "annotators.tsv"
STATUS = "status.tsv"
META = "meta.jsonl"
STATUS_HEADER = ("annotator", "id", "status")
OWN_FILES = (IDS, ANNOTATORS, STATUS, META, "annotation.conf", "visual.conf")


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
    events = frozenset(label.name for label in labels if label.event)
    seen = Seen()
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
            lines = ann_lines(document.text, layer.spans, layer.relations, events, seen)
            _write_text(where / f"{name}.ann", "".join(line + "\n" for line in lines))
            report.files += 2
    conf = annotation_conf([(label.name, label.event) for label in labels], seen)
    _write_text(folder / "annotation.conf", conf)
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
    events, roles = _conf(folder, files, encoding)
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
        record = read_layer(ann, doc_id, annotator, encoding, skipped, roles, events)
        record.status = statuses.get((annotator, doc_id))
        record.meta = metas.get(doc_id, {})
        report.files += 2
        report.layers += 1
        report.spans += len(record.spans)
        yield record
    if skipped:
        counts = ", ".join(f"{count} {what}" for what, count in sorted(skipped.items()))
        report.notes.append(f"{folder}: skipped {counts}")
    if ids is None:
        _suggest_annotator_folders(folder, [ann for _, ann, _, _ in layers], report)
    _report_unread(folder, found, {ann for _, ann, _, _ in layers}, report)


def _suggest_annotator_folders(folder: Path, anns: list[Path], report: Report) -> None:
    """A plain brat folder whose subfolders hold .ann files of the same names looks like
    one folder per annotator: say how to read it so."""
    owners: dict[str, set[str]] = {}
    for ann in anns:
        parts = ann.relative_to(folder).parts
        if len(parts) == 2:
            owners.setdefault(parts[1], set()).add(parts[0])
    if any(len(names) > 1 for names in owners.values()):
        report.notes.append(
            f"{folder}: the same file names are in several folders; if each folder is an "
            "annotator's, import with --annotator-from-folder (one document per name)"
        )


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
    ann: Path,
    doc_id: str,
    annotator: str | None,
    encoding: str,
    skipped: dict[str, int],
    roles: set[str] | None = None,
    events: set[str] | None = None,
    text: str | None = None,
) -> RelationLayerRecord:
    """One .ann file and the .txt beside it as a layer (`brat_ann.parse_ann`). `roles` and
    `events` are what annotation.conf declares; the record's `event_labels` are those and
    the labels of the spans that trigger an E line. `text` is the .txt's, if read."""
    if text is None:
        text = _read_txt(ann, encoding)
    layer = parse_ann(read_text(ann, encoding), text, ann, roles or set(), skipped)
    return RelationLayerRecord(
        layer.span_lines[0] if layer.span_lines else 1,
        doc_id,
        text,
        {},
        annotator,
        None,
        layer.spans,
        relations=layer.relations,
        source=ann,
        span_lines=layer.span_lines,
        relation_lines=layer.relation_lines,
        event_labels=sorted({*(events or ()), *layer.triggers}),
    )


def _read_txt(ann: Path, encoding: str) -> str:
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        raise InputError(f"no text file {txt.name} beside it", ann)
    # brat's server reads the text as plain UTF-8 and counts a leading U+FEFF as a
    # character: so must we, or every offset after it would be one off.
    return read_text(txt, encoding, strip_bom=False)


def _conf(folder: Path, files: set[Path], encoding: str) -> tuple[set[str], set[str]]:
    """(event types, roles) of the folder's annotation.conf, if it has one."""
    path = folder / "annotation.conf"
    if path not in files:
        return set(), set()
    return read_conf(read_text(path, encoding))


def read_annotator_folders(path: Path, encoding: str, report: Report) -> Iterator[LayerRecord]:
    """A corpus of one folder per annotator (`alice/doc1.txt`, `alice/doc1.ann`,
    `bob/doc1.txt`, ...): one document per file name (its path inside the annotator's
    folder), one layer per annotator; an .ann at the top belongs to the import's annotator.
    The same name with different texts is an InputError naming both files."""
    folder = path
    found = walk(folder)
    events: set[str] = set()
    roles: set[str] = set()
    confs = [f for f in found.files if f.name == "annotation.conf"]
    for conf in confs:  # brat reads the nearest; their union says what is an event
        more_events, more_roles = read_conf(read_text(conf, encoding))
        events |= more_events
        roles |= more_roles
    layers: list[tuple[str, str, Path]] = []  # (document name, folder, .ann)
    for ann in (f for f in found.files if f.suffix == ".ann"):
        parts = ann.relative_to(folder).with_suffix("").parts
        owner = parts[0] if len(parts) > 1 else ""
        layers.append(("/".join(parts[1:] if owner else parts), owner, ann))
    layers.sort()
    texts: dict[str, tuple[Path, str]] = {}  # name -> the first .txt and its text
    skipped: dict[str, int] = {}
    for name, owner, ann in layers:
        text = _read_txt(ann, encoding)
        first = texts.setdefault(name, (ann.with_suffix(".txt"), text))
        if first[1] != text:
            raise InputError(
                f"its text differs from {first[0]}'s, and both are document {name!r}: give "
                "them different names, or make them one text",
                ann.with_suffix(".txt"),
            )
        record = read_layer(ann, name, owner or None, encoding, skipped, roles, events, text)
        report.files += 2
        report.layers += 1
        report.spans += len(record.spans)
        yield record
    if skipped:
        counts = ", ".join(f"{count} {what}" for what, count in sorted(skipped.items()))
        report.notes.append(f"{folder}: skipped {counts}")
    _report_unread(folder, found, {ann for _, _, ann in layers} | set(confs), report)


def sniff(path: Path) -> bool:
    return path.is_dir() and any(True for _ in path.rglob("*.ann"))


FORMAT = Format(
    name="brat",
    description="brat standoff: a folder of ID.txt and ID.ann per annotator, and the configs",
    suffixes=(),
    folder=True,
    carries_relations=True,
    write=write,
    read=read,
    sniff=sniff,
    variants={
        "annotator-folders": Format(
            name="brat",
            description="brat standoff, one folder per annotator (--annotator-from-folder)",
            suffixes=(),
            folder=True,
            carries_relations=True,
            read=read_annotator_folders,
        )
    },
)
