"""Suggestions on a shared project, with the server's rights: every member reads and runs
the suggesters; each annotator reads and writes only their own decisions, through the
store and through raw SQL alike; a curator sees all of them; the gazetteer is written by
curators; a run by one member keeps, stale, what another decided on; every change is
heard by the other members' connections; a version 6 project is upgraded by its owner."""

from __future__ import annotations

import json

import psycopg
import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.model import Document, Suggestion
from annotator.store.locations import open_any
from tests.store.postgres.test_rights import as_login

TEXT = "“We will talk,” Kerry said. Lavrov agreed."
QUOTE = Suggestion("d", 1, 14, "QUOTE", ("quotes",), speaker=(16, 21))
KERRY = Suggestion("d", 16, 21, "ACTOR", ("actors", "speakers"))
LAVROV = Suggestion("d", 28, 34, "ACTOR", ("actors",))


@pytest.fixture
def shared(pg_url: str) -> str:
    assert main(["init", pg_url]) == 0
    for name, curator in (("alice", False), ("bob", False), ("carol", True)):
        assert main(["team", "add", pg_url, name, *(["--curator"] if curator else [])]) == 0
    with open_any(pg_url) as owner:
        owner.add_document(Document("d", TEXT, "d"))
    return pg_url


@pytest.fixture
def decided(shared: str) -> dict[str, int]:
    """alice ran the suggesters; alice accepted Kerry, bob rejected the quote."""
    with open_any(as_login(shared, "alice")) as alice:
        assert alice.store_suggestions("d", [QUOTE, KERRY, LAVROV]) == 3
        ids = {s.label + str(s.start): s.id for s in alice.suggestions("d")}
        alice.decide_suggestion(ids["ACTOR16"], "alice", "accepted")
    with open_any(as_login(shared, "bob")) as bob:
        bob.decide_suggestion(ids["QUOTE1"], "bob", "rejected")
    return {"quote": ids["QUOTE1"], "kerry": ids["ACTOR16"], "lavrov": ids["ACTOR28"]}


def test_every_member_reads_the_suggestions_and_only_their_own_decisions(shared, decided):
    with open_any(as_login(shared, "bob")) as bob:
        assert [s.start for s in bob.suggestions("d")] == [1, 16, 28]
        assert bob.suggestion(decided["quote"]).speaker == (16, 21)
        assert bob.suggestion_decisions("d", "bob") == {decided["quote"]: "rejected"}
        assert bob.suggestion_decisions("d", "alice") == {}  # not bob's to see
        # bob's counts are his decisions: alice's accepted Kerry is open for him
        assert bob.suggestion_counts() == [
            ("actors", "ACTOR", 0, 0, 2),
            ("quotes", "QUOTE", 0, 1, 0),
            ("speakers", "ACTOR", 0, 0, 1),
        ]
        with pytest.raises(ProjectError, match="the server refused the change"):
            bob.decide_suggestion(decided["kerry"], "alice", "rejected")
    with open_any(as_login(shared, "carol")) as carol:
        assert carol.suggestion_decisions("d", "alice") == {decided["kerry"]: "accepted"}
        assert carol.suggestion_counts() == [
            ("actors", "ACTOR", 1, 0, 1),
            ("quotes", "QUOTE", 0, 1, 0),
            ("speakers", "ACTOR", 1, 0, 0),
        ]
        assert [s.start for s in carol.open_suggestions()] == [28]


def test_stats_and_export_of_the_suggestions_as_each_member(shared, decided, capsys, tmp_path):
    """The commands, as each member logs in: their own counts, and the suggestions open
    as far as they can see (an annotator sees only their own decisions)."""
    exported = {}
    for who in ("bob", "carol"):
        url = as_login(shared, who)
        assert main(["stats", url, "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)["suggestions"]
        assert [(r["suggester"], r["accepted"], r["rejected"], r["open"]) for r in rows] == (
            [("actors", 0, 0, 2), ("quotes", 0, 1, 0), ("speakers", 0, 0, 1)]
            if who == "bob"
            else [("actors", 1, 0, 1), ("quotes", 0, 1, 0), ("speakers", 1, 0, 0)]
        )
        target = tmp_path / f"{who}.jsonl"
        assert main(["export", url, "--suggestions", "-o", str(target)]) == 0
        capsys.readouterr()
        (layer,) = map(json.loads, target.read_text(encoding="utf-8").splitlines())
        exported[who] = [(span["label"], span["text"]) for span in layer["spans"]]
    # bob rejected the quote; alice's accepted Kerry is hers, open for bob
    assert exported == {
        "bob": [("ACTOR", "Kerry"), ("ACTOR", "Lavrov")],
        "carol": [("ACTOR", "Lavrov")],
    }


def test_a_run_by_one_member_keeps_what_another_decided_on(shared, decided):
    with open_any(as_login(shared, "alice")) as alice:  # alice cannot see bob's decision
        assert alice.store_suggestions("d", [LAVROV]) == 1
        assert alice.suggestion(decided["quote"]).label == "QUOTE"  # stale, not gone
        assert alice.suggestion(decided["kerry"]).label == "ACTOR"  # her own: stale too
        assert [s.id for s in alice.suggestions("d")] == [decided["lavrov"]]
    with open_any(as_login(shared, "carol")) as carol:
        assert carol.suggestion_decisions("d", "bob") == {decided["quote"]: "rejected"}
        assert carol.suggestion_counts()[1] == ("quotes", "QUOTE", 0, 1, 0)
    with open_any(as_login(shared, "bob")) as bob:
        bob.decide_suggestion(decided["quote"], "bob", None)  # the last decision on it
        with pytest.raises(AnnotatorError, match="no longer exists"):
            bob.suggestion(decided["quote"])


def test_raw_sql_from_an_annotator_reaches_only_their_own_decisions(shared, decided):
    with psycopg.connect(as_login(shared, "alice"), autocommit=True) as raw:
        rows = raw.execute("SELECT annotator FROM annotator.suggestion_decisions").fetchall()
        assert rows == [("alice",)]
        assert raw.execute(
            "UPDATE annotator.suggestion_decisions SET decision = 'accepted' "
            "WHERE annotator = 'bob'"
        ).rowcount == 0  # fmt: skip
        assert raw.execute(
            "DELETE FROM annotator.suggestion_decisions WHERE annotator = 'bob'"
        ).rowcount == 0  # fmt: skip
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(
                "INSERT INTO annotator.suggestion_decisions (suggestion_id, annotator, "
                f"decision, updated) VALUES ({decided['lavrov']}, 'bob', 'accepted', '')"
            )
        # a suggestion somebody decided on is not deleted, nor moved, by an annotator
        assert raw.execute("DELETE FROM annotator.suggestions").rowcount == 1  # Lavrov's
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute('UPDATE annotator.suggestions SET "end" = "end" + 1')
    with psycopg.connect(as_login(shared, "carol"), autocommit=True) as curator:
        assert curator.execute(
            "SELECT count(*) FROM annotator.suggestion_decisions"
        ).fetchone() == (2,)  # fmt: skip
        assert curator.execute("SELECT count(*) FROM annotator.suggestions").fetchone() == (2,)
        assert curator.execute('UPDATE annotator.suggestions SET "end" = "end"').rowcount == 2


def test_members_run_suggestions_but_only_curators_write_the_gazetteer(shared):
    with open_any(as_login(shared, "alice")) as alice:
        with pytest.raises(ProjectError, match="the server refused the change"):
            alice.add_gazetteer([("Kerry", "")])
        assert alice.gazetteer() == []
    with psycopg.connect(as_login(shared, "alice"), autocommit=True) as raw:
        for statement in (
            "INSERT INTO annotator.gazetteer (name) VALUES ('Kerry')",
            "UPDATE annotator.gazetteer SET alias = ''",
            "DELETE FROM annotator.gazetteer",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(statement)
    with open_any(as_login(shared, "carol")) as carol:
        assert carol.add_gazetteer([("Kerry", ""), ("John Kerry", "Kerry")]) == 2
        with pytest.raises(AnnotatorError, match="NUL"):
            carol.add_gazetteer([("Ker\x00ry", "")])
    with open_any(as_login(shared, "bob")) as bob:
        assert bob.gazetteer() == [("John Kerry", "Kerry"), ("Kerry", "")]
        assert bob.store_suggestions("d", [KERRY]) == 1  # any member runs the suggesters


def test_a_run_and_a_decision_are_heard_by_the_other_members(shared):
    from annotator.store.watching import wait_for_others

    with open_any(as_login(shared, "alice")) as alice, open_any(as_login(shared, "bob")) as bob:
        watcher = bob.reopen()  # what the window's live-changes thread waits on
        try:
            token = bob.change_token()
            alice.store_suggestions("d", [QUOTE, KERRY])
            assert bob.change_token() != token
            assert watcher.call(wait_for_others, bob.session_id, 10.0)
            token, own = bob.change_token(), alice.change_token()
            (quote, _) = alice.suggestions("d")
            alice.decide_suggestion(quote.id, "alice", "accepted")
            assert bob.change_token() != token  # heard (bob's view of it holds nothing new)
            assert watcher.call(wait_for_others, bob.session_id, 10.0)
            assert alice.change_token() == own  # one's own changes are not another's
        finally:
            watcher.close()


def _as_version_6(url: str) -> None:
    """The project as version 6 left it: no suggestion tables."""
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute(
            "DROP TABLE annotator.suggestion_decisions, annotator.suggestions, "
            "annotator.gazetteer; DROP FUNCTION annotator.suggestion_decided; "
            "UPDATE annotator.project_info SET value = '6' WHERE key = 'schema_version'"
        )


def test_a_version_6_project_is_upgraded_by_its_owner_only(shared):
    _as_version_6(shared)
    with pytest.raises(ProjectError, match="its owner upgrades it by opening it once"):
        open_any(as_login(shared, "alice"))
    with open_any(shared) as owner:  # the login that created it
        assert owner.project_info("schema_version") == "7"
        assert owner.suggestions("d") == [] and owner.gazetteer() == []
    with open_any(as_login(shared, "alice")) as alice, open_any(as_login(shared, "bob")) as bob:
        token = bob.change_token()
        alice.store_suggestions("d", [KERRY])
        assert bob.change_token() != token  # the new tables notify
        (kerry,) = alice.suggestions("d")
        alice.decide_suggestion(kerry.id, "alice", "rejected")
        assert bob.suggestion_decisions("d", "alice") == {}  # and have their rights
        with pytest.raises(ProjectError, match="the server refused the change"):
            bob.add_gazetteer([("Kerry", "")])


def test_older_shared_projects_are_still_refused(shared):
    with psycopg.connect(shared, autocommit=True) as owner:
        owner.execute("UPDATE annotator.project_info SET value = '5' WHERE key = 'schema_version'")
    with pytest.raises(ProjectError, match="schema version 5, older than"):
        open_any(shared)


def test_a_run_waits_for_another_on_the_same_document_then_says_busy(shared):
    with open_any(as_login(shared, "alice")) as alice, open_any(as_login(shared, "bob")) as bob:
        alice.store_suggestions("d", [KERRY])
        (kerry,) = bob.suggestions("d")
        bob.set_busy_timeout(200)
        with alice.transaction():
            alice.store_suggestions("d", [KERRY, LAVROV])  # alice's run holds the document
            with pytest.raises(ProjectError, match="the project is busy"):
                bob.store_suggestions("d", [QUOTE])
            with pytest.raises(ProjectError, match="the project is busy"):
                bob.decide_suggestion(kerry.id, "bob", "rejected")
        assert [s.start for s in bob.suggestions("d")] == [16, 28]  # alice's, whole
        assert bob.suggestion_decisions("d", "bob") == {}
        bob.decide_suggestion(kerry.id, "bob", "rejected")  # and bob's turn now
        assert bob.store_suggestions("d", [QUOTE]) == 1
