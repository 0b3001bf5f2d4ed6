"""Gold operations on a real project file: the `Changes` each returns, and that applying its
inverse puts the file back as it was (timestamps aside), relations and status included."""

from __future__ import annotations

import pytest

from annotator.core.disagreements import Kind, find_disagreements
from annotator.core.model import GOLD_ANNOTATOR, Document, Relation, Span, Status
from annotator.ops import gold as ops
from annotator.ops.changes import Changes
from annotator.ops.history import History, HistoryLost
from annotator.ops.spans import ChangeConflict, apply
from annotator.store.project import Project, open_project
from annotator.store.relations import add_relation, relations
from tests.ops.test_spans import content

TEXT = "Mayor Lee told Kim: bridge opens in May."
A = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
B = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]
ANNOTATORS = ["alice", "bob"]


@pytest.fixture
def project(project: Project) -> Project:
    project.add_document(Document("doc-1", TEXT, "Mayor Lee"))
    for name, spans in (("alice", A), ("bob", B)):
        for s, e, label in spans:
            project.add_span(Span("doc-1", name, s, e, label))
    return project


def gold(project: Project) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.spans("doc-1", GOLD_ANNOTATOR)]


def the(project: Project, kind: Kind):  # type: ignore[no-untyped-def]
    layers = {name: [s.triple for s in project.spans("doc-1", name)] for name in ANNOTATORS}
    return next(d for d in find_disagreements(layers) if d.kind == kind)


def status(before: Status, after: Status) -> tuple[tuple[str, str, Status, Status], ...]:
    return (("doc-1", GOLD_ANNOTATOR, before, after),)


def test_start_gold_adds_the_agreed_spans_and_its_inverse_takes_them_back(
    project, project_path, dump
):
    # Gold has a status row already ("new"): undo sets the status back, it deletes no row.
    project.set_status("doc-1", GOLD_ANNOTATOR, Status.NEW)
    before = content(dump, project_path)
    changes = project.call(ops.start_gold, "doc-1", ANNOTATORS)
    after = content(dump, project_path)
    assert changes == Changes(
        spans_added=tuple(project.spans("doc-1", GOLD_ANNOTATOR)),
        statuses=status(Status.NEW, Status.IN_PROGRESS),
    )
    assert gold(project) == [(0, 9, "ACTOR")]
    assert project.call(ops.start_gold, "doc-1", ANNOTATORS) == Changes()  # started already

    assert apply(project, changes.inverse()) == changes.inverse()
    assert content(dump, project_path) == before
    assert project.status("doc-1", GOLD_ANNOTATOR) == Status.NEW
    assert apply(project, changes) == changes  # redo: the same spans under their ids
    assert content(dump, project_path) == after


def test_accepting_versions_and_undoing_them_step_by_step(project, project_path, dump):
    ops.start_gold(project, "doc-1", ANNOTATORS)
    label = the(project, Kind.LABEL)
    started = content(dump, project_path)
    take_bob = ops.accept_version(project, "doc-1", label, "bob")
    (claim,) = take_bob.spans_added
    assert (claim.start, claim.end, claim.label, claim.annotator) == (
        10,
        14,
        "CLAIM",
        GOLD_ANNOTATOR,
    )
    assert take_bob == Changes(spans_added=(claim,))  # gold was in progress already
    with_bob = content(dump, project_path)
    take_alice = ops.accept_version(project, "doc-1", label, "alice")
    (event,) = take_alice.spans_added
    assert take_alice == Changes(spans_added=(event,), spans_removed=(claim,))
    assert gold(project) == [(0, 9, "ACTOR"), (10, 14, "EVENT")]
    assert ops.accept_version(project, "doc-1", label, "alice") == Changes()

    apply(project, take_alice.inverse())
    assert content(dump, project_path) == with_bob
    apply(project, take_bob.inverse())
    assert content(dump, project_path) == started


def test_accepting_into_a_gold_layer_not_started_moves_its_status_and_undo_resets_it(project):
    only_bob = the(project, Kind.ONLY_SOME)
    changes = ops.accept_version(project, "doc-1", only_bob, "bob")
    assert changes.statuses == status(Status.NEW, Status.IN_PROGRESS)
    assert gold(project) == [(15, 18, "ACTOR")]
    apply(project, changes.inverse())
    assert gold(project) == [] and project.status("doc-1", GOLD_ANNOTATOR) == Status.NEW


def test_a_replaced_gold_span_takes_its_relations_and_undo_brings_them_back(
    project, project_path, dump
):
    ops.start_gold(project, "doc-1", ANNOTATORS)
    label = the(project, Kind.LABEL)
    (claim,) = ops.accept_version(project, "doc-1", label, "bob").spans_added
    (actor,) = [s for s in project.spans("doc-1", GOLD_ANNOTATOR) if s.label == "ACTOR"]
    linked = add_relation(project, Relation("doc-1", GOLD_ANNOTATOR, claim.id, actor.id, "BY"))
    before = content(dump, project_path)
    changes = ops.accept_version(project, "doc-1", label, "alice")
    assert changes.relations_removed == (linked,) and changes.spans_removed == (claim,)
    assert relations(project, "doc-1", GOLD_ANNOTATOR) == []
    undone = changes.inverse()
    assert undone.relations_added == (linked,)
    apply(project, undone)
    assert content(dump, project_path) == before
    assert relations(project, "doc-1", GOLD_ANNOTATOR) == [linked]
    apply(project, changes)
    assert relations(project, "doc-1", GOLD_ANNOTATOR) == []


def test_mark_curated_and_its_inverse(project):
    ops.start_gold(project, "doc-1", ANNOTATORS)
    changes = ops.mark_curated(project, "doc-1")
    assert changes == Changes(statuses=status(Status.IN_PROGRESS, Status.DONE))
    assert ops.mark_curated(project, "doc-1") == Changes()
    apply(project, changes.inverse())
    assert project.status("doc-1", GOLD_ANNOTATOR) == Status.IN_PROGRESS
    assert ops.set_gold_status(project, "doc-1", Status.IN_PROGRESS) == Changes()


def test_an_undo_of_gold_another_program_changed_is_refused(project, project_path):
    """Through History: the undo of an accepted version whose span was relabelled on
    another connection changes nothing; by this connection, the store check refuses it."""
    history = History()
    for description, operation, args in (
        ("Start gold", ops.start_gold, (ANNOTATORS,)),
        ("Accept bob's version", ops.accept_version, (the(project, Kind.LABEL), "bob")),
    ):
        token = project.change_token()
        history.push(description, project.call(operation, "doc-1", *args), token)
    claim = next(s for s in project.spans("doc-1", GOLD_ANNOTATOR) if s.label == "CLAIM")
    with open_project(project_path) as other:
        other.update_span(claim.id, note="checked")
    with pytest.raises(HistoryLost):
        history.undo(project)
    assert not history.can_undo() and gold(project) == [(0, 9, "ACTOR"), (10, 14, "CLAIM")]

    token = project.change_token()
    history.push("Mark gold curated", project.call(ops.mark_curated, "doc-1"), token)
    project.set_status("doc-1", GOLD_ANNOTATOR, Status.IN_PROGRESS)  # this connection
    with pytest.raises(ChangeConflict, match="status"):
        history.undo(project)
    assert not history.can_undo()


def test_gold_operations_run_in_the_store_process(store_host, project, project_path):
    remote = store_host.open(project_path)
    try:
        changes = remote.call(ops.start_gold, "doc-1", ANNOTATORS)
        assert remote.spans("doc-1", GOLD_ANNOTATOR) == list(changes.spans_added)
        remote.call(apply, changes.inverse())
        assert remote.spans("doc-1", GOLD_ANNOTATOR) == []
    finally:
        remote.close()
    assert gold(project) == []
