"""What an operation changed: a plain value the views filter on, and undo inverts.

A `Changes` lists spans added, removed and changed (old, new), relations added, removed and
changed (old, new: relabelled, same id),
statuses changed (document, annotator, old, new), assignments made and taken away
(document, annotator), and whether the label set or the list of documents changed (those
the views re-read whole); `label_edits` says how the label set and the relation types
changed (`ops.labels`: each step with its old and new value, so that it can be inverted),
and `relation_types` flags a changed set of relation types. `decisions` lists what an
annotator decided on suggestions (suggestion id, document, annotator, old, new decision:
"accepted", "rejected" or None), and `suggestions` names the documents whose suggestions a
run of the suggesters replaced (re-read whole, never undone). Applying a value's `inverse()`
to the store after the value itself leaves the store as it was (`ops.spans.apply`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from annotator.core.model import Relation, Span, Status

# (document id, annotator, old status, new status)
StatusChange = tuple[str, str, Status, Status]
# (suggestion id, document id, annotator, old decision, new decision); None: undecided
Decision = tuple[int, str, str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class LabelEdit:
    """One step of a change to the labels or relation types (`ops.labels`): `kind` is
    "label" or "relation_type" (`old` -> `new`, a Label or RelationType, None for absent:
    added or removed; a different name is a rename), or "label_order" /
    "relation_type_order" (`old` -> `new` tuples of names)."""

    kind: str
    old: Any
    new: Any

    def inverse(self) -> LabelEdit:
        return LabelEdit(self.kind, self.new, self.old)


@dataclass(frozen=True, slots=True)
class Changes:
    spans_added: tuple[Span, ...] = ()
    spans_removed: tuple[Span, ...] = ()
    spans_changed: tuple[tuple[Span, Span], ...] = ()  # (old, new), same id
    relations_added: tuple[Relation, ...] = ()
    relations_removed: tuple[Relation, ...] = ()
    relations_changed: tuple[tuple[Relation, Relation], ...] = ()  # (old, new), same id
    statuses: tuple[StatusChange, ...] = ()
    labels: bool = False
    documents: bool = False
    label_edits: tuple[LabelEdit, ...] = ()
    relation_types: bool = False
    assigned: tuple[tuple[str, str], ...] = ()  # (document id, annotator) now assigned
    unassigned: tuple[tuple[str, str], ...] = ()  # (document id, annotator) no longer
    decisions: tuple[Decision, ...] = ()
    suggestions: tuple[str, ...] = ()  # documents whose suggestions were made again

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in self.__slots__)

    def inverse(self) -> Changes:
        """The change that undoes this one."""
        return Changes(
            spans_added=self.spans_removed,
            spans_removed=self.spans_added,
            spans_changed=tuple((new, old) for old, new in reversed(self.spans_changed)),
            relations_added=self.relations_removed,
            relations_removed=self.relations_added,
            relations_changed=tuple((new, old) for old, new in reversed(self.relations_changed)),
            statuses=tuple((d, a, new, old) for d, a, old, new in reversed(self.statuses)),
            labels=self.labels,
            documents=self.documents,
            label_edits=tuple(edit.inverse() for edit in reversed(self.label_edits)),
            relation_types=self.relation_types,
            assigned=self.unassigned,
            unassigned=self.assigned,
            decisions=tuple((i, d, a, new, old) for i, d, a, old, new in reversed(self.decisions)),
            suggestions=self.suggestions,
        )

    def renames(self) -> list[tuple[str, str, str]]:
        """(kind, old name, new name) of each label or relation type this change renamed."""
        return [
            (edit.kind, edit.old.name, edit.new.name)
            for edit in self.label_edits
            if edit.kind in ("label", "relation_type")
            and edit.old is not None
            and edit.new is not None
            and edit.old.name != edit.new.name
        ]

    def renamed(self, kind: str, old: str, new: str) -> Changes:
        """This change as it reads once the label (`kind` "label") or relation type
        ("relation_type") `old` is called `new`: its spans or relations of `old` have `new`."""
        if kind == "label":

            def span(s: Span) -> Span:
                return replace(s, label=new) if s.label == old else s

            return replace(
                self,
                spans_added=tuple(map(span, self.spans_added)),
                spans_removed=tuple(map(span, self.spans_removed)),
                spans_changed=tuple((span(a), span(b)) for a, b in self.spans_changed),
            )

        def relation(r: Relation) -> Relation:
            return replace(r, label=new) if r.label == old else r

        return replace(
            self,
            relations_added=tuple(map(relation, self.relations_added)),
            relations_removed=tuple(map(relation, self.relations_removed)),
            relations_changed=tuple((relation(a), relation(b)) for a, b in self.relations_changed),
        )

    def then(self, later: Changes) -> Changes:
        """This change followed by `later`, as one: a span added then removed is no change,
        a span changed twice is changed from the first old to the last new, and so on.
        ValueError if `later` cannot follow this change (it removes a span this one
        removed, say)."""
        spans = _compose(_span_steps(self), _span_steps(later), lambda s: s.id, "span")
        relations = _compose(
            _relation_steps(self), _relation_steps(later), lambda r: r.id, "relation"
        )
        statuses: dict[tuple[str, str], tuple[Status, Status]] = {}
        for d, a, old, new in self.statuses + later.statuses:
            first = statuses.get((d, a), (old, new))[0]
            statuses[(d, a)] = (first, new)
        decisions: dict[tuple[int, str, str], tuple[str | None, str | None]] = {}
        for i, d, a, old_decision, new_decision in self.decisions + later.decisions:
            first_decision = decisions.get((i, d, a), (old_decision, new_decision))[0]
            decisions[(i, d, a)] = (first_decision, new_decision)
        return Changes(
            spans_added=tuple(new for old, new in spans.values() if old is None),
            spans_removed=tuple(old for old, new in spans.values() if new is None),
            spans_changed=tuple(
                (old, new) for old, new in spans.values() if old is not None and new is not None
            ),
            relations_added=tuple(new for old, new in relations.values() if old is None),
            relations_removed=tuple(old for old, new in relations.values() if new is None),
            relations_changed=tuple(
                (old, new) for old, new in relations.values() if old is not None and new is not None
            ),
            statuses=tuple(
                (d, a, old, new) for (d, a), (old, new) in statuses.items() if old != new
            ),
            labels=self.labels or later.labels,
            documents=self.documents or later.documents,
            label_edits=self.label_edits + later.label_edits,
            relation_types=self.relation_types or later.relation_types,
            assigned=tuple(p for p in self.assigned if p not in later.unassigned)
            + tuple(p for p in later.assigned if p not in self.unassigned),
            unassigned=tuple(p for p in self.unassigned if p not in later.assigned)
            + tuple(p for p in later.unassigned if p not in self.assigned),
            decisions=tuple(
                (i, d, a, old, new) for (i, d, a), (old, new) in decisions.items() if old != new
            ),
            suggestions=tuple(dict.fromkeys(self.suggestions + later.suggestions)),
        )

    def touches(self, document_id: str, annotator: str) -> bool:
        """Does this change touch `annotator`'s layer (spans, relations, status) of the
        document?"""
        layer = (document_id, annotator)
        spans = self.spans_added + self.spans_removed + tuple(new for _, new in self.spans_changed)
        relations = (
            self.relations_added
            + self.relations_removed
            + tuple(new for _, new in self.relations_changed)
        )
        return (
            any((s.document_id, s.annotator) == layer for s in spans)
            or any((r.document_id, r.annotator) == layer for r in relations)
            or any((d, a) == layer for d, a, _, _ in self.statuses)
            or any((d, a) == layer for _, d, a, _, _ in self.decisions)
        )

    def spans_of(
        self, document_id: str, annotator: str
    ) -> tuple[list[Span], list[tuple[Span, Span]], list[Span]]:
        """The spans of one layer that this change removed, changed (as (old, new)) and
        added, in the order a view applies them."""
        layer = (document_id, annotator)
        return (
            [s for s in self.spans_removed if (s.document_id, s.annotator) == layer],
            [(o, n) for o, n in self.spans_changed if (n.document_id, n.annotator) == layer],
            [s for s in self.spans_added if (s.document_id, s.annotator) == layer],
        )


# A step of one item: (old, new); None stands for "absent".
_Step = tuple[Any, Any]


def _span_steps(changes: Changes) -> list[tuple[Any, Any]]:
    return (
        [(old, new) for old, new in changes.spans_changed]
        + [(None, span) for span in changes.spans_added]
        + [(span, None) for span in changes.spans_removed]
    )


def _relation_steps(changes: Changes) -> list[tuple[Any, Any]]:
    return (
        [(old, new) for old, new in changes.relations_changed]
        + [(None, r) for r in changes.relations_added]
        + [(r, None) for r in changes.relations_removed]
    )


def _compose(first: list[_Step], second: list[_Step], key: Any, what: str) -> dict[Any, _Step]:
    """Per item (by `key`), `first`'s step then `second`'s: (first old, last new), left out
    when that is no change at all."""
    result: dict[Any, _Step] = {}
    for old, new in first:
        result[key(old if old is not None else new)] = (old, new)
    for old, new in second:
        ident = key(old if old is not None else new)
        if ident not in result:
            result[ident] = (old, new)
            continue
        before, after = result[ident]
        if (after is None) != (old is None):
            raise ValueError(f"{what} {ident}: the second change does not follow the first")
        result[ident] = (before, new)
    return {ident: (old, new) for ident, (old, new) in result.items() if old != new}
