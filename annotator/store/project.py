"""One annotation project in an SQLite file: the names the CLI, the tests and the rest of
the store import, from the SQLite implementation (`annotator.store.sqlite`) where they live.

Code that only needs what a project can do takes an `annotator.store.interface.ProjectStore`.
"""

from __future__ import annotations

from annotator.store.sqlite.integrity import (
    RESTORE_HINT,
    checked_meta,
    checked_text,
    damage_error,
    damage_message,
    damaged_document,
    text_damage,
)
from annotator.store.sqlite.opening import (
    BUSY_TIMEOUT_MS,
    QUICK_CHECK_MAX_BYTES,
    check_not_project_file,
    check_whole,
    create_project,
    find_damage,
    is_read_only_file,
    open_for_copying,
    open_project,
    upgrade,
)
from annotator.store.sqlite.project import (
    READ_ONLY_REASON,
    Project,
    check_annotator_name,
    now,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "QUICK_CHECK_MAX_BYTES",
    "READ_ONLY_REASON",
    "RESTORE_HINT",
    "Project",
    "check_annotator_name",
    "check_not_project_file",
    "check_whole",
    "checked_meta",
    "checked_text",
    "create_project",
    "damage_error",
    "damage_message",
    "damaged_document",
    "find_damage",
    "is_read_only_file",
    "now",
    "open_for_copying",
    "open_project",
    "text_damage",
    "upgrade",
]
