"""What every format reader and writer shares.

Writers get documents with their selected layers already read from the project
(`ExportDocument`); readers yield the same `LayerRecord`s as the project's own JSONL
reader, so one importer merges them all (all or nothing, unknown labels, notes).

Offsets are code points of the document text, half-open, in every format: a writer that
needs another unit (tokens) converts from these, and a reader converts to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotator.core.jsonl import LayerRecord, SpanRecord
from annotator.core.model import Label, Status


@dataclass(frozen=True, slots=True)
class ExportLayer:
    """One annotator's spans on one document. `annotator` is None for a document nobody has
    annotated (written once, with no annotations, so that an export never drops it)."""

    annotator: str | None
    status: Status | None
    spans: tuple[SpanRecord, ...]  # sorted by (start, end, label)


@dataclass(frozen=True, slots=True)
class ExportDocument:
    id: str
    text: str
    title: str
    meta: dict[str, Any]
    layers: tuple[ExportLayer, ...]  # sorted by annotator name


@dataclass
class Report:
    """What a reader or writer tells the user besides its output: counts, and everything
    it could not carry over (never dropped silently)."""

    documents: int = 0
    layers: int = 0
    spans: int = 0
    files: int = 0
    notes: list[str] = field(default_factory=list)


class Writer(Protocol):
    def __call__(
        self,
        documents: Iterable[ExportDocument],
        target: Path,
        labels: Sequence[Label],
        report: Report,
    ) -> None:
        """Write `documents` to `target` (a file, or a folder for folder formats).
        Writers of files write atomically; the caller has checked that `target` may be
        written."""


class Reader(Protocol):
    def __call__(self, path: Path, encoding: str, report: Report) -> Iterator[LayerRecord]:
        """The layers in `path` (a file, or a folder for folder formats), in file order.
        Bad input raises InputError naming the file and line."""


@dataclass(frozen=True)
class Format:
    name: str
    description: str  # one line, for --help and the README
    suffixes: tuple[str, ...]  # what `--format auto` recognises, e.g. (".jsonl",)
    folder: bool = False  # exports (and imports) a folder rather than one file
    write: Writer | None = None
    read: Reader | None = None
    # Content check for `--format auto` when the suffix is shared (doccano and prodigy are
    # both .jsonl): True if `path` looks like this format.
    sniff: Callable[[Path], bool] | None = None
