"""The bridge between the widgets and the store.

Widgets never call the store: they ask the controller, which makes one store call (one
transaction) and announces what changed through signals. Views update only what a signal
names: a span, a document's row.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from annotator.core.errors import AnnotatorError
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit
from annotator.core.model import Document, Label, Relation, Span, Status
from annotator.store.interface import ProjectStore


class Controller(QObject):
    """Holds the open project, the current annotator and the current document."""

    document_opened = Signal(object, list)  # Document, list[Span]: the annotator's layer
    span_added = Signal(object)  # Span
    span_removed = Signal(object)  # Span, as it was
    span_changed = Signal(object, object)  # old Span, new Span
    status_changed = Signal(str, object)  # document id, Status
    labels_changed = Signal()
    error_occurred = Signal(str)  # a message for the user

    def __init__(self, project: ProjectStore, annotator: str, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.annotator = project.ensure_annotator(annotator)
        self.document: Document | None = None
        self.labels: list[Label] = project.labels()

    # -- what is open ---------------------------------------------------------------------

    def open_document(self, document_id: str) -> None:
        """Show a document (AnnotatorError if it is longer than the text view shows without
        freezing: one stored before the size limit was lowered)."""
        length = self.project.document_length(document_id)
        if length > MAX_DOCUMENT_BYTES:
            raise AnnotatorError(
                f"the document {document_id!r} is {length:,} characters long, more than the "
                f"{describe_limit()} the app opens without freezing (it was stored before "
                "that limit); it can still be exported and used from the command line"
            )
        self.document = self.project.document(document_id)
        spans = self.project.spans(document_id, self.annotator)
        self.document_opened.emit(self.document, spans)

    def set_annotator(self, name: str) -> None:
        name = self.project.ensure_annotator(name)
        if name == self.annotator:
            return
        self.annotator = name
        if self.document is not None:
            self.open_document(self.document.id)

    def reload_labels(self) -> None:
        self.labels = self.project.labels()
        self.labels_changed.emit()

    # -- span edits: each is one transaction ----------------------------------------------

    def add_span(
        self,
        start: int,
        end: int,
        label: str,
        span_id: int | None = None,
        note: str | None = None,
        relations: Sequence[Relation] = (),
    ) -> Span:
        """Write a span of the current document for the current annotator (with `span_id`:
        restore a deleted span under its old id, with the `relations` it took with it, for
        undo and redo)."""
        assert self.document is not None
        span = Span(self.document.id, self.annotator, start, end, label, note, span_id)
        stored = self.project.add_span(span, tuple(relations))
        # A new document becomes in progress: the span_added listeners re-read its row.
        self.span_added.emit(stored)
        return stored

    def delete_span(self, span_id: int) -> tuple[Span, list[Relation]]:
        """Delete a span; returns it and the relations that went with it, as they were."""
        removed, relations = self.project.delete_span(span_id)
        self.span_removed.emit(removed)
        return removed, relations

    def update_span(self, span_id: int, **changes: str | None) -> Span:
        old = self.project.span(span_id)
        new = self.project.update_span(span_id, **changes)
        self.span_changed.emit(old, new)
        return new

    def set_status(self, status: Status) -> None:
        assert self.document is not None
        self.project.set_status(self.document.id, self.annotator, status)
        self.status_changed.emit(self.document.id, status)
