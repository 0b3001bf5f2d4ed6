"""A shared project's members (`annotator team add|list`), as functions that run where the
project lives (`project.call(add, name)`). Only a shared (PostgreSQL) project has members;
store/postgres/rights.py says what each may do, and the server enforces it."""

from __future__ import annotations

from typing import Any

from annotator.core.errors import AnnotatorError


def _connection(project: Any) -> Any:
    conn = getattr(project, "connection_for_rights", None)
    if conn is None:
        raise AnnotatorError("only a shared (postgresql://) project has members")
    return conn()


def add(project: Any, name: str, curator: bool = False) -> bool:
    """Make the login `name` a member (created if missing); True if it was created."""
    from annotator.store.postgres.rights import add_member

    return add_member(_connection(project), name, curator)


def list_members(project: Any) -> list[Any]:
    from annotator.store.postgres.rights import members

    return members(_connection(project))


def is_curator(project: Any) -> bool:
    """Does this login see every layer? (A file's user always does.)"""
    if getattr(project, "connection_for_rights", None) is None:
        return True
    from annotator.store.postgres.rights import is_curator as curator

    return curator(_connection(project))
