"""Reading layers out of a project, for the project's JSONL (see `annotator.core.jsonl`) and
for every other format (`annotator.core.formats`).

The order is fixed, so that export -> import -> export gives identical bytes: documents in
project order, then layers by annotator name, then spans by (start, end, label).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.formats import get_format
from annotator.core.formats.base import (
    ExportDocument,
    ExportLayer,
    ExportRelation,
    Format,
    Report,
    write_atomically,
)
from annotator.core.formats.jsonl_format import write_stream
from annotator.core.jsonl import SpanRecord
from annotator.core.model import GOLD_ANNOTATOR, Label, Status
from annotator.store.interface import ProjectStore
from annotator.store.project import check_not_project_file, checked_meta, checked_text
from annotator.store.suggestion_export import SuggestionExport

__all__ = [
    "export_formatted",
    "export_jsonl",
    "iter_export_documents",
    "write_atomically",
]

_make_span = SpanRecord._make

# progress(done_documents, total_documents) -> False to cancel
Progress = Callable[[int, int], bool | None]


def iter_export_documents(
    project: ProjectStore,
    annotators: Sequence[str] | None = None,
    gold: bool = False,
    status: Status | str | None = None,
    labels: Sequence[str] | None = None,
    relations: bool = True,
    progress: Progress | None = None,
    report: Report | None = None,
) -> Iterator[ExportDocument]:
    """The project's documents in project order, each with its selected layers.

    Selection: `annotators` (their layers only), `gold` (the curator's layer, GOLD_ANNOTATOR,
    added to `annotators`), `status` (only layers with that status), `labels` (only spans
    with those labels; a layer keeps its place even when none are left). With no layer
    selection (no annotators, no gold, no status) a document nobody has touched is still
    given, once, with one layer whose annotator is None, so an export never drops it; with
    one, documents without a selected layer are left out. Unknown names are an
    AnnotatorError naming what the project has. `relations` (the default) fills
    `ExportLayer.relations`.
    `progress` is called every 200 documents; False cancels (AnnotatorError). Relations
    left out because `labels` left out one of their spans are counted in `report.notes`.
    """
    wanted = _wanted_annotators(project, annotators, gold)
    wanted_status = _wanted_status(status)
    wanted_labels = _wanted_labels(project, labels)
    keep_untouched = wanted is None and wanted_status is None
    relation_rows = _relations(project) if relations else {}
    total = project.document_count() if progress is not None else 0

    documents = project.stored_documents()
    # Spans, notes and statuses stream in document order beside the documents (a merge
    # walk): an export runs four queries, not some per document.
    span_rows = _peekable(project.layer_span_arrays())
    note_rows = _peekable(project.span_notes())
    status_rows = _peekable(project.layer_statuses())
    done = dropped = uncurated = 0
    for seq, doc_id, title, stored_text, sha256, stored_meta in documents:
        done += 1
        if progress is not None and done % 200 == 0 and progress(done, total) is False:
            raise AnnotatorError("export cancelled; nothing was written")
        statuses = {row[1]: row[2] for row in status_rows.take(seq)}
        spans = {row[1]: row[2] for row in span_rows.take(seq)}
        notes = {row[1]: row[2] for row in note_rows.take(seq)}
        layers = []
        for name in sorted(statuses.keys() | spans.keys()):
            if wanted is not None and name not in wanted:
                continue
            layer_status = Status(statuses[name]) if name in statuses else None
            if wanted_status is not None and layer_status != wanted_status:
                continue
            uncurated += gold and name == GOLD_ANNOTATOR and layer_status != Status.DONE
            rows: list[list[Any]] = json.loads(spans[name]) if name in spans else []
            rows.sort()  # (start, end, label): code point order, as SQLite's BINARY
            if wanted_labels is not None:
                rows = [row for row in rows if row[2] in wanted_labels]
            layer_relations: tuple[ExportRelation, ...] = ()
            if relations:
                wanted_relations = relation_rows.get((doc_id, name))
                if wanted_relations:
                    layer_relations = _layer_relations(wanted_relations, rows)
                    dropped += len(wanted_relations) - len(layer_relations)
            # [start, end, label, span id, fragments] -> [start, end, label, note, fragments]
            for row in rows:
                row[3] = notes.get(row[3])
                row[4] = tuple(map(tuple, row[4])) if row[4] else ()
            # SpanRecord._make is tuple.__new__: no Python frame per span (the hot loop).
            layers.append(
                ExportLayer(name, layer_status, tuple(map(_make_span, rows)), layer_relations)
            )
        if not layers and not (keep_untouched and not statuses and not spans):
            continue
        if not layers:
            layers.append(ExportLayer(None, None, ()))
        # Every exported text is checked: a damaged byte must not become training data.
        text = checked_text(project.path, doc_id, stored_text, sha256)
        meta = checked_meta(project.path, doc_id, stored_meta)
        yield ExportDocument(doc_id, text, title, meta, tuple(layers))
    if dropped and report is not None:
        report.notes.append(f"{dropped} relation(s) left out: --labels left out one of their spans")
    if uncurated and report is not None:  # training data the curator has not finished
        report.notes.append(
            f"{uncurated} gold layer(s) not yet marked curated are included "
            "(--status done leaves them out)"
        )


class _peekable:
    """Rows ordered by their first column, taken a key at a time."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]):
        self.rows = iter(rows)
        self.head: tuple[Any, ...] | None = next(self.rows, None)

    def take(self, key: int) -> Iterator[tuple[Any, ...]]:
        while self.head is not None and self.head[0] <= key:
            row = self.head
            self.head = next(self.rows, None)
            if row[0] == key:
                yield row


def _wanted_annotators(
    project: ProjectStore, annotators: Sequence[str] | None, gold: bool
) -> set[str] | None:
    if not annotators and not gold:
        return None
    known = project.annotators()
    wanted = set(annotators or ())
    unknown = sorted(wanted - set(known))
    if unknown:
        names = ", ".join(known) or "none yet"
        raise AnnotatorError(f"unknown annotator {unknown[0]!r} (the project has: {names})")
    if gold:
        if GOLD_ANNOTATOR not in known:
            raise AnnotatorError(
                f"the project has no gold layer yet (no {GOLD_ANNOTATOR!r} annotator): "
                "adjudicate first, or choose annotators with --annotator"
            )
        wanted.add(GOLD_ANNOTATOR)
    return wanted


def _wanted_status(status: Status | str | None) -> Status | None:
    if status is None or isinstance(status, Status):
        return status
    if status not in Status._value2member_map_:
        known = ", ".join(s.value for s in Status)
        raise AnnotatorError(f"unknown status {status!r} (expected one of {known})")
    return Status(status)


def chosen_labels(project: ProjectStore, labels: Sequence[str] | None) -> list[Label]:
    """The project's labels named in `labels` (all without a choice), in the project's
    order; AnnotatorError for a name the project lacks."""
    wanted = _wanted_labels(project, labels)
    return [label for label in project.labels() if wanted is None or label.name in wanted]


def _wanted_labels(project: ProjectStore, labels: Sequence[str] | None) -> set[str] | None:
    if not labels:
        return None
    known = [label.name for label in project.labels()]
    unknown = [name for name in labels if name not in known]
    if unknown:
        raise AnnotatorError(
            f"unknown label {unknown[0]!r} (the project has: {', '.join(known) or 'none'})"
        )
    return set(labels)


def _relations(project: ProjectStore) -> dict[tuple[str, str], list[tuple[int, int, str]]]:
    """(document id, annotator) -> [(head span id, tail span id, label)], in id order."""
    result: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    rows = project.relation_rows()
    for doc_id, annotator, head, tail, label in rows:
        result.setdefault((doc_id, annotator), []).append((head, tail, label))
    return result


def _layer_relations(
    relations: list[tuple[int, int, str]], rows: list[list[Any]]
) -> tuple[ExportRelation, ...]:
    """The layer's relations whose both spans are exported (a --labels filter may drop one)."""
    index = {row[3]: number for number, row in enumerate(rows)}
    return tuple(
        ExportRelation(index[head], index[tail], label)
        for head, tail, label in relations
        if head in index and tail in index
    )


def export_jsonl(
    project: ProjectStore,
    path: Path,
    annotators: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the JSONL export to `path` atomically; returns the line count.

    `progress(done_documents, total_documents)` may return False to cancel (nothing written).
    """
    check_not_project_file(project.path, path)
    documents = iter_export_documents(project, annotators, progress=progress)
    return write_atomically(path, lambda out: write_stream(documents, out, Report()))


def export_formatted(
    project: ProjectStore,
    fmt: Format | str,
    target: Path,
    annotators: Sequence[str] | None = None,
    gold: bool = False,
    status: Status | str | None = None,
    labels: Sequence[str] | None = None,
    relations: bool = False,
    progress: Progress | None = None,
    suggestions: bool = False,
) -> Report:
    """Write the selected layers (see `iter_export_documents`) in format `fmt` to `target`
    (a file, or a folder for folder formats); returns the writer's report.

    `relations` chooses the format's relations variant (doccano's entities/relations); a
    format that always carries them takes it as it is.
    Every format gets the layers' relations; one that cannot carry them
    (`Format.carries_relations` False) has the report say how many stay behind.
    `suggestions` writes the open suggestions instead of the layers, one layer per
    document (`store.suggestion_export`); `labels` still chooses among them.
    """
    check_not_project_file(project.path, target)
    if isinstance(fmt, str):
        fmt = get_format(fmt)
    if relations:
        variant = fmt.variants.get("relations")
        if variant is None and not fmt.carries_relations:
            raise AnnotatorError(f"the {fmt.name} format has no relations variant")
        fmt = variant or fmt  # jsonl and brat carry relations without being asked
    if fmt.write is None:
        raise AnnotatorError(f"the {fmt.name} format can be imported but not exported")
    project_labels = chosen_labels(project, labels)
    report = Report()
    relations = relations or fmt.carries_relations
    if suggestions:
        if annotators or gold or status:
            raise AnnotatorError(
                "--suggestions writes the suggestions alone: it does not combine with "
                "--annotator, --gold or --status"
            )
        chosen = SuggestionExport(project, _wanted_labels(project, labels), report)
        fmt.write(chosen.documents(), target, project_labels, report)
        if chosen.relations and not relations:
            report.notes.append(
                f"{chosen.relations} relation(s) of the exported layers are not in this "
                f"export (the {fmt.name} format has no place for relations)"
            )
        return report
    documents = iter_export_documents(
        project, annotators, gold, status, labels, True, progress, report
    )
    fmt.write(documents, target, project_labels, report)
    if not relations and not fmt.carries_relations:
        _note_relations_left_out(
            project, fmt, _wanted_annotators(project, annotators, gold), report
        )
    return report


def _note_relations_left_out(
    project: ProjectStore, fmt: Format, wanted: set[str] | None, report: Report
) -> None:
    """Say how many relations a format without them leaves behind (never silently)."""
    counts = project.relation_counts()
    count = sum(n for name, n in counts.items() if wanted is None or name in wanted)
    if count:
        where = (
            "`--relations` chooses the entities/relations variant that carries them"
            if "relations" in fmt.variants
            else f"the {fmt.name} format has no place for relations"
        )
        report.notes.append(
            f"{count} relation(s) of the exported layers are not in this export ({where})"
        )
