"""Consistent copies of a project file: `annotator backup`, the app's rolling daily backup,
and the `.bak` written before a schema upgrade.

Copies go through SQLite's online backup API from one read transaction, so they are a
consistent snapshot even while another connection writes (WAL readers never block writers).
A copy is written under a temporary name, checked, and renamed into place: a crash never
leaves half a backup under the real name.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from annotator.store.sqlite.copying import check_destination
from annotator.store.sqlite.opening import check_not_project_file, check_whole, copy_project
from annotator.store.upkeep import DAILY_KEEP


def backup_project(source: Path, dest: Path) -> Path:
    """`annotator backup`: copy the project at `source` to `dest` (a file, or a folder to
    put `source`'s name in). Safe while the app or another command writes to it."""
    if dest.is_dir():
        dest = dest / source.name
    check_not_project_file(source, dest)
    check_destination(dest)  # before the project is opened: nothing is read for nothing
    check_whole(source)  # a damaged project is refused, whatever its size, by its name
    return copy_project(source, dest)


def backup_folder(project_path: Path) -> Path:
    """Where the daily backups of `project_path` live: `PROJECT.db.backups/` beside it."""
    return project_path.with_name(project_path.name + ".backups")


def daily_backup(
    project_path: Path, keep: int = DAILY_KEEP, today: date | None = None
) -> Path | None:
    """Make today's backup of `project_path` (`PROJECT.db.backups/PROJECT-YYYY-MM-DD.db`)
    unless there is one, then delete all but the newest `keep`. Returns the new copy, or
    None if today's was already there."""
    today = today or date.today()
    folder = backup_folder(project_path)
    folder.mkdir(exist_ok=True)
    stem = project_path.stem
    dest = folder / f"{stem}-{today.isoformat()}.db"
    made = None
    if not dest.exists():
        # The app has checked the project (on open, or in the background when it is large)
        # before it asks; the copy is checked anyway.
        made = copy_project(project_path, dest)
    pattern = re.compile(re.escape(stem) + r"-\d{4}-\d{2}-\d{2}\.db")
    dated = sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name))
    for old in dated[: max(len(dated) - max(keep, 1), 0)]:
        old.unlink(missing_ok=True)
    return made
