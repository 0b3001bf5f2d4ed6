"""The span table model (annotator/ui/span_panel.py): a valid Qt model while spans come and
go one row at a time, sorted by position; a note edit is an intent, not a change."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.labels import default_labels
from annotator.core.model import Span
from annotator.ops.changes import Changes
from annotator.ui.layer_model import LayerModel
from annotator.ui.span_panel import SpanTableModel
from annotator.ui.text_view import SpanTextView

TEXT = "Kerry met Lavrov in Geneva."


def test_the_span_table_is_a_valid_qt_model_through_every_change(qtbot, qtmodeltester) -> None:
    model = SpanTableModel()
    qtmodeltester.check(model)  # Qt's tester follows every change below too
    kerry = Span("d", "alice", 0, 5, "ACTOR", id=1)
    geneva = Span("d", "alice", 20, 26, "EVENT", "a note", id=2)
    model.set_spans(TEXT, [geneva, kerry], default_labels())
    assert [model.span_at(row) for row in range(model.rowCount())] == [kerry, geneva]
    lavrov = Span("d", "alice", 10, 16, "ACTOR", id=3)
    assert model.add(lavrov) == 1
    assert model.index(1, 1).data() == "Lavrov" and model.index(1, 2).data() == "10–16"
    relabelled = Span("d", "alice", 10, 16, "QUOTE", id=3)
    assert model.replace(lavrov, relabelled) == 1
    assert model.index(1, 0).data() == "QUOTE"
    model.remove(kerry)
    assert model.row_of(kerry) is None and model.rowCount() == 2
    model.set_labels(default_labels()[:2])
    note = model.index(1, SpanTableModel.NOTE_COLUMN)
    assert note.data() == "a note" and note.flags() & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.note_edited) as edited:
        assert model.setData(note, "another") is False  # changed when the store confirms it
    assert edited.args == [geneva, "another"]
    assert model.index(1, SpanTableModel.NOTE_COLUMN).data() == "a note"
    model.set_spans("", [], [])
    assert model.rowCount() == 0


def test_the_span_table_takes_only_the_changes_to_its_own_layer(qtbot, qtmodeltester) -> None:
    model = SpanTableModel()
    qtmodeltester.check(model)
    kerry = Span("d", "alice", 0, 5, "ACTOR", id=1)
    model.set_spans(TEXT, [kerry], default_labels(), ("d", "alice"))
    theirs = Span("d", "bob", 10, 16, "ACTOR", id=2)
    elsewhere = Span("e", "alice", 10, 16, "ACTOR", id=3)
    model.apply_changes(Changes(spans_added=(theirs, elsewhere)))
    assert [model.span_at(row) for row in range(model.rowCount())] == [kerry]
    lavrov = Span("d", "alice", 10, 16, "ACTOR", id=4)
    relabelled = Span("d", "alice", 0, 5, "QUOTE", id=1)
    model.apply_changes(Changes(spans_added=(lavrov, theirs), spans_changed=((kerry, relabelled),)))
    assert [model.span_at(row) for row in range(model.rowCount())] == [relabelled, lavrov]
    model.apply_changes(Changes(spans_removed=(lavrov,)))
    assert model.rowCount() == 1


def test_a_span_moved_in_the_order_moves_its_row(qtbot, qtmodeltester) -> None:
    model = SpanTableModel()
    qtmodeltester.check(model)
    kerry = Span("d", "alice", 0, 5, "ACTOR", id=1)
    lavrov = Span("d", "alice", 10, 16, "ACTOR", id=2)
    geneva = Span("d", "alice", 20, 26, "EVENT", id=3)
    model.set_spans(TEXT, [kerry, lavrov, geneva], default_labels(), ("d", "alice"))
    later = Span("d", "alice", 20, 26, "QUOTE", id=1)  # re-bounded past Lavrov and Geneva
    with qtbot.waitSignal(model.rowsMoved):
        model.apply_changes(Changes(spans_changed=((kerry, later),)))
    assert [model.span_at(row) for row in range(model.rowCount())] == [lavrov, geneva, later]
    assert model.index(2, 1).data() == "Geneva" and model.index(2, 0).data() == "QUOTE"
    earlier = Span("d", "alice", 0, 5, "ACTOR", id=1)
    with qtbot.waitSignal(model.rowsMoved):
        model.apply_changes(Changes(spans_changed=((later, earlier),)))
    assert [model.span_at(row) for row in range(model.rowCount())] == [earlier, lavrov, geneva]


def test_the_text_view_and_the_table_follow_one_layer_model(qtbot, qtmodeltester) -> None:
    layer = LayerModel()
    model = SpanTableModel(layer)
    qtmodeltester.check(model)
    view = SpanTextView(layer=layer)
    qtbot.addWidget(view)
    kerry = Span("d", "alice", 0, 5, "ACTOR", id=1)
    view.set_document(TEXT, [kerry], default_labels(), ("d", "alice"))
    assert model.rowCount() == 1 and model.text == TEXT and model.layer == ("d", "alice")
    lavrov = Span("d", "alice", 10, 16, "ACTOR", id=2)
    layer.apply_changes(Changes(spans_added=(lavrov,)))  # once, for both
    assert view.spans() == [kerry, lavrov] == [model.span_at(r) for r in range(2)]
    assert [s.label for s in view.spans_at(12)] == ["ACTOR"]
    layer.apply_changes(Changes(spans_removed=(kerry,)))
    assert view.spans() == [lavrov] and model.rowCount() == 1 and view.spans_at(2) == []
