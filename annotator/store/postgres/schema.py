"""The shared project's tables in PostgreSQL, in the schema `annotator` of its database.

The same tables as the SQLite file (store/sqlite/schema.py), with these differences:
- every text column that is compared or sorted is `COLLATE "C"`: code point order, as
  SQLite's BINARY, so that every read and every export orders rows exactly as SQLite does;
- a document's text and meta are `bytea` (their UTF-8 bytes): PostgreSQL's text cannot hold
  a NUL character, and a document may;
- fragments are `jsonb` (a suggestion's are text, '' or the JSON SQLite stores: they are
  part of its key and of its order, compared as in SQLite);
- each table that a change to a layer writes has a trigger that sends a notification on the
  channel `annotator_changes`, which is the change token (see project.py).
"""

from __future__ import annotations

SCHEMA = "annotator"
SCHEMA_VERSION = 7  # the SQLite schema version whose tables these are
CHANNEL = "annotator_changes"

_C = 'COLLATE "C"'

DDL = f"""
CREATE SCHEMA {SCHEMA};
SET LOCAL search_path TO {SCHEMA};
CREATE TABLE project_info (key text {_C} PRIMARY KEY, value text NOT NULL);
CREATE TABLE documents (
    seq bigserial PRIMARY KEY,
    id text {_C} NOT NULL UNIQUE,
    title text {_C} NOT NULL,
    text bytea NOT NULL,
    length integer NOT NULL,
    text_sha256 text NOT NULL,
    meta bytea NOT NULL,
    created text NOT NULL
);
CREATE TABLE labels (
    name text {_C} PRIMARY KEY,
    color text NOT NULL,
    key text,
    description text NOT NULL DEFAULT '',
    guideline text NOT NULL DEFAULT '',
    position integer NOT NULL,
    event integer NOT NULL DEFAULT 0  -- an event trigger (brat's [events])
);
CREATE TABLE annotators (name text {_C} PRIMARY KEY, created text NOT NULL);
CREATE TABLE spans (
    id bigserial PRIMARY KEY,
    document_id text {_C} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator text {_C} NOT NULL REFERENCES annotators(name),
    start integer NOT NULL,
    "end" integer NOT NULL,
    label text {_C} NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
    note text {_C},
    fragments jsonb,
    created text NOT NULL,
    updated text NOT NULL,
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (document_id, annotator, start, "end", label)
);
CREATE INDEX spans_by_annotator ON spans (annotator, document_id);
CREATE INDEX spans_by_label ON spans (label, annotator, document_id);
CREATE TABLE relation_types (
    name text {_C} PRIMARY KEY,
    head_labels text NOT NULL DEFAULT '[]',
    tail_labels text NOT NULL DEFAULT '[]',
    color text NOT NULL,
    key text,
    description text NOT NULL DEFAULT '',
    guideline text NOT NULL DEFAULT '',
    required integer NOT NULL DEFAULT 0,
    position integer NOT NULL
);
CREATE TABLE relations (
    id bigserial PRIMARY KEY,
    document_id text {_C} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator text {_C} NOT NULL REFERENCES annotators(name),
    head_span bigint NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    tail_span bigint NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    label text {_C} NOT NULL
);
CREATE INDEX relations_by_document ON relations (document_id, annotator);
CREATE INDEX relations_by_head ON relations (head_span);
CREATE INDEX relations_by_tail ON relations (tail_span);
CREATE TABLE document_status (
    document_id text {_C} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator text {_C} NOT NULL REFERENCES annotators(name),
    status text NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
    updated text NOT NULL,
    PRIMARY KEY (document_id, annotator)
);
CREATE INDEX status_by_annotator ON document_status (annotator, document_id);
CREATE TABLE assignments (
    document_id text {_C} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator text {_C} NOT NULL REFERENCES annotators(name),
    position integer NOT NULL,
    created text NOT NULL,
    PRIMARY KEY (document_id, annotator)
);
CREATE INDEX assignments_queue ON assignments (annotator, position);
CREATE TABLE merge_bases (
    source text COLLATE "C" NOT NULL,
    document_id text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    layer text NOT NULL,
    PRIMARY KEY (source, document_id)
);

-- The change token: one notification per changing statement, carrying the backend's pid
-- so that a connection can tell its own changes from everyone else's.
CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', pg_backend_pid()::text);
    RETURN NULL;
END $$;
"""

# Version 7: suggestions (issue 12), nobody's layer; each annotator's decisions on them;
# the gazetteer. Also what the upgrade of a version 6 project adds (opening.py).
# `suggestion_decided` sees every member's decisions whatever the caller may read (it runs
# with its owner's rights, as the project's owner, whom row-level security does not
# restrict): a run of the suggesters by an annotator must keep, stale, a suggestion that
# another member decided on, and the delete policy (rights.py) asks it too.
SUGGESTION_DDL = f"""
CREATE TABLE suggestions (
    id bigserial PRIMARY KEY,
    document_id text {_C} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start integer NOT NULL,
    "end" integer NOT NULL,
    label text {_C} NOT NULL,
    fragments text {_C} NOT NULL DEFAULT '',  -- '' or JSON [[start, end], ...]
    suggesters text {_C} NOT NULL,            -- comma-separated names
    speaker_start integer,                    -- a QUOTE's suggested source, [start, end)
    speaker_end integer,
    stale boolean NOT NULL DEFAULT false,
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (document_id, start, "end", label, fragments)
);
CREATE TABLE suggestion_decisions (
    suggestion_id bigint NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
    annotator text {_C} NOT NULL REFERENCES annotators(name),
    decision text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    updated text NOT NULL,
    PRIMARY KEY (suggestion_id, annotator)
);
CREATE INDEX suggestion_decisions_by_annotator ON suggestion_decisions (annotator);
CREATE TABLE gazetteer (
    name text {_C} NOT NULL,
    alias text {_C} NOT NULL DEFAULT '',  -- '' when the line names no alias
    PRIMARY KEY (name, alias)
);
CREATE FUNCTION suggestion_decided(wanted bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {SCHEMA} AS $$
    SELECT EXISTS (SELECT 1 FROM suggestion_decisions WHERE suggestion_id = wanted)
$$;
"""
SUGGESTION_TABLES = ("suggestions", "suggestion_decisions", "gazetteer")

NOTIFIED_TABLES = (
    "documents",
    "labels",
    "annotators",
    "spans",
    "relation_types",
    "relations",
    "document_status",
    "assignments",
    "merge_bases",
    *SUGGESTION_TABLES,
)


def triggers(tables: tuple[str, ...]) -> str:
    """The notification triggers of `tables` (see CHANNEL)."""
    return "".join(
        f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION notify_change();\n"
        for table in tables
    )


TRIGGERS = triggers(NOTIFIED_TABLES)
