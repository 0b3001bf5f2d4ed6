"""What the rest of the app may ask of a project: `ProjectStore`.

Operations, import, export, agreement, gold and the window take a `ProjectStore`, never an
implementation: the SQLite one (`annotator.store.sqlite.project.Project`, one file) is the
only code that holds a connection or writes SQL, and a PostgreSQL one (a shared team
database) can be added beside it without touching its callers. The app's window holds a
`store.host.RemoteProject`, which forwards each of these methods to a `Project` in the store
process; `call` runs a module-level function of `annotator.store`/`annotator.core` there.

Conventions every implementation keeps:
- offsets are code point indexes into the document text as stored, `[start, end)`;
- every method that writes is one transaction (a savepoint inside `transaction()`), and
  raises `ProjectError` (the store cannot be written: read-only, busy, full, lost) or
  `AnnotatorError` (the request is wrong: unknown label, span gone) with nothing written;
- a list read never loads document texts: only `document()` and `stored_documents()` do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from annotator.core.model import (
    Document,
    DocumentSummary,
    Fragments,
    Label,
    Relation,
    RelationType,
    Span,
    Status,
    Suggestion,
)
from annotator.core.search import DEFAULT_LIMIT, Query, SearchResult

T = TypeVar("T")


class ProjectStore(Protocol):
    """An open project (see the module docstring). `path` names it for messages and for
    opening it again; `read_only` is True when every write raises ProjectError."""

    @property
    def path(self) -> Path: ...

    @property
    def read_only(self) -> bool: ...

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close it (a second close does nothing); what was committed stays."""
        ...

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`function(project, *args, **kwargs)` run where the project lives."""
        ...

    def reopen(self) -> ProjectStore:
        """The same project on a connection of its own (for a worker thread)."""
        ...

    def open_another(self, path: Path) -> ProjectStore:
        """Another existing project, opened the way this one was."""
        ...

    def create_another(self, path: Path) -> ProjectStore:
        """A new project with the default labels, opened the way this one was."""
        ...

    def __enter__(self) -> ProjectStore: ...

    def __exit__(self, *exc: object) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """One all-or-nothing unit of work; nested ones become savepoints."""
        ...

    def change_token(self) -> int:
        """The change token: a number that changes whenever another program commits a
        change to the project (this connection's own writes leave it as it is). Cheap: the
        app asks it on a timer to pick up other instances' changes, and undo checks it
        under the write lock (it never crosses another's change). A file's is SQLite's
        `PRAGMA data_version`; a shared project's counts the commits of other connections
        that the server notified (LISTEN/NOTIFY)."""
        ...

    def fixed_annotator(self) -> str | None:
        """The annotator name the store imposes (a shared project's database login: nobody
        works under another's name), or None when the user chooses it."""
        ...

    def files_lost(self) -> str | None:
        """Why nothing more can be saved, if the project's storage was taken away by another
        program (with what was kept of it); else None. Cheap."""
        ...

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another program's write before ProjectError."""
        ...

    # -- labels and annotators --------------------------------------------------------------

    def labels(self) -> list[Label]: ...

    def add_label(self, label: Label) -> None: ...

    def update_label(self, name: str, label: Label) -> None:
        """Give the label `name` the fields of `label` (a rename: its spans and the
        relation types' label lists follow)."""
        ...

    def remove_label(self, name: str) -> None:
        """Remove a label no span uses."""
        ...

    def order_labels(self, names: Sequence[str]) -> None:
        """Put the labels `names` first, in that order."""
        ...

    def label_use(self, name: str) -> int:
        """How many spans (every layer) have the label."""
        ...

    def spans_with_label(self, name: str) -> list[Span]: ...

    def annotators(self) -> list[str]: ...

    def ensure_annotator(self, name: str) -> str:
        """The checked name, added to the annotators if it was not there."""
        ...

    def annotators_with_layers(self) -> list[str]:
        """The annotators, gold aside, with a span or a document started or done."""
        ...

    # -- documents --------------------------------------------------------------------------

    def document_count(self) -> int: ...

    def document(self, document_id: str) -> Document:
        """The document with its text (checked against its stored checksum)."""
        ...

    def document_length(self, document_id: str) -> int: ...

    def add_document(self, document: Document) -> None: ...

    def set_meta(
        self, document_id: str, meta: dict[str, Any], title: str | None = None
    ) -> None: ...

    def stored_sha256(self, document_id: str) -> str | None:
        """The SHA-256 of the document's stored text, or None if there is no such one."""
        ...

    def document_seq(self, document_id: str) -> int | None: ...

    def document_seqs(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[int]:
        """The list's documents in project order (filtered), cheap for 100,000 of them."""
        ...

    def summaries_of(self, seqs: Sequence[int], annotator: str) -> list[DocumentSummary]: ...

    def summaries(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[DocumentSummary]: ...

    def summary(self, document_id: str, annotator: str) -> DocumentSummary: ...

    def stats(self) -> dict[str, Any]: ...

    # -- statuses ---------------------------------------------------------------------------

    def status(self, document_id: str, annotator: str) -> Status: ...

    def set_status(self, document_id: str, annotator: str, status: Status) -> None: ...

    def statuses_of(self, annotator: str) -> dict[str, Status]:
        """Each document's stored status for `annotator` (those not there are `new`)."""
        ...

    # -- spans ------------------------------------------------------------------------------

    def spans(self, document_id: str, annotator: str) -> list[Span]: ...

    def spans_over(self, document_id: str, annotator: str, start: int, end: int) -> list[Span]:
        """`annotator`'s spans of the document whose outer bounds overlap [start, end), in
        the order of `spans`."""
        ...

    def span(self, span_id: int) -> Span: ...

    def add_span(self, span: Span, relations: Sequence[Relation] = ()) -> Span:
        """Write a span (with `span.id` set: restore it under that id, with `relations`,
        which is how undo brings a deleted span back whole); returns it as stored."""
        ...

    def delete_span(self, span_id: int) -> tuple[Span, list[Relation]]:
        """Delete a span and its relations; returns them as they were."""
        ...

    def update_span(
        self,
        span_id: int,
        *,
        label: str | None = None,
        note: str | object | None = ...,
        bounds: tuple[int, int, Fragments] | None = None,
    ) -> Span:
        """Change a span's label, note (`note=None` clears it, no `note` keeps it) and/or
        bounds (`(start, end, fragments)`, checked as `add_span` checks them)."""
        ...

    def merge_layer(
        self, document_id: str, annotator: str, spans: list[Span], status: Status | None
    ) -> tuple[int, int]:
        """Add the spans the layer does not have yet; returns (added, already present)."""
        ...

    def restore_layer(
        self,
        document_id: str,
        annotator: str,
        spans: Sequence[Span],
        relations: Sequence[Relation],
        status: Status | None,
    ) -> None:
        """Write an empty layer exactly as another project holds it (`annotator copy`):
        spans and relations under their ids, the status only if given."""
        ...

    # -- relations --------------------------------------------------------------------------

    def relation_types(self) -> list[RelationType]: ...

    def add_relation_type(self, kind: RelationType) -> None: ...

    def update_relation_type(self, name: str, kind: RelationType) -> None:
        """Give the type `name` the fields of `kind` (a rename: its relations follow)."""
        ...

    def remove_relation_type(self, name: str) -> None:
        """Remove a relation type no relation has."""
        ...

    def order_relation_types(self, names: Sequence[str]) -> None: ...

    def relations_of_type(self, name: str) -> list[Relation]: ...

    def relations(self, document_id: str, annotator: str) -> list[Relation]: ...

    def relation(self, relation_id: int) -> Relation: ...

    def add_relation(self, relation: Relation) -> Relation: ...

    def update_relation(self, relation_id: int, label: str) -> Relation:
        """Relabel a relation, keeping its id."""
        ...

    def delete_relation(self, relation_id: int) -> Relation: ...

    def delete_relations_of_span(self, span_id: int) -> list[Relation]: ...

    # -- bulk reads (export, agreement): rows in a documented order, for merge walks ---------

    def stored_documents(self) -> Iterator[tuple[int, str, str, bytes, str, bytes]]:
        """(seq, id, title, text as UTF-8 bytes, its SHA-256, meta as UTF-8 bytes) in
        project order, unchecked (see `checked_text`, `checked_meta`)."""
        ...

    def layer_span_arrays(self) -> Iterator[tuple[int, str, str]]:
        """(seq, annotator, JSON array of [start, end, label, span id, fragments]) by seq,
        annotator; fragments are [[start, end], ...] for a discontinuous span, else []."""
        ...

    def span_notes(self) -> Iterator[tuple[int, int, str]]:
        """(seq, span id, note) by seq."""
        ...

    def layer_statuses(self) -> Iterator[tuple[int, str, str]]:
        """(seq, annotator, status) by seq, annotator."""
        ...

    def relation_rows(self) -> Iterator[tuple[str, str, int, int, str]]:
        """(document id, annotator, head span id, tail span id, label) in the order added."""
        ...

    def relation_counts(self) -> dict[str, int]: ...

    def counted_layers(
        self, annotators: Sequence[str], include_unfinished: bool = False
    ) -> Iterator[tuple[str, str]]:
        """(document id, annotator) of the layers marked done (or, with
        `include_unfinished`, with a span)."""
        ...

    def span_triples(
        self, annotators: Sequence[str], labels: Sequence[str]
    ) -> Iterator[tuple[str, str, int, int, str]]:
        """(document id, annotator, start, end, label) in that order."""
        ...

    def agreement_spans(
        self, annotators: Sequence[str], labels: Sequence[str]
    ) -> Iterator[tuple[str, str, int, int, str, int, str | None]]:
        """As `span_triples`, with each span's id and fragments (JSON text, or None), in no
        set order."""
        ...

    def document_lengths(self) -> Iterator[tuple[str, str, int]]:
        """(id, title, length) in project order; no text read."""
        ...

    # -- search -----------------------------------------------------------------------------

    def search(self, query: Query, limit: int = DEFAULT_LIMIT) -> SearchResult:
        """The first `limit` hits of `query` over every document's text, in project order
        (core/search.py); the index is kept by the transaction that writes a document."""
        ...

    # -- assignments, progress and packages (issue 15; store/sqlite/assignments.py) -------

    def assignment_rows(self, annotator: str | None = None) -> list[tuple[str, str, int]]:
        """(document id, annotator, queue position), by annotator then position."""
        ...

    def add_assignments(self, rows: Sequence[tuple[str, str, int]]) -> None: ...

    def remove_assignments(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str, int]]:
        """Unassign (document id, annotator) pairs; returns the rows removed."""
        ...

    def queue_seqs(
        self, annotator: str, status: Status | None = None, title_contains: str = ""
    ) -> list[int]:
        """The seqs of the documents assigned to `annotator` and not done, in queue order."""
        ...

    def queue_counts(self, annotator: str) -> tuple[int, int]:
        """(assigned documents marked done, assigned documents) of `annotator`."""
        ...

    def document_statuses(self) -> list[tuple[str, str, str]]:
        """(document id, annotator, status) of every status other than new, gold aside."""
        ...

    def layer_activity(self) -> list[tuple[str, int, int, str | None]]:
        """(annotator, spans, relations, last change or None) per annotator but gold."""
        ...

    def project_info(self, key: str) -> str | None: ...

    def set_project_info(self, key: str, value: str) -> None: ...

    def merge_bases(self, source: str) -> dict[str, str]:
        """Document id -> the layer JSON recorded under `source` (store/packages.py)."""
        ...

    def set_merge_bases(self, source: str, rows: Sequence[tuple[str, str]]) -> None: ...

    def merge_sources(self) -> list[str]:
        """Every `source` with merge bases recorded, by name (`annotator copy` copies them)."""
        ...

    # -- suggestions (sqlite/suggestions.py) ------------------------------------------------
    # On a shared project an annotator's login reads only their own decisions and layer
    # (postgres/suggestions.py): their counts, open suggestions and span texts are theirs.

    def suggestions(self, document_id: str) -> list[Suggestion]:
        """The document's current suggestions, with ids, in text order."""
        ...

    def suggestion(self, suggestion_id: int) -> Suggestion:
        """One suggestion; AnnotatorError if it is gone."""
        ...

    def store_suggestions(self, document_id: str, suggestions: Sequence[Suggestion]) -> int:
        """Replace the document's suggestions with a new run's: one made again keeps its id
        and decisions, one no longer made goes (or stays, stale, if someone decided on it).
        Returns how many the document has."""
        ...

    def suggestion_decisions(self, document_id: str, annotator: str) -> dict[int, str]:
        """{suggestion id: "accepted" | "rejected"}: `annotator`'s decisions in a document."""
        ...

    def decide_suggestion(self, suggestion_id: int, annotator: str, decision: str | None) -> None:
        """Record (or with None, take back) `annotator`'s decision on a suggestion."""
        ...

    def suggestion_counts(self) -> list[tuple[str, str, int, int, int]]:
        """(suggester, label, accepted, rejected, open) for `stats`."""
        ...

    def open_suggestions(self) -> Iterator[Suggestion]:
        """Every current suggestion nobody decided on, by document then text order."""
        ...

    def span_texts(self, label: str) -> list[str]:
        """The distinct texts of every contiguous span of `label` in every layer."""
        ...

    def gazetteer(self) -> list[tuple[str, str]]:
        """The imported (name, alias) rows; alias "" for none."""
        ...

    def add_gazetteer(self, rows: Sequence[tuple[str, str]]) -> int:
        """Add (name, alias) rows not held yet; returns how many were new."""
        ...
