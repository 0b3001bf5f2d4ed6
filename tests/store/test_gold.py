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


# -- relations follow their spans into gold ---------------------------------------------------


@pytest.fixture
def linked(curated: Project) -> Project:
    """alice: QUOTE 20-40 -> source -> Lee; bob: QUOTE 20-39 -> source -> Lee and -> Kim,
    and EVENT? none: CLAIM 10-14 -> claimant -> Lee."""

    def span_id(name: str, start: int, end: int) -> int:
        (span,) = [s for s in curated.spans("doc-1", name) if (s.start, s.end) == (start, end)]
        assert span.id is not None
        return span.id

    for name, quote in (("alice", (20, 40)), ("bob", (20, 39))):
        curated.add_relation(
            Relation("doc-1", name, span_id(name, *quote), span_id(name, 0, 9), "source")
        )
    curated.add_relation(
        Relation("doc-1", "bob", span_id("bob", 20, 39), span_id("bob", 15, 18), "source")
    )
    return curated


def gold_links(project: Project) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    by_id = {s.id: (s.start, s.end) for s in project.spans("doc-1", GOLD_ANNOTATOR)}
    return sorted(
        (by_id[r.head_span_id], by_id[r.tail_span_id], r.label)
        for r in relations(project, "doc-1", GOLD_ANNOTATOR)
    )


def test_accepting_a_span_version_brings_its_relations_whose_ends_gold_has(linked) -> None:
    from annotator.store.gold import layer_links

    start_gold(linked, "doc-1", ["alice", "bob"])  # gold: Lee only, no relation yet
    assert gold_links(linked) == []
    quote = next(d for d in disagreements(linked) if d.start == 20)
    change = accept_version(linked, "doc-1", quote, "bob")
    # bob's QUOTE came, with its source to Lee (in gold); Kim is not in gold: not brought.
    assert gold_links(linked) == [((20, 39), (0, 9), "source")]
    assert [r.label for r in change.added_relations] == ["source"]
    kim = next(d for d in disagreements(linked) if d.start == 15)
    accept_version(linked, "doc-1", kim, "bob")  # now Kim is in gold: bob's link to him comes
    assert gold_links(linked) == [((20, 39), (0, 9), "source"), ((20, 39), (15, 18), "source")]
    # Accepting alice's QUOTE replaces bob's: his QUOTE takes its links, hers brings hers.
    change = accept_version(linked, "doc-1", quote, "alice")
    assert gold_links(linked) == [((20, 40), (0, 9), "source")]
    assert len(change.removed_relations) == 2 and len(change.added_relations) == 1
    # Undo puts bob's QUOTE and both its links back.
    replace_spans(linked, change.inverse())
    assert gold_links(linked) == [((20, 39), (0, 9), "source"), ((20, 39), (15, 18), "source")]
    assert len(layer_links(linked, "doc-1", GOLD_ANNOTATOR)) == 2


def test_start_gold_brings_the_relations_everyone_has(curated: Project) -> None:
    lee = {
        s.annotator: s.id
        for s in curated.spans("doc-1", "alice") + curated.spans("doc-1", "bob")
        if s.start == 0
    }
    for name in ("alice", "bob"):
        event = curated.add_span(Span("doc-1", name, 27, 32, "EVENT"))
        assert event.id is not None
        curated.add_relation(Relation("doc-1", name, event.id, lee[name], "participant"))
    change = start_gold(curated, "doc-1", ["alice", "bob"])
    assert gold_links(curated) == [((27, 32), (0, 9), "participant")]
    assert [r.label for r in change.added_relations] == ["participant"]


def test_accepting_a_relation_version(linked) -> None:
    from annotator.core.relation_disagreements import RelationKind, find_relation_disagreements
    from annotator.store.gold import accept_links, layer_links, skipped_links

    start_gold(linked, "doc-1", ["alice", "bob"])
    for d in disagreements(linked):  # bob's spans: QUOTE 20-39 and Kim
        if d.spans_of("bob"):
            accept_version(linked, "doc-1", d, "bob")
    links = {name: layer_links(linked, "doc-1", name) for name in ("alice", "bob")}
    found = find_relation_disagreements(links)
    # alice's QUOTE->Lee and bob's QUOTE->Lee differ only in the QUOTE's bounds (a span
    # disagreement); bob's QUOTE->Kim is his alone.
    assert [(d.kind, d.start, d.end) for d in found] == [(RelationKind.ONLY_SOME, 15, 39)]
    (only_bob,) = found
    assert gold_links(linked) == [((20, 39), (0, 9), "source"), ((20, 39), (15, 18), "source")]
    change = accept_links(linked, "doc-1", only_bob, "alice")  # alice linked nothing there
    assert gold_links(linked) == [((20, 39), (0, 9), "source")]
    assert len(change.removed_relations) == 1 and not change.removed
    change = accept_links(linked, "doc-1", only_bob, "bob")
    assert gold_links(linked) == [((20, 39), (0, 9), "source"), ((20, 39), (15, 18), "source")]
    assert skipped_links(linked, "doc-1", only_bob.links_of("bob")) == []
