"""The project file's schema, its version, and the migrations between versions.

A project is an SQLite file whose `PRAGMA application_id` is APPLICATION_ID and whose
`PRAGMA user_version` is the schema version. Each migration takes the schema from version
n - 1 to n and runs inside the caller's transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

from annotator.core.labels import default_relation_types
from annotator.core.model import Label, RelationType

APPLICATION_ID = 0x414E4E54  # "ANNT"
SCHEMA_VERSION = 7
STATUSES = ("new", "in_progress", "done")


def now() -> str:
    """A timestamp for the `created` and `updated` columns: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _v1(db: sqlite_utils.Database) -> None:
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    _run_script(
        db,
        f"""
        CREATE TABLE project_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (
            seq INTEGER PRIMARY KEY,            -- import order, the document list's order
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            length INTEGER NOT NULL,  -- len(text) in code points: SQL length() stops at NUL
            text_sha256 TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{{}}',   -- JSON object, kept as given
            created TEXT NOT NULL
        );
        -- The document list reads ids and titles from this index, never the table's texts.
        CREATE INDEX documents_list ON documents (seq, id, title);
        CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            color TEXT NOT NULL,
            key TEXT,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        );
        CREATE TABLE annotators (name TEXT PRIMARY KEY, created TEXT NOT NULL);
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: undo restores by id
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            note TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (document_id, annotator, start, "end", label)
        );
        CREATE INDEX spans_by_annotator ON spans (annotator, document_id);
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            head_span INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            tail_span INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            label TEXT NOT NULL
        );
        CREATE INDEX relations_by_document ON relations (document_id, annotator);
        CREATE TABLE document_status (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            status TEXT NOT NULL CHECK (status IN ({statuses})),
            updated TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator)
        );
        CREATE INDEX status_by_annotator ON document_status (annotator, document_id);
        """,
    )


def _v2(db: sqlite_utils.Database) -> None:
    # Counting and comparing by label (stats, agreement per label) without scanning every
    # span; and a record of when the file was upgraded, for whoever looks at an old backup.
    _run_script(
        db,
        """
        CREATE INDEX spans_by_label ON spans (label, annotator, document_id);
        INSERT OR REPLACE INTO project_info (key, value)
            VALUES ('upgraded_to_2', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        """,
    )


def _v3(db: sqlite_utils.Database) -> None:
    # Relations as a first-class structure (their types, with the labels they link and
    # whether the attribution check asks for them), discontinuous spans, label guidelines,
    # and who is assigned which document.
    _run_script(
        db,
        """
        ALTER TABLE spans ADD COLUMN fragments TEXT;  -- NULL, or JSON [[start, end], ...]
        ALTER TABLE labels ADD COLUMN guideline TEXT NOT NULL DEFAULT '';
        CREATE TABLE relation_types (
            name TEXT PRIMARY KEY,
            head_labels TEXT NOT NULL DEFAULT '[]',  -- JSON list of label names, [] for any
            tail_labels TEXT NOT NULL DEFAULT '[]',
            color TEXT NOT NULL,
            key TEXT,
            description TEXT NOT NULL DEFAULT '',
            guideline TEXT NOT NULL DEFAULT '',
            required INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL
        );
        CREATE INDEX relations_by_head ON relations (head_span);
        CREATE INDEX relations_by_tail ON relations (tail_span);
        CREATE TABLE assignments (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            position INTEGER NOT NULL,           -- the annotator's queue order
            created TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator)
        );
        CREATE INDEX assignments_queue ON assignments (annotator, position);
        """,
    )
    # The default relation types, where the project has their labels.
    names = {row[0] for row in db.execute("SELECT name FROM labels")}
    for position, kind in enumerate(default_relation_types()):
        if set(kind.head_labels + kind.tail_labels) <= names:
            db.execute(
                """INSERT INTO relation_types (name, head_labels, tail_labels, color, key,
                   description, guideline, required, position)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                relation_type_row(kind, position),
            )


def _v4(db: sqlite_utils.Database) -> None:
    # Which labels are event triggers (brat's [events]): a span of such a label and its
    # relations export as one E line, the relations' labels as its roles.
    _run_script(db, "ALTER TABLE labels ADD COLUMN event INTEGER NOT NULL DEFAULT 0")


def _v5(db: sqlite_utils.Database) -> None:
    # Search over every document's text (sqlite/search.py): an FTS5 index whose content is
    # the documents table itself (nothing stored twice), kept by triggers in the very
    # transaction that adds, changes or deletes a document, so whatever imports a document
    # (the importer, the store's bulk path) makes it searchable at once. Built here for the
    # documents an older file holds.
    for statement in SEARCH_INDEX:
        db.execute(statement)
    db.execute("INSERT INTO documents_search (documents_search) VALUES ('rebuild')")
    db.execute("INSERT INTO documents_search (documents_search) VALUES ('optimize')")


# Words are gathered in memory up to this many bytes before they are written out (the
# default, 1 MB, writes and merges segments every few hundred documents of an import).
# FTS5 also writes them out at every savepoint and every statement that has a statement
# journal (a trigger's), which is why an import indexes its documents in batches instead
# of through the insert trigger (sqlite/search.py, "deferred").
SEARCH_HASHSIZE = 32 * 1024 * 1024

SEARCH_INSERT_TRIGGER = "documents_search_insert"


# Accent- and case-insensitive words (remove_diacritics 2 also folds decomposed accents);
# full detail keeps word positions, which phrases and highlight() need.
SEARCH_INDEX = (
    """CREATE VIRTUAL TABLE documents_search USING fts5 (
        text, content = 'documents', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2')""",
    f"""INSERT INTO documents_search (documents_search, rank)
        VALUES ('hashsize', {SEARCH_HASHSIZE})""",
    """CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_search (rowid, text) VALUES (new.seq, new.text);
    END""",  # SEARCH_INDEX[2]: dropped and made again by an import (sqlite/search.py)
    """CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_search (documents_search, rowid, text)
            VALUES ('delete', old.seq, old.text);
    END""",
    """CREATE TRIGGER documents_search_update AFTER UPDATE OF seq, text ON documents BEGIN
        INSERT INTO documents_search (documents_search, rowid, text)
            VALUES ('delete', old.seq, old.text);
        INSERT INTO documents_search (rowid, text) VALUES (new.seq, new.text);
    END""",
)


def _v6(db: sqlite_utils.Database) -> None:
    # Teams (issue 15): the project's own id, which a package made from it carries and a
    # merge checks; and, per package merged in (or, in a package, as it was packaged), each
    # document's layer as it was then: the base a three-way merge compares both sides with.
    _run_script(
        db,
        """
        CREATE TABLE merge_bases (
            source TEXT NOT NULL,  -- 'package' in a package file, else a merged package's id
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            layer TEXT NOT NULL,   -- JSON: {"spans": [...], "relations": [...], "status": S}
            PRIMARY KEY (source, document_id)
        )
        """,
    )
    db.execute(
        "INSERT OR IGNORE INTO project_info (key, value) VALUES ('project_id', ?)",
        (uuid.uuid4().hex,),
    )


def _v7(db: sqlite_utils.Database) -> None:
    # Suggestions (issue 12): spans the suggesters propose, nobody's layer. Each annotator
    # accepts or rejects one for themself (`suggestion_decisions`, which `stats` counts per
    # suggester and label). A suggestion a later run no longer makes but someone decided
    # is kept, `stale`, for those counts. The gazetteer: names (and their aliases) a user
    # imported for the known-actors suggester.
    _run_script(
        db,
        """
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            fragments TEXT NOT NULL DEFAULT '',  -- '' or JSON [[start, end], ...]
            suggesters TEXT NOT NULL,            -- comma-separated names
            speaker_start INTEGER,               -- a QUOTE's suggested source, [start, end)
            speaker_end INTEGER,
            stale INTEGER NOT NULL DEFAULT 0,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (document_id, start, "end", label, fragments)
        );
        CREATE TABLE suggestion_decisions (
            suggestion_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            updated TEXT NOT NULL,
            PRIMARY KEY (suggestion_id, annotator)
        );
        CREATE INDEX suggestion_decisions_by_annotator ON suggestion_decisions (annotator);
        CREATE TABLE gazetteer (
            name TEXT NOT NULL,
            alias TEXT NOT NULL DEFAULT '',      -- '' when the line names no alias
            PRIMARY KEY (name, alias)
        )
        """,
    )


def label_row(label: Label) -> tuple[object, ...]:
    """The `labels` columns of `label` but its position: name, color, key, description,
    guideline, event."""
    return (
        label.name,
        label.color,
        label.key,
        label.description,
        label.guideline,
        int(label.event),
    )


def relation_type_row(kind: RelationType, position: int) -> tuple[object, ...]:
    """The `relation_types` row of `kind`, in column order."""
    return (
        kind.name,
        json.dumps(list(kind.head_labels), ensure_ascii=False),
        json.dumps(list(kind.tail_labels), ensure_ascii=False),
        kind.color,
        kind.key,
        kind.description,
        kind.guideline,
        int(kind.required),
        position,
    )


def _run_script(db: sqlite_utils.Database, script: str) -> None:
    # Not executescript(): it commits first, and a migration must stay inside its transaction.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


# MIGRATIONS[n] takes a version n - 1 schema to version n.
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: _v1,
    2: _v2,
    3: _v3,
    4: _v4,
    5: _v5,
    6: _v6,
    7: _v7,
}
assert max(MIGRATIONS) == SCHEMA_VERSION
