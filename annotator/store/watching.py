"""Changes pushed by the store: a shared project's server tells every connection what
others committed (LISTEN/NOTIFY), so a window can reload the moment another member saves,
without waiting for its timer. These run where the project lives (`project.call(...)`); a
project file cannot push (SQLite has no notifications between processes): for it they say
so at once, and the window keeps to its timer."""

from __future__ import annotations

from typing import Any


def session_of(project: Any) -> int | None:
    """The server's id of this connection (its backend pid), or None if the project cannot
    push changes."""
    session = getattr(project, "session_id", None)
    return session if isinstance(session, int) else None


def wait_for_others(project: Any, ignore: int | None, timeout: float) -> bool:
    """Wait up to `timeout` seconds for a commit by a connection other than this one and
    the session `ignore` (the window's own); True as soon as one comes, False after the
    timeout or at once for a project that cannot push."""
    wait = getattr(project, "wait_for_notice", None)
    if wait is None:
        return False
    return bool(wait(ignore, timeout))
