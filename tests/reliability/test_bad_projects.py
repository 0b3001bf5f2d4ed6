"""Promise 4, the project-file and size cases: a damaged `.db`, a read-only `.db`, a folder
where a file was expected, a disk that fills mid-write, and a 200 MB single-line input.
Each gives a clear error and changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import InputError, ProjectError
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit
from annotator.core.model import Document, Span, Status
from annotator.store.importer import import_paths
from annotator.store.project import Project, create_project, open_project

BAD_PROJECTS = Path(__file__).parents[1] / "data" / "bad" / "projects"
EXPECTED = json.loads((BAD_PROJECTS / "expected.json").read_text(encoding="utf-8"))


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and err.count("\n") == 1, err
    return err


# -- damaged files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_damaged_project_is_refused_and_left_as_it_was(tmp_path, capsys, name, figures):
    path = tmp_path / name
    shutil.copy(BAD_PROJECTS / name, path)
    before, files = path.read_bytes(), siblings(path)
    with pytest.raises(ProjectError) as caught:
        open_project(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and EXPECTED[name] in message
    assert "restore the project from a backup" in message and "\n" not in message
    assert main(["stats", str(path)]) == 1
    assert EXPECTED[name] in one_line_error(capsys)
    assert path.read_bytes() == before and siblings(path) == files
    figures["bad inputs tried"] += 1


# -- read-only -------------------------------------------------------------------------------


@pytest.fixture
def read_only_path(tmp_path: Path) -> Path:
    path = tmp_path / "locked.db"
    with create_project(path) as project:
        project.add_document(Document("d", "Kerry met Lavrov.", "d"))
        project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return path


def test_a_read_only_project_opens_for_reading_and_refuses_writes(read_only_path, dump, figures):
    before = dump(read_only_path)
    with open_project(read_only_path) as project:
        assert project.read_only
        assert [s.label for s in project.spans("d", "alice")] == ["ACTOR"]
        assert project.ensure_annotator("newcomer") == "newcomer"  # read, not registered
        for write in (
            lambda: project.add_span(Span("d", "alice", 6, 9, "EVENT")),
            lambda: project.delete_span(1),
            lambda: project.set_status("d", "alice", Status.DONE),
        ):
            with pytest.raises(ProjectError, match="is read-only, so nothing can be changed"):
                write()
    assert dump(read_only_path) == before
    figures["bad inputs tried"] += 1


def test_the_cli_on_a_read_only_project(read_only_path, tmp_path, capsys, dump):
    before = dump(read_only_path)
    source = tmp_path / "new.txt"
    source.write_text("New article.\n", encoding="utf-8")
    assert main(["import", str(read_only_path), str(source)]) == 1
    assert "is read-only" in one_line_error(capsys)
    assert main(["export", str(read_only_path), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert main(["backup", str(read_only_path), str(tmp_path / "copy.db")]) == 0
    assert dump(read_only_path) == before


def test_the_app_opens_a_read_only_project_with_a_banner_and_refuses_edits(
    qtbot, read_only_path, settings, dump
):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui.main_window import MainWindow

    before = dump(read_only_path)
    window = MainWindow(open_project(read_only_path), "alice", settings)
    qtbot.addWidget(window)
    window.show()
    window.open_first_document()
    assert window.read_only_banner.isVisible()
    assert "Read-only" in window.read_only_banner.text()
    window.text_view.select_range(6, 9)
    window.apply_label("EVENT")
    window.mark_done_and_next()
    boxes = [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert boxes and all("is read-only" in text for text in boxes)
    assert [s.label for s in window.text_view.spans()] == ["ACTOR"]
    window.close()
    window.project.close()
    assert dump(read_only_path) == before


def test_a_writable_project_has_no_banner(window):
    assert not window.project.read_only and not window.read_only_banner.isVisible()


# -- a folder where a file was expected ------------------------------------------------------


def test_a_folder_where_a_file_was_expected(tmp_path, project_path, capsys, figures):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    cases = [
        (["init", str(folder)], "is a folder"),
        (["stats", str(folder)], "is a folder"),
        (["import", str(folder), str(project_path)], "is a folder"),
        (["export", str(project_path), "-o", str(folder)], "is a folder"),
        (["backup", str(folder), str(tmp_path / "copy.db")], "is a folder"),
    ]
    for argv, reason in cases:
        assert main(argv) == 1, argv
        assert reason in one_line_error(capsys)
        figures["bad inputs tried"] += 1
    assert list(folder.iterdir()) == []


# -- a full disk -----------------------------------------------------------------------------


def test_a_disk_that_fills_mid_import_rolls_back_and_says_so(project: Project, tmp_path, dump):
    """SQLite's own limit on the file's size (`PRAGMA max_page_count`) makes the disk
    "full" half way through the import: the same SQLITE_FULL a real full disk gives."""
    project.add_document(Document("first", "Already here.", "first"))
    source = tmp_path / "big.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for i in range(3_000):
            out.write(json.dumps({"id": f"n{i}", "text": f"Article {i}. " * 20}) + "\n")
    before = dump(project.path)
    pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
    project.conn.execute(f"PRAGMA max_page_count = {pages + 20}")
    with pytest.raises(ProjectError) as caught:
        import_paths(project, [source])
    assert "the disk is full" in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert not project.conn.in_transaction
    assert dump(project.path) == before
    project.conn.execute("PRAGMA max_page_count = 1073741823")
    project.add_span(Span("first", "alice", 0, 7, "ACTOR"))  # space again: work goes on
    assert len(project.spans("first", "alice")) == 1


def test_a_disk_that_fills_on_a_span_edit(project: Project, dump):
    project.add_document(Document("d", "x" * 5000, "d"))
    pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
    project.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(ProjectError, match="the disk is full"):
        for i in range(2000):  # until the pages run out
            project.add_span(Span("d", "alice", i, i + 1, "ACTOR", note="n" * 500))
    stored = len(project.spans("d", "alice"))
    assert 0 < stored < 2000
    other = sqlite3.connect(project.path)
    assert other.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert other.execute("SELECT count(*) FROM spans").fetchone()[0] == stored
    other.close()


# -- size limits -----------------------------------------------------------------------------


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of `size` bytes that takes no disk space: `head`, then NUL bytes, no newline."""
    with open(path, "wb") as out:
        out.write(head)
        out.truncate(size)
    return path


def test_a_200_mb_single_line_is_refused_with_bounded_memory(project, tmp_path, dump, figures):
    good = json.dumps({"id": "ok", "text": "A good first line."}).encode() + b"\n"
    source = sparse(tmp_path / "huge.jsonl", 200 * 1024 * 1024, good + b'{"text": "')
    before = dump(project.path)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            import_paths(project, [source])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value).startswith(f"{source}:2: the line is longer than {describe_limit()}")
    assert peak < 3 * MAX_DOCUMENT_BYTES  # about 2x the limit (readline copies), never 200 MB
    assert dump(project.path) == before
    figures["bad inputs tried"] += 1


def test_a_200_mb_text_file_is_refused_before_it_is_read(project, tmp_path, dump, figures):
    source = sparse(tmp_path / "huge.txt", 200 * 1024 * 1024, b"Title\n")
    before = dump(project.path)
    tracemalloc.start()
    try:
        with pytest.raises(
            InputError, match=f"larger than {describe_limit()}, the limit for one article"
        ):
            import_paths(project, [source])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024
    assert dump(project.path) == before
    figures["bad inputs tried"] += 1


def test_a_line_just_under_the_limit_is_read(tmp_path: Path):
    from annotator.core.jsonl import read_jsonl

    text = "x" * (MAX_DOCUMENT_BYTES - 100)
    source = tmp_path / "long.jsonl"
    source.write_text(json.dumps({"id": "long", "text": text}) + "\n", encoding="utf-8")
    (record,) = read_jsonl(source)
    assert len(record.text) == len(text)


def test_bad_input_fixtures_are_counted(figures: Counter):
    fixtures = json.loads((BAD_PROJECTS.parent / "expected.json").read_text(encoding="utf-8"))
    assert len(fixtures) >= 26
    figures["bad inputs tried"] += len(fixtures)  # each checked by tests/store and tests/cli
    assert os.path.isdir(BAD_PROJECTS)


def test_a_large_damaged_project_is_found_by_the_background_check(
    qtbot, tmp_path, settings, monkeypatch
):
    """Past QUICK_CHECK_MAX_BYTES the page check leaves opening (it costs ~3 ms a MB) for
    the app's background thread: the user is told, and no damaged copy pushes out a good
    daily backup."""
    from PySide6.QtWidgets import QMessageBox

    from annotator.store import project as project_module
    from annotator.store.backup import backup_folder
    from annotator.store.sqlite import opening
    from annotator.ui.main_window import MainWindow

    monkeypatch.setattr(opening, "QUICK_CHECK_MAX_BYTES", 0)  # the open's and the upkeep's
    path = tmp_path / "big.db"
    with create_project(path) as made:  # the current schema: opening upgrades nothing
        made.ensure_annotator("alice")  # so that the window has nothing to write
        for number in range(40):
            made.add_document(Document(f"d{number}", f"text {number} " * 5000, f"d{number}"))
    conn = sqlite3.connect(path)  # a page in the middle of a text's overflow, wherever the
    overflow = [  # schema's own pages put the texts
        row[0]
        for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'overflow' "
            "ORDER BY pageno"
        )
    ]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((overflow[len(overflow) // 2] - 1) * 4096)
        fh.write(b"\xff" * 4096)
    before = path.read_bytes()
    project = open_project(path)  # no page check on open now
    assert project_module.find_damage(path) is not None
    window = MainWindow(project, "alice", settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.backup.running, timeout=30_000)

    def dialog() -> str:
        boxes = [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
        return boxes[0] if boxes else ""

    qtbot.waitUntil(lambda: "is damaged" in dialog())
    assert "restore the project from a backup" in dialog()
    assert not list(backup_folder(path).glob("*.db"))  # none made from a damaged file
    window.close()
    project.close()
    assert path.read_bytes() == before


def test_a_damaged_read_after_opening_is_explained_not_a_crash(tmp_path):
    from annotator.store.project import damage_message

    path = tmp_path / "c.db"
    shutil.copy(BAD_PROJECTS / "corrupted.db", path)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        conn.execute("SELECT * FROM document_status ORDER BY annotator").fetchall()
    conn.close()
    message = damage_message(caught.value)
    assert message is not None and "damaged" in message and "backup" in message
    assert damage_message(ValueError("x")) is None
