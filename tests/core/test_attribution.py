"""The attribution check's rule (annotator/core/attribution.py)."""

from __future__ import annotations

from annotator.core.attribution import describe, unattributed
from annotator.core.labels import default_relation_types
from annotator.core.model import Relation, RelationType, Span


def test_quotes_without_a_source_are_found_in_text_order_and_counted():
    kinds = default_relation_types()
    spans = [
        Span("d", "a", 30, 40, "QUOTE", id=3),
        Span("d", "a", 0, 10, "QUOTE", id=1),
        Span("d", "a", 12, 17, "ACTOR", id=2),
        Span("d", "a", 50, 60, "CLAIM", id=4),  # claimant is not required
        Span("d", "a", 70, 80, "QUOTE", id=5),
    ]
    relations = [
        Relation("d", "a", 1, 2, "source", id=1),
        Relation("d", "a", 5, 2, "claimant", id=2),  # another type does not count
    ]
    missing = unattributed(spans, relations, kinds)
    assert [(s.id, k.name) for s, k in missing] == [(3, "source"), (5, "source")]
    assert describe(missing) == "2 quotes without a source"
    assert describe(missing[:1]) == "1 quote without a source"
    assert describe([]) == ""


def test_several_required_types_and_a_type_for_any_label():
    anything = RelationType("seen", (), ("ACTOR",), "#000000", required=True)  # no heads
    event = RelationType("agent", ("EVENT",), ("ACTOR",), "#000000", required=True)
    spans = [Span("d", "a", 0, 5, "EVENT", id=1), Span("d", "a", 6, 9, "QUOTE", id=2)]
    missing = unattributed(spans, [], [anything, event])
    assert [(s.id, k.name) for s, k in missing] == [(1, "agent")]
    assert describe(missing) == "1 event without an agent"
