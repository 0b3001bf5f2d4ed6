"""Agreement over a project: which layers count, read from the file, then the measures of
`annotator.core.agreement`.

An annotator's layer of a document counts once that annotator marked the document done
(imported layers with spans are stored as done). With `include_unfinished`, every layer
with spans counts as well. The gold layer is the curator's, not an annotator's: it counts
only when named. Texts are never read: the measures need only each text's length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from annotator.core.agreement import DocumentLayers, compute_agreement
from annotator.core.errors import AnnotatorError
from annotator.core.model import SpanTriple
from annotator.store.interface import ProjectStore

__all__ = ["agreement_report", "annotators_with_layers", "counted_documents"]


def agreement_report(
    project: ProjectStore,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    include_unfinished: bool = False,
    per_document: bool = False,
    progress: Callable[[int, int], bool | None] | None = None,
) -> dict[str, Any]:
    """The agreement report (see `compute_agreement`) of `project`.

    `annotators` default: every annotator of the project except gold who has a layer (an
    annotator who only opened the app has none, and would make every figure 0); `labels`
    default: every
    label of the project, in the project's order. Unknown names, or fewer than two
    annotators, raise AnnotatorError naming what the project has. Documents are taken in
    project (import) order. Adds "include_unfinished" to the report.
    """
    names, chosen_labels = _check_names(project, annotators, labels)
    documents = counted_documents(project, names, chosen_labels, include_unfinished)
    report = compute_agreement(documents, names, chosen_labels, per_document, progress)
    report["include_unfinished"] = include_unfinished
    return report


def counted_documents(
    project: ProjectStore,
    annotators: Sequence[str],
    labels: Sequence[str],
    include_unfinished: bool = False,
) -> list[DocumentLayers]:
    """The documents where at least one of `annotators` has a layer that counts, in project
    order, with those layers' spans of `labels` (and no text)."""
    if not annotators:
        return []
    counted: dict[str, set[str]] = defaultdict(set)
    for document_id, annotator in project.counted_layers(annotators, include_unfinished):
        counted[document_id].add(annotator)
    spans: dict[tuple[str, str], list[SpanTriple]] = defaultdict(list)
    if labels:
        rows = project.span_triples(annotators, labels)
        for document_id, annotator, start, end, label in rows:
            if annotator in counted.get(document_id, ()):
                spans[document_id, annotator].append((start, end, label))
    documents = []
    for document_id, title, length in project.document_lengths():
        layers_of = counted.get(document_id)
        if not layers_of:
            continue
        layers = {
            name: spans.get((document_id, name), []) for name in annotators if name in layers_of
        }
        documents.append(DocumentLayers(document_id, title, length, layers))
    return documents


def _check_names(
    project: ProjectStore, annotators: Sequence[str] | None, labels: Sequence[str] | None
) -> tuple[list[str], list[str]]:
    known = project.annotators()
    if annotators is None:
        names = annotators_with_layers(project)
    else:
        names = list(dict.fromkeys(name.strip() for name in annotators))
        unknown = [name for name in names if name not in known]
        if unknown:
            raise AnnotatorError(
                f"unknown annotator{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(map(repr, unknown))}; the project has: {_listing(known)}"
            )
    if len(names) < 2:
        raise AnnotatorError(
            f"agreement needs at least two annotators; the project has: {_listing(known)}"
        )
    project_labels = [label.name for label in project.labels()]
    if labels is None:
        chosen = project_labels
    else:
        chosen = list(dict.fromkeys(label.strip() for label in labels))
        unknown = [label for label in chosen if label not in project_labels]
        if unknown:
            raise AnnotatorError(
                f"unknown label{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(map(repr, unknown))}; the project has: {_listing(project_labels)}"
            )
    if not chosen:
        raise AnnotatorError("agreement needs at least one label; the project has none")
    return names, chosen


def annotators_with_layers(project: ProjectStore) -> list[str]:
    """The annotators, gold aside, with at least one span or a document started or done."""
    return project.annotators_with_layers()


def _listing(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "(none)"
