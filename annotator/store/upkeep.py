"""Upkeep the app runs in the background on an open project: the full page check of a
large file and the daily backup. `background_upkeep` takes the project first, so the app
runs it where the project lives (`project.call(background_upkeep, daily, keep)`, in the
store process); it alone decides what the project's kind of storage needs, so the window
never looks at files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# How many daily copies are kept (the setting `backups/keep` changes it). The window reads
# it from here: this module imports the store's SQLite modules only when the upkeep runs,
# in the store process.
DAILY_KEEP = 7


def background_upkeep(project: Any, daily: bool, keep: int) -> tuple[str | None, Path | None]:
    """(damage, backup): a full page check of a project file too large for the check on
    open (`opening.QUICK_CHECK_MAX_BYTES`), then, if it found nothing and `daily` is set,
    today's copy in PROJECT.db.backups/ unless there is one (`daily_backup`, keeping the
    newest `keep`). A damaged file gets no backup, which would push a good one out. A
    project that is not a SQLite file has nothing here to do: (None, None)."""
    from annotator.store import backup
    from annotator.store.sqlite import opening
    from annotator.store.sqlite.project import Project

    if not isinstance(project, Project):
        return None, None
    if project.path.stat().st_size > opening.QUICK_CHECK_MAX_BYTES:
        damage = opening.find_damage(project.path)
        if damage is not None:
            return damage, None
    return None, backup.daily_backup(project.path, keep) if daily else None
