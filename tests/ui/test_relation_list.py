"""The relations list's model (annotator/ui/relation_list.py): one row a relation of the
open layer, by its head's position, following the layer model's events; a valid Qt model
through every change."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.labels import default_relation_types
from annotator.core.model import Relation, Span
from annotator.ops.changes import Changes
from annotator.ui.layer_model import LayerModel
from annotator.ui.relation_list import RelationTableModel

TEXT = "“We will talk,” Kerry said. <b>Lavrov</b> agreed."


def test_the_relations_list_is_a_valid_qt_model_through_every_change(qtbot, qtmodeltester):
    layer = LayerModel()
    model = RelationTableModel(layer)
    qtmodeltester.check(model)
    quote = Span("d", "a", 0, 15, "QUOTE", id=1)
    kerry = Span("d", "a", 16, 21, "ACTOR", id=2)
    lavrov = Span("d", "a", 28, 41, "ACTOR", id=3)
    layer.reset(("d", "a"), TEXT, [quote, kerry, lavrov])
    said = Relation("d", "a", 1, 2, "source", id=10)
    layer.set_relations([said], default_relation_types())
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "QUOTE “We will talk,” → source → ACTOR Kerry"
    also = Relation("d", "a", 1, 3, "source", id=11)
    with qtbot.waitSignal(model.rowsInserted):
        layer.apply_changes(Changes(relations_added=(also,)))
    # Data is plain text: the article's markup shows as typed, in the row and its tooltip.
    assert model.data(model.index(1, 0)) == "QUOTE “We will talk,” → source → ACTOR <b>Lavrov</b>"
    assert "&lt;b&gt;" in model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    model.set_picked(kerry)
    assert model.picked_rows() == [0]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(1, 0), Qt.ItemDataRole.FontRole) is None
    relabelled = Relation("d", "a", 1, 3, "claimant", id=11)
    with qtbot.waitSignal(model.dataChanged):
        layer.apply_changes(Changes(relations_changed=((also, relabelled),)))
    assert "→ claimant →" in model.data(model.index(1, 0))
    renamed = Span("d", "a", 16, 21, "QUOTE", id=2)  # a span relabelled: its rows say so
    layer.apply_changes(Changes(spans_changed=((kerry, renamed),)))
    assert model.data(model.index(0, 0)).endswith("→ QUOTE “Kerry”")
    with qtbot.waitSignal(model.rowsRemoved):
        layer.apply_changes(Changes(spans_removed=(renamed,), relations_removed=(said,)))
    assert [model.relation_at(0)] == [relabelled] and model.rowCount() == 1
    layer.reset(("e", "a"), TEXT, [])
    assert model.rowCount() == 0
