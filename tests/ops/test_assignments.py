"""ops/assignments.py on a real project file: what each operation writes and the Changes it
returns; refusals change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Span, Status
from annotator.ops import spans as ops_spans
from annotator.ops.assignments import assign, reassign, set_annotators_of, unassign
from annotator.ops.changes import Changes
from annotator.store.project import Project
from tests.helpers.projects import dump_database, make_project


@pytest.fixture
def five(tmp_path: Path):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "five.db", {f"d{i}": f"Text {i}.\n" for i in range(5)})
    yield project
    project.close()


def pairs(project: Project) -> set[tuple[str, str]]:
    return {(d, a) for d, a, _ in project.assignment_rows()}


def test_assign_returns_what_it_wrote_and_only_adds(five: Project):
    changes = assign(five, ["a", "b"], 2, document_ids=["d0", "d1"])
    assert set(changes.assigned) == pairs(five) == {(d, n) for d in ("d0", "d1") for n in "ab"}
    assert not changes.unassigned
    more = assign(five, ["a", "b", "c"], 2, seed=9)
    assert not set(more.assigned) & set(changes.assigned)
    assert pairs(five) == set(changes.assigned) | set(more.assigned)
    assert {d for d, _ in more.assigned} == {"d2", "d3", "d4"}
    # queue positions continue after the ones there were
    for name in "abc":
        positions = [p for _, a, p in five.assignment_rows(name)]
        assert positions == list(range(len(positions)))


def test_unassign_reassign_and_set(five: Project):
    assign(five, ["a"], 1)
    ops_spans.add_span(five, Span("d0", "a", 0, 4, "ACTOR"))
    changes = reassign(five, ["d0"], "a", "b")
    assert changes.unassigned == (("d0", "a"),) and changes.assigned == (("d0", "b"),)
    assert five.spans("d0", "a")  # the work stays
    assert five.queue_counts("b") == (0, 1)
    changes = set_annotators_of(five, ["d1"], ["b", "c"])
    assert set(changes.assigned) == {("d1", "b"), ("d1", "c")}
    assert changes.unassigned == (("d1", "a"),)
    changes = unassign(five, ["d1"], ["c"])
    assert changes.unassigned == (("d1", "c"),)
    assert changes.inverse() == Changes(assigned=(("d1", "c"),))
    # then(): assigned then unassigned is no change
    assert not Changes(assigned=(("d", "x"),)).then(Changes(unassigned=(("d", "x"),)))


def test_the_queue_reads(five: Project):
    set_annotators_of(five, ["d3"], ["a"])
    set_annotators_of(five, ["d1"], ["a"])
    set_annotators_of(five, ["d4"], ["a"])
    seq = {f"d{i}": five.document_seq(f"d{i}") for i in range(5)}
    assert five.queue_seqs("a") == [seq["d3"], seq["d1"], seq["d4"]]  # queue order
    five.set_status("d1", "a", Status.DONE)
    ops_spans.add_span(five, Span("d4", "a", 0, 4, "ACTOR"))
    assert five.queue_seqs("a") == [seq["d3"], seq["d4"]]  # done ones leave it
    assert five.queue_seqs("a", Status.IN_PROGRESS) == [seq["d4"]]
    assert five.queue_seqs("a", title_contains="TEXT 3") == [seq["d3"]]
    assert five.queue_counts("a") == (1, 3)
    assert five.queue_seqs("nobody") == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: assign(p, ["a"], 1, document_ids=["d0", "zz"]), "no document with id 'zz'"),
        (lambda p: assign(p, ["a", "b"], 3), "needs at least 3 annotators"),
        (lambda p: reassign(p, ["d0"], "nobody", "b"), "not assigned to nobody"),
        (lambda p: unassign(p, ["zz"]), "no document with id 'zz'"),
        (lambda p: set_annotators_of(p, ["d0"], [" "]), "non-empty name"),
        (lambda p: assign(p, ["a", "gold"], 1), "curator's layer"),
    ],
)
def test_refusals_change_nothing(five: Project, call, message):  # type: ignore[no-untyped-def]
    assign(five, ["a"], 1)
    before = dump_database(five.path)
    with pytest.raises(AnnotatorError, match=message):
        call(five)
    assert dump_database(five.path) == before


def test_apply_does_not_take_assignments(five: Project):
    with pytest.raises(ValueError, match="assignments"):
        ops_spans.apply(five, Changes(assigned=(("d0", "a"),)))
