"""The document list's switch between the annotator's queue and every document, and the
"7 of 20 done" the window's title shows for an annotator with documents assigned.

The list (`DocumentListModel.queue`) shows the queue whenever the annotator has one (it
looks again each time it reads the list) until the user flips the switch; the switch
shows only for an annotator with documents assigned. "Next document" and Ctrl+Enter step
through the queue (`DocumentListModel.step_from`, which navigation asks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker
from PySide6.QtWidgets import QCheckBox

from annotator.ops.changes import Changes

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class QueueSwitch(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.box = QCheckBox("My queue")
        self.box.setToolTip(
            "On: the documents assigned to you and not done yet, in order. "
            "Off: every document of the project."
        )
        self.box.toggled.connect(self._on_box_toggled)
        window.controller.changes_applied.connect(self._on_changes_applied)
        window.documents.modelReset.connect(self.refresh)  # the list read again
        self.refresh()

    def refresh(self) -> str:
        """Match the switch to the list; returns the title's progress ("7 of 20 done"), or
        "" for an annotator with nothing assigned."""
        documents = self.window.documents
        done, assigned = documents.queue_counts()
        with QSignalBlocker(self.box):
            self.box.setChecked(documents.queue)
        self.box.setVisible(bool(assigned) or documents.queue)
        return f"{done} of {assigned} done" if assigned else ""

    def _on_box_toggled(self, checked: bool) -> None:
        w = self.window
        w.documents.set_queue(checked)
        w.navigation.show_current_document_in_list()
        w._update_title()
        w._update_counts()

    def _on_changes_applied(self, changes: Changes) -> None:
        annotator = self.window.controller.annotator
        if any(a == annotator for _, a, _, _ in changes.statuses) or any(
            a == annotator for _, a in changes.assigned + changes.unassigned
        ):
            self.window._update_title()
