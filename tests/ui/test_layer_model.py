"""The open layer (annotator/ui/layer_model.py), without Qt: spans in the span table's order,
found by id, changed from an operation's `Changes` only for its own layer, and every change
told as an event pair with the rows the adapters need."""

from __future__ import annotations

import random

from annotator.core.model import Span
from annotator.ops.changes import Changes
from annotator.ui.layer_model import LayerModel, sort_key

TEXT = "Kerry met Lavrov in Geneva."


def recorded(model: LayerModel) -> list[tuple]:
    """Every event of `model`, as (name, *args), in order; checks each pair's rows against
    the list before and after."""
    log: list[tuple] = []
    for name in (
        "about_to_reset",
        "was_reset",
        "about_to_insert",
        "inserted",
        "about_to_remove",
        "removed",
        "about_to_change",
        "changed",
    ):
        getattr(model, name).connect(lambda *args, name=name: log.append((name, *args)))

    def before_insert(row: int, span: Span) -> None:
        assert model.span(span.id) is None and 0 <= row <= len(model)

    def after_insert(row: int, span: Span) -> None:
        assert model.span_at(row) == span and model.span(span.id) == span

    def before_remove(row: int, span: Span) -> None:
        assert model.span_at(row) == span

    def after_remove(row: int, span: Span) -> None:
        assert model.span(span.id) is None

    def before_change(old_row: int, new_row: int, old: Span, new: Span) -> None:
        assert model.span_at(old_row) == old and 0 <= new_row < len(model)

    def after_change(old_row: int, new_row: int, old: Span, new: Span) -> None:
        assert model.span_at(new_row) == new and model.span(new.id) == new

    model.about_to_insert.connect(before_insert)
    model.inserted.connect(after_insert)
    model.about_to_remove.connect(before_remove)
    model.removed.connect(after_remove)
    model.about_to_change.connect(before_change)
    model.changed.connect(after_change)
    return log


def test_the_layer_lists_its_spans_in_table_order_and_finds_them_by_id() -> None:
    model = LayerModel()
    log = recorded(model)
    kerry = Span("d", "alice", 0, 5, "ACTOR", id=1)
    geneva = Span("d", "alice", 20, 26, "EVENT", id=2)
    quote = Span("d", "alice", 0, 5, "QUOTE", id=3)
    model.reset(("d", "alice"), TEXT, [geneva, quote, kerry])
    assert log == [("about_to_reset",), ("was_reset",)]
    assert model.spans() == [kerry, quote, geneva] == sorted(model.spans(), key=sort_key)
    assert (model.document_id, model.annotator, model.text) == ("d", "alice", TEXT)
    assert model.span(2) == geneva and model.span(99) is None and model.span(None) is None
    assert model.row_of(geneva) == 2 and model.row_of(Span("d", "alice", 0, 1, "X", id=9)) is None
    # found by id, whatever the position the caller holds
    assert model.row_of(Span("d", "alice", 1, 2, "EVENT", id=2)) == 2


def test_changes_to_another_layer_or_none_leave_the_layer_alone() -> None:
    model = LayerModel()
    log = recorded(model)
    kerry = Span("d", "alice", 0, 5, "ACTOR", id=1)
    model.reset(("d", "alice"), TEXT, [kerry])
    theirs = Span("d", "bob", 10, 16, "ACTOR", id=2)
    elsewhere = Span("e", "alice", 10, 16, "ACTOR", id=3)
    model.apply_changes(Changes(spans_added=(theirs, elsewhere), labels=True))
    assert model.spans() == [kerry] and log[2:] == []
    unowned = LayerModel()  # a layer no operation writes (the comparison's views)
    unowned.reset(None, TEXT, [kerry])
    unowned.apply_changes(Changes(spans_removed=(kerry,)))
    assert unowned.spans() == [kerry]


def test_changes_come_one_span_at_a_time_with_their_rows() -> None:
    model = LayerModel()
    kerry = Span("d", "alice", 0, 5, "ACTOR", id=1)
    geneva = Span("d", "alice", 20, 26, "EVENT", id=2)
    model.reset(("d", "alice"), TEXT, [kerry, geneva])
    log = recorded(model)
    lavrov = Span("d", "alice", 10, 16, "ACTOR", id=3)
    noted = Span("d", "alice", 0, 5, "ACTOR", "a note", id=1)
    model.apply_changes(
        Changes(spans_added=(lavrov,), spans_removed=(geneva,), spans_changed=((kerry, noted),))
    )
    # removed, then changed, then added: the order a view applies them
    assert log == [
        ("about_to_remove", 1, geneva),
        ("removed", 1, geneva),
        ("about_to_change", 0, 0, kerry, noted),
        ("changed", 0, 0, kerry, noted),
        ("about_to_insert", 1, lavrov),
        ("inserted", 1, lavrov),
    ]
    assert model.spans() == [noted, lavrov]
    del log[:]
    moved = Span("d", "alice", 12, 14, "ACTOR", id=1)  # re-bounded past Lavrov
    assert model.replace(noted, moved) == 1
    assert log == [("about_to_change", 0, 1, noted, moved), ("changed", 0, 1, noted, moved)]
    assert model.spans() == [lavrov, moved]
    del log[:]
    model.remove(Span("d", "alice", 0, 1, "ACTOR", id=42))  # not listed: no event
    assert log == []


def test_random_edits_keep_the_order_the_index_and_the_rows_of_every_event() -> None:
    rng = random.Random(5)
    model = LayerModel()
    recorded(model)  # its checks run on every event
    model.reset(("d", "alice"), "x" * 200, [])
    shadow: dict[int, Span] = {}
    for step in range(500):
        action = rng.random()
        if action < 0.4 or not shadow:
            start = rng.randrange(190)
            span = Span("d", "alice", start, start + rng.randint(1, 10), "AB"[step % 2], id=step)
            model.apply_changes(Changes(spans_added=(span,)))
            shadow[step] = span
        elif action < 0.7:
            old = shadow[rng.choice(list(shadow))]
            start = rng.randrange(190)
            new = Span("d", "alice", start, start + 3, rng.choice("AB"), id=old.id)
            model.apply_changes(Changes(spans_changed=((old, new),)))
            shadow[old.id] = new  # type: ignore[index]
        else:
            span = shadow.pop(rng.choice(list(shadow)))
            model.apply_changes(Changes(spans_removed=(span,)))
        assert model.spans() == sorted(shadow.values(), key=sort_key)
        assert all(model.span(i) == s for i, s in shadow.items())


# -- relations ---------------------------------------------------------------------------


def relation_events(model: LayerModel) -> list[tuple]:
    log: list[tuple] = []
    for name in ("relations_reset", "relation_added", "relation_removed", "relation_changed"):
        getattr(model, name).connect(lambda *args, name=name: log.append((name, *args)))
    return log


def test_relations_are_found_by_span_and_change_from_the_layers_changes():
    from annotator.core.labels import default_relation_types
    from annotator.core.model import Relation

    model = LayerModel()
    kerry = Span("d", "a", 0, 5, "ACTOR", id=1)
    quote = Span("d", "a", 10, 16, "QUOTE", id=2)
    lavrov = Span("d", "a", 20, 26, "ACTOR", id=3)
    model.reset(("d", "a"), TEXT, [kerry, quote, lavrov])
    said = Relation("d", "a", 2, 1, "source", id=7)
    log = relation_events(model)
    model.set_relations([said], default_relation_types())
    assert log == [("relations_reset",)]
    assert model.relations_of(1) == [said] == model.relations_of(2)
    assert model.relations_of(3) == [] and model.relation(7) == said
    assert [k.name for k in model.types_from("QUOTE")] == ["source"]
    assert model.types_from("ACTOR") == []

    other = Relation("d", "b", 2, 3, "source", id=8)  # another annotator's: not ours
    added = Relation("d", "a", 2, 3, "source", id=9)
    model.apply_changes(Changes(relations_added=(other, added)))
    assert log[-1] == ("relation_added", added) and model.relation_count() == 2
    relabelled = Relation("d", "a", 2, 3, "claimant", id=9)
    model.apply_changes(Changes(relations_changed=((added, relabelled),)))
    assert log[-1] == ("relation_changed", added, relabelled)
    assert model.relations() == [said, relabelled]  # by head, then tail position

    # A span deleted with its relations: the relations go first, then the span.
    order: list[str] = []
    model.relation_removed.connect(lambda r: order.append(f"relation {r.id}"))
    model.removed.connect(lambda _, s: order.append(f"span {s.id}"))
    model.apply_changes(Changes(spans_removed=(kerry,), relations_removed=(said,)))
    assert order == ["relation 7", "span 1"]
    assert model.relations_of(1) == [] and model.relations() == [relabelled]

    model.reset(("d", "a"), TEXT, [quote])
    assert model.relations() == [] and model.relation_types  # types are the project's


def test_a_moved_span_moves_its_relations_in_the_order():
    from annotator.core.model import Relation

    model = LayerModel()
    a = Span("d", "a", 0, 5, "QUOTE", id=1)
    b = Span("d", "a", 10, 16, "QUOTE", id=2)
    actor = Span("d", "a", 20, 26, "ACTOR", id=3)
    model.reset(("d", "a"), TEXT, [a, b, actor])
    first, second = (
        Relation("d", "a", 1, 3, "source", id=1),
        Relation("d", "a", 2, 3, "source", id=2),
    )
    model.set_relations([first, second])
    assert model.relations() == [first, second]
    moved = Span("d", "a", 17, 19, "QUOTE", id=1)
    model.apply_changes(Changes(spans_changed=((a, moved),)))
    assert model.relations() == [second, first]


def test_the_relation_order_stays_sorted_through_random_changes():
    """The sorted list is kept by insertion and removal: it always equals a fresh sort."""
    from annotator.core.model import Relation

    rng = random.Random(3)
    spans = [Span("d", "a", i * 3, i * 3 + 2, "QUOTE", id=i + 1) for i in range(30)]
    model = LayerModel()
    model.reset(("d", "a"), TEXT * 4, spans)
    model.set_relations([])
    next_id = 1
    for _ in range(300):
        existing = model.relations()
        if existing and rng.random() < 0.4:
            gone = rng.choice(existing)
            model.apply_changes(Changes(relations_removed=(gone,)))
        elif existing and rng.random() < 0.3:
            old = rng.choice(existing)
            new = Relation(
                "d", "a", old.head_span_id, old.tail_span_id, rng.choice("abc"), id=old.id
            )
            model.apply_changes(Changes(relations_changed=((old, new),)))
        else:
            head, tail = rng.sample(spans, 2)
            added = Relation("d", "a", head.id, tail.id, rng.choice("abc"), id=next_id)
            next_id += 1
            model.apply_changes(Changes(relations_added=(added,)))
        kept = model.relations()
        model._sorted_relations = None
        assert kept == model.relations()
        for row, relation in enumerate(kept):
            assert model.relation_row(relation) == row
