"""The open suggestions as export layers, read from a real project file: one layer per
document that has any, in project order, a quote linked to its speaker (whose span is there
even when someone decided on its own suggestion), nothing decided or stale."""

from __future__ import annotations

from annotator.core.formats.base import Report
from annotator.core.model import Document, Suggestion
from annotator.store.exporter import export_formatted
from annotator.store.project import Project
from annotator.store.suggestion_export import SUGGESTIONS_ANNOTATOR, SuggestionExport

TEXT = "“We are ready to talk,” John Kerry said. Lavrov met Kerry."
QUOTE_AT, KERRY, LAVROV = (1, 21), (24, 34), (41, 47)


def fill(project: Project) -> dict[str, Suggestion]:
    for doc_id in ("b", "a", "empty"):  # project order: b, a, empty
        project.add_document(Document(doc_id, TEXT, doc_id))
    for doc_id in ("a", "b"):
        project.store_suggestions(
            doc_id,
            [
                Suggestion(doc_id, *QUOTE_AT, "QUOTE", ("quotes",), speaker=KERRY),
                Suggestion(doc_id, *KERRY, "ACTOR", ("speakers",)),
                Suggestion(doc_id, *LAVROV, "ACTOR", ("actors",)),
            ],
        )
    return {f"{s.document_id}{s.start}": s for d in ("a", "b") for s in project.suggestions(d)}


def layers(project: Project, labels=None, report=None) -> list[tuple[str, list, list]]:
    exported = SuggestionExport(project, labels, report)
    result = []
    for document in exported.documents():
        (layer,) = document.layers
        assert (layer.annotator, layer.status) == (SUGGESTIONS_ANNOTATOR, None)
        spans = [(document.text[s.start : s.end], s.label) for s in layer.spans]
        links = [(spans[r.head][0], r.label, spans[r.tail][0]) for r in layer.relations]
        result.append((document.id, spans, links))
    assert exported.relations == sum(len(links) for _, _, links in result)
    return result


def test_one_layer_per_document_with_open_suggestions_in_project_order(project):
    fill(project)
    assert layers(project) == [
        (
            doc_id,
            [("We are ready to talk", "QUOTE"), ("John Kerry", "ACTOR"), ("Lavrov", "ACTOR")],
            [("We are ready to talk", "source", "John Kerry")],
        )
        for doc_id in ("b", "a")
    ]


def test_decided_suggestions_are_not_open_but_a_speaker_keeps_its_span(project):
    held = fill(project)
    project.decide_suggestion(held[f"a{KERRY[0]}"].id, "alice", "accepted")
    project.decide_suggestion(held[f"a{LAVROV[0]}"].id, "bob", "rejected")
    project.decide_suggestion(held[f"b{QUOTE_AT[0]}"].id, "bob", "rejected")
    project.store_suggestions("b", [Suggestion("b", *LAVROV, "ACTOR", ("actors",))])
    assert layers(project) == [
        ("b", [("Lavrov", "ACTOR")], []),  # the rejected quote is stale now
        (
            "a",
            [("We are ready to talk", "QUOTE"), ("John Kerry", "ACTOR")],
            [("We are ready to talk", "source", "John Kerry")],
        ),
    ]


def test_labels_choose_and_a_speaker_needs_actor_chosen(project):
    fill(project)
    assert layers(project, {"QUOTE"})[0][1:] == ([("We are ready to talk", "QUOTE")], [])
    assert layers(project, {"EVENT"}) == []


def test_without_a_relation_type_from_quote_to_actor_the_links_are_counted(project):
    fill(project)
    project.remove_relation_type("source")
    report = Report()
    assert all(links == [] for _, _, links in layers(project, report=report))
    assert report.notes == [
        "2 quote-speaker link(s) left out: the project has no relation type from QUOTE to ACTOR"
    ]


def test_export_formatted_with_suggestions_writes_only_them(project, tmp_path):
    fill(project)
    report = export_formatted(project, "jsonl", tmp_path / "s.jsonl", suggestions=True)
    assert (report.documents, report.layers, report.spans) == (2, 2, 6)
    assert '"annotator": "suggestions"' in (tmp_path / "s.jsonl").read_text(encoding="utf-8")
