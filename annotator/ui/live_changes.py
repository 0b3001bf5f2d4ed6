"""Other members' changes the moment they are saved, for a shared project: a thread waits on
a connection of its own for the server's notifications (store/watching.py) and tells the
window, which then looks at once (external_changes.py: the same reload as after its timer,
keeping the user's place, undo never crossing it). A project file cannot push: no thread."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal

from annotator.core.errors import AnnotatorError
from annotator.store.interface import ProjectStore
from annotator.store.watching import session_of, wait_for_others

WAIT_S = 1.0  # how long one wait lasts: how soon a closing window's thread stops
RETRY_S = 2.0  # after the server went away, before connecting again


class LiveChanges(QThread):
    noticed = Signal()  # another connection committed a change

    def __init__(self, project: ProjectStore, session: int):
        super().__init__()
        self.project = project
        self.session = session
        self._stopping = False

    @staticmethod
    def start_for(project: ProjectStore) -> LiveChanges | None:
        """A running watcher for `project`, or None if it cannot push changes."""
        try:
            session = project.call(session_of)
        except AnnotatorError:
            return None
        if session is None:
            return None
        watcher = LiveChanges(project, session)
        watcher.start()
        return watcher

    def run(self) -> None:
        while not self._stopping:
            try:
                with self.project.reopen() as own:  # this thread's channel and connection
                    while not self._stopping:
                        if own.call(wait_for_others, self.session, WAIT_S):
                            self.noticed.emit()
            except AnnotatorError:  # the server went away: the window's timer still looks
                self.msleep(int(RETRY_S * 1000))

    def stop(self) -> None:
        """Stop waiting (within WAIT_S) and end the thread."""
        self._stopping = True
        self.wait()
