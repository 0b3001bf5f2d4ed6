"""store/packages.py through the real CLI: package -> annotate -> merge round trips with
relations, discontinuous spans and notes; idempotence; conflicts; refusals; all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Document, Relation, Span, Status
from annotator.ops import relations as ops_relations
from annotator.ops import spans as ops_spans
from annotator.ops.assignments import assign
from annotator.ops.packages import merge_packages
from annotator.store.packages import package_info
from annotator.store.project import Project, create_project, open_project
from tests.helpers.projects import dump_database

TEXT = "Kerry said that the talks would go on, and Lavrov agreed with him on Friday."
#       0    5    10   15   20   25   30   35   40   45   50   55   60   65   70   75


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def layer(project: Project, document_id: str, annotator: str) -> tuple[object, ...]:
    """A layer by content (no ids): spans, relations by their spans' content, status."""
    spans = project.spans(document_id, annotator)
    by_id = {s.id: (s.start, s.end, s.label, s.note, s.fragments) for s in spans}
    relations = sorted(
        (by_id[r.head_span_id], by_id[r.tail_span_id], r.label)
        for r in project.relations(document_id, annotator)
    )
    return (sorted(by_id.values()), relations, project.status(document_id, annotator))


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A project of six documents, alice and bob on every one; alice has started d1."""
    path = tmp_path / "team.db"
    with create_project(path) as project:
        for i in range(1, 7):
            project.add_document(Document(f"d{i}", f"{TEXT} ({i})", f"Article {i}"))
        assign(project, ["alice", "bob"], 2)
        kerry = ops_spans.add_span(project, Span("d1", "alice", 0, 5, "ACTOR")).spans_added[0]
        quote = ops_spans.add_span(
            project,
            Span("d1", "alice", 16, 67, "QUOTE", "split", fragments=((16, 38), (52, 67))),
        ).spans_added[0]
        assert kerry.id is not None and quote.id is not None
        ops_relations.add_relation(project, Relation("d1", "alice", quote.id, kerry.id, "source"))
        ops_spans.add_span(project, Span("d1", "bob", 0, 5, "ACTOR", "bob's"))
    return path


def annotate_package(package_path: Path) -> None:
    """Work in the package as the app would: new spans (one discontinuous, with a note), a
    relation, a relabel, a status."""
    with open_project(package_path) as package:
        lavrov = ops_spans.add_span(package, Span("d2", "alice", 43, 49, "ACTOR")).spans_added[0]
        claim = ops_spans.add_span(
            package,
            Span("d2", "alice", 0, 38, "CLAIM", "two parts", fragments=((0, 5), (16, 38))),
        ).spans_added[0]
        assert lavrov.id is not None and claim.id is not None
        ops_relations.add_relation(
            package, Relation("d2", "alice", claim.id, lavrov.id, "claimant")
        )
        ops_spans.set_status(package, "d2", "alice", Status.DONE)
        kerry = next(s for s in package.spans("d1", "alice") if s.label == "ACTOR")
        assert kerry.id is not None
        ops_spans.update_span(package, kerry.id, note="the US secretary")
        ops_spans.set_status(package, "d1", "alice", Status.DONE)


def test_package_holds_the_share_and_nothing_else(team: Path, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "alice.db"
    code, _, err = cli(capsys, "package", team, "--annotator", "alice", "-o", out)
    assert code == 0, err
    assert "packaged 6 document(s), 2 span(s) and 1 relation(s) of alice" in err
    with open_project(team) as project, open_project(out) as package:
        info = package_info(package)
        assert info is not None and info.annotator == "alice"
        assert info.project_id == project.project_info("project_id")
        assert package.labels() == project.labels()
        assert package.relation_types() == project.relation_types()
        assert package.document_count() == 6
        assert layer(package, "d1", "alice") == layer(project, "d1", "alice")
        assert package.spans("d1", "bob") == []  # only the annotator's own layer
        assert [d for d, _, _ in package.assignment_rows("alice")] == [
            d for d, _, _ in project.assignment_rows("alice")
        ]


def test_round_trip_and_merging_twice_changes_nothing(team: Path, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "alice.db"
    assert cli(capsys, "package", team, "--annotator", "alice", "-o", out)[0] == 0
    annotate_package(out)
    with open_project(team) as project:
        bob_before = [layer(project, f"d{i}", "bob") for i in range(1, 7)]
    code, _, err = cli(capsys, "merge", team, out)
    assert code == 0, err
    assert "2 span(s) added, 1 changed, 0 removed; 1 relation(s) added" in err
    assert "0 conflict(s)" in err
    with open_project(team) as project, open_project(out) as package:
        for i in range(1, 7):
            assert layer(project, f"d{i}", "alice") == layer(package, f"d{i}", "alice")
        assert [layer(project, f"d{i}", "bob") for i in range(1, 7)] == bob_before
        claim = next(s for s in project.spans("d2", "alice") if s.label == "CLAIM")
        assert claim.fragments == ((0, 5), (16, 38)) and claim.note == "two parts"
    before = dump_database(team)
    code, _, err = cli(capsys, "merge", team, out)
    assert code == 0 and "0 span(s) added, 0 changed, 0 removed" in err
    assert dump_database(team) == before


def test_later_work_in_the_package_merges_again(team: Path, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "alice.db"
    cli(capsys, "package", team, "--annotator", "alice", "-o", out)
    annotate_package(out)
    cli(capsys, "merge", team, out)
    with open_project(out) as package:  # more work, after the first merge
        claim = next(s for s in package.spans("d2", "alice") if s.label == "CLAIM")
        assert claim.id is not None
        ops_spans.update_span(package, claim.id, label="QUOTE")
        quote = next(s for s in package.spans("d1", "alice") if s.label == "QUOTE")
        assert quote.id is not None
        ops_spans.delete_span(package, quote.id)
    code, _, err = cli(capsys, "merge", team, out)
    assert code == 0, err
    assert "0 span(s) added, 1 changed, 1 removed" in err and "0 conflict(s)" in err
    with open_project(team) as project, open_project(out) as package:
        for i in (1, 2):
            assert layer(project, f"d{i}", "alice") == layer(package, f"d{i}", "alice")


def test_changes_on_both_sides_are_reported_and_decided(team: Path, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "alice.db"
    cli(capsys, "package", team, "--annotator", "alice", "-o", out)
    with open_project(out) as package:
        kerry, quote = sorted(package.spans("d1", "alice"), key=lambda s: s.start)
        assert kerry.id is not None and quote.id is not None
        ops_spans.update_span(package, kerry.id, label="EVENT")
        ops_spans.delete_span(package, quote.id)
        ops_spans.set_status(package, "d1", "alice", Status.DONE)
    with open_project(team) as project:
        kerry, quote = sorted(project.spans("d1", "alice"), key=lambda s: s.start)
        assert kerry.id is not None and quote.id is not None
        ops_spans.update_span(project, kerry.id, label="CLAIM")
        ops_spans.update_span(project, quote.id, note="kept: edited here")
    code, _, err = cli(capsys, "merge", team, out)
    assert code == 0, err
    assert "2 conflict(s)" in err
    assert "conflict: d1: alice's span ACTOR [0, 5) was changed in both: the package's EVENT" in err
    assert "was deleted in the package and changed in the project" in err
    with open_project(team) as project:
        spans = sorted(project.spans("d1", "alice"), key=lambda s: s.start)
        assert [s.label for s in spans] == ["EVENT", "QUOTE"]  # the package's; the edit kept
        assert spans[1].note == "kept: edited here"
        assert project.status("d1", "alice") is Status.DONE


def test_a_package_of_another_project_is_refused(team: Path, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    other = tmp_path / "other.db"
    with create_project(other) as project:
        project.add_document(Document("d1", f"{TEXT} (1)", "Article 1"))
        assign(project, ["alice"], 1)
    foreign = tmp_path / "foreign.db"
    cli(capsys, "package", other, "--annotator", "alice", "-o", foreign)
    ours = tmp_path / "alice.db"
    cli(capsys, "package", team, "--annotator", "alice", "-o", ours)
    annotate_package(ours)
    before = dump_database(team)
    code, _, err = cli(capsys, "merge", team, ours, foreign)  # the good one first: all or nothing
    assert code == 1
    assert f"{foreign}: is a package of another project" in err and "nothing was merged" in err
    code, _, err = cli(capsys, "merge", team, other)
    assert code == 1 and "is a project but not a package" in err
    assert dump_database(team) == before


def test_a_merge_cancelled_half_way_leaves_the_project_as_it_was(team: Path, tmp_path: Path):
    out = tmp_path / "alice.db"
    main(["package", str(team), "--annotator", "alice", "-o", str(out)])
    annotate_package(out)
    before = dump_database(team)
    with open_project(team) as project, pytest.raises(Exception, match="cancelled"):
        merge_packages(project, [out], progress=lambda done, total: done < 3)
    assert dump_database(team) == before


def test_a_merge_killed_half_way_leaves_the_project_as_it_was(tmp_path: Path):
    """SIGKILL while `annotator merge` is writing (its journal growing): the project opens
    as it was before."""
    path = tmp_path / "big.db"
    with create_project(path) as project, project.transaction():
        for i in range(3000):
            project.add_document(Document(f"d{i}", f"{TEXT} ({i})", f"Article {i}"))
        assign(project, ["alice"], 1)
    out = tmp_path / "alice.db"
    main(["package", str(path), "--annotator", "alice", "-o", str(out)])
    with open_project(out) as package, package.transaction():
        for i in range(3000):
            for start in range(0, 60, 6):
                package.add_span(Span(f"d{i}", "alice", start, start + 5, "ACTOR", "n" * 200))
    before = dump_database(path)
    wal = path.with_name(path.name + "-wal")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    errors = tmp_path / "stderr.txt"
    with open(errors, "wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "annotator", "merge", str(path), str(out)],
            env=env,
            stderr=stderr,
        )
    deadline = time.monotonic() + 60
    while not (wal.exists() and wal.stat().st_size > 512 * 1024):
        assert proc.poll() is None, errors.read_text()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with open_project(path) as project:
        assert project.spans("d0", "alice") == []
    assert dump_database(path) == before


def test_a_span_the_package_brings_that_the_project_has_under_another_id(
    team: Path, tmp_path: Path, capsys
):  # type: ignore[no-untyped-def]
    """The package relabels ACTOR [0, 5) to EVENT; the project meanwhile made an EVENT
    [0, 5) of its own: one span, the package's, is left (reported)."""
    out = tmp_path / "alice.db"
    cli(capsys, "package", team, "--annotator", "alice", "-o", out)
    with open_project(out) as package:
        kerry = min(package.spans("d1", "alice"), key=lambda s: s.start)
        assert kerry.id is not None
        ops_spans.update_span(package, kerry.id, label="EVENT", note="from the package")
    with open_project(team) as project:
        ops_spans.add_span(project, Span("d1", "alice", 0, 5, "EVENT"))
    code, _, err = cli(capsys, "merge", team, out)
    assert code == 0, err
    assert "which the project has as another span: the two are one now" in err
    with open_project(team) as project:
        at_start = [s for s in project.spans("d1", "alice") if s.start == 0]
        assert [(s.label, s.note) for s in at_start] == [("EVENT", "from the package")]
        # the QUOTE's relation to it followed it
        assert [(r.head_span_id, r.tail_span_id) for r in project.relations("d1", "alice")] == [
            (next(s.id for s in project.spans("d1", "alice") if s.label == "QUOTE"), at_start[0].id)
        ]
    before = dump_database(team)
    cli(capsys, "merge", team, out)
    assert dump_database(team) == before
