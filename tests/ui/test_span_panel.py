"""The span table model (annotator/ui/span_panel.py): a valid Qt model while spans come and
go one row at a time, sorted by position; a note edit is an intent, not a change."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.labels import default_labels
from annotator.core.model import Span
from annotator.ops.changes import Changes
from annotator.ui.span_panel import SpanTableModel

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
