"""Undoable span edits. Each do/undo is one store transaction made through the controller.

`push()` performs the edit first and only puts it on the undo stack if it worked, so a
refused edit (a duplicate span, say) never leaves a phantom entry. If an undo or redo fails
later (the span was changed by another window), the command reports the error through the
controller and drops itself from the stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation, Span
from annotator.ui.controller import Controller
from annotator.ui.plain import as_undo_text


class _SpanCommand(QUndoCommand):
    def __init__(self, controller: Controller, text: str):
        super().__init__(as_undo_text(text))  # names a label
        self.controller = controller
        self._skip_first_redo = False

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._guarded(self.do)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except AnnotatorError as error:
            self.setObsolete(True)
            self.controller.error_occurred.emit(f"Could not {self.text().lower()}: {error}")


def push(stack: QUndoStack, command: _SpanCommand) -> None:
    """Do `command` now; put it on `stack` only if it succeeded. Raises AnnotatorError."""
    command.do()
    command._skip_first_redo = True
    stack.push(command)


class AddSpan(_SpanCommand):
    def __init__(self, controller: Controller, start: int, end: int, label: str):
        super().__init__(controller, f"Add {label}")
        self.start, self.end, self.label = start, end, label
        self.span: Span | None = None
        self.relations: list[Relation] = []  # what undo took with the span, for redo

    def do(self) -> None:
        old_id = self.span.id if self.span else None  # redo after undo keeps the id
        self.span = self.controller.add_span(
            self.start, self.end, self.label, old_id, relations=self.relations
        )

    def revert(self) -> None:
        assert self.span is not None and self.span.id is not None
        _, self.relations = self.controller.delete_span(self.span.id)


class DeleteSpan(_SpanCommand):
    """Delete a span; undo restores it with the relations it took with it, redo deletes
    them again."""

    def __init__(self, controller: Controller, span: Span):
        super().__init__(controller, f"Delete {span.label}")
        self.span = span
        self.relations: list[Relation] = []

    def do(self) -> None:
        assert self.span.id is not None
        self.span, self.relations = self.controller.delete_span(self.span.id)

    def revert(self) -> None:
        s = self.span
        self.controller.add_span(s.start, s.end, s.label, s.id, s.note, self.relations)


class UpdateSpan(_SpanCommand):
    """Change a span's label and/or note."""

    def __init__(self, controller: Controller, span: Span, **changes: str | None):
        what = f"Relabel as {changes['label']}" if "label" in changes else "Edit note"
        super().__init__(controller, what)
        assert span.id is not None
        self.span_id = span.id
        self.before = {key: getattr(span, key) for key in changes}
        self.after = changes

    def do(self) -> None:
        self.controller.update_span(self.span_id, **self.after)

    def revert(self) -> None:
        self.controller.update_span(self.span_id, **self.before)
