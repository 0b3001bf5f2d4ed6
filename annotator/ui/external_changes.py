"""Other programs' changes to the window's project: another window, the command line, an
import of ours in a worker. Polled with the project's change token (every `CHANGE_POLL_MS`
and on every activation); what changed is reloaded keeping the user's place, and a project
whose files were deleted or replaced gets a banner that stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.errors import AnnotatorError
from annotator.ui.live_changes import LiveChanges

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

# How often the window asks whether another window or command changed the project (also on
# every activation): the store's change token (a file's `PRAGMA data_version`; a shared
# project's count of the commits the server notified), no table read.
CHANGE_POLL_MS = 1_500
EXTERNAL_CHANGE = "Another window or command changed this document's spans"


class ExternalChanges:
    """Watches one window's project for other programs' commits and reloads its views."""

    def __init__(self, window: MainWindow, change_token: int):
        """`change_token`: the project's, read before the window read what it shows."""
        self.window = window
        self.change_token = change_token
        self.timer = QTimer(window)
        self.timer.setInterval(CHANGE_POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        # A shared project's server pushes other members' commits: look at once.
        self.live = LiveChanges.start_for(window.project)
        if self.live is not None:
            # Through a timer of the window's thread: the check runs there, never in the
            # watcher's (a signal to a QObject's slot crosses threads queued).
            self.soon = QTimer(window)
            self.soon.setSingleShot(True)
            self.soon.setInterval(0)
            self.soon.timeout.connect(self.check)
            self.live.noticed.connect(self.soon.start)

    def close(self) -> None:
        self.timer.stop()
        if self.live is not None:
            self.live.stop()

    def check(self) -> bool:
        """If another connection committed since the last look, reload what the window
        shows. Returns True if the open document's layer changed (its undo history is then
        gone: undo must not cross another instance's change)."""
        w = self.window
        if any(task.writes or task.defers_checks for task in w.tasks):
            return False  # our own import or suggestion run: its end reloads the views
        try:
            lost = w.project.files_lost()
            if lost is not None:
                self.show_lost(lost)
                return False
            version = w.project.change_token()
        except AnnotatorError:  # a closed or vanished file: the next real action says so
            return False
        if version == self.change_token:
            return False
        self.change_token = version
        return self._reload_after_external_change()

    def show_lost(self, reason: str) -> None:
        """Say, once and where it stays, that nothing more can be saved here."""
        banner = self.window.lost_banner
        if banner.isVisible():
            return
        banner.setText(f"Nothing can be saved here any more: {reason}.")
        banner.show()
        self.window.statusBar().showMessage("Nothing can be saved here any more: see above.")

    def own_write_reloaded(self) -> None:
        """Our own import committed (in a worker): show it, as ours, not another's change."""
        self.change_token = self.window.project.change_token()
        self.reload_views()

    def layer_changed(self, annotator: str, document_id: str) -> None:
        """Another window of ours changed a layer: show it anew if it is the open one."""
        w = self.window
        document = w.controller.document
        if annotator == w.controller.annotator and document and document.id == document_id:
            w._run(lambda: w.controller.open_document(document_id))
            w.documents.refresh_document(document_id)

    def _reload_after_external_change(self) -> bool:
        changed = self.reload_views()
        if not changed:
            # Another program's suggestion run (`annotator suggest`, a teammate's on a
            # shared project) changes no layer: read the open document's suggestions again.
            # (A changed layer reopens the document, which suggests it anew.)
            self.window.suggestions.runner.suggest_open_document(run=False)
        self.window.statusBar().showMessage(
            f"{EXTERNAL_CHANGE}: reloaded (a fresh undo history)."
            if changed
            else "Another window or command changed this project: the list is up to date.",
            8000,
        )
        return changed

    def reload_views(self) -> bool:
        """Show the project as stored after someone (an import, another program) wrote to
        it: labels, annotators, the list, and the open layer, keeping the user's place.
        Returns True if the open document's layer changed (its undo history is gone)."""
        w = self.window
        if w.project.labels() != w.controller.labels:
            w.controller.reload_labels()
        if w.project.annotators() != [
            w.annotator_box.itemText(i) for i in range(w.annotator_box.count())
        ]:
            w.navigation.fill_annotators()
        scroll = w.document_view.verticalScrollBar().value()
        w.documents.reload()
        w.navigation.show_current_document_in_list()
        w.document_view.verticalScrollBar().setValue(scroll)
        document = w.controller.document
        changed = False
        if document is None:
            if w.documents.rowCount():
                w.navigation.open_first_document()
        elif set(w.project.spans(document.id, w.controller.annotator)) != set(
            w.text_view.spans()
        ) or set(w.project.relations(document.id, w.controller.annotator)) != set(
            w.layer_model.relations()
        ):
            self.reload_open_document()
            changed = True
        else:  # the open layer is as shown: its undo history holds
            w.history.rebase(self.change_token)
        w._update_counts()
        return changed

    def reload_open_document(self) -> None:
        """Show the open document's stored layer, keeping the user's place: the scroll
        position, the selection or cursor, the picked span (if it still exists), the focus."""
        w = self.window
        document = w.controller.document
        assert document is not None
        focus = QApplication.focusWidget()
        scroll = w.text_view.verticalScrollBar().value()
        cursor = w.text_view.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        current = w.text_view.current
        w.controller.open_document(document.id)  # also clears the undo history
        cursor = w.text_view.textCursor()
        cursor.setPosition(anchor)
        cursor.setPosition(position, cursor.MoveMode.KeepAnchor)
        w.text_view.setTextCursor(cursor)
        w.text_view.verticalScrollBar().setValue(scroll)
        if current is not None:
            fresh = next((s for s in w.text_view.spans() if s.id == current.id), None)
            w.select_span(fresh)
            w.text_view.verticalScrollBar().setValue(scroll)
        if focus is not None:
            focus.setFocus()
