"""The store interface's contract, run against both implementations: a SQLite file and a
shared PostgreSQL database (a real server, scripts/ensure-postgres). What one store does,
the other does the same way: same results, same order, same refusals with nothing
written, and an export of the same work is the same byte for byte."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Relation, Span, Status, Suggestion
from annotator.ops import relations as relation_ops
from annotator.ops import spans as span_ops
from annotator.ops.spans import apply
from annotator.store.exporter import export_jsonl
from annotator.store.interface import ProjectStore
from annotator.store.locations import create_any, open_any
from tests.helpers.projects import fill_tricky

TEXT = "Kerry said: we will talk. Élysée answered."


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path: Path) -> Iterator[ProjectStore]:
    name = (
        str(tmp_path / "p.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    )
    with create_any(name) as project:
        yield project


@pytest.fixture
def doc(store: ProjectStore) -> str:
    store.add_document(Document("d", TEXT, "Kerry", {"n": [1, 2.5], "é": "ü"}))
    return "d"


def test_labels_relation_types_and_annotators(store):
    assert [label.name for label in store.labels()] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
    assert [kind.name for kind in store.relation_types()] == ["source", "claimant", "participant"]
    assert store.ensure_annotator(" alice ") == "alice" and store.annotators() == ["alice"]


def test_documents_round_trip_exactly(store, doc):
    nul = Document("n", "a\x00b\r\n😀\u2028", "nul", {})
    store.add_document(nul)
    assert store.document("d") == Document("d", TEXT, "Kerry", {"n": [1, 2.5], "é": "ü"})
    assert store.document("n") == nul and store.document_length("n") == len(nul.text)
    assert store.document_count() == 2 and store.document_seq("d") < store.document_seq("n")
    store.set_meta("d", {"x": 1}, "New title")
    assert store.document("d").meta == {"x": 1} and store.document("d").title == "New title"
    with pytest.raises(AnnotatorError, match="no document with id 'zz'"):
        store.document("zz")


def test_the_document_list_filters_alike(store, doc):
    store.add_document(Document("e2", "x", "ÉLYSÉE report"))
    store.add_span(Span("e2", "alice", 0, 1, "ACTOR"))
    seqs = store.document_seqs("alice", title_contains="élysée")
    assert [s.id for s in store.summaries_of(seqs, "alice")] == ["e2"]
    assert [s.id for s in store.summaries("alice", Status.NEW)] == ["d"]
    row = store.summary("e2", "alice")
    assert (row.status, row.span_count) == (Status.IN_PROGRESS, 1)


def test_spans_with_fragments_notes_and_refusals(store, doc):
    actor = store.add_span(Span("d", "alice", 0, 5, "ACTOR", "first"))
    quote = store.add_span(Span("d", "alice", 12, 24, "QUOTE", fragments=((12, 14), (20, 24))))
    assert store.spans("d", "alice") == [actor, quote] and store.span(quote.id) == quote
    assert store.status("d", "alice") == Status.IN_PROGRESS
    with pytest.raises(AnnotatorError, match="already has the span"):
        store.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    with pytest.raises(AnnotatorError, match="unknown label"):
        store.add_span(Span("d", "alice", 0, 5, "PLACE"))
    with pytest.raises(AnnotatorError, match="overlaps"):
        store.add_span(Span("d", "alice", 0, 9, "EVENT", fragments=((0, 5), (4, 9))))
    assert store.spans("d", "alice") == [actor, quote]
    changed = store.update_span(actor.id, label="CLAIM", note=None)
    assert changed.label == "CLAIM" and changed.note is None
    assert store.merge_layer("d", "bob", [Span("d", "bob", 0, 5, "ACTOR", "n")] * 2, None) == (1, 1)


def test_relations_and_undo_through_operations(store, doc):
    actor = span_ops.add_span(store, Span("d", "alice", 0, 5, "ACTOR")).spans_added[0]
    quote = span_ops.add_span(store, Span("d", "alice", 12, 24, "QUOTE")).spans_added[0]
    link = relation_ops.add_relation(store, Relation("d", "alice", quote.id, actor.id, "source"))
    (relation,) = link.relations_added
    with pytest.raises(AnnotatorError, match="already has the relation"):
        store.add_relation(Relation("d", "alice", quote.id, actor.id, "source"))
    deleted = span_ops.delete_span(store, actor.id)
    assert deleted.relations_removed == (relation,) and store.relations("d", "alice") == []
    apply(store, deleted.inverse())  # the span comes back with its relation, same ids
    assert store.span(actor.id) == actor and store.relations("d", "alice") == [relation]
    moved = span_ops.move_span(store, quote.id, 12, 14)
    apply(store, moved.inverse())
    assert store.span(quote.id) == quote
    assert store.relation_counts() == {"alice": 1}


def test_statuses(store, doc):
    assert store.status("d", "alice") == Status.NEW
    store.set_status("d", "alice", Status.DONE)
    assert store.statuses_of("alice") == {"d": Status.DONE}
    assert list(store.counted_layers(["alice"])) == [("d", "alice")]
    assert store.annotators_with_layers() == ["alice"]


def test_a_refused_write_inside_a_transaction_leaves_nothing(store, doc):
    with pytest.raises(AnnotatorError), store.transaction():
        store.add_span(Span("d", "alice", 0, 5, "ACTOR"))
        store.add_span(Span("d", "alice", 0, 99, "ACTOR"))
    assert store.spans("d", "alice") == []


def test_the_change_token_counts_other_connections_only(store, doc):
    other = store.reopen()
    try:
        token = store.change_token()
        store.add_span(Span("d", "alice", 0, 5, "ACTOR"))  # our own write
        assert store.change_token() == token
        other.add_span(Span("d", "bob", 0, 5, "ACTOR"))
        assert store.change_token() != token
    finally:
        other.close()


def test_the_bulk_reads_agree_between_stores(tmp_path: Path, pg_url: str):
    exports = []
    for name in (str(tmp_path / "p.db"), pg_url):
        with create_any(name) as project:
            fill_tricky(project)
            rows = {
                "arrays": [
                    (seq, a, sorted(json.loads(array)))
                    for seq, a, array in project.layer_span_arrays()
                ],
                "notes": sorted(project.span_notes()),  # by seq, in no set order within
                "statuses": list(project.layer_statuses()),
                "triples": list(project.span_triples(["alice", "bob"], ["ACTOR", "QUOTE"])),
                "lengths": list(project.document_lengths()),
                "stats": {k: v for k, v in project.stats().items() if k != "project"},
            }
            target = tmp_path / f"export-{len(exports)}.jsonl"
            export_jsonl(project, target)
            exports.append((rows, target.read_bytes()))
    assert exports[0][0] == exports[1][0]
    assert exports[0][1] == exports[1][1]


def test_open_any_refuses_a_database_without_a_project(pg_url):
    from annotator.core.errors import ProjectError

    with pytest.raises(ProjectError, match="holds no annotator project"):
        open_any(pg_url)


def test_undo_never_crosses_another_connection_s_commit(store, doc):
    from annotator.ops.history import History, HistoryLost

    history = History()
    token = store.change_token()
    history.push("Add ACTOR", span_ops.add_span(store, Span("d", "alice", 0, 5, "ACTOR")), token)
    other = store.reopen()
    try:
        other.add_span(Span("d", "bob", 12, 24, "QUOTE"))
    finally:
        other.close()
    with pytest.raises(HistoryLost):
        history.undo(store)
    assert [s.label for s in store.spans("d", "alice")] == ["ACTOR"]  # nothing was undone
    assert not history.can_undo()


def test_label_and_relation_type_edits_and_their_undo(store, doc):
    from annotator.ops import labels as label_ops

    actor = store.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    quote = store.add_span(Span("d", "alice", 12, 24, "QUOTE"))
    store.add_relation(Relation("d", "alice", quote.id, actor.id, "source"))
    renamed = label_ops.rename_label(store, "ACTOR", "PERSON")
    assert store.span(actor.id).label == "PERSON"
    kinds = {kind.name: kind for kind in store.relation_types()}
    assert kinds["source"].tail_labels == ("PERSON",)
    typed = label_ops.update_relation_type(store, "source", name="speaker")
    assert [r.label for r in store.relations("d", "alice")] == ["speaker"]
    label_ops.order_labels(store, ["CLAIM", "QUOTE", "EVENT", "PERSON"])
    assert [label.name for label in store.labels()] == ["CLAIM", "QUOTE", "EVENT", "PERSON"]
    label_ops.add_new_label(store, "PLACE")
    place = store.add_span(Span("d", "alice", 26, 32, "PLACE"))
    with pytest.raises(AnnotatorError, match="1 span has the label PLACE"):
        label_ops.remove_label(store, "PLACE")
    removed = label_ops.remove_label(store, "PLACE", force=True)
    assert [s.label for s in store.spans("d", "alice")] == ["PERSON", "QUOTE"]
    for changes in (removed, typed, renamed):
        apply(store, changes.inverse())
    assert store.span(place.id) == place and store.span(actor.id) == actor
    assert [r.label for r in store.relations("d", "alice")] == ["source"]


@pytest.mark.parametrize(
    "typed", ["Kerry", "kerr*", '"Kerry met"', "ELYSEE", "Lavrov Kerry", "克里", "U.S.", "zzz"]
)
def test_search_finds_the_same_hits_in_both_stores(tmp_path: Path, pg_url: str, typed: str):
    from annotator.core.search import parse_query

    results = []
    for name in (str(tmp_path / "p.db"), pg_url):
        with create_any(name) as project:
            fill_tricky(project)
            project.add_document(Document("e", "Élysée: Kerry met U.S. envoys. kerry!", "e"))
            result = project.search(parse_query(typed))
            results.append(
                ([(h.document_id, h.start, h.end, h.match) for h in result.hits], result.documents)
            )
    assert results[0] == results[1]


def test_assignment_queue_progress_and_a_package_round_trip(store, tmp_path: Path):
    from annotator.ops.assignments import assign, unassign
    from annotator.ops.packages import merge_packages
    from annotator.store.packages import write_package
    from annotator.store.progress import progress_report

    for number in range(6):
        store.add_document(Document(f"n{number}", f"Kerry met Lavrov, day {number}.", f"n{number}"))
    assign(store, ["alice", "bob", "carol"], 2, seed=3)
    rows = store.assignment_rows()
    assert len(rows) == 12 and {a for _, a, _ in rows} == {"alice", "bob", "carol"}
    first = store.assignment_rows("alice")[0][0]
    store.set_status(first, "alice", Status.DONE)
    assert store.queue_counts("alice") == (1, 4)
    assert len(store.queue_seqs("alice")) == 3
    report = progress_report(store)
    assert list(report["annotators"]) == ["alice", "bob", "carol"]
    assert report["annotators"]["alice"]["done"] == 1
    unassign(store, [store.assignment_rows("bob")[-1][0]], ["bob"])
    assert len(store.assignment_rows("bob")) == 3
    package = tmp_path / "alice.db"
    write_package(store, "alice", package)
    with open_any(package) as offline:  # alice works offline
        doc_id = offline.assignment_rows("alice")[1][0]
        offline.add_span(Span(doc_id, "alice", 0, 5, "ACTOR"))
    merge_packages(store, [package])
    assert [(s.start, s.end) for s in store.spans(doc_id, "alice")] == [(0, 5)]
    again, _ = merge_packages(store, [package])  # twice: nothing more
    assert not again.spans_added


def test_the_agreement_report_is_the_same_on_both_stores(tmp_path: Path, pg_url: str):
    from annotator.store.agreement import agreement_report

    reports = []
    for name in (str(tmp_path / "p.db"), pg_url):
        with create_any(name) as project:
            fill_tricky(project)
            for who in ("alice", "bob"):
                spans = project.spans("doc-emoji", who)
                quotes = [s for s in spans if s.label == "QUOTE"]
                actors = [s for s in spans if s.label == "ACTOR"]
                if quotes and actors:
                    project.add_relation(
                        Relation("doc-emoji", who, quotes[0].id, actors[0].id, "source")
                    )
                project.set_status("doc-emoji", who, Status.DONE)
            reports.append(agreement_report(project, ["alice", "bob"]))
    assert reports[0] == reports[1]


def test_copy_keeps_the_team_state(store, tmp_path: Path):
    from annotator.ops.assignments import assign
    from annotator.store.transfer import copy_store

    for number in range(4):
        store.add_document(Document(f"n{number}", f"Kerry met Lavrov, day {number}.", f"n{number}"))
    assign(store, ["alice", "bob"], 1, seed=1)
    store.set_merge_bases("pkg-1", [("n0", '{"spans": [], "relations": [], "status": null}')])
    copy_store(store, tmp_path / "copy.db")
    with open_any(tmp_path / "copy.db") as copy:
        assert copy.assignment_rows() == store.assignment_rows()
        assert copy.project_info("project_id") == store.project_info("project_id")
        assert copy.merge_sources() == ["pkg-1"]
        assert copy.merge_bases("pkg-1") == store.merge_bases("pkg-1")


# -- suggestions ---------------------------------------------------------------------------

SAID = "“We are ready,” Kerry said, “to talk.” 😀 Lavrov\x00 agreed with Kerry."


def _suggested(project: ProjectStore) -> list[Suggestion]:
    """A document with a split quote (and its speaker), two actors, and a shorter quote
    at the split one's start (an emoji and a NUL in the text: offsets in code points)."""
    project.add_document(Document("s", SAID, "said"))
    kerry = (SAID.index("Kerry"), SAID.index("Kerry") + 5)
    lavrov = (SAID.index("Lavrov"), SAID.index("Lavrov") + 6)
    quote = Suggestion("s", 1, 37, "QUOTE", ("quotes", "speakers"), ((1, 14), (29, 37)), kerry)
    made = [
        quote,
        Suggestion("s", *kerry, "ACTOR", ("actors", "speakers")),
        Suggestion("s", *lavrov, "ACTOR", ("actors",)),
        Suggestion("s", 1, 14, "QUOTE", ("spacy",)),  # same start as the split quote
    ]
    assert project.store_suggestions("s", made) == 4
    return project.suggestions("s")  # short quote, split quote, Kerry, Lavrov


def test_suggestions_are_stored_in_text_order_with_ids(store):
    listed = _suggested(store)
    assert [(s.label, s.start, s.end, s.fragments) for s in listed] == [
        ("QUOTE", 1, 14, ()),
        ("QUOTE", 1, 37, ((1, 14), (29, 37))),
        ("ACTOR", 16, 21, ()),
        ("ACTOR", 41, 47, ()),
    ]
    quote = listed[1]
    assert quote.suggesters == ("quotes", "speakers") and quote.speaker == (16, 21)
    assert all(s.id is not None for s in listed) and len({s.id for s in listed}) == 4
    assert store.suggestion(quote.id) == quote
    assert store.suggestions("zz") == []


def test_a_new_run_keeps_ids_and_decisions_and_stale_ones_that_were_decided(store):
    short, quote, kerry, lavrov = _suggested(store)
    store.decide_suggestion(kerry.id, "alice", "accepted")
    store.decide_suggestion(short.id, "bob", "rejected")
    store.decide_suggestion(short.id, "alice", "accepted")
    store.decide_suggestion(short.id, "alice", "rejected")  # a second thought replaces it
    again = [
        Suggestion("s", kerry.start, kerry.end, "ACTOR", ("actors",)),
        Suggestion("s", 60, 65, "ACTOR", ("actors",)),
    ]
    assert store.store_suggestions("s", again) == 2
    now_held = store.suggestions("s")
    assert [(s.start, s.suggesters) for s in now_held] == [(16, ("actors",)), (60, ("actors",))]
    assert now_held[0].id == kerry.id  # made again: same id, its decisions kept
    assert store.suggestion_decisions("s", "alice") == {kerry.id: "accepted", short.id: "rejected"}
    assert store.suggestion_decisions("s", "bob") == {short.id: "rejected"}
    assert store.suggestion(short.id).start == 1  # stale: decided on, kept for the counts
    for gone in (quote.id, lavrov.id):  # nobody decided: gone
        with pytest.raises(AnnotatorError, match="no longer exists"):
            store.suggestion(gone)
    store.decide_suggestion(short.id, "alice", None)
    store.decide_suggestion(short.id, "bob", None)  # the last decision on a stale one: gone
    with pytest.raises(AnnotatorError, match="no longer exists"):
        store.suggestion(short.id)
    assert store.suggestion_decisions("s", "bob") == {}


def test_a_suggestion_given_twice_is_stored_once_with_the_last_values(store):
    _, _, kerry, lavrov = _suggested(store)
    twice = [
        Suggestion("s", 60, 65, "ACTOR", ("actors",)),
        Suggestion("s", *kerry.pieces[0], "ACTOR", ("spacy",)),
        Suggestion("s", 60, 65, "ACTOR", ("spacy",)),
        Suggestion("s", *kerry.pieces[0], "ACTOR", ("actors",)),
    ]
    assert store.store_suggestions("s", twice) == 2
    listed = store.suggestions("s")
    assert [(s.start, s.suggesters) for s in listed] == [(16, ("actors",)), (60, ("spacy",))]
    assert listed[0].id == kerry.id and listed[1].id > lavrov.id


def test_suggestion_refusals_leave_nothing_written(store):
    _suggested(store)
    before = store.suggestions("s")
    for bad, reason in (
        (Suggestion("s", 0, 999, "ACTOR", ("actors",)), "suggestion"),
        (Suggestion("s", 5, 5, "ACTOR", ("actors",)), "suggestion"),
        (Suggestion("s", 1, 9, "QUOTE", ("quotes",), speaker=(3, 400)), "suggestion"),
        (Suggestion("d", 0, 5, "ACTOR", ("actors",)), "is for another document"),
    ):
        with pytest.raises(AnnotatorError, match=reason):
            store.store_suggestions("s", [Suggestion("s", 60, 65, "ACTOR", ("actors",)), bad])
    with pytest.raises(AnnotatorError, match="no document with id 'zz'"):
        store.store_suggestions("zz", [])
    with pytest.raises(AnnotatorError, match="unknown decision"):
        store.decide_suggestion(before[0].id, "alice", "maybe")
    with pytest.raises(AnnotatorError, match="no longer exists"):
        store.decide_suggestion(10_000, "alice", "accepted")
    assert store.suggestions("s") == before and store.suggestion_decisions("s", "alice") == {}


def test_suggestion_counts_and_open_suggestions(store, doc):
    short, quote, kerry, lavrov = _suggested(store)
    store.store_suggestions("d", [Suggestion("d", 0, 5, "ACTOR", ("actors", "spacy"))])
    (on_d,) = store.suggestions("d")
    store.decide_suggestion(kerry.id, "alice", "accepted")
    store.decide_suggestion(kerry.id, "bob", "rejected")
    store.decide_suggestion(quote.id, "alice", "accepted")
    store.decide_suggestion(on_d.id, "bob", "rejected")
    store.store_suggestions("d", [])  # decided: stale, still counted, never open
    assert store.suggestion_counts() == [
        ("actors", "ACTOR", 1, 2, 1),
        ("quotes", "QUOTE", 1, 0, 0),
        ("spacy", "ACTOR", 0, 1, 0),
        ("spacy", "QUOTE", 0, 0, 1),
        ("speakers", "ACTOR", 1, 1, 0),
        ("speakers", "QUOTE", 1, 0, 0),
    ]
    assert list(store.open_suggestions()) == [short, lavrov]  # "d" comes first, none open


def test_span_texts_are_cut_by_code_point(store):
    store.add_document(Document("e", "😀 Kerry\x00 met 🇺🇸 Lavrov.", "e"))
    store.add_document(Document("f", "Kerry again, Élysée", "f"))
    for annotator, start, end, label in (
        ("alice", 2, 7, "ACTOR"),
        ("bob", 2, 7, "ACTOR"),  # the same name twice: once
        ("alice", 7, 9, "ACTOR"),  # a NUL inside
        ("bob", 13, 15, "ACTOR"),  # a flag: two code points, eight bytes
        ("bob", 16, 22, "QUOTE"),
    ):
        store.add_span(Span("e", annotator, start, end, label))
    store.add_span(Span("f", "alice", 13, 19, "ACTOR"))
    store.add_span(Span("f", "alice", 0, 11, "ACTOR", fragments=((0, 5), (6, 11))))  # not one
    assert store.span_texts("ACTOR") == ["\x00 ", "Kerry", "Élysée", "🇺🇸"]
    assert store.span_texts("QUOTE") == ["Lavrov"] and store.span_texts("EVENT") == []


def test_spans_over_a_range_are_the_layers_overlapping_it(store):
    store.add_document(Document("e", "Kerry met Lavrov and Putin in Geneva.", "e"))
    kerry = store.add_span(Span("e", "alice", 0, 5, "ACTOR"))
    meeting = store.add_span(Span("e", "alice", 0, 16, "EVENT"))
    lavrov = store.add_span(Span("e", "alice", 10, 16, "ACTOR"))
    store.add_span(Span("e", "bob", 10, 16, "ACTOR"))  # another layer
    split = store.add_span(Span("e", "alice", 21, 37, "CLAIM", fragments=((21, 26), (30, 37))))
    assert store.spans_over("e", "alice", 12, 14) == [meeting, lavrov]
    assert store.spans_over("e", "alice", 5, 10) == [meeting]  # touching is not overlapping
    assert store.spans_over("e", "alice", 27, 29) == [split]  # by its outer bounds
    assert store.spans_over("e", "alice", 0, 37) == store.spans("e", "alice")
    assert store.spans_over("e", "alice", 16, 21) == [] and kerry in store.spans("e", "alice")


def test_span_texts_follow_every_change_of_the_spans(store):
    # the file remembers each document's names: what changed since must still show
    store.add_document(Document("e", "Kerry met Lavrov and Putin.", "e"))
    kerry = store.add_span(Span("e", "alice", 0, 5, "ACTOR"))
    assert store.span_texts("ACTOR") == ["Kerry"]
    store.add_span(Span("e", "bob", 10, 16, "ACTOR"))
    assert store.span_texts("ACTOR") == ["Kerry", "Lavrov"]
    assert kerry.id is not None
    store.delete_span(kerry.id)
    assert store.span_texts("ACTOR") == ["Lavrov"]
    other = store.reopen()  # another connection's span, and a document gone
    try:
        other.add_span(Span("e", "carol", 21, 26, "ACTOR"))
    finally:
        other.close()
    assert store.span_texts("ACTOR") == ["Lavrov", "Putin"]


def test_the_gazetteer(store):
    assert store.gazetteer() == []
    assert store.add_gazetteer([("Kerry", ""), ("John Kerry", "Kerry"), ("Kerry", "")]) == 2
    assert store.add_gazetteer([("Kerry", ""), ("Élysée", ""), ("Lavrov", "Лавров")]) == 2
    assert store.add_gazetteer([]) == 0
    assert store.gazetteer() == [
        ("John Kerry", "Kerry"),
        ("Kerry", ""),
        ("Lavrov", "Лавров"),
        ("Élysée", ""),
    ]


def test_accepting_and_rejecting_through_operations_and_their_undo(store):
    from annotator.ops import suggestions as suggestion_ops

    _, quote, kerry, lavrov = _suggested(store)
    accepted = suggestion_ops.accept_suggestion(store, quote.id, "alice")
    spans = store.spans("s", "alice")
    assert [(s.label, s.start, s.end) for s in spans] == [("QUOTE", 1, 37), ("ACTOR", 16, 21)]
    (relation,) = store.relations("s", "alice")
    assert relation.label == "source"
    assert store.suggestion_decisions("s", "alice") == {quote.id: "accepted", kerry.id: "accepted"}
    rejected = suggestion_ops.reject_suggestion(store, lavrov.id, "bob")
    assert store.suggestion_decisions("s", "bob") == {lavrov.id: "rejected"}
    for changes in (rejected, accepted):
        apply(store, changes.inverse())
    assert store.spans("s", "alice") == [] and store.relations("s", "alice") == []
    assert store.suggestion_decisions("s", "alice") == {}
    assert store.suggestion_decisions("s", "bob") == {}


def test_both_stores_suggest_count_and_export_alike(tmp_path: Path, pg_url: str):
    from annotator.ops.suggest_runs import suggest_project

    results = []
    for name in (str(tmp_path / "p.db"), pg_url):
        with create_any(name) as project:
            fill_tricky(project)
            project.add_document(Document("said", SAID, "said"))
            project.add_gazetteer([("Geneva", "")])
            run = suggest_project(project)
            for number, suggestion in enumerate(project.open_suggestions()):
                if number % 3 == 0:
                    project.decide_suggestion(suggestion.id, "alice", "accepted")
                elif number % 3 == 1:
                    project.decide_suggestion(suggestion.id, "bob", "rejected")
            results.append(
                (
                    (run.documents, run.suggestions),
                    [(*s.key, s.suggesters, s.speaker) for s in project.open_suggestions()],
                    project.suggestion_counts(),
                    project.span_texts("ACTOR"),
                    project.gazetteer(),
                )
            )
    assert results[0] == results[1]
    assert results[0][0][1] > 0  # the suggesters found something to compare
