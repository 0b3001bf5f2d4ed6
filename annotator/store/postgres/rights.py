"""Who may do what in a shared project, enforced by the server: row-level security and
grants, so that even raw SQL from an annotator's login cannot read or change another
annotator's layer.

Two group roles per project database: `annotator_<db>_annotators` (each member sees every
document, label and relation type, and reads and writes only the spans, relations and
statuses whose `annotator` is their own login) and `annotator_<db>_curators` (who also
see and write every layer, gold included, and change documents, labels and relation
types). The login that created the project owns its tables and may do everything.

Suggestions (`suggestion_rights`) are nobody's layer: every member reads them and writes
them (an annotator runs the suggesters on the document they open), but nobody but a
curator deletes one somebody decided on, nor moves one (an annotator may update only what
a new run changes: its suggesters, speaker and staleness). Each annotator reads and writes
only their own decisions on them, as their layer; a curator all of them. The gazetteer is
read by every member and written by curators only: it is the project's reference list, as
its labels are, feeding everyone's suggestions, and it has no way to take a name out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.store.postgres.schema import SCHEMA
from annotator.store.sqlite.schema import now

LAYER_TABLES = ("spans", "relations", "document_status")
CURATOR_TABLES = (
    "documents",
    "labels",
    "relation_types",
    "assignments",
    "project_info",
    "merge_bases",
)


def group_roles(conn: psycopg.Connection[Any]) -> tuple[str, str]:
    """(annotators, curators): the project's two group roles, named after its database."""
    (database,) = conn.execute("SELECT current_database()").fetchone()  # type: ignore[misc]
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())
    if len(base) > 40:  # role names are at most 63 bytes
        base = base[:30] + "_" + hashlib.sha256(database.encode()).hexdigest()[:8]
    return f"annotator_{base}_annotators", f"annotator_{base}_curators"


def set_up_rights(conn: psycopg.Connection[Any]) -> None:
    """Create the group roles (if missing), grant them their rights and turn on row-level
    security; inside the caller's transaction (the project's creation)."""
    annotators, curators = group_roles(conn)
    for role in (annotators, curators):
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists is None:
            try:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            except psycopg.errors.InsufficientPrivilege as error:
                raise AnnotatorError(
                    "your login may not create roles (CREATEROLE), which a shared project "
                    "needs for its members' rights: ask the server's administrator"
                ) from error
    a, c = sql.Identifier(annotators), sql.Identifier(curators)
    schema = sql.Identifier(SCHEMA)
    statements: list[sql.SQL | sql.Composed] = [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}, {}").format(schema, a, c),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}, {}").format(schema, a, c),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {} TO {}, {}").format(
            schema, a, c
        ),
        sql.SQL("GRANT INSERT ON annotators TO {}, {}").format(a, c),
    ]
    for table in LAYER_TABLES:
        statements.append(
            sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}, {}").format(
                sql.Identifier(table), a, c
            )
        )
    for table in CURATOR_TABLES:
        statements.append(
            sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(sql.Identifier(table), c)
        )
    own = sql.SQL("annotator = current_user OR pg_has_role(current_user, {}, 'MEMBER')").format(
        sql.Literal(curators)
    )
    for table in LAYER_TABLES:
        name = sql.Identifier(table)
        statements += [
            sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name),
            sql.SQL("CREATE POLICY own_layer ON {} USING ({}) WITH CHECK ({})").format(
                name, own, own
            ),
        ]
    statements += [
        sql.SQL("ALTER TABLE annotators ENABLE ROW LEVEL SECURITY"),
        sql.SQL("CREATE POLICY everyone_reads ON annotators FOR SELECT USING (true)"),
        sql.SQL(
            "CREATE POLICY own_name ON annotators FOR INSERT WITH CHECK "
            "(name = current_user OR pg_has_role(current_user, {}, 'MEMBER'))"
        ).format(sql.Literal(curators)),
    ]
    for statement in statements:
        conn.execute(statement)
    suggestion_rights(conn)


def suggestion_rights(conn: psycopg.Connection[Any]) -> None:
    """The rights on the suggestion tables (schema version 7; see the module docstring):
    at the project's creation and when a version 6 project is upgraded."""
    annotators, curators = group_roles(conn)
    a, c = sql.Identifier(annotators), sql.Identifier(curators)
    curator = sql.SQL("pg_has_role(current_user, {}, 'MEMBER')").format(sql.Literal(curators))
    own = sql.SQL("annotator = current_user OR {}").format(curator)
    statements: list[sql.Composed] = [
        sql.SQL("GRANT SELECT ON suggestions, suggestion_decisions, gazetteer TO {}, {}").format(
            a, c
        ),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON suggestions_id_seq TO {}, {}").format(a, c),
        sql.SQL("GRANT INSERT, DELETE ON suggestions TO {}, {}").format(a, c),
        sql.SQL(
            "GRANT UPDATE (suggesters, speaker_start, speaker_end, stale) ON suggestions TO {}"
        ).format(a),
        sql.SQL("GRANT UPDATE ON suggestions TO {}").format(c),
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON suggestion_decisions TO {}, {}").format(a, c),
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON gazetteer TO {}").format(c),
        sql.SQL("ALTER TABLE suggestions ENABLE ROW LEVEL SECURITY").format(),
        sql.SQL("CREATE POLICY everyone_reads ON suggestions FOR SELECT USING (true)").format(),
        sql.SQL("CREATE POLICY members_add ON suggestions FOR INSERT WITH CHECK (true)").format(),
        sql.SQL(
            "CREATE POLICY members_rerun ON suggestions FOR UPDATE USING (true) WITH CHECK (true)"
        ).format(),
        sql.SQL(
            "CREATE POLICY undecided_go ON suggestions FOR DELETE "
            "USING (NOT suggestion_decided(id) OR {})"
        ).format(curator),
        sql.SQL("ALTER TABLE suggestion_decisions ENABLE ROW LEVEL SECURITY").format(),
        sql.SQL(
            "CREATE POLICY own_decisions ON suggestion_decisions USING ({}) WITH CHECK ({})"
        ).format(own, own),
    ]
    for statement in statements:
        conn.execute(statement)


@dataclass(frozen=True)
class Member:
    name: str
    curator: bool
    can_log_in: bool


def add_member(conn: psycopg.Connection[Any], name: str, curator: bool = False) -> bool:
    """Make `name` a member (an annotator, or with `curator` a curator too); the login
    role is created (without a password: set one with the server's tools) if it does not
    exist. Returns True if the role was created."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.@-]{0,62}", name):
        raise AnnotatorError(
            f"{name!r} cannot be a login name here: letters, digits and _ . @ - only, "
            "starting with a letter or _, at most 63 characters"
        )
    annotators, curators = group_roles(conn)
    role = sql.Identifier(name)
    try:
        with conn.transaction():
            created = (
                conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
                is None
            )
            if created:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(annotators), role))
            if curator:
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(curators), role))
            conn.execute(
                "INSERT INTO annotators (name, created) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (name, now()),
            )
    except psycopg.errors.InsufficientPrivilege as error:
        raise ProjectError(
            f"the server refused to add {name}: {error.diag.message_primary} (adding members "
            "needs the project owner's login, with CREATEROLE)"
        ) from error
    return created


def members(conn: psycopg.Connection[Any]) -> list[Member]:
    """The project's members, by name."""
    annotators, curators = group_roles(conn)
    rows = conn.execute(
        """SELECT r.rolname,
                  EXISTS (SELECT 1 FROM pg_auth_members c JOIN pg_roles g ON g.oid = c.roleid
                          WHERE c.member = r.oid AND g.rolname = %s),
                  r.rolcanlogin
           FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
           JOIN pg_roles r ON r.oid = m.member
           WHERE g.rolname = %s ORDER BY r.rolname""",
        (curators, annotators),
    )
    return [Member(name, bool(curator), bool(login)) for name, curator, login in rows]


def is_curator(conn: psycopg.Connection[Any]) -> bool:
    """Does the current login see every layer (a curator, or the project's owner)?"""
    _, curators = group_roles(conn)
    row = conn.execute(
        """SELECT pg_has_role(current_user, %s, 'MEMBER')
                  OR (SELECT tableowner = current_user FROM pg_tables
                      WHERE schemaname = %s AND tablename = 'spans')""",
        (curators, SCHEMA),
    ).fetchone()
    return bool(row and row[0])
