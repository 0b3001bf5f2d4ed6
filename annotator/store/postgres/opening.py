"""Creating and opening shared projects: `postgresql://` URLs, libpq's own settings.

A URL names a database; the project is the schema `annotator` in it. Connection settings
are libpq's (the URL, PGSERVICE, ~/.pgpass, sslmode...): nothing here stores a password.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg

from annotator.core.errors import ProjectError
from annotator.core.labels import chosen_relation_types, default_labels
from annotator.core.model import Label, RelationType
from annotator.store.locations import location
from annotator.store.postgres.project import PostgresProject
from annotator.store.postgres.rights import set_up_rights, suggestion_rights
from annotator.store.postgres.schema import (
    DDL,
    SCHEMA,
    SCHEMA_VERSION,
    SUGGESTION_DDL,
    SUGGESTION_TABLES,
    TRIGGERS,
    triggers,
)


def connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(
            url, autocommit=True, options=f"-c search_path={SCHEMA}", connect_timeout=10
        )
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ProjectError(f"cannot connect to the server ({reason})", location(url)) from error


def _version(conn: psycopg.Connection) -> int | None:
    row = conn.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
        "AND table_name = 'project_info'",
        (SCHEMA,),
    ).fetchone()
    if row is None:
        return None
    found = conn.execute("SELECT value FROM project_info WHERE key = 'schema_version'").fetchone()
    return int(found[0]) if found else 0


def create_postgres(
    url: str, labels: list[Label] | None = None, relation_types: list[RelationType] | None = None
) -> PostgresProject:
    """A new shared project in the existing database `url` (the login must be allowed to
    create a schema there); ProjectError if the database holds one already."""
    conn = connect(url)
    name = location(url)
    try:
        if _version(conn) is not None:
            raise ProjectError("already holds a project; open it instead of creating it", name)
        with conn.transaction():
            conn.execute(DDL + SUGGESTION_DDL + TRIGGERS)
            set_up_rights(conn)
            conn.execute(
                "INSERT INTO project_info (key, value) VALUES ('schema_version', %s), "
                "('project_id', %s)",
                (str(SCHEMA_VERSION), uuid.uuid4().hex),
            )
    except BaseException:
        conn.close()
        raise
    project = PostgresProject(url, conn)
    with project.transaction():
        chosen = default_labels() if labels is None else labels
        for label in chosen:
            project.add_label(label)
        for kind in chosen_relation_types(chosen, relation_types):
            project.add_relation_type(kind)
    return project


def open_postgres(url: str) -> PostgresProject:
    """The shared project in the database `url`; ProjectError if it holds none, or one of
    a newer version of this program. A version 6 project is upgraded when its owner opens
    it (`_upgrade_to_7`); any other older one is refused."""
    conn = connect(url)
    name = location(url)
    try:
        version = _version(conn)
        if version is None:
            raise ProjectError(
                "holds no annotator project (create one with `annotator init URL`)", name
            )
        if version == 6:
            version = _upgrade_to_7(conn, name)
        if version < SCHEMA_VERSION:
            raise ProjectError(
                f"holds a project of schema version {version}, older than this version's "
                f"{SCHEMA_VERSION}; shared projects cannot be upgraded yet (copy it with the "
                "annotator that made it, `annotator copy URL FILE.db`, and open the file)",
                name,
            )
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"holds a project of schema version {version}; this version reads up to "
                f"{SCHEMA_VERSION}: update annotator",
                name,
            )
    except BaseException:
        conn.close()
        raise
    return PostgresProject(url, conn)


def _upgrade_to_7(conn: psycopg.Connection, name: Path) -> int:
    """Add the suggestion tables (schema version 7) to a version 6 project, with their
    rights and notifications, in one transaction; returns the version now held. Only a
    login that may create tables in the project's schema (its owner) can: anyone else is
    told to ask them, and the project is left as it was."""
    row = conn.execute("SELECT has_schema_privilege(%s, 'CREATE')", (SCHEMA,)).fetchone()
    if not (row and row[0]):
        raise ProjectError(
            f"holds a project of schema version 6, older than this version's {SCHEMA_VERSION}: "
            "its owner upgrades it by opening it once with this version of annotator (your "
            "login may not change its tables); until then, use the annotator that made it",
            name,
        )
    with conn.transaction():
        conn.execute("LOCK TABLE project_info IN EXCLUSIVE MODE")  # one upgrade at a time
        if _version(conn) != 6:  # another connection upgraded it meanwhile
            return _version(conn) or 0
        conn.execute(SUGGESTION_DDL + triggers(SUGGESTION_TABLES))
        suggestion_rights(conn)
        conn.execute("UPDATE project_info SET value = '7' WHERE key = 'schema_version'")
    return 7


def drop_postgres(url: str) -> None:
    """Remove the project from the database `url` (a copy into it that failed)."""
    conn = connect(url)
    try:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    finally:
        conn.close()
