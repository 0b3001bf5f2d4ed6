"""Assignment operations: assign documents to a team (with overlap), unassign, reassign,
set one document's annotators. Each takes the project first, is one transaction, and
returns the `Changes` it made (`assigned` and `unassigned` (document, annotator) pairs).
Work already done stays in the layers whatever happens to an assignment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.assignment import plan_assignment
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR
from annotator.ops.changes import Changes

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


def assign(
    project: ProjectStore,
    annotators: Sequence[str],
    per_document: int,
    *,
    overlap: float | None = None,
    document_ids: Sequence[str] | None = None,
    seed: int = 0,
) -> Changes:
    """Give every chosen document (default: all) `per_document` distinct annotators of
    `annotators` (with `overlap`, a fraction of them that many and the rest one): see
    `core.assignment.plan_assignment`. Only adds: what is assigned stays. Each annotator's
    new documents join the end of their queue, in project order."""
    with project.transaction():
        names = _names(project, annotators)
        rows = project.assignment_rows()
        existing: dict[str, set[str]] = {}
        loads: Counter[str] = Counter()
        last: dict[str, int] = {}
        for document_id, annotator, position in rows:
            existing.setdefault(document_id, set()).add(annotator)
            loads[annotator] += 1
            last[annotator] = max(last.get(annotator, -1), position)
        if document_ids is None:
            documents = [document_id for document_id, _, _ in project.document_lengths()]
        else:
            documents = list(dict.fromkeys(document_ids))
            _check_documents(project, documents)
        pairs = plan_assignment(
            documents,
            names,
            per_document,
            overlap=overlap,
            seed=seed,
            existing=existing,
            loads=loads,
        )
        added = []
        for document_id, annotator in pairs:
            last[annotator] = last.get(annotator, -1) + 1
            added.append((document_id, annotator, last[annotator]))
        project.add_assignments(added)
    return Changes(assigned=tuple(pairs))


def unassign(
    project: ProjectStore, document_ids: Sequence[str], annotators: Sequence[str] | None = None
) -> Changes:
    """Take the documents away from `annotators` (default: everyone they are assigned to)."""
    with project.transaction():
        _check_documents(project, document_ids)
        wanted = set(document_ids)
        pairs = [
            (document_id, annotator)
            for document_id, annotator, _ in project.assignment_rows()
            if document_id in wanted and (annotators is None or annotator in annotators)
        ]
        removed = project.remove_assignments(pairs)
    return Changes(unassigned=tuple((d, a) for d, a, _ in removed))


def reassign(
    project: ProjectStore, document_ids: Sequence[str], from_annotator: str, to_annotator: str
) -> Changes:
    """Move documents from one annotator's queue to the end of another's. AnnotatorError if
    one is not assigned to `from_annotator`."""
    with project.transaction():
        _check_documents(project, document_ids)
        _names(project, [to_annotator])
        own = {d for d, _, _ in project.assignment_rows(from_annotator)}
        for document_id in document_ids:
            if document_id not in own:
                raise AnnotatorError(
                    f"{document_id!r} is not assigned to {from_annotator}; nothing was changed"
                )
        taken = unassign(project, document_ids, [from_annotator])
        given = set_annotators_of(project, document_ids, [to_annotator], keep_others=True)
    return taken.then(given)


def set_annotators_of(
    project: ProjectStore,
    document_ids: Sequence[str],
    annotators: Sequence[str],
    keep_others: bool = False,
) -> Changes:
    """Make `annotators` exactly who is assigned each document (with `keep_others`: add
    them, take nobody away)."""
    with project.transaction():
        _check_documents(project, document_ids)
        names = _names(project, annotators)
        rows = project.assignment_rows()
        wanted = set(document_ids)
        has: dict[str, set[str]] = {}
        last: dict[str, int] = {}
        for document_id, annotator, position in rows:
            last[annotator] = max(last.get(annotator, -1), position)
            if document_id in wanted:
                has.setdefault(document_id, set()).add(annotator)
        added: list[tuple[str, str, int]] = []
        removed: list[tuple[str, str]] = []
        for document_id in dict.fromkeys(document_ids):
            now = has.get(document_id, set())
            for name in names:
                if name not in now:
                    last[name] = last.get(name, -1) + 1
                    added.append((document_id, name, last[name]))
            if not keep_others:
                removed.extend((document_id, name) for name in sorted(now) if name not in names)
        project.add_assignments(added)
        gone = project.remove_assignments(removed)
    return Changes(
        assigned=tuple((d, a) for d, a, _ in added), unassigned=tuple((d, a) for d, a, _ in gone)
    )


def _names(project: ProjectStore, annotators: Sequence[str]) -> list[str]:
    """The checked names (AnnotatorError for a blank one, or for gold: the curator's layer
    is made from the others, never assigned)."""
    names = [project.ensure_annotator(name) for name in annotators]
    if GOLD_ANNOTATOR in names:
        raise AnnotatorError(
            f"{GOLD_ANNOTATOR!r} is the curator's layer, not an annotator to assign documents to"
        )
    return names


def _check_documents(project: ProjectStore, document_ids: Sequence[str]) -> None:
    for document_id in document_ids:
        if project.document_seq(document_id) is None:
            raise AnnotatorError(f"no document with id {document_id!r}; nothing was changed")
