"""Registering the annotator someone works under: the window's first write to a project
(kept apart from the import operations, so that opening the window imports no importer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


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
