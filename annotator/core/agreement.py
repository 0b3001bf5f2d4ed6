"""Inter-annotator agreement on span layers, as specified in AGREEMENT.md.

- Span F1 between two annotators, exact (same start, end, label) and overlap (same label,
  overlapping, matched one-to-one by a maximum bipartite matching), with the counts behind it.
- Character-level coefficients: Cohen's kappa (a pair), Fleiss' kappa (complete data) and
  Krippendorff's alpha, nominal (missing values allowed). Every character of a compared
  document is an item; its category for one annotator is the set of labels covering it
  (none: ``O``; several: ``EVENT+QUOTE``). Per label: the binary category "covered by it".
- Krippendorff's unitizing alpha (alpha_U) per label and overall, per document; the corpus
  value is the mean over documents, as INCEpTION reports it.
- Relation F1 between two annotators, exact and overlap, overall and per relation label
  (`annotator.core.relation_agreement`).

A discontinuous span is one span: exact needs every fragment equal, overlap a shared
character, and the character measures and alpha_U see only its fragments' characters.

Nothing here loops per character: a category changes only at span boundaries, so each
document becomes a few weighted *runs* (a run: a stretch between two consecutive boundaries,
its width, and every annotator's category on it). All coefficients are computed from those
weights in exact integer arithmetic and rounded to float once, at the end.
Undefined values (no items, expected agreement 1) are ``float('nan')``.

Pure Python: no Qt, no SQL, no numpy.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.core.coefficients import (
    MISSING,
    NAN,
    AgreementSpan,
    CategoryTable,
    add_runs,
    binary_table,
    category_name,
    category_table,
    character_categories,
    checked_spans,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
)
from annotator.core.disagreements import count_disagreements
from annotator.core.errors import AnnotatorError
from annotator.core.relation_agreement import (
    RelationKey,
    relation_matches,
    relations_by_label,
)
from annotator.core.relation_disagreements import find_relation_disagreements
from annotator.core.span_f1 import (
    SpanCounts,
    max_overlap_matching,
    overlap_matching,
    shortest_form,
    span_counts,
)
from annotator.core.unitizing import (
    UnitizingAlpha,
    spans_by_label,
    unitizing_alpha,
    unitizing_alpha_of_groups,
)

__all__ = [
    "MISSING",
    "AgreementCancelled",
    "AgreementSpan",
    "CategoryTable",
    "DocumentLayers",
    "RelationKey",
    "SpanCounts",
    "UnitizingAlpha",
    "category_name",
    "category_table",
    "character_categories",
    "cohen_kappa",
    "compute_agreement",
    "count_disagreements",
    "fleiss_kappa",
    "krippendorff_alpha",
    "max_overlap_matching",
    "span_counts",
    "unitizing_alpha",
]


class AgreementCancelled(AnnotatorError):
    """The progress callback asked to stop; nothing was computed."""

    def __init__(self) -> None:
        super().__init__("agreement computation cancelled")


@dataclass(frozen=True)
class DocumentLayers:
    """One document as agreement sees it: never its text, only its length."""

    id: str
    title: str
    length: int  # len(text) in code points
    layers: Mapping[str, Sequence[AgreementSpan]]  # annotator -> spans, the layers that count
    # annotator -> relations (head span, tail span, label) between spans of its layer
    relations: Mapping[str, Sequence[RelationKey]] = field(default_factory=dict)


# -- the whole report ------------------------------------------------------------------------------


def _mean(values: list[float]) -> float:
    defined = [v for v in values if not math.isnan(v)]
    return math.fsum(defined) / len(defined) if defined else NAN


@dataclass
class _Pair:
    a: str
    b: str
    i: int  # their columns
    j: int
    documents: int = 0
    # label -> [exact matches, overlap matches, |A|, |B|], summed over documents
    counts: dict[str, list[int]] = field(default_factory=dict)
    # The pair's own alpha_U (R = 2) on each of its documents, overall and per label.
    alpha_u: list[float] = field(default_factory=list)
    alpha_u_labels: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # relation label -> [exact matches, overlap matches, |A|, |B|], summed over documents
    relations: dict[str, list[int]] = field(default_factory=dict)


def compute_agreement(
    documents: Iterable[DocumentLayers],
    annotators: Sequence[str],
    labels: Sequence[str],
    per_document: bool = False,
    progress: Callable[[int, int], bool | None] | None = None,
    relation_labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Agreement between `annotators` on `labels` over `documents` (layers of other
    annotators and spans of other labels are ignored), in the shape of the issue:

    - ``pairs``: per pair of annotators (in the order given), on the documents both have,
      span F1 exact and overlap (micro over labels and documents) with their counts
      (``exact``/``overlap``: matched, only_a, only_b, precision and recall taking A as the
      reference), character-level Cohen's kappa, and the pair's own alpha_U (mean over
      those documents); each also per label (binary kappa); and ``relations``: relation F1
      exact and overlap with their counts, overall and per relation label (relations whose
      head and tail both have one of `labels`; `relation_labels` default: every relation
      label found, sorted; relations of other labels are ignored);
    - ``fleiss_kappa`` on the documents all annotators have, ``krippendorff_alpha`` on every
      layer (the others missing), ``alpha_u`` the mean over documents of the per-document
      value with all their layers; the same three per label;
    - ``documents``: how many documents have at least two layers (the compared ones);
    - with `per_document`, one entry per compared document: id, title, annotators, alpha,
      alpha_U, the number of span disagreements and of relation disagreements.

    Undefined values are NaN. `progress(done, total)` is called now and then; when it returns
    False the computation stops with AgreementCancelled.
    """
    annotators = list(annotators)
    labels = list(labels)
    chosen_relations = None if relation_labels is None else set(relation_labels)
    docs = documents if isinstance(documents, Sequence) else list(documents)
    total = len(docs)
    bits = {label: 1 << k for k, label in enumerate(labels)}
    pairs = [
        _Pair(annotators[i], annotators[j], i, j, 0, {label: [0, 0, 0, 0] for label in labels})
        for i, j in combinations(range(len(annotators)), 2)
    ]
    table: Counter[tuple[int, ...]] = Counter()
    compared = complete = 0
    alpha_u_overall: list[float] = []
    alpha_u_labels: dict[str, list[float]] = {label: [] for label in labels}
    entries: list[dict[str, Any]] = []
    step = max(1, total // 100)
    if progress is not None and progress(0, total) is False:
        raise AgreementCancelled
    for done, doc in enumerate(docs, 1):
        layers: list[list[AgreementSpan] | None] = [
            checked_spans(doc.layers[name], bits, doc.length, f"document {doc.id}")
            if name in doc.layers
            else None
            for name in annotators
        ]
        present = [k for k, spans in enumerate(layers) if spans is not None]
        if len(present) >= 2:
            compared += 1
            complete += len(present) == len(annotators)
            doc_table: Counter[tuple[int, ...]] = Counter()
            add_runs(doc_table, doc.length, layers, bits)
            table.update(doc_table)
            grouped = [spans_by_label(layers[k] or ()) for k in present]
            # F1 compares whole spans: with fragments, group the spans themselves.
            whole: Sequence[Mapping[str, Sequence[tuple[int, int]] | Sequence[AgreementSpan]]]
            whole = grouped
            split = any(len(span) == 4 for k in present for span in layers[k] or ())
            if split:
                whole = [_whole_by_label(layers[k] or ()) for k in present]
            relations = [_relations_of(doc, annotators[k], bits, chosen_relations) for k in present]
            column = {k: n for n, k in enumerate(present)}  # annotator -> index in grouped
            sharing = [pair for pair in pairs if pair.i in column and pair.j in column]
            # With two layers the document's value is the pair's own.
            own_pairs = [(column[pair.i], column[pair.j]) for pair in sharing]
            unitizing, *own = unitizing_alpha_of_groups(
                grouped, doc.length, labels, pairs=own_pairs if len(present) > 2 else ()
            )
            alpha_u_overall.append(unitizing.overall)
            for label in labels:
                alpha_u_labels[label].append(unitizing.per_label[label])
            for n, pair in enumerate(sharing):
                pair.documents += 1
                _count_pair(pair.counts, whole[column[pair.i]], whole[column[pair.j]], split)
                _count_relations(
                    pair.relations, relations[column[pair.i]], relations[column[pair.j]]
                )
                pair_value = own[n] if own else unitizing
                pair.alpha_u.append(pair_value.overall)
                for label in labels:
                    pair.alpha_u_labels[label].append(pair_value.per_label[label])
            if per_document:
                entries.append(
                    {
                        "id": doc.id,
                        "title": doc.title,
                        "annotators": [annotators[k] for k in present],
                        "krippendorff_alpha": krippendorff_alpha(doc_table),
                        "alpha_u": unitizing.overall,
                        "disagreements": count_disagreements([layers[k] or [] for k in present]),
                        "relation_disagreements": len(
                            find_relation_disagreements(
                                {
                                    annotators[k]: [r for rs in relations[n].values() for r in rs]
                                    for n, k in enumerate(present)
                                }
                            )
                        ),
                    }
                )
        at_step = done % step == 0 or done == total
        if progress is not None and at_step and progress(done, total) is False:
            raise AgreementCancelled
    binary = {label: binary_table(table, bits[label]) for label in labels}
    if relation_labels is None:
        relation_labels = sorted({label for pair in pairs for label in pair.relations})
    result: dict[str, Any] = {
        "annotators": annotators,
        "labels": labels,
        "documents": compared,
        "documents_all_annotators": complete,
        "relation_labels": list(relation_labels),
        "pairs": [_pair_result(pair, table, binary, relation_labels) for pair in pairs],
        "fleiss_kappa": fleiss_kappa(table) if table else NAN,
        "krippendorff_alpha": krippendorff_alpha(table),
        "alpha_u": _mean(alpha_u_overall),
        "per_label": {
            label: {
                "fleiss_kappa": fleiss_kappa(binary[label]) if binary[label] else NAN,
                "krippendorff_alpha": krippendorff_alpha(binary[label]),
                "alpha_u": _mean(alpha_u_labels[label]),
            }
            for label in labels
        },
    }
    if per_document:
        result["per_document"] = entries
    return result


def _whole_by_label(spans: Iterable[AgreementSpan]) -> dict[str, list[AgreementSpan]]:
    """label -> the (distinct, sorted) spans of that label, fragments kept."""
    grouped: dict[str, list[AgreementSpan]] = defaultdict(list)
    for span in spans:  # checked_spans made them distinct and sorted
        grouped[span[2]].append(span)
    return grouped


def _relations_of(
    doc: DocumentLayers, annotator: str, bits: Mapping[str, int], chosen: set[str] | None
) -> dict[str, list[RelationKey]]:
    """The annotator's relations on `doc` whose head and tail have counted labels (and
    whose label is chosen), by label."""
    found = doc.relations.get(annotator)
    if not found:
        return {}
    return relations_by_label(
        (shortest_form(head), shortest_form(tail), label)
        for head, tail, label in found
        if head[2] in bits and tail[2] in bits and (chosen is None or label in chosen)
    )


def _count_relations(
    counts: dict[str, list[int]],
    grouped_a: Mapping[str, list[RelationKey]],
    grouped_b: Mapping[str, list[RelationKey]],
) -> None:
    for label in grouped_a.keys() | grouped_b.keys():
        in_a, in_b = grouped_a.get(label, []), grouped_b.get(label, [])
        if in_a == in_b:
            exact = overlap = len(in_a)
        else:
            exact = relation_matches(in_a, in_b)
            smaller = min(len(in_a), len(in_b))
            overlap = exact if exact == smaller else relation_matches(in_a, in_b, overlap=True)
        row = counts.setdefault(label, [0, 0, 0, 0])
        row[0] += exact
        row[1] += overlap
        row[2] += len(in_a)
        row[3] += len(in_b)


def _count_pair(
    counts: dict[str, list[int]],
    grouped_a: Mapping[str, Sequence[tuple[int, int]] | Sequence[AgreementSpan]],
    grouped_b: Mapping[str, Sequence[tuple[int, int]] | Sequence[AgreementSpan]],
    split: bool = False,
) -> None:
    for label, row in counts.items():
        in_a, in_b = grouped_a.get(label, []), grouped_b.get(label, [])
        if not in_a and not in_b:
            continue
        if in_a == in_b:  # the same spans: all match, both ways
            exact = overlap = len(in_a)
        else:
            exact = len(set(in_a).intersection(in_b))
            # Exact matches are overlap matches: if they already pair off the smaller side,
            # no matching can do better.
            smaller = min(len(in_a), len(in_b))
            overlap = exact if exact == smaller else overlap_matching(in_a, in_b, split)
        row[0] += exact
        row[1] += overlap
        row[2] += len(in_a)
        row[3] += len(in_b)


def _counts_of(row: Sequence[int], overlap: bool) -> SpanCounts:
    exact, overlapping, size_a, size_b = row
    tp = overlapping if overlap else exact
    return SpanCounts(tp, size_a - tp, size_b - tp)


def _relations_result(pair: _Pair, relation_labels: Sequence[str]) -> dict[str, Any]:
    rows = {label: pair.relations.get(label, [0, 0, 0, 0]) for label in relation_labels}
    exact = {label: _counts_of(row, False) for label, row in rows.items()}
    overlap = {label: _counts_of(row, True) for label, row in rows.items()}
    exact_all = sum(exact.values(), SpanCounts())
    overlap_all = sum(overlap.values(), SpanCounts())
    return {
        "f1_exact": exact_all.f1,
        "f1_overlap": overlap_all.f1,
        "exact": exact_all.as_dict(),
        "overlap": overlap_all.as_dict(),
        "per_label": {
            label: {
                "f1_exact": exact[label].f1,
                "f1_overlap": overlap[label].f1,
                "exact": exact[label].as_dict(),
                "overlap": overlap[label].as_dict(),
            }
            for label in rows
        },
    }


def _pair_result(
    pair: _Pair,
    table: CategoryTable,
    binary: Mapping[str, CategoryTable],
    relation_labels: Sequence[str],
) -> dict[str, Any]:
    exact = {
        label: SpanCounts(tp, size_a - tp, size_b - tp)
        for label, (tp, _, size_a, size_b) in pair.counts.items()
    }
    overlap = {
        label: SpanCounts(tp, size_a - tp, size_b - tp)
        for label, (_, tp, size_a, size_b) in pair.counts.items()
    }
    exact_all = sum(exact.values(), SpanCounts())
    overlap_all = sum(overlap.values(), SpanCounts())
    return {
        "a": pair.a,
        "b": pair.b,
        "documents": pair.documents,
        "f1_exact": exact_all.f1,
        "f1_overlap": overlap_all.f1,
        "cohen_kappa": cohen_kappa(table, pair.i, pair.j),
        "alpha_u": _mean(pair.alpha_u),
        "exact": exact_all.as_dict(),
        "overlap": overlap_all.as_dict(),
        "per_label": {
            label: {
                "f1_exact": exact[label].f1,
                "f1_overlap": overlap[label].f1,
                "cohen_kappa": cohen_kappa(binary[label], pair.i, pair.j),
                "alpha_u": _mean(pair.alpha_u_labels[label]),
                "exact": exact[label].as_dict(),
                "overlap": overlap[label].as_dict(),
            }
            for label in pair.counts
        },
        "relations": _relations_result(pair, relation_labels),
    }
