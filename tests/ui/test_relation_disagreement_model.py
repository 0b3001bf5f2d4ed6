"""The relation disagreement table on its own: a valid Qt model, its words, and what its
Gold column says in each state."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.relation_disagreements import find_relation_disagreements
from annotator.ui.relation_disagreement_model import RelationDisagreementModel, describe_link

TEXT = "Mayor Lee told Kim: “bridge opens in May.”"
LEE, KIM, QUOTE = (0, 9, "ACTOR"), (15, 18, "ACTOR"), (20, 42, "QUOTE")
TO_LEE, TO_KIM = (QUOTE, LEE, "source"), (QUOTE, KIM, "source")


def test_the_model_through_its_states(qtmodeltester) -> None:
    model = RelationDisagreementModel(["alice", "bob"])
    qtmodeltester.check(model)
    rows = find_relation_disagreements({"alice": [TO_LEE], "bob": [TO_LEE, TO_KIM]})
    model.set_rows(rows, TEXT, None)
    assert model.index(0, 1).data() == "only bob linked it"
    assert model.index(0, 3).data() == describe_link(TO_KIM, TEXT)
    assert model.index(0, 4).data() == "not started"
    model.set_gold({TO_LEE})
    assert model.index(0, 4).data() == "same as alice: —"
    model.set_gold({TO_LEE, TO_KIM})
    assert model.index(0, 4).data().startswith("same as bob: ")
    edited = ((20, 30, "QUOTE"), KIM, "source")  # the curator's own link there
    model.set_gold({edited})
    assert model.index(0, 4).data().startswith("edited: ")
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole).name() == "#6200ea"


def test_links_read_as_head_type_tail() -> None:
    assert describe_link(TO_KIM, TEXT) == "QUOTE “bridge opens in May.” → source → ACTOR “Kim”"
