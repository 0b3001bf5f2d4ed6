"""Reads that go together, made in one call (`project.call(function, ...)`): one round trip
to the store process, and one answer it sends when all of it is read."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.limits import MAX_DOCUMENT_BYTES
from annotator.core.model import Document, Span, Suggestion
from annotator.store.interface import ProjectStore


def document_and_layer(
    project: ProjectStore, document_id: str, annotator: str
) -> tuple[int, Document | None, list[Span] | None]:
    """What opening a document in the window reads: its length in code points, then the
    document and `annotator`'s spans of it, or (length, None, None) for a document longer
    than the window opens (stored before the limit was lowered): it is not read at all."""
    length = project.document_length(document_id)
    if length > MAX_DOCUMENT_BYTES:
        return length, None, None
    return length, project.document(document_id), project.spans(document_id, annotator)


@dataclass(frozen=True)
class Loaded:
    """One document's suggestions and one annotator's decisions on them, as stored."""

    document_id: str
    annotator: str
    suggestions: list[Suggestion]
    decisions: dict[int, str]
    notice: str = ""  # what the run left out (a spaCy pipeline that cannot be loaded)


def read_suggestions(project: ProjectStore, document_id: str, annotator: str) -> Loaded:
    """What the window shows of a document's suggestions: one call for both reads."""
    return Loaded(
        document_id,
        annotator,
        project.suggestions(document_id),
        project.suggestion_decisions(document_id, annotator),
    )
