"""Suggestion operations on a real project file: accepting puts the span (and a quote's
speaker with its `source` relation) into the annotator's layer and records the decision,
rejecting hides it, both undo through `apply(inverse)`; runs of the suggesters keep ids and
decisions; the store refuses suggestions that do not fit, writing nothing."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span, Status, Suggestion
from annotator.core.suggest.pipeline import SuggestConfig
from annotator.ops import spans as span_ops
from annotator.ops import suggestions as ops
from annotator.ops.spans import apply
from annotator.ops.suggest_runs import suggest_project
from annotator.store.project import Project

#       0         1         2         3         4         5
#       0123456789012345678901234567890123456789012345678901234567
TEXT = "“We are ready to talk,” John Kerry said. Lavrov met Kerry."
QUOTE_AT = (1, 21)  # We are ready to talk
KERRY = (24, 34)  # John Kerry
LAVROV = (41, 47)


def quote(speaker: tuple[int, int] | None = KERRY, fragments=()) -> Suggestion:
    return Suggestion("d", *QUOTE_AT, "QUOTE", ("quotes",), fragments, speaker)


def actor(at: tuple[int, int], by: tuple[str, ...] = ("actors",)) -> Suggestion:
    return Suggestion("d", *at, "ACTOR", by)


@pytest.fixture
def suggested(project: Project) -> dict[str, Suggestion]:
    """The document with a quote (speaker John Kerry), John Kerry, and Lavrov suggested."""
    project.add_document(Document("d", TEXT, "Kerry"))
    project.store_suggestions("d", [quote(), actor(KERRY, ("speakers", "actors")), actor(LAVROV)])
    stored = {project.document("d").text[s.start : s.end]: s for s in project.suggestions("d")}
    assert set(stored) == {"We are ready to talk", "John Kerry", "Lavrov"}
    return stored


def layer(project: Project, annotator: str = "alice") -> list[tuple[str, str]]:
    text = project.document("d").text
    return [(text[s.start : s.end], s.label) for s in project.spans("d", annotator)]


def test_accepting_a_quote_adds_its_speaker_and_the_source_relation(project, suggested):
    picked = suggested["We are ready to talk"]
    changes = ops.accept_suggestion(project, picked.id, "alice")
    assert layer(project) == [("We are ready to talk", "QUOTE"), ("John Kerry", "ACTOR")]
    (link,) = project.relations("d", "alice")
    spans = {s.label: s for s in project.spans("d", "alice")}
    assert (link.head_span_id, link.tail_span_id, link.label) == (
        spans["QUOTE"].id,
        spans["ACTOR"].id,
        "source",
    )
    assert changes.relations_added == (link,)
    assert set(changes.spans_added) == set(spans.values())
    # The quote and its speaker's own suggestion are both recorded accepted, for alice only.
    kerry = suggested["John Kerry"]
    assert project.suggestion_decisions("d", "alice") == {
        picked.id: "accepted",
        kerry.id: "accepted",
    }
    assert project.suggestion_decisions("d", "bob") == {}
    assert {(i, old, new) for i, _, _, old, new in changes.decisions} == {
        (picked.id, None, "accepted"),
        (kerry.id, None, "accepted"),
    }
    # Alice no longer sees either; bob still sees all three.
    assert [s.id for s in ops.shown_suggestions(project, "d", "alice")] == [suggested["Lavrov"].id]
    assert len(ops.shown_suggestions(project, "d", "bob")) == 3
    # Counted per suggester for `stats`: the quote and speaker accepted, Lavrov open.
    counts = {(name, label): (a, r, o) for name, label, a, r, o in project.suggestion_counts()}
    assert counts[("quotes", "QUOTE")] == (1, 0, 0)
    assert counts[("speakers", "ACTOR")] == (1, 0, 0)
    assert counts[("actors", "ACTOR")] == (1, 0, 1)


def test_undo_of_an_accept_takes_everything_back(project, suggested):
    changes = ops.accept_suggestion(project, suggested["We are ready to talk"].id, "alice")
    assert project.status("d", "alice") == Status.IN_PROGRESS
    apply(project, changes.inverse())
    assert layer(project) == [] and project.relations("d", "alice") == []
    assert project.suggestion_decisions("d", "alice") == {}
    assert len(ops.shown_suggestions(project, "d", "alice")) == 3
    # Redo puts it all back, under the same ids.
    apply(project, changes)
    assert project.relations("d", "alice") == list(changes.relations_added)
    apply(project, changes.inverse())
    assert layer(project) == [] and project.suggestion_decisions("d", "alice") == {}
    assert project.status("d", "alice") == Status.NEW


def test_accepting_uses_the_speaker_span_the_layer_has(project, suggested):
    mine = span_ops.add_span(project, Span("d", "alice", *KERRY, "ACTOR")).spans_added[0]
    changes = ops.accept_suggestion(project, suggested["We are ready to talk"].id, "alice")
    assert [s.label for s in changes.spans_added] == ["QUOTE"]
    (link,) = project.relations("d", "alice")
    assert link.tail_span_id == mine.id


def test_accept_without_a_relation_type_from_quote_to_actor(project, suggested):
    project.remove_relation_type("source")
    changes = ops.accept_suggestion(project, suggested["We are ready to talk"].id, "alice")
    assert layer(project) == [("We are ready to talk", "QUOTE"), ("John Kerry", "ACTOR")]
    assert changes.relations_added == () and project.relations("d", "alice") == []


def test_a_split_quote_is_accepted_in_its_fragments(project):
    project.add_document(Document("d", TEXT, "Kerry"))
    project.store_suggestions("d", [quote(None, ((1, 8), (17, 21)))])
    (split,) = project.suggestions("d")
    ops.accept_suggestion(project, split.id, "alice")
    (span,) = project.spans("d", "alice")
    assert span.fragments == ((1, 8), (17, 21))


def test_accept_label_accepts_what_the_annotator_sees_of_one_label(project, suggested):
    span_ops.add_span(project, Span("d", "alice", 41, 44, "ACTOR"))  # overlaps Lavrov
    changes = ops.accept_label(project, "d", "alice", "ACTOR")
    assert layer(project) == [("John Kerry", "ACTOR"), ("Lav", "ACTOR")]
    assert [s.label for s in changes.spans_added] == ["ACTOR"]
    assert project.suggestion_decisions("d", "alice") == {suggested["John Kerry"].id: "accepted"}
    apply(project, changes.inverse())
    assert layer(project) == [("Lav", "ACTOR")]
    assert ops.accept_label(project, "d", "alice", "EVENT").spans_added == ()


def test_accept_label_reads_the_document_once(project, suggested, monkeypatch):
    # What it read to know what the annotator sees serves the accepting too (each read of
    # a 1 MB article's layer is tens of ms).
    reads: list[str] = []
    for name in ("spans", "spans_over", "suggestions", "suggestion_decisions"):
        method = getattr(project, name)

        def counted(*args, _method=method, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            reads.append(_name)
            return _method(*args, **kwargs)

        monkeypatch.setattr(project, name, counted)
    changes = ops.accept_label(project, "d", "alice", "QUOTE")
    assert {s.label for s in changes.spans_added} == {"QUOTE", "ACTOR"}
    assert sorted(reads) == ["spans", "suggestion_decisions", "suggestions"]


def test_reject_hides_it_from_that_annotator_and_undo_shows_it_again(project, suggested):
    lavrov = suggested["Lavrov"]
    changes = ops.reject_suggestion(project, lavrov.id, "alice")
    assert changes.decisions == ((lavrov.id, "d", "alice", None, "rejected"),)
    assert changes.touches("d", "alice") and not changes.touches("d", "bob")
    assert lavrov.id not in {s.id for s in ops.shown_suggestions(project, "d", "alice")}
    assert layer(project) == []
    assert ops.reject_suggestion(project, lavrov.id, "alice").decisions == ()  # once
    apply(project, changes.inverse())
    assert project.suggestion_decisions("d", "alice") == {}
    with pytest.raises(AnnotatorError, match="no longer exists"):
        ops.reject_suggestion(project, 9999, "alice")


def test_a_span_of_the_annotator_hides_a_suggestion(project, suggested):
    # Same label overlapping, or any label with the very bounds: hidden.
    span_ops.add_span(project, Span("d", "alice", 0, 10, "QUOTE"))
    span_ops.add_span(project, Span("d", "alice", *LAVROV, "EVENT"))
    seen = [s.label for s in ops.shown_suggestions(project, "d", "alice")]
    assert seen == ["ACTOR"]  # John Kerry only
    # An ACTOR inside one of their quotes is still shown.
    span_ops.add_span(project, Span("d", "bob", 22, 40, "QUOTE"))
    assert len(ops.shown_suggestions(project, "d", "bob")) == 3


def test_suggesting_again_keeps_ids_and_decisions_and_stales_what_is_gone(project, suggested):
    kerry, lavrov = suggested["John Kerry"], suggested["Lavrov"]
    ops.reject_suggestion(project, lavrov.id, "alice")
    # A new run: John Kerry again (with another suggester), Lavrov no longer, Kerry new.
    project.store_suggestions("d", [actor(KERRY), actor((52, 57))])
    now = {s.start: s for s in project.suggestions("d")}
    assert set(now) == {KERRY[0], 52}
    assert now[KERRY[0]].id == kerry.id and now[KERRY[0]].suggesters == ("actors",)
    # The undecided quote is gone; rejected Lavrov stays, stale: not current, still counted.
    assert project.suggestion(lavrov.id).start == LAVROV[0]
    assert project.suggestion_decisions("d", "alice") == {lavrov.id: "rejected"}
    counts = {(name, label): (a, r, o) for name, label, a, r, o in project.suggestion_counts()}
    assert counts[("actors", "ACTOR")] == (0, 1, 2)
    assert ("quotes", "QUOTE") not in counts
    # Made again later: the stale row is current again, with its decision.
    project.store_suggestions("d", [actor(LAVROV)])
    (again,) = project.suggestions("d")
    assert again.id == lavrov.id
    assert lavrov.id not in {s.id for s in ops.shown_suggestions(project, "d", "alice")}


def test_undoing_the_last_decision_on_a_stale_suggestion_lets_it_go(project, suggested):
    lavrov = suggested["Lavrov"]
    changes = ops.reject_suggestion(project, lavrov.id, "alice")
    project.store_suggestions("d", [])
    assert project.suggestion(lavrov.id).id == lavrov.id  # stale, kept for its decision
    project.decide_suggestion(lavrov.id, "alice", None)
    with pytest.raises(AnnotatorError, match="no longer exists"):
        project.suggestion(lavrov.id)
    apply(project, changes.inverse())  # nothing left to undo the decision of
    assert project.suggestion_decisions("d", "alice") == {}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Suggestion("d", 5, 5, "ACTOR", ("actors",)), "suggestion"),
        (Suggestion("d", 50, 99, "ACTOR", ("actors",)), "suggestion"),
        (Suggestion("d", 1, 21, "QUOTE", ("quotes",), speaker=(50, 90)), "suggestion"),
        (Suggestion("d", 1, 21, "QUOTE", ("quotes",), ((1, 8), (5, 21))), "suggestion"),
        (Suggestion("other", 1, 21, "QUOTE", ("quotes",)), "another document"),
    ],
)
def test_store_suggestions_refuses_what_does_not_fit_and_writes_nothing(
    project, suggested, dump, project_path, bad, message
):
    before = dump(project_path)
    with pytest.raises(AnnotatorError, match=message):
        project.store_suggestions("d", [actor(KERRY), bad])
    assert dump(project_path) == before


def test_store_suggestions_for_a_missing_document(project):
    with pytest.raises(AnnotatorError, match="no document with id 'nowhere'"):
        project.store_suggestions("nowhere", [])


def test_decide_refuses_an_unknown_decision(project, suggested):
    with pytest.raises(AnnotatorError, match="unknown decision"):
        project.decide_suggestion(suggested["Lavrov"].id, "alice", "maybe")


def test_a_run_of_the_suggesters_uses_the_projects_names(project):
    project.add_document(Document("d", TEXT, "Kerry"))
    project.add_document(Document("e", "Lavrov and Kerry arrived.", "Lavrov"))
    span_ops.add_span(project, Span("d", "alice", *LAVROV, "ACTOR"))
    assert "Lavrov" in ops.known_names(project)
    project.add_gazetteer([("Kerry", ""), ("Sergei Lavrov", "Lavrov")])
    assert ops.known_names(project) == ["Kerry", "Lavrov", "Sergei Lavrov"]
    config = ops.suggest_config(project, ("actors",))
    assert isinstance(config, SuggestConfig) and config.actors is not None
    changes = suggest_project(project, ["e"], ("actors",)).changes
    assert changes.suggestions == ("e",) and not changes.spans_added
    text = project.document("e").text
    found = [(text[s.start : s.end], s.label, s.suggesters) for s in project.suggestions("e")]
    assert found == [("Lavrov", "ACTOR", ("actors",)), ("Kerry", "ACTOR", ("actors",))]
    assert project.suggestions("d") == []


def test_a_run_leaves_out_what_the_project_has_no_label_for(project):
    project.add_document(Document("d", TEXT, "Kerry"))
    for kind in project.relation_types():
        project.remove_relation_type(kind.name)
    project.remove_label("ACTOR")
    suggest_project(project, ["d"], ("quotes", "speakers"))
    (only,) = project.suggestions("d")
    assert (only.label, only.speaker) == ("QUOTE", None)
    skipped: Counter[str] = Counter()
    found = [quote(), actor(KERRY)]
    assert list(ops.fitting(found, {"QUOTE"}, skipped)) == [quote(None)]
    assert skipped == {"ACTOR": 1}


def test_a_quote_is_linked_to_the_annotators_overlapping_actor_not_a_second_one(project, suggested):
    # alice tagged "Kerry" of "John Kerry": accepting the quote links to her span
    mine = span_ops.add_span(project, Span("d", "alice", 29, 34, "ACTOR")).spans_added[0]
    changes = ops.accept_suggestion(project, suggested["We are ready to talk"].id, "alice")
    assert [s.label for s in changes.spans_added] == ["QUOTE"]
    assert layer(project) == [("We are ready to talk", "QUOTE"), ("Kerry", "ACTOR")]
    (link,) = project.relations("d", "alice")
    assert link.tail_span_id == mine.id


def test_redo_of_an_accept_whose_suggestion_went_meanwhile(project, suggested):
    lavrov = suggested["Lavrov"]
    changes = ops.accept_suggestion(project, lavrov.id, "alice")
    project.store_suggestions("d", [])  # a later run no longer makes it: stale, decided
    apply(project, changes.inverse())  # undo: the decision goes, and the stale row with it
    assert layer(project) == []
    with pytest.raises(AnnotatorError):
        project.suggestion(lavrov.id)
    apply(project, changes)  # redo: the span comes back; nothing is left to decide on
    assert layer(project) == [("Lavrov", "ACTOR")]
    apply(project, changes.inverse())
    assert layer(project) == []
