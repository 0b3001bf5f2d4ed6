"""The controller: operations run through it, and one Changes value reaches the views as
one signal, `changes_applied`."""

from __future__ import annotations

from typing import Any

from annotator.core.model import Span, Status
from annotator.ops import spans as ops
from annotator.ops.changes import Changes
from annotator.ui.controller import Controller


def recorded(controller: Controller) -> list[tuple[Any, ...]]:
    """What the views hear: per broadcast, its spans removed, changed and added, and its
    statuses, in that order."""
    events: list[tuple[Any, ...]] = []

    def record(changes: Changes) -> None:
        events.extend(("removed", s) for s in changes.spans_removed)
        events.extend(("changed", old, new) for old, new in changes.spans_changed)
        events.extend(("added", s) for s in changes.spans_added)
        events.extend(("status", d, new) for d, _, _, new in changes.statuses)

    controller.changes_applied.connect(record)
    return events


def test_apply_changes_sends_one_broadcast_naming_everything_changed(qtbot, ui_project):
    controller = Controller(ui_project, "alice")
    events = recorded(controller)
    broadcasts: list[Changes] = []
    controller.changes_applied.connect(broadcasts.append)
    a = Span("doc-1", "alice", 0, 5, "ACTOR", None, 1)
    b = Span("doc-1", "alice", 6, 9, "QUOTE", None, 2)
    c = Span("doc-1", "alice", 6, 9, "CLAIM", None, 2)
    controller.apply_changes(
        Changes(
            spans_added=(a,),
            spans_removed=(b,),
            spans_changed=((b, c),),
            statuses=(("doc-1", "alice", Status.NEW, Status.DONE),),
        )
    )
    assert events == [
        ("removed", b),
        ("changed", b, c),
        ("added", a),
        ("status", "doc-1", Status.DONE),
    ]
    assert len(broadcasts) == 1
    events.clear()
    controller.apply_changes(Changes())
    assert events == [] and len(broadcasts) == 1


def test_run_writes_through_the_operation_and_tells_the_views(qtbot, ui_project):
    controller = Controller(ui_project, "alice")
    controller.open_document("doc-1")
    events = recorded(controller)
    changes = controller.run(ops.add_span, Span("doc-1", "alice", 0, 5, "ACTOR"))
    (span,) = changes.spans_added
    assert ui_project.spans("doc-1", "alice") == [span]
    assert events == [("added", span), ("status", "doc-1", Status.IN_PROGRESS)]


def test_a_read_ahead_serves_the_next_open_unless_an_edit_came_between(
    qtbot, ui_project, store_host
):
    import pytest

    from annotator.core.errors import AnnotatorError

    remote = store_host.open(ui_project.path)
    controller = Controller(remote, "alice")
    opened: list[tuple[Any, list[Span]]] = []
    controller.document_opened.connect(lambda d, spans: opened.append((d, list(spans))))
    ui_project.add_span(Span("doc-1", "alice", 0, 3, "ACTOR"))
    before = ui_project.spans("doc-1", "alice")
    controller.read_ahead("doc-1")
    controller.open_document("doc-1")
    assert opened[-1][0].id == "doc-1" and opened[-1][1] == before
    assert controller._ahead is None  # taken
    # An operation after the read drops it; the open reads again, and shows the edit.
    controller.read_ahead("doc-1")
    assert controller._ahead is not None
    added = controller.add_span(4, 7, "EVENT")
    assert controller._ahead is None
    controller.open_document("doc-1")
    assert added in opened[-1][1] and len(opened[-1][1]) == len(before) + 1
    # Read ahead for another document: dropped, the open reads its own.
    controller.read_ahead("doc-1")
    controller.open_document("doc-2")
    assert opened[-1][0].id == "doc-2" and controller._ahead is None
    # A document that is not there: the open says so, as without the read.
    controller.read_ahead("nowhere")
    with pytest.raises(AnnotatorError, match="no document with id 'nowhere'"):
        controller.open_document("nowhere")
    remote.close()
