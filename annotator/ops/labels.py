"""Label and relation-type operations: add, change (rename, recolour, re-key, describe, set
the guideline), reorder and remove. Each takes the project first (the app runs it in the
store process: `project.call(update_label, "ACTOR", color="#112233")`), is one
transaction, and returns the `Changes` it made (`labels=True`, and `relation_types=True`
for a relation type), with `label_edits` saying each step so that undo can invert it:
undo is `ops.spans.apply(project, changes.inverse())`, which applies the steps with
`apply_label_edits`. AnnotatorError changes nothing.

A rename carries the spans (`spans.label ... ON UPDATE CASCADE`) and the relation types'
head and tail label lists with it; renaming a relation type carries its relations. A label
some span uses is removed only with `force=True` (after `label_removal` said how many
spans would go): its spans go with their relations, listed in the change, so undo brings
them all back. Removing a label that a relation type links is refused: edit the type
first. `label_removal` makes the same checks as `remove_label` without removing, so that
a question asked before a removal cannot be answered by a refusal after it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.labels import app_key_problem, check_label_name, new_label
from annotator.core.model import Label, Relation, RelationType, Span
from annotator.ops.changes import Changes, LabelEdit, StatusChange

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_SHARED_FIELDS = ("name", "color", "key", "description", "guideline")
LABEL_FIELDS = (*_SHARED_FIELDS, "event")  # event: a brat event trigger
RELATION_TYPE_FIELDS = (*_SHARED_FIELDS, "head_labels", "tail_labels", "required")


class ChangeConflict(AnnotatorError):
    """The labels are no longer as a change starts from (another program changed them)."""


# -- labels -------------------------------------------------------------------------------


def add_label(project: ProjectStore, label: Label) -> Changes:
    """Add `label` after the others. AnnotatorError if its name, colour or key is not
    fit, or taken."""
    with project.transaction():
        labels = project.labels()
        _check_label(label, labels)
        project.add_label(label)
    return _label_changes(LabelEdit("label", None, label))


def add_new_label(project: ProjectStore, name: str) -> Changes:
    """Add a label called `name` with a colour that stays distinguishable from the
    project's (`core.labels.new_label`) and a free digit key: what an import that meets
    an unknown label calls."""
    with project.transaction():
        return add_label(project, new_label(name, project.labels()))


def update_label(project: ProjectStore, name: str, /, **fields: Any) -> Changes:
    """Change the label `name`'s `name`, `color`, `key`, `description` and/or
    `guideline`; no change at all is an empty `Changes`."""
    unknown = set(fields) - set(LABEL_FIELDS)
    if unknown:
        raise TypeError(f"update_label() has no field(s) {', '.join(sorted(unknown))}")
    with project.transaction():
        labels = project.labels()
        old = _named(labels, name, "label")
        new = replace(old, **fields)
        if new == old:
            return Changes()
        _check_label(new, [label for label in labels if label.name != name])
        project.update_label(name, new)
    return _label_changes(LabelEdit("label", old, new))


def rename_label(project: ProjectStore, name: str, new_name: str) -> Changes:
    return update_label(project, name, name=new_name)


def recolor_label(project: ProjectStore, name: str, color: str) -> Changes:
    return update_label(project, name, color=color)


def set_label_key(project: ProjectStore, name: str, key: str | None) -> Changes:
    return update_label(project, name, key=key)


def describe_label(project: ProjectStore, name: str, description: str) -> Changes:
    return update_label(project, name, description=description)


def set_label_guideline(project: ProjectStore, name: str, guideline: str) -> Changes:
    return update_label(project, name, guideline=guideline)


def order_labels(project: ProjectStore, names: list[str]) -> Changes:
    """Put the labels in the order `names` (every label, once)."""
    with project.transaction():
        before = tuple(label.name for label in project.labels())
        after = tuple(names)
        if sorted(after) != sorted(before):
            raise AnnotatorError("an order of the labels names each label once")
        if after == before:
            return Changes()
        project.order_labels(after)
    return _label_changes(LabelEdit("label_order", before, after))


def move_label(project: ProjectStore, name: str, step: int) -> Changes:
    """Move a label `step` places up (negative) or down the list; at an end, no change."""
    with project.transaction():
        names = [label.name for label in project.labels()]
        _named(project.labels(), name, "label")
        at = names.index(name)
        to = max(0, min(len(names) - 1, at + step))
        names.insert(to, names.pop(at))
        return order_labels(project, names)


def label_use(project: ProjectStore, name: str) -> int:
    """How many spans (every annotator's, gold's too) a removal of the label would take."""
    return project.label_use(name)


def label_removal(project: ProjectStore, name: str) -> int:
    """What removing the label `name` would take: the number of spans (every annotator's,
    gold's too) that `remove_label(..., force=True)` would remove with it. AnnotatorError,
    with the message `remove_label` would refuse with, when it cannot be removed now (a
    relation type links it, or there is no such label)."""
    _check_removable(project, project.labels(), name)
    return project.label_use(name)


def remove_label(project: ProjectStore, name: str, force: bool = False) -> Changes:
    """Remove a label. If spans use it: AnnotatorError saying how many, unless `force`,
    which removes them and their relations too (all in the change: undo restores them).
    AnnotatorError if a relation type links it (`label_removal` says so first)."""
    with project.transaction():
        labels = project.labels()
        old = _check_removable(project, labels, name)
        spans = project.spans_with_label(name)
        if spans and not force:
            one = len(spans) == 1
            raise AnnotatorError(
                f"{_count(len(spans), 'span')} {'has' if one else 'have'} the label {name}: "
                f"removing the label removes {'it' if one else 'them'} (and "
                f"{'its' if one else 'their'} relations) too"
            )
        removed, relations, statuses = _remove_spans(project, spans)
        before = tuple(label.name for label in labels)
        after = tuple(n for n in before if n != name)
        project.order_labels(after)
        project.remove_label(name)
    return Changes(
        spans_removed=removed,
        relations_removed=relations,
        statuses=statuses,
        labels=True,
        label_edits=(
            LabelEdit("label_order", before, after),
            LabelEdit("label", old, None),
        ),
    )


def _check_removable(project: ProjectStore, labels: list[Label], name: str) -> Label:
    """The label `name` of `labels`, if it can be removed; AnnotatorError saying why not
    and what to do otherwise. The one check behind `label_removal` and `remove_label`."""
    old: Label = _named(labels, name, "label")
    linking = [
        kind.name
        for kind in project.relation_types()
        if name in kind.head_labels or name in kind.tail_labels
    ]
    if len(linking) == 1:
        raise AnnotatorError(
            f"{name} cannot be removed: the relation type “{linking[0]}” links it. "
            f"Take {name} out of that relation type, or remove the type, first."
        )
    if linking:
        raise AnnotatorError(
            f"{name} cannot be removed: the relation types "
            f"{_and([f'“{kind}”' for kind in linking])} link it. "
            f"Take {name} out of those relation types, or remove them, first."
        )
    return old


# -- relation types -----------------------------------------------------------------------


def add_relation_type(project: ProjectStore, kind: RelationType) -> Changes:
    with project.transaction():
        kinds = project.relation_types()
        _check_relation_type(project, kind, kinds)
        project.add_relation_type(kind)
    return _type_changes(LabelEdit("relation_type", None, kind))


def update_relation_type(project: ProjectStore, name: str, /, **fields: Any) -> Changes:
    """Change the relation type `name`'s `name` (its relations follow), `head_labels`,
    `tail_labels`, `color`, `key`, `description`, `guideline` and/or `required`."""
    unknown = set(fields) - set(RELATION_TYPE_FIELDS)
    if unknown:
        raise TypeError(f"update_relation_type() has no field(s) {', '.join(sorted(unknown))}")
    for end in ("head_labels", "tail_labels"):
        if end in fields:
            fields[end] = tuple(fields[end])
    with project.transaction():
        kinds = project.relation_types()
        old = _named(kinds, name, "relation type")
        new = replace(old, **fields)
        if new == old:
            return Changes()
        _check_relation_type(project, new, [kind for kind in kinds if kind.name != name])
        project.update_relation_type(name, new)
    return _type_changes(LabelEdit("relation_type", old, new))


def order_relation_types(project: ProjectStore, names: list[str]) -> Changes:
    with project.transaction():
        before = tuple(kind.name for kind in project.relation_types())
        after = tuple(names)
        if sorted(after) != sorted(before):
            raise AnnotatorError("an order of the relation types names each type once")
        if after == before:
            return Changes()
        project.order_relation_types(after)
    return _type_changes(LabelEdit("relation_type_order", before, after))


def move_relation_type(project: ProjectStore, name: str, step: int) -> Changes:
    with project.transaction():
        names = [kind.name for kind in project.relation_types()]
        _named(project.relation_types(), name, "relation type")
        at = names.index(name)
        to = max(0, min(len(names) - 1, at + step))
        names.insert(to, names.pop(at))
        return order_relation_types(project, names)


def relation_type_use(project: ProjectStore, name: str) -> int:
    return len(project.relations_of_type(name))


def relation_type_removal(project: ProjectStore, name: str) -> int:
    """What removing the relation type `name` would take: the number of relations that
    `remove_relation_type(..., force=True)` would remove with it. AnnotatorError, as
    `remove_relation_type` would refuse, when there is no such type."""
    _named(project.relation_types(), name, "relation type")
    return len(project.relations_of_type(name))


def remove_relation_type(project: ProjectStore, name: str, force: bool = False) -> Changes:
    """Remove a relation type; if relations have it, AnnotatorError saying how many unless
    `force`, which removes them too (in the change: undo restores them)."""
    with project.transaction():
        kinds = project.relation_types()
        old = _named(kinds, name, "relation type")
        relations = project.relations_of_type(name)
        if relations and not force:
            one = len(relations) == 1
            raise AnnotatorError(
                f"{_count(len(relations), 'relation')} {'is' if one else 'are'} of the type "
                f"{name}: removing the type removes {'it' if one else 'them'} too"
            )
        for relation in relations:
            assert relation.id is not None
            project.delete_relation(relation.id)
        before = tuple(kind.name for kind in kinds)
        after = tuple(n for n in before if n != name)
        project.order_relation_types(after)
        project.remove_relation_type(name)
    return Changes(
        relations_removed=tuple(relations),
        labels=True,
        relation_types=True,
        label_edits=(
            LabelEdit("relation_type_order", before, after),
            LabelEdit("relation_type", old, None),
        ),
    )


# -- undo and redo ------------------------------------------------------------------------


def apply_label_edits(project: ProjectStore, edits: tuple[LabelEdit, ...]) -> None:
    """Make the labels and relation types match `edits`, step by step, checking that each
    starts from what is stored (ChangeConflict otherwise). Runs inside `ops.spans.apply`'s
    transaction, after the spans to remove are gone and before those to add come."""
    for edit in edits:
        if edit.kind == "label_order":
            project.order_labels(list(edit.new))
        elif edit.kind == "relation_type_order":
            project.order_relation_types(list(edit.new))
        elif edit.kind == "label":
            _step(
                edit,
                project.labels(),
                project.add_label,
                project.update_label,
                project.remove_label,
            )
        elif edit.kind == "relation_type":
            _step(
                edit,
                project.relation_types(),
                project.add_relation_type,
                project.update_relation_type,
                project.remove_relation_type,
            )
        else:
            raise ValueError(f"unknown label edit {edit.kind!r}")


def _step(edit: LabelEdit, stored: list[Any], add: Any, update: Any, remove: Any) -> None:
    by_name = {item.name: item for item in stored}
    what = "label" if edit.kind == "label" else "relation type"
    if edit.old is None:
        if edit.new.name in by_name:
            raise ChangeConflict(f"there is a {what} {edit.new.name} already (added elsewhere)")
        add(edit.new)
        return
    if by_name.get(edit.old.name) != edit.old:
        raise ChangeConflict(f"the {what} {edit.old.name} was changed elsewhere")
    if edit.new is None:
        remove(edit.old.name)
    else:
        update(edit.old.name, edit.new)


# -- checks -------------------------------------------------------------------------------


def check_color(color: str) -> str:
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        raise AnnotatorError(f"the colour {color!r} is not of the form #rrggbb")
    return color


def check_key(key: str | None, taken: dict[str, str], what: str) -> None:
    """A shortcut key: None, or one visible character no other `what` has."""
    if key is None:
        return
    if len(key) != 1 or not key.strip():
        raise AnnotatorError(f"a {what}'s key is one visible character, not {key!r}")
    if key in taken:
        raise AnnotatorError(f"the key {key} is {taken[key]}'s already")


def _check_label(label: Label, others: list[Label]) -> None:
    check_label_name(label.name)
    if any(other.name == label.name for other in others):
        raise AnnotatorError(f"there is a label {label.name!r} already")
    check_color(label.color)
    check_key(label.key, {o.key: o.name for o in others if o.key}, "label")
    problem = app_key_problem(label.key)
    if problem:
        raise AnnotatorError(problem)


def _check_relation_type(
    project: ProjectStore, kind: RelationType, others: list[RelationType]
) -> None:
    if not kind.name.strip() or kind.name != kind.name.strip():
        raise AnnotatorError(f"the relation type name {kind.name!r} is blank or padded")
    if any(other.name == kind.name for other in others):
        raise AnnotatorError(f"there is a relation type {kind.name!r} already")
    check_color(kind.color)
    check_key(kind.key, {o.key: o.name for o in others if o.key}, "relation type")
    names = {label.name for label in project.labels()}
    unknown = [n for n in kind.head_labels + kind.tail_labels if n not in names]
    if unknown:
        raise AnnotatorError(f"the project has no label {', '.join(dict.fromkeys(unknown))}")


def _named(items: list[Any], name: str, what: str) -> Any:
    for item in items:
        if item.name == name:
            return item
    raise AnnotatorError(f"there is no {what} {name!r} (removed elsewhere?)")


def _remove_spans(
    project: ProjectStore, spans: list[Span]
) -> tuple[tuple[Span, ...], tuple[Relation, ...], tuple[StatusChange, ...]]:
    """Delete `spans` with their relations; a layer left empty that was in progress
    becomes new again (`ops.spans.back_to_new`)."""
    from annotator.ops.spans import back_to_new  # ops.spans applies label edits

    relations: list[Relation] = []
    for span in spans:
        assert span.id is not None
        _, taken = project.delete_span(span.id)
        relations.extend(taken)
    layers = dict.fromkeys((span.document_id, span.annotator) for span in spans)
    statuses = tuple(change for layer in layers for change in back_to_new(project, *layer))
    return tuple(spans), tuple(relations), statuses


def _count(n: int, noun: str) -> str:
    """ "1 span", "6 spans", "1,200 spans"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _and(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _label_changes(edit: LabelEdit) -> Changes:
    return Changes(labels=True, label_edits=(edit,))


def _type_changes(edit: LabelEdit) -> Changes:
    return Changes(labels=True, relation_types=True, label_edits=(edit,))


# -- a labels file ------------------------------------------------------------------------


def apply_label_set(
    project: ProjectStore, labels: list[Label], kinds: list[RelationType]
) -> Changes:
    """Make the project's labels and relation types those of a labels file: each label or
    type named there is added, or changed to match (colour, key, description, guideline;
    a type's ends and `required`); those the file does not name stay. The file's labels
    then come first, in its order. One transaction, all or nothing; undoable as one step."""
    with project.transaction():
        changes = Changes()
        stored = {label.name: label for label in project.labels()}
        # Keys first let go of (a file may swap two labels' keys), then each label; the
        # same for the relation types.
        for label in labels:
            old = stored.get(label.name)
            if old is not None and old.key is not None and old.key != label.key:
                changes = changes.then(update_label(project, label.name, key=None))
        for label in labels:
            if label.name in stored:
                fields = {f: getattr(label, f) for f in LABEL_FIELDS if f != "name"}
                changes = changes.then(update_label(project, label.name, **fields))
            else:
                changes = changes.then(add_label(project, label))
        names = [label.name for label in labels]
        rest = [label.name for label in project.labels() if label.name not in names]
        changes = changes.then(order_labels(project, names + rest))
        known_kinds = {kind.name: kind for kind in project.relation_types()}
        known = set(known_kinds)
        for kind in kinds:
            old_kind = known_kinds.get(kind.name)
            if old_kind is not None and old_kind.key is not None and old_kind.key != kind.key:
                changes = changes.then(update_relation_type(project, kind.name, key=None))
        for kind in kinds:
            if kind.name in known:
                fields = {f: getattr(kind, f) for f in RELATION_TYPE_FIELDS if f != "name"}
                changes = changes.then(update_relation_type(project, kind.name, **fields))
            else:
                changes = changes.then(add_relation_type(project, kind))
    return changes
