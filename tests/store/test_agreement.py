"""Agreement over a real project file: which layers count, names, order."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from annotator.core.agreement import AgreementCancelled, DocumentLayers, compute_agreement
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR, Document, Span, Status
from annotator.store.agreement import (
    agreement_report,
    annotators_with_layers,
    counted_documents,
)
from annotator.store.importer import import_paths
from annotator.store.project import Project, open_project

TEXT = "Mayor Lee told Kim: bridge opens in May."
A = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
B = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]
LABELS = ["ACTOR", "QUOTE", "EVENT", "CLAIM"]


def add_layer(project: Project, doc: str, name: str, spans, status: Status) -> None:
    for start, end, label in spans:
        project.add_span(Span(doc, name, start, end, label))
    project.set_status(doc, name, status)


@pytest.fixture
def filled(project_path: Path) -> Path:
    """Three documents (project order: d3, d1, d2) and four annotators:

    - d3: alice done (A), bob done (B), gold done (A): the only document both finished;
    - d1: alice done (A), bob in progress (B);
    - d2: carol done with no spans, bob in progress (A).
    """
    with open_project(project_path) as project:
        for doc_id in ("d3", "d1", "d2"):
            project.add_document(Document(doc_id, TEXT, f"title {doc_id}"))
        add_layer(project, "d3", "alice", A, Status.DONE)
        add_layer(project, "d3", "bob", B, Status.DONE)
        add_layer(project, "d3", GOLD_ANNOTATOR, A, Status.DONE)
        add_layer(project, "d1", "alice", A, Status.DONE)
        add_layer(project, "d1", "bob", B, Status.IN_PROGRESS)
        add_layer(project, "d2", "carol", [], Status.DONE)
        add_layer(project, "d2", "bob", A, Status.IN_PROGRESS)
    return project_path


def test_only_done_layers_count_and_gold_is_left_out(filled):
    with open_project(filled) as project:
        report = agreement_report(project, per_document=True)
    assert report["annotators"] == ["alice", "bob", "carol"]
    assert report["labels"] == LABELS  # the project's order
    assert report["include_unfinished"] is False
    assert report["documents"] == 1
    assert [d["id"] for d in report["per_document"]] == ["d3"]
    alice_bob = report["pairs"][0]
    assert (alice_bob["a"], alice_bob["b"], alice_bob["documents"]) == ("alice", "bob", 1)
    assert abs(alice_bob["cohen_kappa"] - 757 / 1077) <= 1e-12
    assert [p["documents"] for p in report["pairs"][1:]] == [0, 0]  # carol shares none
    assert math.isnan(report["pairs"][1]["cohen_kappa"])
    assert report["documents_all_annotators"] == 0
    assert math.isnan(report["fleiss_kappa"])  # no document all three finished


def test_counted_layers_read_from_the_file(filled):
    with open_project(filled) as project:
        done = counted_documents(project, ["alice", "bob", "carol"], LABELS)
        every = counted_documents(project, ["alice", "bob", "carol"], LABELS, True)
    assert done == [
        DocumentLayers("d3", "title d3", 40, {"alice": A, "bob": B}),
        DocumentLayers("d1", "title d1", 40, {"alice": A}),
        DocumentLayers("d2", "title d2", 40, {"carol": []}),  # done with no spans counts
    ]
    assert [(d.id, sorted(d.layers)) for d in every] == [
        ("d3", ["alice", "bob"]),
        ("d1", ["alice", "bob"]),
        ("d2", ["bob", "carol"]),
    ]


def test_include_unfinished_counts_every_layer_with_spans(filled):
    with open_project(filled) as project:
        report = agreement_report(project, include_unfinished=True, per_document=True)
    assert report["include_unfinished"] is True
    assert [d["id"] for d in report["per_document"]] == ["d3", "d1", "d2"]
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    assert pairs["alice", "bob"]["documents"] == 2
    assert pairs["bob", "carol"]["documents"] == 1
    # bob marked three spans on d2, carol none: nothing matched, three only on bob's side.
    assert pairs["bob", "carol"]["exact"]["only_a"] == 3
    assert pairs["bob", "carol"]["f1_exact"] == 0.0


def test_gold_counts_when_named(filled):
    with open_project(filled) as project:
        report = agreement_report(project, annotators=["alice", GOLD_ANNOTATOR])
    assert report["annotators"] == ["alice", "gold"]
    assert report["documents"] == 1
    assert report["pairs"][0]["f1_exact"] == 1.0  # gold copied alice on d3


def test_the_report_equals_compute_agreement_on_the_same_layers(filled):
    with open_project(filled) as project:
        report = agreement_report(project, ["bob", "alice"], ["QUOTE", "ACTOR"], True, True)
        docs = counted_documents(project, ["bob", "alice"], ["QUOTE", "ACTOR"], True)
        kinds = [kind.name for kind in project.relation_types()]
    expected = compute_agreement(
        docs, ["bob", "alice"], ["QUOTE", "ACTOR"], per_document=True, relation_labels=kinds
    )
    expected["include_unfinished"] = True
    assert json.dumps(report, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert report["labels"] == ["QUOTE", "ACTOR"]
    assert report["annotators"] == ["bob", "alice"]


def test_imported_layers_count_as_done(project_path, tmp_path):
    lines = [
        {
            "id": "x",
            "text": TEXT,
            "annotator": name,
            "spans": [dict(zip(("start", "end", "label"), s, strict=True)) for s in spans],
        }
        for name, spans in (("alice", A), ("bob", B))
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with open_project(project_path) as project:
        import_paths(project, [path])
        report = agreement_report(project)
    assert report["documents"] == 1
    assert abs(report["krippendorff_alpha"] - 1499 / 2131) <= 1e-12


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"annotators": ["alice", "zed"]},
            "unknown annotator 'zed'; the project has: alice, bob, carol, gold",
        ),
        ({"annotators": ["alice"]}, "agreement needs at least two annotators"),
        ({"annotators": ["alice", "alice"]}, "agreement needs at least two annotators"),
        (
            {"labels": ["ACTOR", "PLACE"]},
            "unknown label 'PLACE'; the project has: ACTOR, QUOTE, EVENT, CLAIM",
        ),
    ],
)
def test_bad_names_say_what_the_project_has(filled, kwargs, message):
    with open_project(filled) as project, pytest.raises(AnnotatorError) as error:
        agreement_report(project, **kwargs)
    assert str(error.value).startswith(message)


def test_an_empty_project_needs_two_annotators(project):
    with pytest.raises(AnnotatorError, match=r"at least two annotators; the project has: \(none\)"):
        agreement_report(project)


def test_texts_are_never_read(filled):
    """An authorizer refuses any read of documents.text: the report still comes out."""
    import sqlite3

    def no_texts(action, table, column, *_):
        if action == sqlite3.SQLITE_READ and (table, column) == ("documents", "text"):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    with open_project(filled) as project:
        project.conn.set_authorizer(no_texts)
        with pytest.raises(sqlite3.DatabaseError):  # the guard works
            project.conn.execute("SELECT text FROM documents").fetchall()
        report = agreement_report(project, include_unfinished=True, per_document=True)
    assert report["documents"] == 3


def test_progress_and_cancel_through_the_store(filled):
    seen = []
    with open_project(filled) as project:
        agreement_report(project, progress=lambda done, total: seen.append((done, total)))
        with pytest.raises(AgreementCancelled):
            agreement_report(project, progress=lambda done, total: False)
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_an_annotator_who_only_opened_the_app_is_left_out_by_default(filled):
    with open_project(filled) as project:
        project.ensure_annotator("curator")  # what opening the app as "curator" does
        assert annotators_with_layers(project) == ["alice", "bob", "carol"]
        report = agreement_report(project)
        assert report["annotators"] == ["alice", "bob", "carol"]
        named = agreement_report(project, ["alice", "curator"])  # still there when named
        assert named["annotators"] == ["alice", "curator"]
