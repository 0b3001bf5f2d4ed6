"""Merging an import into what is already there, and writes that fail: nothing is lost,
nothing is left half done."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import InputError, ProjectError
from annotator.core.model import Document, Span
from annotator.store.importer import import_paths
from annotator.store.project import Project
from tests.helpers.projects import dump_database

TEXT = "Kerry met Lavrov."


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def layer(note: str | None = None, meta: dict | None = None, annotator: str = "alice") -> dict:
    return {
        "id": "d", "text": TEXT, "meta": meta or {}, "annotator": annotator,
        "spans": [{"start": 0, "end": 5, "label": "ACTOR", "note": note}],
    }  # fmt: skip


def test_an_imported_note_fills_an_existing_span_without_one(project: Project, tmp_path):
    import_paths(project, [write_jsonl(tmp_path / "a.jsonl", layer())])
    import_paths(project, [write_jsonl(tmp_path / "b.jsonl", layer("the US secretary"))])
    assert [s.note for s in project.spans("d", "alice")] == ["the US secretary"]


def test_a_conflicting_note_stops_the_import_at_its_line(project: Project, tmp_path):
    import_paths(project, [write_jsonl(tmp_path / "a.jsonl", layer("first"))])
    before = dump_database(project.path)
    bad = write_jsonl(tmp_path / "b.jsonl", layer(annotator="bob"), layer("second"))
    with pytest.raises(InputError, match=r"b\.jsonl:2: .*already has the note 'first'"):
        import_paths(project, [bad])
    assert dump_database(project.path) == before


def test_one_line_with_the_same_span_twice_under_different_notes_is_refused(project, tmp_path):
    record = layer("one")
    record["spans"].append({"start": 0, "end": 5, "label": "ACTOR", "note": "two"})
    with pytest.raises(InputError, match=r"c\.jsonl:1: .*'one'.*'two'"):
        import_paths(project, [write_jsonl(tmp_path / "c.jsonl", record)])
    assert project.document_count() == 0


def test_meta_of_later_lines_is_merged_and_differences_are_reported(project, tmp_path):
    source = write_jsonl(
        tmp_path / "m.jsonl",
        layer(meta={"source": "ap"}),
        layer(meta={"source": "ap", "url": "https://x", "title": "Geneva talks"}, annotator="bob"),
    )
    import_paths(project, [source])
    assert project.document("d").meta == {
        "source": "ap",
        "url": "https://x",
        "title": "Geneva talks",
    }
    assert [s.title for s in project.summaries("alice", title_contains="geneva")] == [
        "Geneva talks"
    ]
    report = import_paths(
        project, [write_jsonl(tmp_path / "n.jsonl", layer(meta={"source": "reuters"}))]
    )
    assert project.document("d").meta["source"] == "ap"  # the stored value stays...
    assert report.meta_kept == [f'{tmp_path / "n.jsonl"}:1: \'d\' keeps source="ap", not "reuters"']
    assert "1 meta value(s) differed" in report.summary()  # ...and the difference is reported


def test_span_ids_are_never_reused(project: Project):
    project.add_document(Document("d", TEXT, "d"))
    first = project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    project.delete_span(first.id)
    second = project.add_span(Span("d", "bob", 0, 5, "ACTOR"))
    assert second.id > first.id  # alice's undo can still restore her span under its id
    project.add_span(first)
    assert {s.id for s in project.spans("d", "alice")} == {first.id}


def test_a_failed_commit_ends_the_transaction_and_later_actions_are_saved(project: Project):
    project.add_document(Document("d", TEXT, "d"))
    with pytest.raises(sqlite3.IntegrityError), project.transaction():
        project.conn.execute("PRAGMA defer_foreign_keys = ON")
        project.conn.execute(
            'INSERT INTO spans (document_id, annotator, start, "end", label, created, updated)'
            " VALUES ('missing', 'nobody', 0, 1, 'ACTOR', '', '')"
        )  # only COMMIT notices the broken references
    assert not project.conn.in_transaction
    project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    other = sqlite3.connect(project.path)
    assert other.execute("SELECT count(*) FROM spans").fetchone()[0] == 1
    other.close()


def test_a_busy_project_gives_a_clear_error_and_changes_nothing(project: Project):
    project.add_document(Document("d", TEXT, "d"))
    project.set_busy_timeout(50)
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectError, match="busy: another window or command"):
            project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not project.conn.in_transaction
    assert project.spans("d", "alice") == []
