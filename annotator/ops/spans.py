"""Span and status operations. Each takes the project first (the app runs it in the store
process: `project.call(add_span, span)`), is one transaction, and returns the `Changes` it
made; AnnotatorError changes nothing.

`apply(project, changes)` makes the store match a `Changes` value, checking first that the
store is as the value's "before" says: undo is `apply(project, changes.inverse())`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Fragments, Relation, Span, Status
from annotator.ops.changes import Changes, StatusChange
from annotator.ops.labels import apply_label_edits
from annotator.store.relations import add_relation, delete_relation, relation

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


class ChangeConflict(AnnotatorError):
    """The store no longer holds what a change starts from (another program changed it)."""


def add_span(project: ProjectStore, span: Span) -> Changes:
    """Write `span` (with `span.id` set: under that id). The document becoming in progress
    for its annotator is part of the change."""
    with project.transaction():
        annotator = project.ensure_annotator(span.annotator)
        before = project.status(span.document_id, annotator)
        stored = project.add_span(span)
        after = project.status(span.document_id, annotator)
    return Changes(spans_added=(stored,), statuses=_status(stored, before, after))


def delete_span(project: ProjectStore, span_id: int) -> Changes:
    """Delete a span and the relations it is the head or tail of. A layer left without
    spans that was in progress (never marked done) is new again, in the same change."""
    with project.transaction():
        span, relations = project.delete_span(span_id)
        statuses = back_to_new(project, span.document_id, span.annotator)
    return Changes(spans_removed=(span,), relations_removed=tuple(relations), statuses=statuses)


def back_to_new(
    project: ProjectStore, document_id: str, annotator: str
) -> tuple[StatusChange, ...]:
    """The status follows the layer: one in progress that holds no span any more goes back
    to new (a layer marked done stays done). Returns the status change made, if any."""
    if project.status(document_id, annotator) != Status.IN_PROGRESS:
        return ()
    if project.spans(document_id, annotator):
        return ()
    project.set_status(document_id, annotator, Status.NEW)
    return ((document_id, annotator, Status.IN_PROGRESS, Status.NEW),)


def update_span(project: ProjectStore, span_id: int, **changes: Any) -> Changes:
    """Change a span's `label` and/or `note` (`note=None` clears it); no change at all is
    an empty `Changes`."""
    with project.transaction():
        old = project.span(span_id)
        new = project.update_span(span_id, **changes)
    return Changes(spans_changed=((old, new),)) if new != old else Changes()


def move_span(
    project: ProjectStore, span_id: int, start: int, end: int, fragments: Fragments = ()
) -> Changes:
    """Give a span new bounds (a boundary moved by a word, a fragment added): its id,
    label, note and relations stay. AnnotatorError if the bounds do not fit the text or
    the layer has that span already."""
    with project.transaction():
        old = project.span(span_id)
        new = project.update_span(span_id, bounds=(start, end, tuple(fragments)))
    return Changes(spans_changed=((old, new),)) if new != old else Changes()


def set_status(project: ProjectStore, document_id: str, annotator: str, status: Status) -> Changes:
    with project.transaction():
        annotator = project.ensure_annotator(annotator)
        old = project.status(document_id, annotator)
        project.set_status(document_id, annotator, status)
    return (
        Changes(statuses=((document_id, annotator, old, status),)) if old != status else Changes()
    )


def apply(project: ProjectStore, changes: Changes) -> Changes:
    """Make the store match `changes` (one transaction): relations removed, spans removed,
    changed, added (under their ids), relations added and relabelled, statuses set,
    decisions on suggestions recorded. Returns what was done: `changes`, with any status a
    restored span moved on.

    ChangeConflict, and nothing written, if a span to remove or change is not stored as
    `changes` has it (or has relations it does not list), a status is not its old value,
    or a decision is not its old one."""
    if (
        changes.documents
        or (changes.labels and not changes.label_edits)
        or changes.assigned
        or changes.unassigned
        or changes.suggestions
    ):
        raise ValueError(
            "documents, assignments, suggestion runs, and labels without their edits, are "
            "not changed by apply()"
        )
    extra: list[StatusChange] = []
    named = {(d, a) for d, a, _, _ in changes.statuses}
    with project.transaction():
        for relation in changes.relations_removed:
            assert relation.id is not None
            delete_relation(project, relation.id)
        removed = {relation.id for relation in changes.relations_removed}
        for span in changes.spans_removed:
            _check(project, span)
            assert span.id is not None
            _, taken = project.delete_span(span.id)
            if any(relation.id not in removed for relation in taken):
                raise ChangeConflict(
                    f"the {span.label} span [{span.start}, {span.end}) has relations the "
                    "change does not know of"
                )
        for layer in dict.fromkeys((s.document_id, s.annotator) for s in changes.spans_removed):
            if layer not in named:  # the status follows the layer
                extra.extend(back_to_new(project, *layer))
        apply_label_edits(project, changes.label_edits)
        for old, new in changes.spans_changed:
            _check(project, old)
            assert old.id is not None
            bounds = None
            if old.pieces != new.pieces:
                bounds = (new.start, new.end, new.fragments)
            project.update_span(old.id, label=new.label, note=new.note, bounds=bounds)
        for span in changes.spans_added:
            before = project.status(span.document_id, span.annotator)
            stored = project.add_span(span)
            after = project.status(span.document_id, span.annotator)
            extra.extend(_status(stored, before, after))
        for relation in changes.relations_added:
            add_relation(project, relation)
        for old_relation, new_relation in changes.relations_changed:
            assert old_relation.id is not None
            _check_relation(project, old_relation)
            project.update_relation(old_relation.id, new_relation.label)
        for document_id, annotator, old_status, new_status in changes.statuses:
            if (document_id, annotator, old_status, new_status) in extra:
                continue  # the restored span set it already
            now = project.status(document_id, annotator)
            if now != old_status:
                raise ChangeConflict(
                    f"the status of {document_id!r} for {annotator} is {now}, not {old_status}"
                )
            project.set_status(document_id, annotator, new_status)
        decided: dict[tuple[str, str], dict[int, str]] = {}  # read once per layer
        for suggestion_id, document_id, annotator, old_decision, new_decision in changes.decisions:
            layer_decided = decided.get((document_id, annotator))
            if layer_decided is None:
                layer_decided = project.suggestion_decisions(document_id, annotator)
                decided[(document_id, annotator)] = layer_decided
            now_decided = layer_decided.get(suggestion_id)
            if now_decided is None and not _suggestion_held(project, suggestion_id):
                # A run of the suggesters dropped it since (stale, and nobody's decision
                # kept it): the spans still come back, there is nothing left to decide on.
                continue
            if now_decided != old_decision:
                raise ChangeConflict(
                    f"the suggestion {suggestion_id} was {now_decided or 'undecided'} for "
                    f"{annotator} elsewhere"
                )
            project.decide_suggestion(suggestion_id, annotator, new_decision)
            if new_decision is None:
                layer_decided.pop(suggestion_id, None)
            else:
                layer_decided[suggestion_id] = new_decision
    side = _settled(tuple(change for change in extra if change[:2] not in named))
    return replace(changes, statuses=changes.statuses + side)


def _suggestion_held(project: ProjectStore, suggestion_id: int) -> bool:
    try:
        project.suggestion(suggestion_id)
    except AnnotatorError:
        return False
    return True


def _settled(changes: tuple[StatusChange, ...]) -> tuple[StatusChange, ...]:
    """Status changes of one apply, one per layer (from the first old to the last new)."""
    steps: dict[tuple[str, str], tuple[Status, Status]] = {}
    for d, a, old, new in changes:
        steps[(d, a)] = (steps.get((d, a), (old, new))[0], new)
    return tuple((d, a, old, new) for (d, a), (old, new) in steps.items() if old != new)


def _check(project: ProjectStore, span: Span) -> None:
    assert span.id is not None
    stored = project.span(span.id)  # AnnotatorError if it is gone
    if stored != span:
        raise ChangeConflict(
            f"the {span.label} span [{span.start}, {span.end}) was changed elsewhere"
        )


def _check_relation(project: ProjectStore, expected: Relation) -> None:
    assert expected.id is not None
    if relation(project, expected.id) != expected:
        raise ChangeConflict(f"the {expected.label} relation was changed elsewhere")


def _status(span: Span, before: Status, after: Status) -> tuple[StatusChange, ...]:
    return ((span.document_id, span.annotator, before, after),) if before != after else ()
