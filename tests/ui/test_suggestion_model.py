"""The open document's shown suggestions (annotator/ui/suggestion_model.py), without Qt:
always what `core.suggest.shown` says for the layer as it is, kept up to date span by span
and decision by decision."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Span, Suggestion
from annotator.core.suggest.shown import shown
from annotator.ops.changes import Changes
from annotator.ui.layer_model import LayerModel
from annotator.ui.suggestion_model import SuggestionModel, order

TEXT = "Kerry met Lavrov in Geneva. “We will talk,” Kerry said on Friday."
LAYER = ("doc", "alice")
LABELS = ("ACTOR", "QUOTE")


def suggestion(start: int, end: int, label: str, ident: int, **kw) -> Suggestion:  # type: ignore[no-untyped-def]
    return Suggestion("doc", start, end, label, ("quotes",), id=ident, **kw)


def loaded(suggestions: list[Suggestion], spans: list[Span] = ()) -> SuggestionModel:  # type: ignore[assignment]
    layer = LayerModel()
    layer.reset(LAYER, TEXT, spans)
    model = SuggestionModel(layer)
    assert model.load(LAYER, suggestions, {})
    return model


def test_a_span_hides_the_suggestions_it_covers_and_its_removal_shows_them_again():
    quote = suggestion(29, 42, "QUOTE", 1, speaker=(44, 49))
    actor = suggestion(44, 49, "ACTOR", 2)
    model = loaded([actor, quote])
    events: list[int] = []
    model.changed.connect(lambda: events.append(len(model)))
    assert model.shown() == [quote, actor]  # text order
    span = Span("doc", "alice", 30, 41, "QUOTE", id=7)  # overlaps, same label
    model.layer.insert(span)
    assert model.shown() == [actor] and events == [1]
    # Another label with other bounds does not hide: an ACTOR inside a QUOTE span shows.
    model.layer.insert(Span("doc", "alice", 40, 52, "QUOTE", id=8))
    assert model.shown() == [actor]
    model.layer.insert(Span("doc", "alice", 44, 49, "CLAIM", id=9))  # its very bounds
    assert model.shown() == []
    model.layer.remove(span)
    assert model.shown() == []  # the other QUOTE span overlaps the quote still
    model.layer.remove(Span("doc", "alice", 40, 52, "QUOTE", id=8))
    assert model.shown() == [quote]


def test_decisions_hide_and_their_undo_shows_again():
    quote = suggestion(29, 42, "QUOTE", 1)
    model = loaded([quote])
    model.set_current(quote)
    decided = Changes(decisions=((1, "doc", "alice", None, "rejected"),))
    model.apply_changes(decided)
    assert model.shown() == [] and model.current is None
    model.apply_changes(Changes(decisions=((1, "doc", "bob", None, "rejected"),)))  # not mine
    model.apply_changes(decided.inverse())
    assert model.shown() == [quote]


def test_a_load_for_a_layer_no_longer_shown_is_dropped_and_a_new_layer_starts_empty():
    model = loaded([suggestion(0, 5, "ACTOR", 1)])
    assert not model.load(("doc", "bob"), [suggestion(10, 16, "ACTOR", 2)], {})
    assert [s.id for s in model.shown()] == [1]
    model.layer.reset(("doc-2", "alice"), "Other text.", [])
    assert not model.loaded and model.shown() == [] and model.key is None


def test_stepping_and_lookup_by_position():
    a, b, c = (
        suggestion(0, 5, "ACTOR", 1),
        suggestion(10, 16, "ACTOR", 2),
        suggestion(29, 42, "QUOTE", 3, fragments=((29, 33), (38, 42))),
    )
    model = loaded([c, a, b], [])
    assert model.next_after(-1, 1) == a and model.next_after(0, 1) == b
    assert model.next_after(10, -1) == a and model.next_after(0, -1) is None
    assert model.neighbour(b, 1) == c and model.neighbour(b, -1) == a
    assert model.neighbour(c, 1) is None
    assert model.at(12) == [b]
    assert model.at(30) == [c] and model.at(35) == []  # between the fragments: not in it
    assert model.shown_in(3, 11) == [a, b]


def test_a_moved_span_is_the_old_one_removed_and_the_new_one_added():
    actor = suggestion(44, 49, "ACTOR", 2)
    span = Span("doc", "alice", 44, 49, "ACTOR", id=5)
    model = loaded([actor], [span])
    assert model.shown() == []
    model.layer.replace(span, Span("doc", "alice", 0, 5, "ACTOR", id=5))
    assert model.shown() == [actor]


spans_strategy = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from(LABELS)), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(
    suggested=spans_strategy,
    steps=st.lists(
        st.one_of(
            st.tuples(
                st.just("add"), st.integers(0, 60), st.integers(1, 12), st.sampled_from(LABELS)
            ),
            st.tuples(st.just("remove"), st.integers(0, 30)),
            st.tuples(st.just("decide"), st.integers(0, 30), st.sampled_from(("accepted", None))),
        ),
        max_size=20,
    ),
)
def test_always_what_the_rule_says(suggested, steps):
    suggestions = [
        suggestion(start, start + length, label, ident)
        for ident, (start, length, label) in enumerate(suggested, 1)
    ]
    model = loaded(suggestions)
    decisions: dict[int, str] = {}
    next_id = 100
    for step in steps:
        if step[0] == "add":
            _, start, length, label = step
            model.layer.insert(Span("doc", "alice", start, start + length, label, id=next_id))
            next_id += 1
        elif step[0] == "remove" and len(model.layer):
            model.layer.remove(model.layer.span_at(step[1] % len(model.layer)))
        elif step[0] == "decide" and suggestions:
            target = suggestions[step[1] % len(suggestions)].id
            assert target is not None
            old = decisions.get(target)
            if step[2] is None:
                decisions.pop(target, None)
            else:
                decisions[target] = step[2]
            model.apply_changes(Changes(decisions=((target, "doc", "alice", old, step[2]),)))
        expected = sorted(shown(suggestions, decisions, model.layer.spans()), key=order)
        assert model.shown() == expected
