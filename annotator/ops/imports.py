"""Import as an operation: `import_files` runs the store's importer (all or nothing, one
transaction) and says what it changed, as every operation does. An import is not undone
from the history (it may add thousands of documents; a backup or a new project is the way
back), so its `Changes` carries only what the views re-read: the documents and, when the
file brought new ones, the labels."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR
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


def use_annotator(project: ProjectStore, name: str) -> str:
    """The checked annotator name, registered in the project if it was new (what the window
    does when someone starts working under a name). On a shared project one works as one's
    database login (or, a curator, on gold): AnnotatorError for any other name."""
    fixed = project.fixed_annotator()
    if fixed is not None and name.strip() not in (fixed, GOLD_ANNOTATOR):
        raise AnnotatorError(
            f"on a shared project you work as your database login, {fixed}: the layer "
            f"{name.strip()!r} is not yours to change"
        )
    return project.ensure_annotator(name)
