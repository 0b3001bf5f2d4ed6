"""Agreement over a project: which layers count, read from the file, then the measures of
`annotator.core.agreement`.

An annotator's layer of a document counts once that annotator marked the document done
(imported layers with spans are stored as done). With `include_unfinished`, every layer
with spans counts as well. The gold layer is the curator's, not an annotator's: it counts
only when named. Texts are never read: the measures need only each text's length.

Relations count between spans that count: both ends of a chosen label, in a counted layer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from annotator.core.agreement import AgreementSpan, DocumentLayers, RelationKey, compute_agreement
from annotator.core.errors import AnnotatorError
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
    relation_labels = [kind.name for kind in project.relation_types()]
    known = set(relation_labels)
    relation_labels += sorted(
        {r[2] for doc in documents for rs in doc.relations.values() for r in rs} - known
    )
    report = compute_agreement(
        documents, names, chosen_labels, per_document, progress, relation_labels
    )
    report["include_unfinished"] = include_unfinished
    return report


def counted_documents(
    project: ProjectStore,
    annotators: Sequence[str],
    labels: Sequence[str],
    include_unfinished: bool = False,
) -> list[DocumentLayers]:
    """The documents where at least one of `annotators` has a layer that counts, in project
    order, with those layers' spans of `labels` (fragments included) and the relations
    between them (and no text)."""
    if not annotators:
        return []
    counted: dict[str, set[str]] = defaultdict(set)
    for document_id, annotator in project.counted_layers(annotators, include_unfinished):
        counted[document_id].add(annotator)
    spans: dict[tuple[str, str], list[AgreementSpan]] = {}
    # Span ids matter only to relations: skip keeping them when there are none.
    have_relations = project.relation_counts()
    by_id: dict[int, AgreementSpan] | None = (
        {} if any(have_relations.get(name) for name in annotators) else None
    )
    if labels:
        rows = project.agreement_spans(annotators, labels)
        layer: tuple[str, str] | None = None
        keep = False
        current: list[AgreementSpan] = []
        # A layer's rows mostly come together: look the layer up when it changes.
        for document_id, annotator, start, end, label, span_id, fragments in rows:
            if layer is None or layer[0] != document_id or layer[1] != annotator:
                layer = (document_id, annotator)
                keep = annotator in counted.get(document_id, ())
                if keep:
                    current = spans.setdefault(layer, [])
            if not keep:
                continue
            span: AgreementSpan = (start, end, label)
            if fragments:
                pieces = tuple((int(s), int(e)) for s, e in json.loads(fragments))
                span = (start, end, label, pieces)
            current.append(span)
            if by_id is not None:
                by_id[span_id] = span
    for layer_spans in spans.values():
        layer_spans.sort()
    relations: dict[str, dict[str, list[RelationKey]]] = defaultdict(lambda: defaultdict(list))
    if by_id:
        for document_id, annotator, head, tail, kind in project.relation_rows():
            if head in by_id and tail in by_id:
                relations[document_id][annotator].append((by_id[head], by_id[tail], kind))
    documents = []
    for document_id, title, length in project.document_lengths():
        layers_of = counted.get(document_id)
        if not layers_of:
            continue
        layers = {
            name: spans.get((document_id, name), []) for name in annotators if name in layers_of
        }
        found = relations.get(document_id, {})
        documents.append(
            DocumentLayers(
                document_id,
                title,
                length,
                layers,
                {name: found[name] for name in layers if name in found},
            )
        )
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
