"""The team commands through the real CLI: assign, unassign, reassign, progress."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Document, Span, Status
from annotator.ops import spans as ops_spans
from annotator.store.project import create_project, open_project
from tests.helpers.projects import dump_database


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    with create_project(path) as project, project.transaction():
        for i in range(40):
            project.add_document(Document(f"doc{i:02}", f"Kerry met Lavrov ({i}).", f"Art {i}"))
    return path


def assignments(path: Path) -> list[tuple[str, str, int]]:
    with open_project(path) as project:
        return project.assignment_rows()


def test_assign_with_overlap(corpus: Path, capsys):  # type: ignore[no-untyped-def]
    code, _, err = cli(
        capsys, "assign", corpus, "--annotators", "a,b,c,d", "--per-document", "2",
        "--overlap", "0.5", "--seed", "7",
    )  # fmt: skip
    assert code == 0, err
    rows = assignments(corpus)
    by: dict[str, list[str]] = {}
    for document, annotator, _ in rows:
        by.setdefault(document, []).append(annotator)
    assert len(by) == 40
    assert Counter(len(v) for v in by.values()) == {2: 20, 1: 20}
    loads = Counter(a for _, a, _ in rows)
    assert max(loads.values()) - min(loads.values()) <= 1 and sum(loads.values()) == 60
    shared = {p for v in by.values() for p in combinations(sorted(v), 2)}
    assert shared == set(combinations("abcd", 2))
    # each queue in project order, positions 0..n-1
    for name in "abcd":
        mine = [(d, p) for d, a, p in rows if a == name]
        assert [p for _, p in mine] == list(range(len(mine)))
        assert [d for d, _ in mine] == sorted(d for d, _ in mine)
    assert "a: 15 assigned" in err


def test_same_seed_same_assignment_and_again_only_adds(corpus: Path, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    copy = tmp_path / "copy.db"
    main(["backup", str(corpus), str(copy)])
    args = ["--annotators", "a,b,c", "--per-document", "2", "--seed", "3"]
    cli(capsys, "assign", corpus, *args)
    cli(capsys, "assign", copy, *args)
    assert assignments(corpus) == assignments(copy)
    before = dump_database(corpus)
    code, _, err = cli(capsys, "assign", corpus, *args)
    assert code == 0 and "nothing to change" in err
    assert dump_database(corpus) == before
    # a newcomer: only adds (to the documents that need more, here none: so nothing)
    code, _, err = cli(capsys, "assign", corpus, "--annotators", "d", "--documents", "doc00")
    assert "nothing to change" in err


def test_unassign_and_reassign_keep_the_work(corpus: Path, capsys):  # type: ignore[no-untyped-def]
    cli(capsys, "assign", corpus, "--annotators", "a,b", "--per-document", "1")
    owner = {d: a for d, a, _ in assignments(corpus)}
    other = "b" if owner["doc00"] == "a" else "a"
    with open_project(corpus) as project:
        ops_spans.add_span(project, Span("doc00", owner["doc00"], 0, 5, "ACTOR"))
    code, _, err = cli(
        capsys, "reassign", corpus, "--documents", "doc00", "--from", owner["doc00"], "--to", other
    )
    assert code == 0, err
    rows = assignments(corpus)
    assert ("doc00", other) in {(d, a) for d, a, _ in rows}
    assert ("doc00", owner["doc00"]) not in {(d, a) for d, a, _ in rows}
    moved = next(p for d, a, p in rows if (d, a) == ("doc00", other))
    assert moved == max(p for _, a, p in rows if a == other)  # the end of the queue
    with open_project(corpus) as project:
        assert len(project.spans("doc00", owner["doc00"])) == 1  # the work stays
    code, _, err = cli(capsys, "unassign", corpus, "--documents", "doc00,doc01")
    assert code == 0
    assert not {d for d, _, _ in assignments(corpus)} & {"doc00", "doc01"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assign", "--annotators", "a", "--per-document", "2"], "needs at least 2 annotators"),
        (["assign", "--annotators", "a", "--documents", "nope"], "no document with id 'nope'"),
        (["unassign", "--documents", "nope"], "no document with id 'nope'"),
        (["reassign", "--documents", "doc00", "--from", "x", "--to", "y"], "not assigned to x"),
        (["package", "--annotator", "zed", "-o", "/tmp/never.db"], "zed has no documents"),
        (["package", "--annotator", "a", "-o", "{corpus}"], "is the project file"),
    ],
)
def test_bad_requests_change_nothing(corpus: Path, capsys, args, message):  # type: ignore[no-untyped-def]
    before = dump_database(corpus)
    args = [a.replace("{corpus}", str(corpus)) for a in args]
    code, _, err = cli(capsys, args[0], corpus, *args[1:])
    assert code == 1 and message in err and "Traceback" not in err
    assert dump_database(corpus) == before
    assert not Path("/tmp/never.db").exists()


def test_a_package_never_replaces_a_file(corpus: Path, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    cli(capsys, "assign", corpus, "--annotators", "a")
    taken = tmp_path / "taken.db"
    taken.write_text("someone's file")
    code, _, err = cli(capsys, "package", corpus, "--annotator", "a", "-o", taken)
    assert code == 1 and "already exists: give the package another name" in err
    assert taken.read_text() == "someone's file"


def test_progress_json(corpus: Path, capsys):  # type: ignore[no-untyped-def]
    cli(capsys, "assign", corpus, "--annotators", "a,b", "--per-document", "2",
        "--documents", "doc00,doc01,doc02")  # fmt: skip
    with open_project(corpus) as project:
        ops_spans.add_span(project, Span("doc00", "a", 0, 5, "ACTOR"))
        for annotator in "ab":
            ops_spans.set_status(project, "doc00", annotator, Status.DONE)
        ops_spans.set_status(project, "doc01", "a", Status.DONE)
        ops_spans.set_status(project, "doc01", "b", Status.IN_PROGRESS)
    code, out, _ = cli(capsys, "progress", corpus, "--json")
    assert code == 0
    report = json.loads(out)
    a, b = report["annotators"]["a"], report["annotators"]["b"]
    assert (a["assigned"], a["done"], a["in_progress"], a["spans"]) == (3, 2, 0, 1)
    assert (b["assigned"], b["done"], b["in_progress"], b["spans"]) == (3, 1, 1, 0)
    assert a["seconds_since_last_work"] is not None and a["seconds_since_last_work"] < 600
    assert report["documents"]["doc00"] == {"assigned": ["a", "b"], "done": ["a", "b"]}
    assert report["documents"]["doc02"] == {"assigned": ["a", "b"], "done": []}
    assert "doc03" not in report["documents"]
    assert report["pairs"] == [
        {"a": "a", "b": "b", "shared_assigned": 3, "shared_done": 1, "enough": True}
    ]
    code, out, _ = cli(capsys, "progress", corpus, "--min-shared", "2")
    assert "a + b: 1 of 3 shared assigned done (needs 2)" in out
    assert "a                           3     2            0      1" in out
    code, out, _ = cli(capsys, "progress", corpus, "--per-document")
    assert "doc00     a, b      a, b" in out and "doc02     a, b      -" in out


def test_progress_as_a_real_subprocess(corpus: Path):
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "progress", str(corpus), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["annotators"] == {}
