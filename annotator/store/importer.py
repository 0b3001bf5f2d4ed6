"""Importing documents and annotations into a project: all or nothing.

Everything an import writes happens in one transaction. The first bad line or file raises
InputError (`FILE:LINE: reason`) and rolls the transaction back, so the project is exactly
as it was before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.formats import MODULES, get_format
from annotator.core.formats.base import Format, RelationLayerRecord, Report, first_json_line
from annotator.core.formats.folders import walk
from annotator.core.jsonl import LayerRecord, read_jsonl
from annotator.core.labels import check_label_name, new_label
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit
from annotator.core.model import Document, Span, Status, text_sha256, title_of
from annotator.core.textfiles import EMPTY_TEXT, read_text_document
from annotator.store.import_relations import RelationImport, check_fragments_of
from annotator.store.import_report import ImportReport as ImportReport
from annotator.store.interface import ProjectStore
from annotator.store.project import check_annotator_name

IMPORTED_ANNOTATOR = "imported"
SUFFIXES = (".txt", ".jsonl")

# progress(done_bytes, total_bytes) -> False to cancel (the import then rolls back)
Progress = Callable[[int, int], bool | None]


class UnknownLabelError(InputError):
    """A span's label is not in the project (and adding labels was not asked for)."""

    def __init__(self, label: str, known: str, path: Path, line: int):
        super().__init__(
            f"unknown label {label!r} (the project has {known}; pass --add-labels to add it)",
            path,
            line,
        )
        self.label = label


class ImportCancelled(AnnotatorError):
    """The user cancelled; nothing was imported."""


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """The files to import (folders expanded, sorted by path) and those skipped in folders.
    A folder is listed by `folders.walk`: InputError for any entry of it that leads
    outside it or is not a file (see `_folder_files`)."""
    files: list[Path] = []
    skipped: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found, skipped_here = _folder_files(path, SUFFIXES)
            files += found
            skipped += skipped_here
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(
                    "unsupported file type (expected .txt or .jsonl, or a folder)", path
                )
            files.append(path)
        else:
            raise InputError("no such file or folder", path)
    return files, skipped


def import_paths(
    project: ProjectStore,
    paths: Iterable[str | Path],
    annotator: str | None = None,
    add_labels: bool = False,
    encoding: str = "utf-8",
    progress: Progress | None = None,
    format: str = "jsonl",
    on_guess: Callable[[str], None] | None = None,
    annotator_from_folder: bool = False,
) -> ImportReport:
    """Import files into `project`, all or nothing.

    `format` "jsonl" (the default) takes `.txt` files, `.jsonl` files and folders of them;
    another format name reads each path with that format's reader (a folder for folder
    formats, else files, folders expanded to the format's suffixes); "auto" guesses each
    path's format from its suffix and content (`ImportReport.guessed` says what it chose;
    `on_guess("PATH: FORMAT")` hears it before anything is read, so a caller can show the
    guesses even when the import then fails).
    `annotator` owns layers whose line names none (default "imported"). Unknown labels are an
    error unless `add_labels` (which also adds the relation types the files use, and lets a
    type link the labels the files link). `annotator_from_folder` reads a brat corpus of
    one folder per annotator (`format` "brat"). Raises InputError (nothing imported) or
    ImportCancelled.
    """
    if annotator_from_folder and format != "brat":
        raise AnnotatorError(
            "--annotator-from-folder reads a brat corpus (one folder per annotator): "
            "pass --format brat"
        )
    if format != "jsonl":
        return _import_formatted(
            project,
            paths,
            annotator,
            add_labels,
            encoding,
            progress,
            format,
            on_guess,
            "annotator-folders" if annotator_from_folder else None,
        )
    files, skipped = collect_files(paths)
    report = ImportReport(files=len(files), skipped_files=skipped)
    total = sum(f.stat().st_size for f in files)
    done_before = 0  # bytes of the files already imported
    default_annotator = annotator or IMPORTED_ANNOTATOR
    with project.transaction():
        importer = _Importer(project, default_annotator, add_labels, report)
        for path in files:
            if path.suffix.lower() == ".txt":
                importer.document(read_text_document(path, encoding), path, None)
            else:
                read = 0
                for record in read_jsonl(path, encoding):
                    importer.record(record, path)
                    read += 1
                    if progress is not None and record.line % 200 == 0:
                        _report(progress, done_before + record.byte_end, total)
                if not read:
                    raise _no_documents(path, [])
            done_before += path.stat().st_size
            if progress is not None:
                _report(progress, done_before, total)
        importer.finish()
    return report


def _import_formatted(
    project: ProjectStore,
    paths: Iterable[str | Path],
    annotator: str | None,
    add_labels: bool,
    encoding: str,
    progress: Progress | None,
    format: str,
    on_guess: Callable[[str], None] | None,
    variant: str | None = None,
) -> ImportReport:
    plan, skipped = _plan(paths, format, variant)
    report = ImportReport(files=len(plan), skipped_files=skipped)
    if format == "auto":
        report.guessed = [f"{path}: {fmt.name if fmt else 'text'}" for path, fmt in plan]
        if on_guess is not None:
            for guess in report.guessed:
                on_guess(guess)
    sizes = [_size(path) for path, _ in plan]
    total, done_before = sum(sizes), 0
    with project.transaction():
        importer = _Importer(project, annotator or IMPORTED_ANNOTATOR, add_labels, report)
        for (path, fmt), size in zip(plan, sizes, strict=True):
            if fmt is None:
                importer.document(read_text_document(path, encoding), path, None)
            else:
                assert fmt.read is not None  # _plan only chooses formats that read
                read_report, count = Report(), 0
                for count, record in enumerate(fmt.read(path, encoding, read_report), 1):
                    importer.record(record, path)
                    if progress is not None and count % 200 == 0:
                        _report(progress, done_before + min(record.byte_end, size), total)
                if not count:
                    raise _no_documents(path, read_report.notes)
                report.notes.extend(read_report.notes)
            done_before += size
            if progress is not None:
                _report(progress, done_before, total)
        importer.finish()
    return report


def _size(path: Path) -> int:
    """Bytes to read from `path`: a folder's are those of the files `walk` lists, so
    nothing outside it is counted (an entry leading outside is an InputError here)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in walk(path).files)
    return path.stat().st_size


def _plan(
    paths: Iterable[str | Path], format: str, variant: str | None = None
) -> tuple[list[tuple[Path, Format | None]], list[Path]]:
    """(path, format to read it with; None for a plain .txt) for each input, and the files
    skipped in folders."""
    plan: list[tuple[Path, Format | None]] = []
    skipped: list[Path] = []
    if format == "auto":
        for given in map(Path, paths):
            if not given.exists():
                raise InputError("no such file or folder", given)
            if given.is_dir() and not _has_brat_files(given):
                files, skipped_here = _folder_files(given, None)
                skipped += skipped_here
                plan += [(path, guess_format(path)) for path in files]
            else:
                plan.append((given, guess_format(given)))
        return plan, skipped
    fmt = get_format(format)
    if variant is not None:
        fmt = fmt.variants[variant]
    if fmt.read is None:
        raise AnnotatorError(f"the {fmt.name} format can be exported but not imported")
    for given in map(Path, paths):
        if not given.exists():
            raise InputError("no such file or folder", given)
        if fmt.folder:
            if not given.is_dir():
                raise InputError(f"the {fmt.name} format imports a folder, not a file", given)
            plan.append((given, fmt))
        elif given.is_dir():
            files, skipped_here = _folder_files(given, fmt.suffixes)
            skipped += skipped_here
            plan += [(path, fmt) for path in files]
        else:
            plan.append((given, fmt))
    return plan, skipped


def _folder_files(folder: Path, suffixes: tuple[str, ...] | None) -> tuple[list[Path], list[Path]]:
    """Files under `folder` with one of `suffixes` (None: any format's, or .txt), sorted,
    and the others; InputError if there is none to read, and for an entry that leads
    outside the folder or is not a file or folder (`folders.walk`, the one walker of every
    folder import: a link `a.txt` -> /etc/passwd must not become a document)."""
    if suffixes is None:
        suffixes = (".txt", *(s for fmt in readable_formats() for s in fmt.suffixes))
    files: list[Path] = []
    skipped: list[Path] = []
    for child in walk(folder).files:
        (files if child.suffix.lower() in suffixes else skipped).append(child)
    if not files:
        kinds = "/".join(sorted(set(suffixes)))
        what = f"no {kinds} files, {len(skipped)} other file(s)" if skipped else "no files"
        raise InputError(f"no documents in it ({what} in the folder)", folder)
    return files, skipped


def _has_brat_files(folder: Path) -> bool:
    return any(p.suffix == ".ann" for p in walk(folder).files)


def readable_formats() -> list[Format]:
    """The formats that can be imported here (a module that fails to import, such as one
    needing an optional dependency, is left out)."""
    formats = []
    for name in MODULES:
        try:
            fmt = get_format(name)
        except ImportError:
            continue
        if fmt.read is not None:
            formats.append(fmt)
    return formats


def guess_format(path: Path) -> Format | None:
    """The format `path` looks like: a folder of .ann files is brat; a file goes by its
    suffix, and by content (`Format.sniff`) when several formats share the suffix. None
    means a plain text file. InputError when no format fits."""
    formats = readable_formats()
    if path.is_dir():
        for fmt in formats:
            if fmt.folder and (fmt.sniff is None or fmt.sniff(path)):
                return fmt
        raise InputError("cannot tell this folder's format; pass --format", path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return None
    candidates = [fmt for fmt in formats if not fmt.folder and suffix in fmt.suffixes]
    if len(candidates) == 1:
        return candidates[0]
    sniffed = [fmt for fmt in candidates if fmt.sniff is not None and fmt.sniff(path)]
    if sniffed:
        return sniffed[0]
    if candidates and first_json_line(path) is None:
        # The first line is not JSON at all: let the first candidate's reader (the
        # project's own format for .jsonl) say exactly where and why.
        return candidates[0]
    if not candidates:
        known = sorted({s for fmt in formats for s in fmt.suffixes} | {".txt"})
        raise InputError(
            f"cannot tell the format from the suffix {suffix or '(none)'!r} "
            f"(known: {', '.join(known)}); pass --format",
            path,
        )
    names = ", ".join(fmt.name for fmt in candidates)
    raise InputError(
        f"cannot tell the format from the content (one of {names}); pass --format", path
    )


def _no_documents(path: Path, notes: list[str]) -> InputError:
    """The error for a file (or a folder format's folder) that gave no document: importing
    nothing is never a success. Says what was read: the reader's notes, or the size."""
    if notes:
        what = "; ".join(note.removeprefix(f"{path}: ") for note in notes)
    elif path.is_dir():
        files = bool(walk(path).files)
        what = "none of its files holds one" if files else "no files in the folder"
    elif path.stat().st_size == 0:
        what = "the file is empty"
    else:
        what = f"its {path.stat().st_size} bytes hold only blank lines or an empty list"
    return InputError(f"no documents in it ({what})", path)


def _check_text(text: str, path: Path, line: int | None) -> None:
    """InputError unless `text` may be a document. Every format's documents pass through
    `_Importer.document`, so these rules hold whichever reader read the text: some text
    that is not whitespace (as for a .txt file), at most MAX_DOCUMENT_BYTES (as stored,
    in UTF-8)."""
    if not text or text.isspace():  # what str.strip() strips, without copying the text
        raise InputError(f"the document's text {EMPTY_TEXT}", path, line)
    limit = MAX_DOCUMENT_BYTES
    if len(text) * 4 > limit and len(text.encode("utf-8", "surrogatepass")) > limit:
        raise InputError(
            f"the document's text is larger than {describe_limit(limit)}, the limit for one "
            "document (is this the right file?)",
            path,
            line,
        )


def _report(progress: Progress, done: int, total: int) -> None:
    if progress(done, total) is False:
        raise ImportCancelled("import cancelled; nothing was imported")


class _Importer:
    """The per-record work of one import, inside its transaction."""

    def __init__(
        self, project: ProjectStore, annotator: str, add_labels: bool, report: ImportReport
    ):
        self.project = project
        self.default_annotator = annotator
        self.add_labels = add_labels
        self.report = report
        self.labels = {label.name for label in project.labels()}
        self.events = {label.name for label in project.labels() if label.event}
        self.seen: set[str] = set()
        self.relations = RelationImport(project, add_labels)

    def document(self, document: Document, path: Path, line: int | None) -> None:
        """Add `document` or, if the same id and text are already there, reuse it."""
        _check_text(document.text, path, line)
        existing = self.project.stored_sha256(document.id)
        if existing is None:
            self.project.add_document(document)
            self.report.documents_added += 1
        elif existing != text_sha256(document.text):
            raise InputError(
                f"document id {document.id!r} is already used by a document with a different text",
                path,
                line,
            )
        else:
            self._merge_meta(document, path, line)
            if document.id not in self.seen:
                self.report.documents_merged += 1
        self.seen.add(document.id)

    def _merge_meta(self, document: Document, path: Path, line: int | None) -> None:
        """Keys the project's copy lacks are added; a key it has with another value keeps
        the stored value, and the report names it (the same article often arrives from
        several sources, each with its own `source`)."""
        stored = self.project.document(document.id).meta
        for key, value in document.meta.items():
            if key in stored and stored[key] != value:
                where = f"{path}:{line}" if line is not None else str(path)
                self.report.meta_kept.append(
                    f"{where}: {document.id!r} keeps {key}="
                    f"{json.dumps(stored[key], ensure_ascii=False)}, not "
                    f"{json.dumps(value, ensure_ascii=False)}"
                )
        added = {k: v for k, v in document.meta.items() if k not in stored}
        if added:
            title = added.get("title")
            new_title = title.strip() if isinstance(title, str) and title.strip() else None
            self.project.set_meta(document.id, {**stored, **added}, new_title)

    def record(self, record: LayerRecord, path: Path) -> None:
        if isinstance(record, RelationLayerRecord) and record.source is not None:
            path = record.source  # a folder format: name the file inside the folder
        title = record.meta.get("title")
        if not isinstance(title, str) or not title.strip():
            title = title_of(record.text)
        self.document(Document(record.id, record.text, title, record.meta), path, record.line)
        annotator = record.annotator
        if annotator is None and (record.spans or record.status is not None):
            annotator = self.default_annotator
        if annotator is None:
            return
        try:
            annotator = check_annotator_name(annotator)
        except AnnotatorError as error:  # too long: name the line, not just the problem
            raise InputError(error.reason, path, record.line) from None
        lines = record.span_lines if isinstance(record, RelationLayerRecord) else []
        fragmented = False
        events = record.event_labels if isinstance(record, RelationLayerRecord) else []
        if events:
            self._event_labels(events, path)
        for index, span in enumerate(record.spans):
            if span.label not in self.labels:
                line = lines[index] if index < len(lines) else record.line
                self._unknown_label(span.label, path, line, span.label in events)
            if span.fragments:
                fragmented = True
        if fragmented:
            check_fragments_of(record, path, lines)
        spans = [
            Span(record.id, annotator, s.start, s.end, s.label, s.note, None, s.fragments)
            for s in record.spans
        ]
        # A layer that came with spans or under a named annotator is finished work (an
        # accepted task with no entities is an answer too: "nothing to tag here").
        status = record.status or (Status.DONE if spans or record.annotator else None)
        try:
            added, present = self.project.merge_layer(record.id, annotator, spans, status)
        except AnnotatorError as error:  # a note conflict: name the line
            raise InputError(error.reason, path, record.line) from None
        self.report.layers += 1
        self.report.spans_added += added
        self.report.spans_already_present += present
        if record.relations or fragmented or present:
            relation_lines = (
                record.relation_lines if isinstance(record, RelationLayerRecord) else []
            )
            self.relations.layer(record, annotator, path, lines, relation_lines)

    def finish(self) -> None:
        """After the last file: the relations, checked and added (see `import_relations`)."""
        self.relations.finish()
        self.report.relations_added += self.relations.added
        self.report.relations_already_present += self.relations.already_present
        self.report.relation_types_added += self.relations.types_added
        self.report.relation_types_widened += self.relations.types_widened

    def _event_labels(self, events: list[str], path: Path) -> None:
        """Say once which of the file's event types the project has as plain labels (their
        spans' relations then export as brat R lines, not E lines)."""
        plain = [name for name in events if name in self.labels and name not in self.events]
        if plain:
            self.events.update(plain)
            self.report.notes.append(
                f"{path}: {', '.join(plain)} trigger events there but are not event types in "
                "the project; a brat export writes their relations as R lines"
            )

    def _unknown_label(self, label: str, path: Path, line: int, event: bool = False) -> None:
        try:
            check_label_name(label)  # before --add-labels is suggested: it would not help
        except AnnotatorError as error:
            raise InputError(error.reason, path, line) from None
        if not self.add_labels:
            raise UnknownLabelError(label, ", ".join(sorted(self.labels)), path, line)
        self.project.add_label(replace(new_label(label, self.project.labels()), event=event))
        if event:
            self.events.add(label)
        self.labels.add(label)
        self.report.labels_added.append(label)
