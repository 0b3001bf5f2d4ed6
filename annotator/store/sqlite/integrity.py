"""How damage to a project file shows, and what to tell the user: the page check
(`PRAGMA quick_check`), the checksum stored with every text, the JSON of every meta.
Nothing here opens a file; the callers pass a connection or the stored bytes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from annotator.core.errors import ProjectError

RESTORE_HINT = (
    "the file was not changed; restore the project from a backup (the app keeps daily "
    "copies in PROJECT.db.backups/ beside it)"
)


def refuse_damage(conn: sqlite3.Connection, path: Path) -> None:
    damage = quick_check_damage(conn)
    if damage is not None:
        raise ProjectError(f"is damaged ({damage}); {RESTORE_HINT}", path)


def quick_check_damage(conn: sqlite3.Connection) -> str | None:
    """What `PRAGMA quick_check` finds wrong with the database on `conn`, or None."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as error:
        return str(error)
    if problems == ["ok"]:
        return None
    lines = problems[0].replace("*** in database main ***", "").split("\n")
    return next((line.strip() for line in lines if line.strip()), "failed its check")


def damage_message(error: BaseException) -> str | None:
    """If `error` is SQLite finding the file damaged (during a read, after opening), what
    to tell the user; else None."""
    reason = _damage_reason(error)
    return None if reason is None else f"The project file is damaged ({reason}); {RESTORE_HINT}."


def damage_error(error: BaseException, path: Path) -> ProjectError | None:
    """The ProjectError for `error` if it is SQLite finding the project at `path` damaged
    during a read, after opening (for the CLI: one line, not a traceback); else None."""
    reason = _damage_reason(error)
    return None if reason is None else ProjectError(f"is damaged ({reason}); {RESTORE_HINT}", path)


def _damage_reason(error: BaseException) -> str | None:
    if not isinstance(error, sqlite3.DatabaseError):
        return None
    message = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in message:
        return message
    if message.startswith("Could not decode to UTF-8 "):  # a damaged byte inside a text
        # "... column 'title' with text '...'": the text itself may be long, and garbled.
        column = message.split(" with text ", 1)[0].removeprefix("Could not decode to UTF-8 ")
        return f"a text in it is not valid UTF-8: {column}"
    return None


def checked_text(path: Path, document_id: str, stored: bytes, sha256: str) -> str:
    """The text of `document_id` from its stored UTF-8 bytes (read as `CAST(text AS BLOB)`:
    a damaged byte must not fail as a decoding error naming no document), once they match
    the SHA-256 stored with them; else ProjectError naming the document. The page check
    cannot see a byte changed inside a text: this is where it shows."""
    if hashlib.sha256(stored).hexdigest() != sha256:
        raise ProjectError(text_damage(document_id), path)
    return stored.decode("utf-8")


def checked_meta(path: Path, document_id: str, stored: bytes) -> dict[str, Any]:
    """The meta of `document_id` from its stored bytes (read as `CAST(meta AS BLOB)`, so
    that a damaged byte names the document): a JSON object, as every write stores it;
    else ProjectError naming the document (the page check cannot see inside a value)."""
    try:
        meta = json.loads(stored.decode("utf-8"))
    except UnicodeDecodeError:
        reason = "not valid UTF-8"
    except (ValueError, RecursionError) as error:
        reason = f"not JSON: {error}"
    else:
        if isinstance(meta, dict):
            return meta
        reason = f"JSON {type(meta).__name__}, not an object"
    raise ProjectError(
        f"the stored meta of document {document_id!r} is damaged ({reason}); {RESTORE_HINT}",
        path,
    )


def damaged_document(conn: sqlite3.Connection) -> str | None:
    """The id of the first document (in project order) whose text no longer matches the
    SHA-256 stored with it, or None: every text of the database on `conn` is read."""
    rows = conn.execute("SELECT id, CAST(text AS BLOB), text_sha256 FROM documents ORDER BY seq")
    for document_id, stored, sha256 in rows:
        if hashlib.sha256(stored).hexdigest() != sha256:
            return str(document_id)
    return None


def text_damage(document_id: str) -> str:
    """What to tell the user when the text of `document_id` is damaged."""
    return (
        f"the text of document {document_id!r} is damaged (it no longer matches the "
        f"checksum stored with it); {RESTORE_HINT}"
    )
