"""The background upkeep decides by itself what the project's storage needs: a full page
check only past the size the open checks, a daily copy only when asked and not damaged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from annotator.core.model import Document
from annotator.store.backup import backup_folder
from annotator.store.project import create_project, open_project
from annotator.store.sqlite import opening
from annotator.store.upkeep import background_upkeep


def test_a_small_project_gets_its_daily_copy_and_no_page_check(project_path: Path, monkeypatch):
    checked = []
    monkeypatch.setattr(opening, "find_damage", lambda path: checked.append(path))
    with open_project(project_path) as project:
        damage, made = background_upkeep(project, True, 3)
    assert damage is None and checked == []
    assert made == backup_folder(project_path) / f"project-{date.today().isoformat()}.db"
    with open_project(project_path) as project:
        assert background_upkeep(project, True, 3) == (None, None)  # one a day


def test_without_the_daily_backup_nothing_is_written(project_path: Path):
    with open_project(project_path) as project:
        assert background_upkeep(project, False, 3) == (None, None)
    assert not backup_folder(project_path).exists()


def test_a_large_damaged_file_is_found_and_gets_no_copy(tmp_path: Path, monkeypatch):
    path = tmp_path / "big.db"
    with create_project(path) as made:
        for number in range(40):
            made.add_document(Document(f"d{number}", f"text {number} " * 5000, f"d{number}"))
    with open(path, "r+b") as fh:
        fh.seek(path.stat().st_size // 2 // 4096 * 4096)
        fh.write(b"\xff" * 4096)
    monkeypatch.setattr(opening, "QUICK_CHECK_MAX_BYTES", 0)
    with open_project(path) as project:
        damage, made_copy = background_upkeep(project, True, 3)
    assert damage is not None and "is damaged" in damage and made_copy is None
    assert not backup_folder(path).exists()


def test_a_project_that_is_not_a_file_has_nothing_to_do():
    assert background_upkeep(object(), True, 3) == (None, None)
