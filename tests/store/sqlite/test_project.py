"""The project file: creating, opening (and refusing what is not a project), spans, status."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.labels import default_labels
from annotator.core.model import Document, Label, Span, Status
from annotator.store.project import Project, create_project, open_project
from annotator.store.sqlite import opening
from annotator.store.sqlite.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.helpers.projects import make_v1_project

TEXT = "John Kerry met Sergei Lavrov in Qatar.\r\nThey talked."


def add_doc(project: Project, doc_id: str = "d1", text: str = TEXT, title: str = "") -> Document:
    document = Document(doc_id, text, title or doc_id)
    project.add_document(document)
    return document


def siblings(path: Path) -> set[str]:
    """The names of the files next to `path` that belong to it (-wal, -shm, -journal)."""
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name)}


# -- creating and opening ------------------------------------------------------------------


def test_create_then_open(tmp_path: Path):
    path = tmp_path / "p.db"
    with create_project(path) as project:
        assert project.labels() == default_labels()
        assert [label.name for label in project.labels()] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
    assert siblings(path) == {"p.db"}  # closing checkpointed and removed the WAL
    with open_project(path) as project:
        assert project.labels() == default_labels()
        assert project.document_count() == 0
        assert project.annotators() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_create_with_own_labels(tmp_path: Path):
    labels = [Label("PER", "#000000", "p", "a person")]
    with create_project(tmp_path / "p.db", labels) as project:
        assert project.labels() == labels


def test_wal_foreign_keys_and_busy_timeout_are_on(project: Project):
    conn = project.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    add_doc(project)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute(
            """INSERT INTO spans (document_id, annotator, start, "end", label, created, updated)
               VALUES ('d1', 'nobody', 0, 1, 'ACTOR', '', '')"""
        )


def test_create_refuses_existing_file_and_missing_folder(project_path: Path, tmp_path: Path):
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="already exists"):
        create_project(project_path)
    assert project_path.read_bytes() == before
    with pytest.raises(ProjectError, match="does not exist"):
        create_project(tmp_path / "missing" / "p.db")
    with pytest.raises(ProjectError, match="is a folder"):
        create_project(tmp_path)


def _text_file(path: Path) -> None:
    path.write_text("Just some notes,\nnot a database.\n", encoding="utf-8")


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _sqlite_header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)


def _other_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('Ada')")
    conn.commit()
    conn.close()


def _other_wal_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE documents (id TEXT, text TEXT)")  # same name, not ours
    conn.execute("INSERT INTO documents VALUES ('x', 'y')")
    conn.commit()
    conn.close()


def _newer_project(path: Path) -> None:
    create_project(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_text_file, "not an SQLite database (or one damaged past reading), so not"),
        (_empty_file, "an empty file, so not an annotator project"),
        (_sqlite_header_then_garbage, "not an SQLite database (or one damaged past reading)"),
        (_other_database, "is an SQLite database but not an annotator project"),
        (_other_wal_database, "is an SQLite database but not an annotator project"),
        (_newer_project, f"schema version {SCHEMA_VERSION + 1}; this version reads up to"),
    ],
)
def test_opening_a_non_project_changes_nothing(tmp_path: Path, make, reason: str):
    path = tmp_path / "thing.db"
    make(path)
    before = path.read_bytes()
    files_before = siblings(path)
    with pytest.raises(ProjectError) as caught:
        open_project(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == before
    assert siblings(path) == files_before  # no -wal or -shm left behind


def test_opening_a_folder_or_missing_file(tmp_path: Path):
    with pytest.raises(ProjectError, match="is a folder"):
        open_project(tmp_path)
    missing = tmp_path / "missing.db"
    with pytest.raises(ProjectError, match="no such project file"):
        open_project(missing)
    assert not missing.exists()
    assert siblings(missing) == set()


# -- documents and spans -------------------------------------------------------------------


def test_document_round_trip_and_summary_without_text(project: Project):
    add_doc(project, "d1", TEXT, "Kerry in Qatar")
    doc = project.document("d1")
    assert doc == Document("d1", TEXT, "Kerry in Qatar", {})
    with pytest.raises(AnnotatorError, match="no document with id 'nope'"):
        project.document("nope")


def test_add_span_returns_stored_span_and_marks_in_progress(project: Project):
    add_doc(project)
    assert project.status("d1", "alice") is Status.NEW
    span = project.add_span(Span("d1", " alice ", 0, 10, "ACTOR", "the secretary"))
    assert span.id is not None
    assert span.annotator == "alice"
    assert TEXT[span.start : span.end] == "John Kerry"
    assert project.spans("d1", "alice") == [span]
    assert project.span(span.id) == span
    assert project.status("d1", "alice") is Status.IN_PROGRESS
    assert project.annotators() == ["alice"]
    assert project.spans("d1", "bob") == []
    assert project.status("d1", "bob") is Status.NEW


def test_first_span_does_not_undo_done(project: Project):
    add_doc(project)
    project.set_status("d1", "alice", Status.DONE)
    project.add_span(Span("d1", "alice", 0, 4, "ACTOR"))
    assert project.status("d1", "alice") is Status.DONE


def test_spans_are_sorted_by_start_end_label(project: Project):
    add_doc(project)
    for start, end, label in [(15, 28, "ACTOR"), (0, 10, "QUOTE"), (0, 10, "ACTOR")]:
        project.add_span(Span("d1", "alice", start, end, label))
    assert [(s.start, s.end, s.label) for s in project.spans("d1", "alice")] == [
        (0, 10, "ACTOR"),
        (0, 10, "QUOTE"),
        (15, 28, "ACTOR"),
    ]


def test_duplicate_span_refused_but_other_annotator_or_label_allowed(project: Project, dump):
    add_doc(project)
    project.add_span(Span("d1", "alice", 0, 10, "ACTOR"))
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match=r"alice already has the span ACTOR \[0, 10\)"):
        project.add_span(Span("d1", "alice", 0, 10, "ACTOR", "again"))
    assert dump(project.path) == before
    project.add_span(Span("d1", "bob", 0, 10, "ACTOR"))
    project.add_span(Span("d1", "alice", 0, 10, "QUOTE"))
    project.add_span(Span("d1", "alice", 0, 11, "ACTOR"))
    assert len(project.spans("d1", "alice")) == 3


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (0, len(TEXT) + 1, "outside the text"),
        (-1, 3, "outside the text"),
        (5, 5, "empty or reversed"),
        (6, 5, "empty or reversed"),
    ],
)
def test_span_outside_text_refused(project: Project, dump, start: int, end: int, reason: str):
    add_doc(project)
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match=reason):
        project.add_span(Span("d1", "alice", start, end, "ACTOR"))
    assert dump(project.path) == before


def test_span_may_end_at_the_very_end(project: Project):
    add_doc(project)
    span = project.add_span(Span("d1", "alice", len(TEXT) - 7, len(TEXT), "EVENT"))
    assert TEXT[span.start : span.end] == "talked."


def test_text_with_nul_characters_keeps_its_length(project: Project):
    text = "a\x00b\x00 Kerry"
    add_doc(project, "nul", text)
    span = project.add_span(Span("nul", "alice", len(text) - 5, len(text), "ACTOR"))
    assert project.document("nul").text[span.start : span.end] == "Kerry"
    with pytest.raises(AnnotatorError, match="outside the text"):
        project.add_span(Span("nul", "alice", 0, len(text) + 1, "ACTOR"))


def test_unknown_label_unknown_document_and_blank_annotator_refused(project: Project, dump):
    add_doc(project)
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match="unknown label 'PERSON'"):
        project.add_span(Span("d1", "alice", 0, 4, "PERSON"))
    with pytest.raises(AnnotatorError, match="no document with id 'd2'"):
        project.add_span(Span("d2", "alice", 0, 4, "ACTOR"))
    with pytest.raises(AnnotatorError, match="non-empty name"):
        project.add_span(Span("d1", "  ", 0, 4, "ACTOR"))
    assert dump(project.path) == before


def test_delete_then_restore_under_the_same_id(project: Project, dump):
    add_doc(project)
    keep = project.add_span(Span("d1", "alice", 15, 28, "ACTOR"))
    span = project.add_span(Span("d1", "alice", 0, 10, "ACTOR", "a note"))
    with_span = dump(project.path)
    deleted, relations = project.delete_span(span.id)
    assert deleted == span and relations == []
    assert project.spans("d1", "alice") == [keep]
    with pytest.raises(AnnotatorError, match="no longer exists"):
        project.span(span.id)
    with pytest.raises(AnnotatorError, match="no longer exists"):
        project.delete_span(span.id)
    restored = project.add_span(deleted)
    assert restored == span  # same id, same note: undo is exact
    assert project.spans("d1", "alice") == [span, keep]
    # Only the timestamps may differ from before the delete.
    assert len(dump(project.path)) == len(with_span)


def test_update_label_and_note(project: Project):
    add_doc(project)
    span = project.add_span(Span("d1", "alice", 0, 10, "ACTOR", "first"))
    relabelled = project.update_span(span.id, label="QUOTE")
    assert (relabelled.label, relabelled.note) == ("QUOTE", "first")
    noted = project.update_span(span.id, note="second")
    assert (noted.label, noted.note) == ("QUOTE", "second")
    cleared = project.update_span(span.id, note=None)
    assert cleared.note is None
    assert project.update_span(span.id, note="").note is None
    assert project.span(span.id) == cleared
    with pytest.raises(AnnotatorError, match="unknown label 'NOPE'"):
        project.update_span(span.id, label="NOPE")
    with pytest.raises(AnnotatorError, match="no longer exists"):
        project.update_span(9999, label="ACTOR")


def test_relabel_onto_an_existing_span_is_refused_and_rolled_back(project: Project, dump):
    add_doc(project)
    project.add_span(Span("d1", "alice", 0, 10, "ACTOR"))
    other = project.add_span(Span("d1", "alice", 0, 10, "QUOTE", "n"))
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match="already has the span ACTOR"):
        project.update_span(other.id, label="ACTOR", note="changed")
    assert dump(project.path) == before
    assert not project.conn.in_transaction


def test_deleting_a_document_cascades(project: Project):
    add_doc(project)
    project.add_span(Span("d1", "alice", 0, 10, "ACTOR"))
    project.set_status("d1", "alice", Status.DONE)
    with project.transaction():
        project.conn.execute("DELETE FROM documents WHERE id = 'd1'")
    assert project.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
    assert project.conn.execute("SELECT count(*) FROM document_status").fetchone()[0] == 0


def test_transaction_rolls_back_everything_on_error(project: Project, dump):
    before = dump(project.path)
    with pytest.raises(RuntimeError), project.transaction():
        add_doc(project)
        project.add_span(Span("d1", "alice", 0, 4, "ACTOR"))
        raise RuntimeError("boom")
    assert dump(project.path) == before
    assert not project.conn.in_transaction


def test_writes_are_visible_to_another_connection_at_once(project: Project):
    add_doc(project)
    project.add_span(Span("d1", "alice", 0, 4, "ACTOR"))
    other = sqlite3.connect(project.path)
    assert other.execute("SELECT count(*) FROM spans").fetchone()[0] == 1
    other.close()


# -- status, document list, stats ----------------------------------------------------------


def test_set_status(project: Project):
    add_doc(project)
    project.set_status("d1", "bob", Status.DONE)
    assert project.status("d1", "bob") is Status.DONE
    assert project.annotators() == ["bob"]
    project.set_status("d1", "bob", Status.IN_PROGRESS)
    assert project.status("d1", "bob") is Status.IN_PROGRESS
    assert project.status("d1", "alice") is Status.NEW


def test_summaries_filter_by_status_and_title(project: Project):
    add_doc(project, "d1", TEXT, "Kerry in Qatar")
    add_doc(project, "d2", "Lavrov answered.", "Lavrov answers")
    add_doc(project, "élysée-3", "Macron spoke.", "Élysée statement")
    project.add_span(Span("d1", "alice", 0, 4, "ACTOR"))
    project.add_span(Span("d1", "alice", 5, 10, "ACTOR"))
    project.add_span(Span("d2", "bob", 0, 6, "ACTOR"))
    project.set_status("d2", "alice", Status.DONE)

    rows = project.summaries("alice")
    assert [(r.id, r.title, r.status, r.span_count) for r in rows] == [
        ("d1", "Kerry in Qatar", Status.IN_PROGRESS, 2),
        ("d2", "Lavrov answers", Status.DONE, 0),
        ("élysée-3", "Élysée statement", Status.NEW, 0),
    ]
    assert [r.rowid for r in rows] == sorted(r.rowid for r in rows)
    assert [r.id for r in project.summaries("alice", Status.DONE)] == ["d2"]
    assert [r.id for r in project.summaries("alice", Status.NEW)] == ["élysée-3"]
    assert [r.id for r in project.summaries("bob", Status.IN_PROGRESS)] == ["d2"]
    assert [r.id for r in project.summaries("alice", title_contains="QATAR")] == ["d1"]
    assert [r.id for r in project.summaries("alice", title_contains="d2")] == ["d2"]  # ids too
    assert project.summaries("alice", Status.DONE, "qatar") == []
    assert [r.id for r in project.summaries("carol")] == ["d1", "d2", "élysée-3"]
    assert project.summary("d1", "alice") == rows[0]


@pytest.mark.parametrize("query", ["Élysée", "élysée", "ÉLYSÉE", "statement"])
def test_title_filter_is_case_insensitive_beyond_ascii(project: Project, query: str):
    add_doc(project, "e1", "Macron spoke.", "Élysée statement")
    add_doc(project, "e2", "Other.", "Other")
    assert [r.id for r in project.summaries("alice", title_contains=query)] == ["e1"]


def test_summaries_never_read_texts(project: Project):
    add_doc(project)
    statements: list[str] = []
    project.conn.set_trace_callback(statements.append)
    project.summaries("alice", Status.NEW, "k")
    project.conn.set_trace_callback(None)
    assert statements and not any("text" in s.split("FROM")[0] for s in statements)


def test_stats(project: Project):
    add_doc(project, "d1")
    add_doc(project, "d2", "Lavrov answered.")
    project.add_span(Span("d1", "alice", 0, 4, "ACTOR"))
    project.add_span(Span("d1", "alice", 0, 10, "QUOTE"))
    project.add_span(Span("d2", "bob", 0, 6, "ACTOR"))
    project.set_status("d1", "alice", Status.DONE)
    project.set_status("d2", "alice", Status.DONE)
    project.set_status("d2", "carol", Status.IN_PROGRESS)
    assert project.stats() == {
        "project": str(project.path),
        "documents": 2,
        "annotators": ["alice", "bob", "carol"],
        "spans": 3,
        "spans_per_label": {"ACTOR": 2, "CLAIM": 0, "EVENT": 0, "QUOTE": 1},
        "spans_per_annotator": {"alice": 2, "bob": 1, "carol": 0},
        "done_per_annotator": {"alice": 2, "bob": 0, "carol": 0},
        # alice's QUOTE has no source (the attribution check; bob's and carol's: none)
        "unattributed": {
            "source": {
                "alice": [
                    {
                        "document": "d1",
                        "start": 0,
                        "end": 10,
                        "label": "QUOTE",
                        "text": " ".join(TEXT[:10].split()),
                    }
                ],
                "bob": [],
                "carol": [],
            }
        },
    }


def test_add_label(project: Project):
    project.add_label(Label("PLACE", "#123456", "5", "a place"))
    assert project.labels()[-1] == Label("PLACE", "#123456", "5", "a place")
    with pytest.raises(AnnotatorError, match="needs a name"):
        project.add_label(Label(" ", "#000000"))


@pytest.mark.parametrize("name", ["A\tB", "A\nB", " ACTOR", "X\u2028Y"])
def test_add_label_refuses_names_no_export_can_carry(project: Project, dump, name: str):
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match=f"^the label name {re.escape(repr(name))} "):
        project.add_label(Label(name, "#000000"))
    assert dump(project.path) == before


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("command", [["export"], ["export", "--format", "doccano"], ["backup"]])
def test_nothing_is_written_over_the_project_or_its_journal(
    project_path: Path, suffix: str, command: list[str], capsys, dump
) -> None:
    with open_project(project_path) as project:
        project.add_document(Document("d", "Mayor Lee spoke.", "d"))
        project.add_span(Span("d", "alice", 0, 9, "ACTOR"))
        keeper = open_project(project_path)  # an open window keeps the -wal and -shm there
    target = project_path.with_name(project_path.name + suffix)
    before = dump(project_path)
    args = [command[0], str(project_path), *command[1:]]
    args += ["-o", str(target)] if command[0] == "export" else [str(target)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{target}: is the project" in err and "choose another name" in err
    keeper.close()
    assert dump(project_path) == before


def test_an_upgrade_made_meanwhile_by_another_program_is_not_made_twice(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    make_v1_project(old)
    with open_project(old) as project:  # upgraded here, as by the first of two programs
        # The second program read version 1 before the first finished, then got the lock.
        opening._migrate(project, 1)
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_project_in_a_folder_nobody_may_write_opens_read_only(
    project_path: Path, monkeypatch, dump
) -> None:
    with open_project(project_path) as project:
        project.add_document(Document("d", "Mayor Lee spoke.", "d"))
    before = dump(project_path)
    folder = project_path.parent
    real_access = os.access

    def access(path, mode, **kwargs):  # the tests run as root, who may write anywhere
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    with open_project(project_path) as project:
        assert project.read_only
        assert project.document("d").title == "d"
        with pytest.raises(ProjectError):
            project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    assert not project_path.with_name(project_path.name + "-shm").exists()
    assert dump(project_path) == before
