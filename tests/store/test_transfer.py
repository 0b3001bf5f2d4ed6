"""`annotator copy` carries the suggestions: a file copied into a shared database and back
has the same current suggestions in the same order, the same stale ones kept for their
decisions, every annotator's decisions, the same counts and gazetteer, and exports the
same bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.cli import main
from annotator.core.model import Document, Suggestion
from annotator.ops.suggest_runs import suggest_project
from annotator.store.exporter import export_jsonl
from annotator.store.interface import ProjectStore
from annotator.store.locations import create_any, open_any
from tests.helpers.projects import fill_tricky

SAID = "“We are ready,” Kerry said, “to talk.” 😀 Lavrov\x00 agreed with Kerry in Geneva."


def _suggested_project(path: Path) -> None:
    """Suggestions from the real suggesters, decisions by three annotators, stale ones."""
    with create_any(str(path)) as project:
        fill_tricky(project)
        project.add_document(Document("said", SAID, "said"))
        project.add_gazetteer([("Geneva", ""), ("John Kerry", "Kerry")])
        suggest_project(project)
        split = ((1, 14), (29, 37))
        project.store_suggestions(
            "said",
            [
                *project.suggestions("said"),
                Suggestion("said", 1, 37, "QUOTE", ("quotes",), split, (16, 21)),
                Suggestion("said", 41, 47, "ACTOR", ("spacy", "actors")),
            ],
        )
        for number, suggestion in enumerate(project.open_suggestions()):
            assert suggestion.id is not None
            if number % 5 == 4:
                continue  # left open
            who = ("alice", "bob", "ｃａｒｏｌ 😀")[number % 3]
            project.decide_suggestion(suggestion.id, who, ("accepted", "rejected")[number % 2])
            if number % 4 == 0:
                project.decide_suggestion(suggestion.id, "dora", "rejected")
        for document_id, _, _ in list(project.document_lengths())[::2]:
            project.store_suggestions(document_id, [])  # decided ones stay, stale


def _everything(project: ProjectStore) -> dict[str, Any]:
    """The suggestions as the store holds them, named by their keys (ids are the store's)."""
    documents = [document_id for document_id, _, _ in project.document_lengths()]
    annotators = project.annotators()
    held: dict[str, Any] = {}
    for document_id in documents:
        current = project.suggestions(document_id)
        decisions = {}
        for name in annotators:
            mine = project.suggestion_decisions(document_id, name)
            decisions[name] = sorted(
                (project.suggestion(ident).key, decision) for ident, decision in mine.items()
            )
        stale = {
            project.suggestion(ident).key
            for mine in (project.suggestion_decisions(document_id, n) for n in annotators)
            for ident in mine
        } - {s.key for s in current}
        held[document_id] = (
            [(s.key, s.suggesters, s.speaker) for s in current],
            decisions,
            sorted(stale),
        )
    return {
        "documents": held,
        "open": [(s.key, s.suggesters, s.speaker) for s in project.open_suggestions()],
        "counts": project.suggestion_counts(),
        "gazetteer": project.gazetteer(),
        "names": project.span_texts("ACTOR"),
    }


def test_a_copy_to_a_database_and_back_keeps_suggestions_and_decisions(tmp_path: Path, pg_url: str):
    source, back = tmp_path / "source.db", tmp_path / "back.db"
    _suggested_project(source)
    assert main(["copy", str(source), pg_url]) == 0
    assert main(["copy", pg_url, str(back)]) == 0
    seen, exports = [], []
    for name in (str(source), pg_url, str(back)):
        with open_any(name) as project:
            seen.append(_everything(project))
            target = tmp_path / f"export-{len(exports)}.jsonl"
            export_jsonl(project, target)
            exports.append(target.read_bytes())
    assert seen[0] == seen[1] == seen[2]
    assert exports[0] == exports[1] == exports[2]
    held = seen[0]
    assert any(stale for _, _, stale in held["documents"].values())  # the cases are there
    assert held["open"] and held["gazetteer"] and any(c[2] and c[3] for c in held["counts"])
    assert sum(1 for _, d, _ in held["documents"].values() if d["dora"]) > 1


def test_a_project_without_suggestions_copies_none(tmp_path: Path, pg_url: str):
    source = tmp_path / "source.db"
    with create_any(str(source)) as project:
        fill_tricky(project)
    assert main(["copy", str(source), pg_url]) == 0
    with open_any(pg_url) as copy:
        assert copy.suggestion_counts() == [] and copy.gazetteer() == []
        assert list(copy.open_suggestions()) == []
