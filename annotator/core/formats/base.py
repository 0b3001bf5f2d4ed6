"""What every format reader and writer shares.

Writers get documents with their selected layers already read from the project
(`ExportDocument`); readers yield the same `LayerRecord`s as the project's own JSONL
reader, so one importer merges them all (all or nothing, unknown labels, notes).

Offsets are code points of the document text, half-open, in every format: a writer that
needs another unit (tokens) converts from these, and a reader converts to them.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotator.core.jsonl import ExportRelation as ExportRelation  # defined beside LayerRecord
from annotator.core.jsonl import LayerRecord, SpanRecord
from annotator.core.model import Label, Status

# The formats' writers write their files through these (regular files atomically, pipes and
# devices directly): see annotator.core.output_files.
from annotator.core.output_files import write_atomically as write_atomically
from annotator.core.output_files import write_bytes_atomically as write_bytes_atomically
from annotator.core.textio import resolve_codec, sniff_unicode


@dataclass(frozen=True, slots=True)
class ExportLayer:
    """One annotator's spans on one document. `annotator` is None for a document nobody has
    annotated (written once, with no annotations, so that an export never drops it)."""

    annotator: str | None
    status: Status | None
    spans: tuple[SpanRecord, ...]  # sorted by (start, end, label)
    # The layer's relations between exported spans (every export fills them).
    relations: tuple[ExportRelation, ...] = ()


@dataclass(slots=True)
class RelationLayerRecord(LayerRecord):
    """A layer read with more than `LayerRecord` carries: for folder formats, the file it
    came from, the line of each span and of each relation (for error messages). Its
    `relations` (`head` and `tail` index `spans`) are `LayerRecord`'s."""

    source: Path | None = None  # the file, when the importer was given a folder
    span_lines: list[int] = field(default_factory=list)  # one per span, when known
    relation_lines: list[int] = field(default_factory=list)  # one per relation, when known
    # Labels the file declares as event types (brat's [events]): --add-labels adds them so.
    event_labels: list[str] = field(default_factory=list)


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
    # Its writer writes `ExportLayer.relations` (jsonl, brat, Label Studio, Prodigy, spaCy;
    # doccano in its relations variant); for any other an export says how many stay behind.
    carries_relations: bool = False
    # Other ways of writing the same format, chosen by an export option: doccano's
    # entities/relations variant is `variants["relations"]`; brat's reader of one folder
    # per annotator is `variants["annotator-folders"]`.
    variants: Mapping[str, Format] = field(default_factory=dict)
    # The configuration another tool needs for these labels (Label Studio's labeling XML),
    # for `export --print-config`: print_config(labels, relation_types=()).
    print_config: Callable[..., str] | None = None


def first_json_line(path: Path, limit: int = 1 << 20) -> Any:
    """The first non-blank line of `path` parsed as JSON, or None if it is not JSON (for
    `sniff`: reads at most `limit` bytes, never raises for bad content). UTF-16 and UTF-32
    are told from UTF-8 by their byte-order mark or NUL bytes, as JSON allows."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(limit)
    except OSError:
        return None
    codec, bom = resolve_codec(sniff_unicode(head), head, path)
    text = codecs.getincrementaldecoder(codec)("replace").decode(head[bom:])
    line = next((line for line in text.split("\n") if line.strip()), None)
    if line is None:
        return None
    try:
        return json.loads(line)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None
