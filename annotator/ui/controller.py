"""The bridge between the widgets and the store.

Widgets never call the store: they ask the controller, which runs one operation (one
transaction, annotator.ops) and broadcasts the `Changes` it returned as one signal,
`changes_applied`. Each view asks whether a change touches what it shows
(`Changes.touches`) and updates only what the change names: a span, a document's row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from annotator.core.errors import AnnotatorError
from annotator.core.limits import describe_limit
from annotator.core.model import Document, Label, Span, Status
from annotator.ops import spans as ops_spans
from annotator.ops.annotators import use_annotator
from annotator.ops.changes import Changes
from annotator.store.interface import ProjectStore
from annotator.store.reads import document_and_layer

if TYPE_CHECKING:
    from annotator.store.host import ReadAhead


class Controller(QObject):
    """Holds the open project, the current annotator and the current document."""

    # Document, list[Span]: the annotator's layer. `object`, not `list`: a list argument is
    # copied through a QVariantList at each emit (10 ms for 20,000 spans).
    document_opened = Signal(object, object)
    changes_applied = Signal(object)  # the Changes of an operation (or of its undo)
    labels_changed = Signal()
    error_occurred = Signal(str)  # a message for the user

    def __init__(self, project: ProjectStore, annotator: str, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        # A shared project's annotator is the login (store.fixed_annotator), not a choice.
        self.fixed_annotator = project.fixed_annotator()
        self.annotator = project.call(use_annotator, self.fixed_annotator or annotator)
        self.document: Document | None = None
        self.labels: list[Label] = project.labels()
        # (document id, annotator, the read) of `read_ahead`, until the next open takes it.
        self._ahead: tuple[str, str, ReadAhead] | None = None

    # -- what is open ---------------------------------------------------------------------

    def read_ahead(self, document_id: str) -> None:
        """Have the store process read `document_id` and this annotator's layer of it now,
        on a channel of its own, for the window's first open, which comes right after the
        window is built (20,000 spans are 40 ms of the store's time, while the window builds
        itself). The next open takes it, whichever document it opens; an operation run
        before (`run`) drops it. A project opened in this process, or a shared one, reads
        at the open."""
        self.drop_read_ahead()
        ahead = getattr(self.project, "read_ahead", None)
        read = None if ahead is None else ahead(document_and_layer, document_id, self.annotator)
        if read is not None:
            self._ahead = (document_id, self.annotator, read)

    def drop_read_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead[2].discard()
            self._ahead = None

    def open_document(self, document_id: str) -> None:
        """Show a document (AnnotatorError if it is longer than the text view shows without
        freezing: one stored before the size limit was lowered)."""
        ahead, self._ahead = self._ahead, None
        read = None
        if ahead is not None:
            if ahead[:2] == (document_id, self.annotator):
                with contextlib.suppress(AnnotatorError):  # read again below, and said there
                    read = ahead[2].result()
            else:
                ahead[2].discard()
        if read is None:
            read = self.project.call(document_and_layer, document_id, self.annotator)
        length, document, spans = read
        if document is None:
            raise AnnotatorError(
                f"the document {document_id!r} is {length:,} characters long, more than the "
                f"{describe_limit()} the app opens without freezing (it was stored before "
                "that limit); it can still be exported and used from the command line"
            )
        self.document = document
        self.document_opened.emit(self.document, spans)

    def set_annotator(self, name: str) -> None:
        name = self.project.call(use_annotator, name)
        if name == self.annotator:
            return
        self.annotator = name
        if self.document is not None:
            self.open_document(self.document.id)

    def reload_labels(self) -> None:
        self.labels = self.project.labels()
        self.labels_changed.emit()

    # -- edits: each is one operation (one transaction in the store process) -------------

    def run(self, operation: Callable[..., Changes], *args: Any, **kwargs: Any) -> Changes:
        """`operation(project, *args, **kwargs)` from annotator.ops, run in the store
        process; the views are told what it changed. Raises AnnotatorError (nothing done)."""
        self.drop_read_ahead()  # read before this edit
        changes: Changes = self.project.call(operation, *args, **kwargs)
        self.apply_changes(changes)
        return changes

    def add_span(self, start: int, end: int, label: str) -> Span:
        """Write a span of the current document for the current annotator (not undoable:
        the window's edits go through its history)."""
        assert self.document is not None
        changes = self.run(
            ops_spans.add_span, Span(self.document.id, self.annotator, start, end, label)
        )
        return changes.spans_added[0]

    def set_status(self, status: Status) -> None:
        assert self.document is not None
        self.run(ops_spans.set_status, self.document.id, self.annotator, status)

    def apply_changes(self, changes: Changes) -> None:
        """Tell the views what `changes` did, in one `changes_applied` (none for no change),
        so that each view updates only what it names; a changed label set is re-read."""
        if changes:
            self.changes_applied.emit(changes)
        if changes.labels:
            self.reload_labels()
