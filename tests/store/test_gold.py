"""The gold layer through a real project file: start from agreement, accept versions, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.disagreements import Kind, find_disagreements
from annotator.core.model import GOLD_ANNOTATOR, Document, Relation, Span, Status
from annotator.store.gold import (
    GoldChange,
    accept_version,
    gold_statuses,
    replace_spans,
    start_gold,
)
from annotator.store.project import Project, open_project
from annotator.store.relations import add_relation, relations

TEXT = "Mayor Lee told Kim: bridge opens in May."
A = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
B = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]


@pytest.fixture
def curated(project: Project) -> Project:
    project.add_document(Document("doc-1", TEXT, "Mayor Lee"))
    project.add_document(Document("doc-2", "Another text.", "Another"))
    for name, spans in (("alice", A), ("bob", B)):
        for s, e, label in spans:
            note = "as said" if (name, label) == ("bob", "ACTOR") and s == 0 else None
            project.add_span(Span("doc-1", name, s, e, label, note))
    return project


def gold(project: Project) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.spans("doc-1", GOLD_ANNOTATOR)]


def disagreements(project: Project):
    layers = {
        name: [(s.start, s.end, s.label) for s in project.spans("doc-1", name)]
        for name in ("alice", "bob")
    }
    return find_disagreements(layers)


def test_start_gold_takes_the_agreed_spans_with_their_notes(curated: Project) -> None:
    change = start_gold(curated, "doc-1", ["alice", "bob"])
    assert [(s.start, s.end, s.label, s.note) for s in change.added] == [(0, 9, "ACTOR", "as said")]
    assert gold(curated) == [(0, 9, "ACTOR")]
    assert gold_statuses(curated, ["doc-1", "doc-2"]) == {
        "doc-1": Status.IN_PROGRESS,
        "doc-2": Status.NEW,
    }
    # Starting again never overwrites the curator's work.
    curated.delete_span(change.added[0].id)
    assert not start_gold(curated, "doc-1", ["alice", "bob"])
    assert gold(curated) == []


def test_accepting_versions_replaces_the_earlier_choice(curated: Project) -> None:
    start_gold(curated, "doc-1", ["alice", "bob"])
    label, only, boundary = disagreements(curated)
    assert (label.kind, only.kind, boundary.kind) == (Kind.LABEL, Kind.ONLY_SOME, Kind.BOUNDARY)
    accept_version(curated, "doc-1", label, "alice")
    accept_version(curated, "doc-1", only, "bob")
    accept_version(curated, "doc-1", boundary, "bob")
    assert gold(curated) == [
        (0, 9, "ACTOR"),
        (10, 14, "EVENT"),
        (15, 18, "ACTOR"),
        (20, 39, "QUOTE"),
    ]
    # Changing one's mind: alice's version of the label disagreement replaces bob's... and
    # alice marked nothing at 15-18, so accepting her version there removes bob's span.
    change = accept_version(curated, "doc-1", label, "bob")
    assert [s.label for s in change.removed] == ["EVENT"]
    assert [s.label for s in change.added] == ["CLAIM"]
    accept_version(curated, "doc-1", only, "alice")
    assert gold(curated) == [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (20, 39, "QUOTE")]
    # Accepting what gold already has changes nothing.
    assert not accept_version(curated, "doc-1", boundary, "bob")


def test_a_curator_span_outside_every_version_is_kept(curated: Project) -> None:
    start_gold(curated, "doc-1", ["alice", "bob"])
    curated.add_span(Span("doc-1", GOLD_ANNOTATOR, 26, 31, "EVENT"))
    *_, boundary = disagreements(curated)
    accept_version(curated, "doc-1", boundary, "alice")
    assert gold(curated) == [(0, 9, "ACTOR"), (20, 40, "QUOTE"), (26, 31, "EVENT")]


def test_undo_restores_the_same_spans_under_their_ids(curated: Project) -> None:
    start_gold(curated, "doc-1", ["alice", "bob"])
    label, *_ = disagreements(curated)
    accept_version(curated, "doc-1", label, "alice")
    with_alice = curated.spans("doc-1", GOLD_ANNOTATOR)
    change = accept_version(curated, "doc-1", label, "bob")
    with_bob = curated.spans("doc-1", GOLD_ANNOTATOR)
    replace_spans(curated, change.inverse())  # undo
    assert curated.spans("doc-1", GOLD_ANNOTATOR) == with_alice  # same ids, labels, notes
    redone = replace_spans(curated, change)  # redo
    assert redone.added == change.added
    assert curated.spans("doc-1", GOLD_ANNOTATOR) == with_bob


def test_undo_brings_back_the_relations_a_removed_gold_span_took(curated: Project) -> None:
    """Gold has relations when a layer was imported as gold with them; a version accepted
    over such a span deletes them with it, and undo must put them back (issue 10)."""
    start_gold(curated, "doc-1", ["alice", "bob"])
    label, *_ = disagreements(curated)
    accept_version(curated, "doc-1", label, "alice")
    actor, event = curated.spans("doc-1", GOLD_ANNOTATOR)
    assert actor.id is not None and event.id is not None
    linked = add_relation(curated, Relation("doc-1", GOLD_ANNOTATOR, event.id, actor.id, "BY"))
    change = accept_version(curated, "doc-1", label, "bob")  # EVENT goes, CLAIM comes
    assert change.removed == (event,) and change.removed_relations == (linked,)
    assert relations(curated, "doc-1", GOLD_ANNOTATOR) == []
    # As the comparison window's undo and redo keep the change.
    change = replace_spans(curated, change.inverse()).inverse()
    assert relations(curated, "doc-1", GOLD_ANNOTATOR) == [linked]  # its id too
    change = replace_spans(curated, change)
    assert change.removed_relations == (linked,)
    assert relations(curated, "doc-1", GOLD_ANNOTATOR) == []
    replace_spans(curated, change.inverse())
    assert relations(curated, "doc-1", GOLD_ANNOTATOR) == [linked]
    assert curated.spans("doc-1", GOLD_ANNOTATOR) == [actor, event]


def test_a_failed_change_leaves_the_file_as_it_was(
    curated: Project, project_path: Path, dump
) -> None:
    start_gold(curated, "doc-1", ["alice", "bob"])
    before = dump(project_path)
    ghost = Span("doc-1", GOLD_ANNOTATOR, 0, 5, "ACTOR", id=999_999)
    with pytest.raises(Exception, match="no longer exists"):
        replace_spans(
            curated,
            GoldChange(
                removed=(curated.spans("doc-1", GOLD_ANNOTATOR)[0], ghost),
                added=(),
            ),
        )
    assert dump(project_path) == before
    with open_project(project_path) as again:
        assert [s.label for s in again.spans("doc-1", GOLD_ANNOTATOR)] == ["ACTOR"]
