"""Changes: the inverse, composing two changes, and which layer a change touches."""

from __future__ import annotations

import pickle

import pytest

from annotator.core.model import Relation, Span, Status
from annotator.ops.changes import Changes

A = Span("d", "alice", 0, 5, "ACTOR", None, 1)
A2 = Span("d", "alice", 0, 5, "QUOTE", None, 1)
A3 = Span("d", "alice", 0, 5, "QUOTE", "a note", 1)
B = Span("d", "alice", 6, 9, "QUOTE", None, 2)
R = Relation("d", "alice", 2, 1, "source", 7)
STATUS = ("d", "alice", Status.NEW, Status.IN_PROGRESS)


def test_an_empty_change_is_false_and_any_other_true():
    assert not Changes()
    assert Changes(spans_added=(A,))
    assert Changes(labels=True)


def test_inverse_swaps_added_and_removed_and_turns_changes_round():
    changes = Changes(
        spans_added=(A,),
        spans_removed=(B,),
        spans_changed=((A, A2),),
        relations_removed=(R,),
        statuses=(STATUS,),
    )
    inverse = changes.inverse()
    assert inverse == Changes(
        spans_added=(B,),
        spans_removed=(A,),
        spans_changed=((A2, A),),
        relations_added=(R,),
        statuses=(("d", "alice", Status.IN_PROGRESS, Status.NEW),),
    )
    assert inverse.inverse() == changes


def test_a_change_then_its_inverse_is_no_change():
    changes = Changes(spans_removed=(B,), relations_removed=(R,), statuses=(STATUS,))
    assert changes.then(changes.inverse()) == Changes()


def test_then_keeps_the_first_old_and_the_last_new():
    assert Changes(spans_changed=((A, A2),)).then(Changes(spans_changed=((A2, A3),))) == Changes(
        spans_changed=((A, A3),)
    )
    added = Changes(spans_added=(A,), statuses=(STATUS,))
    assert added.then(Changes(spans_changed=((A, A2),))) == Changes(
        spans_added=(A2,), statuses=(STATUS,)
    )
    assert Changes(spans_changed=((A, A2),)).then(Changes(spans_removed=(A2,))) == Changes(
        spans_removed=(A,)
    )
    assert Changes(spans_removed=(A,)).then(Changes(spans_added=(A2,))) == Changes(
        spans_changed=((A, A2),)
    )
    assert Changes(labels=True).then(Changes(documents=True)) == Changes(
        labels=True, documents=True
    )


def test_then_refuses_a_change_that_cannot_follow():
    with pytest.raises(ValueError, match="span 1"):
        Changes(spans_removed=(A,)).then(Changes(spans_removed=(A,)))
    with pytest.raises(ValueError, match="span 1"):
        Changes(spans_added=(A,)).then(Changes(spans_added=(A,)))


def test_touches_names_the_layers_a_change_is_in():
    changes = Changes(spans_added=(A,))
    assert changes.touches("d", "alice")
    assert not changes.touches("d", "bob") and not changes.touches("e", "alice")
    assert Changes(statuses=(STATUS,)).touches("d", "alice")
    assert Changes(relations_removed=(R,)).touches("d", "alice")


def test_a_change_survives_the_trip_to_the_store_process():
    changes = Changes(spans_changed=((A, A2),), relations_added=(R,), statuses=(STATUS,))
    assert pickle.loads(pickle.dumps(changes)) == changes


def test_spans_of_one_layer_leaves_the_other_layers_out() -> None:
    mine = Span("d", "alice", 0, 5, "ACTOR", None, 1)
    theirs = Span("d", "bob", 0, 5, "ACTOR", None, 2)
    other_document = Span("e", "alice", 0, 5, "ACTOR", None, 3)
    before = Span("d", "alice", 6, 9, "ACTOR", None, 4)
    after = Span("d", "alice", 6, 9, "EVENT", None, 4)
    changes = Changes(
        spans_added=(mine, theirs),
        spans_removed=(other_document,),
        spans_changed=((before, after),),
    )
    assert changes.spans_of("d", "alice") == ([], [(before, after)], [mine])
    assert changes.spans_of("d", "bob") == ([], [], [theirs])
