"""Upkeep the app runs in the background on an open project: the full page check of a
large file and the daily backup. Each takes the project first, so the app can run it in
the store process (`project.call(backup_today, keep)`), where every connection lives."""

from __future__ import annotations

from pathlib import Path

from annotator.store.backup import daily_backup
from annotator.store.project import Project, find_damage


def page_damage(project: Project) -> str | None:
    """What a full page check finds wrong with the project file (a message), or None."""
    return find_damage(project.path)


def backup_today(project: Project, keep: int) -> Path | None:
    """Today's copy in PROJECT.db.backups/ unless there is one (see `daily_backup`)."""
    return daily_backup(project.path, keep)
