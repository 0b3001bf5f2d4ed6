"""The server going away while someone works: the edit in flight is refused with a clear
message, nothing confirmed before is lost, and the next call reconnects."""

from __future__ import annotations

import psycopg
import pytest

from annotator.core.errors import ProjectError
from annotator.core.model import Document, Span
from annotator.store.locations import create_any


def cut(server: str, project) -> None:
    """Drop the project's connection from the server's side (a restart, a network cut)."""
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (project._pid,))


def test_an_edit_while_the_server_is_gone_is_refused_then_work_goes_on(pg_server, pg_url):
    with create_any(pg_url) as project:
        project.add_document(Document("d", "Kerry met Lavrov.", "d"))
        kept = project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
        token = project.change_token()
        cut(pg_server, project)
        with pytest.raises(ProjectError, match=r"the server cannot be reached.*was not saved"):
            project.add_span(Span("d", "alice", 10, 16, "ACTOR"))
        # The server is back (it never left): the next call reconnects.
        assert project.spans("d", "alice") == [kept]
        assert project.change_token() != token  # what others did meanwhile went unheard
        project.add_span(Span("d", "alice", 10, 16, "ACTOR"))
        assert len(project.spans("d", "alice")) == 2


def test_a_server_that_stays_away_is_said_at_every_call(pg_url):
    with create_any(pg_url) as project:
        project.url = "postgresql://nobody@127.0.0.1:1/gone"  # where it would reconnect
        project._conn.close()
        project._closed = False
        with pytest.raises(ProjectError, match="cannot connect to the server"):
            project.labels()


def test_a_lock_held_too_long_is_busy_not_a_lost_server(pg_url):
    with create_any(pg_url) as project:
        project.add_document(Document("d", "Kerry met Lavrov.", "d"))
        span = project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
        other = project.reopen()
        try:
            other.set_busy_timeout(200)
            with project.transaction():
                project.update_span(span.id, label="QUOTE")  # holds the row
                with pytest.raises(ProjectError, match=r"the project is busy.*nothing was"):
                    other.update_span(span.id, label="EVENT")
            assert other.span(span.id).label == "QUOTE"  # and the connection is fine
        finally:
            other.close()
