"""Import as an operation: `import_files` runs the store's importer (all or nothing, one
transaction) and says what it changed, as every operation does. An import is not undone
from the history (it may add thousands of documents; a backup or a new project is the way
back), so its `Changes` carries only what the views re-read: the documents and, when the
file brought new ones, the labels."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.ops.changes import Changes
from annotator.store.importer import ImportReport, import_paths

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def import_files(
    project: ProjectStore, paths: Iterable[str | Path], **options: Any
) -> tuple[ImportReport, Changes]:
    """`store.importer.import_paths(project, paths, **options)` and what it changed."""
    report = import_paths(project, paths, **options)
    touched = bool(report.documents_added or report.documents_merged or report.layers)
    return report, Changes(documents=touched, labels=bool(report.labels_added))
