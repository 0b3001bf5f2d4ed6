"""The window's background upkeep on open: a full page check of a large project, then
today's backup copy, in a thread of its own so a large project never freezes the window."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from annotator.core.errors import AnnotatorError
from annotator.store.backup import DAILY_KEEP
from annotator.store.interface import ProjectStore
from annotator.store.project import QUICK_CHECK_MAX_BYTES
from annotator.store.upkeep import backup_today, page_damage


class DailyBackup(QObject):
    finished = Signal(str)  # a message for the status bar, from the backup thread
    damage_found = Signal(str)  # the background page check found the file damaged

    def __init__(self, project: ProjectStore, settings: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.settings = settings
        self.worker: threading.Thread | None = None
        self._closing = False

    def start(self) -> None:
        """A full page check of a project too large to check on open (damage is announced
        by `damage_found`, and no backup is made that would push a good one out), then
        today's copy in PROJECT.db.backups/ (the newest `backups/keep` are kept; off when
        the setting `backups/daily` is false)."""
        daily = bool(self.settings.value("backups/daily", True, type=bool))
        keep = int(self.settings.value("backups/keep", DAILY_KEEP, type=int))  # type: ignore[call-overload]
        path = Path(self.project.path)
        check = path.stat().st_size > QUICK_CHECK_MAX_BYTES
        if not daily and not check:
            return

        def job() -> None:
            message = ""
            try:
                with self.project.reopen() as project:  # in the store process
                    damage = project.call(page_damage) if check else None
                    if damage is not None:
                        if not self._closing:
                            self.damage_found.emit(damage)
                        return
                    if daily:
                        made = project.call(backup_today, keep)
                        message = f"Today's backup: {made}" if made is not None else ""
            except (AnnotatorError, OSError) as error:
                message = f"The daily backup failed: {error}"
            if message and not self._closing:
                self.finished.emit(message)

        self.worker = threading.Thread(target=job, name="daily-backup", daemon=True)
        self.worker.start()

    def close(self) -> None:
        """Wait for the copy (seconds at most; never cut it off), and announce nothing more."""
        self._closing = True
        if self.worker is not None:
            self.worker.join()
