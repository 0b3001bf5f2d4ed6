"""Runs of the suggesters over many documents, on real project files: in process and in
worker processes (the same rows either way), in document order, with progress and Cancel
(what was stored stays), refusing bad requests before anything is written, and leaving out
what the project has no label for."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span
from annotator.core.suggest.pipeline import suggest_text
from annotator.ops import suggest_runs
from annotator.ops.suggest_runs import BATCH, suggest_project
from annotator.ops.suggestions import suggest_config
from annotator.store.project import Project, create_project, open_project

SENTENCES = [
    "“We are ready to talk about the ceasefire,” John Kerry said on Friday.",
    "Sergei Lavrov met Kerry in Geneva; the talks went on late.",
    '"There is no agreement on the text yet," said Lavrov.',
    "Amina Yusuf told reporters: “The figures speak for themselves and are not good.”",
    "Russia's minister and the ’90s: no quote here, only Kerry's aides.",
]


def article(n: int) -> str:
    return " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(3 + n % 4)) + f" ({n})"


def fill(project: Project, count: int) -> list[str]:
    ids = [f"doc-{n:03d}" for n in range(count)]
    with project.transaction():
        for n, doc_id in enumerate(ids):
            project.add_document(Document(doc_id, article(n), doc_id))
        project.add_span(Span(ids[0], "alice", *_find(project, ids[0], "Sergei Lavrov"), "ACTOR"))
    return ids


def _find(project: Project, doc_id: str, name: str) -> tuple[int, int]:
    text = project.document(doc_id).text
    start = text.index(name)
    return start, start + len(name)


def rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            """SELECT id, document_id, start, "end", label, fragments, suggesters,
                      speaker_start, speaker_end, stale FROM suggestions ORDER BY id"""
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def big(tmp_path: Path) -> tuple[Path, list[str]]:
    """A project of 3 batches and a bit, closed: copy it to compare runs."""
    path = tmp_path / "big.db"
    project = create_project(path)
    ids = fill(project, 3 * BATCH + 7)
    project.close()
    return path, ids


def copy(path: Path, name: str) -> Path:
    target = path.with_name(name)
    target.write_bytes(path.read_bytes())
    return target


def test_a_run_stores_what_the_suggesters_find_for_every_document(project):
    ids = fill(project, 12)
    seen: list[tuple[int, int]] = []
    run = suggest_project(project, progress=lambda done, total: seen.append((done, total)) or True)
    assert (run.documents, run.cancelled, run.workers) == (12, False, 1)
    assert run.changes.suggestions == tuple(ids) and not run.changes.spans_added
    assert seen == [(12, 12)]
    config = suggest_config(project, ("quotes", "speakers", "actors"))
    total = 0
    for doc_id in ids:
        expected = suggest_text(doc_id, project.document(doc_id).text, config)
        stored = project.suggestions(doc_id)
        assert {s.key: (s.suggesters, s.speaker) for s in stored} == {
            s.key: (s.suggesters, s.speaker) for s in expected
        }
        total += len(expected)
    assert run.suggestions == total == sum(run.by_label.values())
    # The known names include the ACTOR span alice made: found in other documents too.
    text = project.document(ids[1]).text
    assert any(
        text[s.start : s.end] == "Sergei Lavrov" and "actors" in s.suggesters
        for s in project.suggestions(ids[1])
    )


def test_parallel_and_in_process_runs_store_the_same_rows(big):
    path, ids = big
    one, two = copy(path, "one.db"), copy(path, "two.db")
    calls: dict[str, list[int]] = {"one": [], "two": []}
    for name, target, workers in (("one", one, 1), ("two", two, 2)):
        project = open_project(target)
        run = suggest_project(
            project, workers=workers, progress=lambda d, t, n=name: calls[n].append(d) or True
        )
        project.close()
        assert run.workers == workers and run.documents == len(ids) and not run.cancelled
    assert rows(one) == rows(two) and rows(one)
    # Stored in document order either way: ids grow with the documents' order.
    order = {doc_id: n for n, doc_id in enumerate(ids)}
    firsts = [order[row[1]] for row in rows(two)]
    assert firsts == sorted(firsts)
    assert calls["one"] == calls["two"] == [50, 100, 150, len(ids)]


def test_a_large_run_uses_the_workers_by_itself(big, monkeypatch):
    path, _ = big
    monkeypatch.setattr(suggest_runs, "IN_PROCESS_CHARS", 1_000)
    monkeypatch.setattr(suggest_runs, "_cores", lambda: 2)
    project = open_project(path)
    assert suggest_project(project).workers == 2
    monkeypatch.setattr(suggest_runs, "IN_PROCESS_CHARS", 10**9)
    assert suggest_project(project).workers == 1  # small: no start-up cost
    project.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_stops_after_the_batch_in_hand_and_keeps_what_was_stored(big, workers):
    path, ids = big
    project = open_project(path)
    run = suggest_project(project, workers=workers, progress=lambda done, total: done < 2 * BATCH)
    assert (run.documents, run.cancelled) == (2 * BATCH, True)
    assert run.changes.suggestions == tuple(ids[: 2 * BATCH])
    assert {row[1] for row in rows(path)} == set(ids[: 2 * BATCH])  # every article has some
    again = suggest_project(project, workers=workers, progress=lambda done, total: False)
    assert again.documents == BATCH and again.cancelled
    project.close()
    assert _children() == set()


def _children() -> set[int]:
    """This process's suggester workers still running (Linux; empty elsewhere)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").glob("*"):
        with open(task / "children") as fh:
            found.update(int(pid) for pid in fh.read().split())
    alive = set()
    for pid in found:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1]
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        if state != "Z" and b"annotator.ops.suggest_workers" in command:
            alive.add(pid)
    return alive


def test_cancel_on_the_last_batch_is_no_cancel(project):
    fill(project, 12)
    run = suggest_project(project, progress=lambda done, total: False)
    assert (run.documents, run.cancelled) == (12, False)


def test_an_error_while_storing_stops_the_workers(big, monkeypatch):
    path, _ = big
    project = open_project(path)
    real = project.store_suggestions
    calls = []

    def failing(document_id, suggestions):
        calls.append(document_id)
        if len(calls) > BATCH:
            raise AnnotatorError("the disk said no")
        return real(document_id, suggestions)

    monkeypatch.setattr(project, "store_suggestions", failing)
    with pytest.raises(AnnotatorError, match="the disk said no"):
        suggest_project(project, workers=2)
    project.close()
    assert _children() == set()
    assert len({row[1] for row in rows(path)}) <= BATCH  # the first batch stays


def test_a_subset_in_the_order_given(project):
    ids = fill(project, 6)
    run = suggest_project(project, [ids[4], ids[1], ids[4]], suggesters=["quotes"])
    assert run.changes.suggestions == (ids[4], ids[1]) and run.documents == 2
    assert {s.label for d in ids for s in project.suggestions(d)} == {"QUOTE"}
    assert [d for d in ids if project.suggestions(d)] == [d for d in (ids[1], ids[4])]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"suggesters": ["quotes", "magic"]}, "unknown suggester 'magic'"),
        ({"suggesters": []}, "no suggester chosen"),
        ({"suggesters": ["spacy"]}, "needs an installed spaCy pipeline"),
        ({"document_ids": ["doc-001", "nope", "gone"]}, "no document with id 'nope' and 1 more"),
    ],
)
def test_bad_requests_write_nothing(project, project_path, dump, kwargs, message):
    fill(project, 3)
    before = dump(project_path)
    with pytest.raises(AnnotatorError, match=message):
        suggest_project(project, **kwargs)
    assert dump(project_path) == before


def test_a_model_spacy_cannot_load_writes_nothing(project, project_path, dump):
    fill(project, 3)
    before = dump(project_path)
    with pytest.raises(AnnotatorError):
        suggest_project(project, suggesters=["spacy"], model=str(project_path.parent / "none"))
    assert dump(project_path) == before


def test_labels_the_project_lacks_are_skipped_and_counted(project):
    ids = fill(project, 4)
    project.remove_relation_type("source")
    project.remove_label("QUOTE")
    run = suggest_project(project)
    assert run.skipped["QUOTE"] > 0 and "QUOTE" not in run.by_label
    assert {s.label for d in ids for s in project.suggestions(d)} == {"ACTOR"}


def test_without_actor_quotes_lose_their_speaker(project):
    ids = fill(project, 4)
    for kind in project.relation_types():
        project.remove_relation_type(kind.name)
    project.delete_span(project.spans(ids[0], "alice")[0].id)
    project.remove_label("ACTOR")
    run = suggest_project(project)
    stored = [s for d in ids for s in project.suggestions(d)]
    assert stored and {s.label for s in stored} == {"QUOTE"}
    assert all(s.speaker is None for s in stored)
    assert run.skipped["ACTOR"] > 0


def test_spacy_entities_in_process_and_in_workers(big, tmp_path):
    pytest.importorskip("annotator.core.suggest.entities")
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Geneva"}])
    model = tmp_path / "model"
    nlp.to_disk(model)
    path, ids = big
    for workers in (1, 2):
        project = open_project(copy(path, f"spacy{workers}.db"))
        suggest_project(project, suggesters=["spacy"], model=str(model), workers=workers)
        found = {
            project.document(d).text[s.start : s.end] for d in ids for s in project.suggestions(d)
        }
        assert found == {"Geneva"}
        project.close()


def test_a_run_in_the_store_process_with_workers_and_cancel(store_host, big):
    # How the app runs it: in the process that holds the connections, which starts the
    # workers; its progress callback is answered by the window's side.
    path, ids = big
    remote = store_host.open(path)
    try:
        seen: list[int] = []
        run = remote.call(
            suggest_project,
            None,
            progress=lambda done, total: seen.append(done) or done < BATCH,
            workers=2,
        )
        assert (run.documents, run.cancelled, run.workers) == (BATCH, True, 2)
        assert seen == [BATCH]
        assert remote.suggestions(ids[0]) and remote.suggestions(ids[BATCH]) == []
        whole = remote.call(suggest_project, None, workers=2)
        assert whole.documents == len(ids) and not whole.cancelled
    finally:
        remote.close()
    assert rows(path) and {row[1] for row in rows(path)} == set(ids)


def test_the_apps_runs_go_on_without_a_pipeline_that_cannot_be_loaded(project, project_path):
    # The app's settings may name a pipeline removed since: the other suggesters run, and
    # the run says what was left out (the command line, asked for spacy, refuses instead).
    ids = fill(project, 3)
    missing = str(project_path.parent / "none")
    run = suggest_project(
        project, suggesters=["quotes", "spacy"], model=missing, spacy_optional=True
    )
    assert run.documents == 3 and run.by_label.get("QUOTE", 0) > 0
    assert run.notice.startswith("without spaCy: ") and "none" in run.notice
    assert all(project.suggestions(d) for d in ids)
    with pytest.raises(AnnotatorError):  # spacy alone: nothing would run
        suggest_project(project, suggesters=["spacy"], model=missing, spacy_optional=True)
    assert suggest_project(project, suggesters=["quotes"]).notice == ""
