"""Two members running the suggesters over the same shared project at the same time (both
apps suggesting the whole project in the background): neither fails, and every document
ends with one run's suggestions, each once, with the decisions made meanwhile kept."""

from __future__ import annotations

import threading

from annotator.cli import main
from annotator.core.model import Document
from annotator.ops.suggest_runs import suggest_project
from annotator.store.locations import open_any
from tests.store.postgres.test_rights import as_login

DOCUMENTS = 120
TEXT = "“We are ready,” Kerry said, “to talk.” Lavrov, asked, said: “Not yet.” Kerry left."


def test_two_members_suggest_the_whole_project_at_once(pg_url: str):
    assert main(["init", pg_url]) == 0
    for name in ("alice", "bob"):
        assert main(["team", "add", pg_url, name]) == 0
    with open_any(pg_url) as owner, owner.transaction():
        for number in range(DOCUMENTS):
            owner.add_document(Document(f"n{number}", f"Day {number}. {TEXT}", f"n{number}"))
    with open_any(as_login(pg_url, "alice")) as alice:
        suggest_project(alice, ["n0"])
        first = alice.suggestions("n0")[0]
        assert first.id is not None
        alice.decide_suggestion(first.id, "alice", "accepted")
    start = threading.Barrier(2)
    failures: list[BaseException] = []
    runs = {}

    def run(login: str) -> None:
        try:
            with open_any(as_login(pg_url, login)) as project:
                start.wait(timeout=30)
                runs[login] = suggest_project(project)
        except BaseException as error:  # reported below, with the thread's name
            failures.append(error)

    threads = [threading.Thread(target=run, args=(login,)) for login in ("alice", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == [] and not any(thread.is_alive() for thread in threads)
    assert runs["alice"].documents == runs["bob"].documents == DOCUMENTS
    with open_any(pg_url) as owner:
        for number in range(DOCUMENTS):
            held = owner.suggestions(f"n{number}")
            assert held and len({s.key for s in held}) == len(held)
        assert owner.suggestions("n0")[0].id == first.id  # made again: the same one
        assert owner.suggestion_decisions("n0", "alice") == {first.id: "accepted"}
        total = sum(len(owner.suggestions(f"n{number}")) for number in range(DOCUMENTS))
        assert runs["alice"].suggestions == runs["bob"].suggestions == total
