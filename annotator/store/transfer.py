"""`annotator copy SRC DEST`: a project copied between stores (a SQLite file and a shared
PostgreSQL database, either way), exactly: the same documents in the same order, labels,
relation types, annotators, and every layer with its span and relation ids, notes and
stored statuses, so that an export of the copy equals an export of the source byte for
byte; and the team's state: the project's id (packages made from the source merge into the
copy), the assignments in their queue order and the bases of merged packages. All or
nothing: a copy that fails is removed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span, Status, Suggestion
from annotator.store.interface import ProjectStore
from annotator.store.locations import create_any, discard_any
from annotator.store.sqlite.integrity import checked_meta, checked_text

Progress = Callable[[int, int], bool | None]


def copy_store(source: ProjectStore, dest: str | Path, progress: Progress | None = None) -> int:
    """Copy `source` into a new project at `dest` (a file name or a URL; it must not hold a
    project yet). Returns the number of documents copied."""
    copy = create_any(dest, source.labels(), source.relation_types())
    try:
        with copy.transaction():
            count = _fill(source, copy, progress)
    except BaseException:
        copy.close()
        discard_any(dest)
        raise
    copy.close()
    return count


def _fill(source: ProjectStore, copy: ProjectStore, progress: Progress | None) -> int:
    for name in source.annotators():
        copy.ensure_annotator(name)
    statuses: dict[int, dict[str, Status]] = defaultdict(dict)
    for seq, annotator, status in source.layer_statuses():
        statuses[seq][annotator] = Status(status)
    layers: dict[int, set[str]] = defaultdict(set)
    for seq, annotator, _ in source.layer_span_arrays():
        layers[seq].add(annotator)
    total = source.document_count()
    done = 0
    counts = source.suggestion_counts()
    suggested = bool(counts)  # a project that never ran the suggesters skips their reads
    decided = any(accepted or rejected for _, _, accepted, rejected, _ in counts)
    annotators = source.annotators()
    for seq, doc_id, title, text, sha256, meta in list(source.stored_documents()):
        document = Document(
            doc_id,
            checked_text(source.path, doc_id, text, sha256),
            title,
            checked_meta(source.path, doc_id, meta),
        )
        copy.add_document(document)
        for annotator in sorted(layers[seq] | statuses[seq].keys()):
            spans: list[Span] = source.spans(doc_id, annotator)
            copy.restore_layer(
                doc_id,
                annotator,
                spans,
                source.relations(doc_id, annotator),
                statuses[seq].get(annotator),
            )
        if suggested:
            _copy_suggestions(source, copy, doc_id, annotators if decided else [])
        done += 1
        if progress is not None and done % 100 == 0 and progress(done, total) is False:
            raise AnnotatorError("copy cancelled; nothing was written")
    project_id = source.project_info("project_id")
    if project_id is not None:
        copy.set_project_info("project_id", project_id)
    assignments = source.assignment_rows()
    if assignments:
        copy.add_assignments(assignments)
    for name in source.merge_sources():
        copy.set_merge_bases(name, list(source.merge_bases(name).items()))
    gazetteer = source.gazetteer()
    if gazetteer:
        copy.add_gazetteer(gazetteer)
    return done


def _copy_suggestions(
    source: ProjectStore, copy: ProjectStore, doc_id: str, annotators: list[str]
) -> None:
    """The document's suggestions and the decisions of `annotators` on them. The stale
    ones (no longer made, kept for somebody's decision) are found through the decisions:
    stored with the current ones, decided, then left out of a second store, which makes
    them stale in the copy as in the source."""
    current = source.suggestions(doc_id)
    decisions = {name: source.suggestion_decisions(doc_id, name) for name in annotators}
    current_ids = {s.id for s in current}
    stale_ids = sorted(
        {ident for held in decisions.values() for ident in held if ident not in current_ids}
    )
    stale = [source.suggestion(ident) for ident in stale_ids]
    if not current and not stale:
        return
    copy.store_suggestions(doc_id, current + stale)
    copied: dict[tuple[object, ...], int] = {}
    for suggestion in copy.suggestions(doc_id):
        assert suggestion.id is not None
        copied[suggestion.key] = suggestion.id
    by_id: dict[int | None, Suggestion] = {s.id: s for s in current + stale}
    for name in annotators:
        for ident, decision in sorted(decisions[name].items()):
            copy.decide_suggestion(copied[by_id[ident].key], name, decision)
    if stale:
        copy.store_suggestions(doc_id, current)
