"""Rights on a shared project, enforced by the server: an annotator's login reads and
writes only its own layer, through the app's store and through raw SQL alike; a curator
sees every layer and writes gold."""

from __future__ import annotations

import psycopg
import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.model import GOLD_ANNOTATOR, Document, Span
from annotator.store.locations import open_any
from annotator.store.team import is_curator, list_members


def as_login(url: str, login: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{login}@{rest.split('@', 1)[1]}"


@pytest.fixture
def shared(pg_url: str) -> str:
    assert main(["init", pg_url]) == 0
    for name, curator in (("alice", False), ("bob", False), ("carol", True)):
        assert main(["team", "add", pg_url, name, *(["--curator"] if curator else [])]) == 0
    with open_any(pg_url) as owner:
        owner.add_document(Document("d", "Kerry met Lavrov.", "d"))
    return pg_url


def test_team_list_names_members_and_rights(shared, capsys):
    capsys.readouterr()
    assert main(["team", "list", shared]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "alice\town layer",
        "bob\town layer",
        "carol\tcurator: every layer, gold",
    ]
    with open_any(shared) as owner:
        assert [m.name for m in owner.call(list_members)] == ["alice", "bob", "carol"]


def test_an_annotator_works_only_on_their_own_layer(shared):
    with open_any(as_login(shared, "alice")) as alice, open_any(as_login(shared, "bob")) as bob:
        assert alice.fixed_annotator() == "alice" and not alice.call(is_curator)
        mine = alice.add_span(Span("d", "alice", 0, 5, "ACTOR"))
        bob.add_span(Span("d", "bob", 10, 16, "ACTOR"))
        assert alice.spans("d", "bob") == [] and bob.spans("d", "alice") == []
        with pytest.raises(ProjectError, match="the server refused the change"):
            alice.add_span(Span("d", "bob", 0, 5, "ACTOR"))
        with pytest.raises(AnnotatorError):
            bob.delete_span(mine.id)  # not even visible to bob
        assert alice.spans("d", "alice") == [mine]
        with pytest.raises(ProjectError, match="the server refused the change"):
            alice.add_label(alice.labels()[0].__class__("PLACE", "#000000"))


def test_raw_sql_from_an_annotator_login_cannot_reach_another_layer(shared):
    with open_any(as_login(shared, "bob")) as bob:
        bob.add_span(Span("d", "bob", 10, 16, "ACTOR"))
    with psycopg.connect(as_login(shared, "alice"), autocommit=True) as raw:
        assert raw.execute("SELECT count(*) FROM annotator.spans").fetchone() == (0,)
        changed = raw.execute("UPDATE annotator.spans SET label = 'QUOTE'")
        assert changed.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(
                'INSERT INTO annotator.spans (document_id, annotator, start, "end", label, '
                "created, updated) VALUES ('d', 'bob', 0, 5, 'ACTOR', '', '')"
            )


def test_a_curator_sees_every_layer_and_writes_gold(shared):
    with open_any(as_login(shared, "alice")) as alice:
        alice.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    with open_any(as_login(shared, "carol")) as carol:
        assert carol.call(is_curator)
        assert [s.annotator for s in carol.spans("d", "alice")] == ["alice"]
        gold = carol.add_span(Span("d", GOLD_ANNOTATOR, 0, 5, "ACTOR"))
        assert carol.spans("d", GOLD_ANNOTATOR) == [gold]


def test_team_on_a_file_is_explained(tmp_path, capsys):
    path = tmp_path / "p.db"
    assert main(["init", str(path)]) == 0
    assert main(["team", "list", str(path)]) == 1
    assert "belong to shared projects" in capsys.readouterr().err


def test_undoing_a_delete_never_rewinds_the_ids_for_the_other_members(shared):
    from annotator.ops import spans as span_ops
    from annotator.ops.spans import apply

    with open_any(as_login(shared, "alice")) as alice, open_any(as_login(shared, "bob")) as bob:
        mine = alice.add_span(Span("d", "alice", 0, 5, "ACTOR"))
        for start in (6, 10):
            bob.add_span(Span("d", "bob", start, start + 3, "ACTOR"))
        deleted = span_ops.delete_span(alice, mine.id)
        apply(alice, deleted.inverse())  # restored under its id, out of sight of bob's rows
        assert alice.span(mine.id) == mine
        later = [bob.add_span(Span("d", "bob", 13, 16, "ACTOR")),
                 alice.add_span(Span("d", "alice", 6, 9, "ACTOR"))]  # fmt: skip
        ids = [mine.id, *(s.id for s in bob.spans("d", "bob")), later[1].id]
        assert len(set(ids)) == len(ids)  # no id handed out twice


LAYER_TABLES = {
    # table: (a raw INSERT of a row of bob's, where to find bob's rows)
    "spans": (
        'INSERT INTO annotator.spans (document_id, annotator, start, "end", label, created,'
        " updated) VALUES ('d', 'bob', 0, 3, 'ACTOR', '', '')",
        "annotator = 'bob'",
    ),
    "relations": (
        "INSERT INTO annotator.relations (document_id, annotator, head_span, tail_span, label)"
        " SELECT 'd', 'bob', min(id), max(id), 'source' FROM annotator.spans",
        "annotator = 'bob'",
    ),
    "document_status": (
        "INSERT INTO annotator.document_status (document_id, annotator, status, updated)"
        " VALUES ('d', 'bob', 'done', '')",
        "annotator = 'bob'",
    ),
}
CURATOR_TABLES = {
    "documents": "INSERT INTO annotator.documents (id, title, text, length, text_sha256, meta,"
    " created) VALUES ('x', 'x', 'x', 1, '', '{}', '')",
    "labels": "INSERT INTO annotator.labels (name, color, position) VALUES ('X', '#000000', 9)",
    "relation_types": "INSERT INTO annotator.relation_types (name, color, position)"
    " VALUES ('x', '#000000', 9)",
    "assignments": "INSERT INTO annotator.assignments (document_id, annotator, position,"
    " created) VALUES ('d', 'bob', 0, '')",
    "project_info": "INSERT INTO annotator.project_info (key, value) VALUES ('x', 'y')",
    "merge_bases": "INSERT INTO annotator.merge_bases (source, document_id, layer)"
    " VALUES ('x', 'd', '{}')",
}


ANY_COLUMN = {
    "documents": "created",
    "labels": "color",
    "relation_types": "color",
    "assignments": "created",
    "project_info": "value",
    "merge_bases": "layer",
}


@pytest.fixture
def bob_s_layer(shared):
    from annotator.core.model import Relation, Status

    with open_any(as_login(shared, "bob")) as bob:
        quote = bob.add_span(Span("d", "bob", 0, 5, "QUOTE"))
        actor = bob.add_span(Span("d", "bob", 10, 16, "ACTOR"))
        bob.add_relation(Relation("d", "bob", quote.id, actor.id, "source"))
        bob.set_status("d", "bob", Status.IN_PROGRESS)
    return shared


@pytest.mark.parametrize("table", sorted(LAYER_TABLES))
def test_raw_sql_cannot_read_insert_update_or_delete_another_layer(bob_s_layer, table):
    insert, bob_s = LAYER_TABLES[table]
    with psycopg.connect(as_login(bob_s_layer, "alice"), autocommit=True) as raw:
        assert raw.execute(f"SELECT count(*) FROM annotator.{table}").fetchone() == (0,)
        assert raw.execute(f"UPDATE annotator.{table} SET annotator = 'alice'").rowcount == 0
        assert raw.execute(f"DELETE FROM annotator.{table} WHERE {bob_s}").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(insert)
    with psycopg.connect(as_login(bob_s_layer, "carol"), autocommit=True) as curator:
        assert (
            curator.execute(f"SELECT count(*) FROM annotator.{table} WHERE {bob_s}").fetchone()[0]
            > 0
        )


@pytest.mark.parametrize("table", sorted(CURATOR_TABLES))
def test_an_annotator_cannot_change_what_curators_keep_and_a_curator_can(shared, table):
    with psycopg.connect(as_login(shared, "alice"), autocommit=True) as raw:
        for statement in (
            CURATOR_TABLES[table],
            f"UPDATE annotator.{table} SET {ANY_COLUMN[table]} = {ANY_COLUMN[table]}",
            f"DELETE FROM annotator.{table}",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(statement)
    with psycopg.connect(as_login(shared, "carol"), autocommit=True) as curator:
        curator.execute(CURATOR_TABLES[table])
