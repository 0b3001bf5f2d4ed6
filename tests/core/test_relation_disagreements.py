"""Relation disagreements between layers: agreed links, only some linked it, the label
differs, and a difference in the ends' bounds left to the span disagreements."""

from __future__ import annotations

from annotator.core.relation_disagreements import RelationKind, find_relation_disagreements

LEE, KIM = (0, 9, "ACTOR"), (15, 18, "ACTOR")
QUOTE, SHORT = (20, 40, "QUOTE"), (20, 39, "QUOTE")
SPLIT = (20, 40, "QUOTE", ((20, 26), (33, 40)))


def test_links_everyone_has_are_agreed() -> None:
    link = (QUOTE, LEE, "source")
    assert find_relation_disagreements({"a": [link], "b": [link, link]}) == []
    assert find_relation_disagreements({"a": [link]}) == []  # one layer: nothing to compare


def test_only_some_linked_it() -> None:
    (found,) = find_relation_disagreements(
        {"a": [(QUOTE, LEE, "source")], "b": [(QUOTE, LEE, "source"), (QUOTE, KIM, "source")]}
    )
    assert found.kind == RelationKind.ONLY_SOME
    assert (found.start, found.end) == (15, 40)
    assert found.links_of("a") == () and found.links_of("b") == ((QUOTE, KIM, "source"),)


def test_the_label_differs() -> None:
    (found,) = find_relation_disagreements(
        {"a": [(QUOTE, LEE, "source")], "b": [(QUOTE, LEE, "claimant")]}
    )
    assert found.kind == RelationKind.LABEL
    assert found.links == (("a", ((QUOTE, LEE, "source"),)), ("b", ((QUOTE, LEE, "claimant"),)))


def test_ends_that_differ_only_in_bounds_are_a_span_question() -> None:
    layers = {"a": [(QUOTE, LEE, "source")], "b": [(SHORT, LEE, "source")]}
    assert find_relation_disagreements(layers) == []
    # A fragment counts only by its characters: a head in the gap joins no cluster.
    gap = (27, 32, "QUOTE")
    found = find_relation_disagreements(
        {"a": [(SPLIT, LEE, "source")], "b": [(gap, LEE, "source")]}
    )
    assert [d.kind for d in found] == [RelationKind.ONLY_SOME, RelationKind.ONLY_SOME]
