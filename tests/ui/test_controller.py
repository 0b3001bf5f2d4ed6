"""The controller: operations run through it, and one Changes value reaches the views as
one signal per span and status it names."""

from __future__ import annotations

from typing import Any

from annotator.core.model import Span, Status
from annotator.ops import spans as ops
from annotator.ops.changes import Changes
from annotator.ui.controller import Controller


def recorded(controller: Controller) -> list[tuple[Any, ...]]:
    events: list[tuple[Any, ...]] = []
    controller.span_added.connect(lambda s: events.append(("added", s)))
    controller.span_removed.connect(lambda s: events.append(("removed", s)))
    controller.span_changed.connect(lambda old, new: events.append(("changed", old, new)))
    controller.status_changed.connect(lambda d, s: events.append(("status", d, s)))
    return events


def test_apply_changes_sends_one_signal_per_thing_changed(qtbot, ui_project):
    controller = Controller(ui_project, "alice")
    events = recorded(controller)
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
    events.clear()
    controller.apply_changes(Changes())
    assert events == []


def test_run_writes_through_the_operation_and_tells_the_views(qtbot, ui_project):
    controller = Controller(ui_project, "alice")
    controller.open_document("doc-1")
    events = recorded(controller)
    changes = controller.run(ops.add_span, Span("doc-1", "alice", 0, 5, "ACTOR"))
    (span,) = changes.spans_added
    assert ui_project.spans("doc-1", "alice") == [span]
    assert events == [("added", span), ("status", "doc-1", Status.IN_PROGRESS)]
