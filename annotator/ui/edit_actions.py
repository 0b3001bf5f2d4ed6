"""The window's span edits and their undo: each edit is an operation (annotator.ops) run
through the controller and recorded in the window's `History`.

The rules an edit obeys here: none while an import holds the project's write lock; none of
a span another program changed since the user saw it; and undo never crosses another
program's change (the history is dropped when one reached the open layer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.model import Span, Status
from annotator.core.snapping import snap_to_words, trim_whitespace
from annotator.ops import spans as ops_spans
from annotator.ops.changes import Changes
from annotator.ops.history import HistoryLost
from annotator.store.interface import ProjectStore
from annotator.ui.external_changes import EXTERNAL_CHANGE
from annotator.ui.note_dialog import NoteDialog
from annotator.ui.plain import as_menu_text

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class EditActions:
    """Tag, relabel, delete, annotate spans and set statuses for one window, undoably."""

    def __init__(self, window: MainWindow):
        self.window = window

    def busy(self) -> bool:
        """True (and says so) while an import holds the project's write lock: an edit now
        would freeze the window until the import ends. (An export only reads.)"""
        busy = any(task.writes for task in self.window.tasks)
        if busy:
            self.window.statusBar().showMessage(
                "An import is running: that edit was not made. Try again when it has finished.",
                5000,
            )
        return busy

    # -- span edits -----------------------------------------------------------------------

    def apply_label(self, name: str) -> None:
        """Tag the selection with `name`; with no selection, relabel the current span."""
        w = self.window
        if w.controller.document is None:
            return
        selected = w.text_view.selected_range()
        current = w.text_view.current
        if selected is not None:
            self.tag_range(*selected, name)
        elif current is not None:
            if current.label != name:
                self.relabel(current, name)
        else:
            w.statusBar().showMessage("Select some text first, then press a label key.", 4000)

    def tag_range(self, start: int, end: int, label: str) -> None:
        w = self.window
        text = w.text_view.text
        snap = snap_to_words if w.snap_action.isChecked() else trim_whitespace
        snapped = snap(text, start, end)
        if snapped is None:
            w.statusBar().showMessage(
                "Only spaces or punctuation are selected: nothing to tag (with Snap to words "
                "off, the exact selection is tagged).",
                6000,
            )
            return
        start, end = snapped
        existing = next(
            (s for s in w.text_view.spans() if s.triple == (start, end, label)),
            None,
        )
        if existing is not None:
            w.statusBar().showMessage(f"That text is already tagged {label}.", 4000)
            w.select_span(existing)
            return
        assert w.controller.document is not None
        span = Span(w.controller.document.id, w.controller.annotator, start, end, label)
        changes = self.push(f"Add {label}", None, ops_spans.add_span, span)
        if changes is not None:
            w.text_view.clear_selection()
            w.select_span(changes.spans_added[0])

    def delete_current_span(self) -> None:
        span = self.window.text_view.current
        if span is None:
            self.window.statusBar().showMessage(
                "Click a span (or pick it in the list) to delete it.", 4000
            )
            return
        self.delete(span)

    def edit_note(self) -> None:
        w = self.window
        span = w.text_view.current
        if span is None:
            w.statusBar().showMessage("Click a span first to attach a note to it.", 4000)
            return
        quoted = w.text_view.text[span.start : span.end][:60]
        text = NoteDialog.ask(w, f"Note on {span.label} “{quoted}”:", span.note or "")
        if text is not None and (text.strip() or None) != span.note:
            self.set_note(span, text)

    def set_note(self, span: Span, text: str) -> None:
        assert span.id is not None
        note = text.strip() or None
        self.push("Edit note", (span, ("note",)), ops_spans.update_span, span.id, note=note)

    # The context menu's actions pass `checked` along: the extra arguments are ignored.
    def relabel(self, span: Span, label: str, *_: object) -> None:
        assert span.id is not None
        self.push(
            f"Relabel as {label}", (span, ("label",)), ops_spans.update_span, span.id, label=label
        )

    def delete(self, span: Span, *_: object) -> None:
        assert span.id is not None
        self.push(f"Delete {span.label}", (span, None), ops_spans.delete_span, span.id)

    def edit_note_of(self, span: Span, *_: object) -> None:
        self.window.select_span(span)
        self.edit_note()

    # -- statuses -------------------------------------------------------------------------

    def mark_done_and_next(self) -> None:
        w = self.window
        if w.controller.document is None or self.busy():
            return
        if w.linking.attribution.holds_done():  # something missing: asks once
            return
        if w._run(lambda: w.controller.set_status(Status.DONE)):
            w.navigation.step_document(1)

    def reopen(self) -> None:
        w = self.window
        if w.controller.document is not None and not self.busy():
            w._run(lambda: w.controller.set_status(Status.IN_PROGRESS))

    # -- the history ----------------------------------------------------------------------

    def push(
        self,
        description: str,
        shown: tuple[Span, tuple[str, ...] | None] | None,
        operation: Callable[..., Changes],
        *args: Any,
        **kwargs: Any,
    ) -> Changes | None:
        """Run a span edit and put it in the undo history; None (and nothing done, nothing
        in the history) if it was refused. `shown`: the span the edit acts on as the user
        saw it, and which of its fields must still be as shown (None: all of them)."""
        w = self.window
        if self.busy():
            return None
        w.external.check()
        # Also when a poll reloaded the document while this edit was being chosen (a note
        # dialog open, a menu up): the edit must be of the span as the user saw it.
        if shown is not None and not self.still_as_shown(*shown):
            w.show_error(
                f"That edit was not made: {EXTERNAL_CHANGE.lower()}, including this span. "
                "The document shows their change: check it and try again."
            )
            return None
        token = w.external.change_token  # what the window shows; our own write keeps it
        try:
            changes = w.controller.run(operation, *args, **kwargs)
        except AnnotatorError as error:
            w.show_error(str(error))
            return None
        w.history.push(description, changes, token)
        # What the status bar said of an earlier edit no longer holds; the caller may say
        # something of this one.
        w.statusBar().clearMessage()
        return changes

    def still_as_shown(self, span: Span, fields: tuple[str, ...] | None) -> bool:
        """After a reload: is `span` still stored as the user saw it (in `fields`)?"""
        assert span.id is not None
        stored = self.window.text_view.span_by_id(span.id)
        if stored is None:
            return False
        if fields is None:
            return stored == span
        return all(getattr(stored, key) == getattr(span, key) for key in fields)

    def undo(self) -> None:
        history = self.window.history
        self._undo_or_redo("undone", history.undo_text(), history.undo)

    def redo(self) -> None:
        history = self.window.history
        self._undo_or_redo("redone", history.redo_text(), history.redo)

    def _undo_or_redo(
        self, what: str, description: str, step: Callable[[ProjectStore], Changes]
    ) -> None:
        w = self.window
        if self.busy():
            return
        for task in list(w.tasks):
            if task.defers_checks and task.dialog is None:
                # A background suggestion run commits on a connection of its own: take
                # its end first, so that the history goes on from its commit.
                task.settle()
        changes = None
        try:
            # The write lock first: no other program can commit between the check for its
            # changes and the undo's own write (the history checks the change token again,
            # under the same lock).
            with w.project.transaction():
                if not self.history_lost(what) and description:
                    changes = step(w.project)
        except HistoryLost:
            self.history_lost_message(what)
        except ProjectError as error:  # the project is busy or read-only
            w.show_error(f"Nothing was {what}: {error}")
        except AnnotatorError as error:  # the span was changed elsewhere: the entry is gone
            w.show_error(f"Could not {description.replace(chr(10), ' ').lower()}: {error}")
        if changes is not None:
            w.controller.apply_changes(changes)
            again = "Ctrl+Shift+Z redoes it" if what == "undone" else "Ctrl+Z undoes it again"
            shown = description.replace("\n", " ")
            w.statusBar().showMessage(f"{what.capitalize()}: {shown}. {again}.", 6000)

    def history_lost(self, what: str) -> bool:
        """Pick up other instances' changes first. If they changed the open layer, the undo
        history was dropped (an undo must never overwrite their change): say so, True."""
        had_history = self.window.history.count() > 0
        if self.window.external.check() and had_history:
            self.history_lost_message(what)
            return True
        return False

    def history_lost_message(self, what: str) -> None:
        self.window.show_error(
            f"Nothing was {what}: {EXTERNAL_CHANGE.lower()} since your last edit. The "
            "document now shows their change, and your undo history was cleared so that "
            "undo cannot overwrite it."
        )

    def on_history_changed(self) -> None:
        w, history = self.window, self.window.history
        for action, prefix, can, text in (
            (w.undo_action, "Undo", history.can_undo(), history.undo_text()),
            (w.redo_action, "Redo", history.can_redo(), history.redo_text()),
        ):
            action.setEnabled(can)
            action.setText(f"{prefix} {as_menu_text(text)}" if text else prefix)
