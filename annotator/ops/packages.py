"""Merging offline packages back (`store.packages` holds the rule): one transaction over
every package given, so that the project takes all of them or none; returns the `Changes`
(the merged annotators' spans, relations and statuses, as the views need them) and one
report per package, its conflicts listed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.ops.changes import Changes
from annotator.store.packages import PackageMerge, Progress, merge_package

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def merge_packages(
    project: ProjectStore, paths: Sequence[Path], progress: Progress | None = None
) -> tuple[Changes, list[PackageMerge]]:
    """Merge every package at `paths` (AnnotatorError, and nothing merged, if one is not a
    package of this project, is named twice, or cannot be merged)."""
    if len({Path(p).resolve() for p in paths}) != len(paths):
        raise AnnotatorError("a package is named twice; nothing was merged")
    reports = []
    changes = Changes()
    with project.transaction():
        for index, path in enumerate(paths):

            def step(done: int, total: int, index: int = index) -> bool:
                if progress is None:
                    return True
                return progress(index * 1000 + (1000 * done // max(total, 1)), 1000 * len(paths))

            report = merge_package(project, Path(path), step)
            reports.append(report)
            changes = changes.then(
                Changes(
                    spans_added=tuple(report.spans_added),
                    spans_removed=tuple(report.spans_removed),
                    spans_changed=tuple(report.spans_changed),
                    relations_added=tuple(report.relations_added),
                    relations_removed=tuple(report.relations_removed),
                    statuses=tuple(report.statuses),
                )
            )
    return changes, reports
