"""The relations and discontinuous spans of an import, checked and written inside its
transaction (see `importer`).

A reader gives a layer's relations as indexes into its spans (`LayerRecord.relations`).
Once the layer's spans are stored, each relation is mapped to their stored ids and kept
until every file has been read; then the relation types the files use and the project
lacks are refused all at once, naming them (or, with `--add-labels`, added with the head
and tail labels seen, and a type of the project widened to the labels seen), and every
relation goes through the rule `ops.relations` applies to a link made in the app
(`store.relations.check_allowed`; here `check_labels_allowed`, its rule for labels the
import knows already, so that a relation costs no reads). A relation the layer has
already is kept once; one given twice in one layer, or naming a span the layer lacks, is
an InputError naming its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.jsonl import LayerRecord
from annotator.core.labels import new_label
from annotator.core.model import Relation, RelationType, Span, SpanTriple, check_span_shape
from annotator.store.interface import ProjectStore
from annotator.store.relations import add_relation, check_labels_allowed, relations


@dataclass(frozen=True, slots=True)
class _Pending:
    path: Path
    line: int
    relation: Relation
    head_label: str
    tail_label: str


def check_fragments_of(record: LayerRecord, path: Path, lines: list[int]) -> None:
    """InputError for a discontinuous span whose fragments are not sorted, apart pieces
    inside the text bounded by its start and end (every reader's spans pass here)."""
    length = len(record.text)
    for index, span in enumerate(record.spans):
        if not span.fragments:
            continue
        line = lines[index] if index < len(lines) else record.line
        problem = check_span_shape(length, span.start, span.end, span.fragments)
        if problem:
            raise InputError(f"span {problem}", path, line)


class RelationImport:
    """The relations of one import, gathered layer by layer and written by `finish`."""

    def __init__(self, project: ProjectStore, add_labels: bool):
        self.project = project
        self.add_labels = add_labels
        self.pending: list[_Pending] = []
        self.types_added: list[str] = []
        self.types_widened: list[str] = []
        self.added = 0
        self.already_present = 0

    def layer(
        self,
        record: LayerRecord,
        annotator: str,
        path: Path,
        span_lines: list[int],
        relation_lines: list[int],
    ) -> None:
        """Check the stored layer against the record's spans (a span already there with other
        fragments is a conflict) and keep the record's relations for `finish`."""
        stored: dict[SpanTriple, Span] = {
            span.triple: span for span in self.project.spans(record.id, annotator)
        }
        ids: list[int] = []
        for index, s in enumerate(record.spans):
            span = stored[(s.start, s.end, s.label)]
            if span.fragments != s.fragments:
                line = span_lines[index] if index < len(span_lines) else record.line
                raise InputError(
                    f"{annotator}'s {s.label} span [{s.start}, {s.end}) is there already "
                    f"with {_pieces(span.fragments)}, not {_pieces(s.fragments)}",
                    path,
                    line,
                )
            assert span.id is not None
            ids.append(span.id)
        seen: dict[tuple[int, int, str], int] = {}
        for number, link in enumerate(record.relations):
            line = relation_lines[number] if number < len(relation_lines) else record.line
            for end, index in (("head", link.head), ("tail", link.tail)):
                if not 0 <= index < len(ids):
                    raise InputError(
                        f"relation {number}: its {end} is not a span of this layer", path, line
                    )
            key = (link.head, link.tail, link.label)
            if key in seen:
                raise InputError(
                    f"the {link.label} relation from {_span(record, link.head)} to "
                    f"{_span(record, link.tail)} is given twice in this layer",
                    path,
                    line,
                )
            seen[key] = number
            relation = Relation(record.id, annotator, ids[link.head], ids[link.tail], link.label)
            head, tail = record.spans[link.head].label, record.spans[link.tail].label
            self.pending.append(_Pending(path, line, relation, head, tail))

    def finish(self) -> None:
        """Add the relation types the files need (or refuse them), then every relation."""
        self._types()
        kinds = {kind.name: kind for kind in self.project.relation_types()}
        present: dict[tuple[str, str], set[tuple[int, int, str]]] = {}
        for item in self.pending:
            relation = item.relation
            layer = (relation.document_id, relation.annotator)
            if layer not in present:
                present[layer] = {
                    (r.head_span_id, r.tail_span_id, r.label)
                    for r in relations(self.project, *layer)
                }
            key = (relation.head_span_id, relation.tail_span_id, relation.label)
            if key in present[layer]:
                self.already_present += 1
                continue
            try:
                check_labels_allowed(kinds[relation.label], item.head_label, item.tail_label)
                add_relation(self.project, relation)
            except AnnotatorError as error:
                raise InputError(error.reason, item.path, item.line) from None
            present[layer].add(key)
            self.added += 1

    def _types(self) -> None:
        kinds = {kind.name: kind for kind in self.project.relation_types()}
        missing = [name for name in dict.fromkeys(p.relation.label for p in self.pending)]
        missing = [name for name in missing if name not in kinds]
        if missing and not self.add_labels:
            first = next(p for p in self.pending if p.relation.label == missing[0])
            have = ", ".join(kinds) or "none"
            raise InputError(
                f"relation type(s) the project lacks: {', '.join(missing)} (the project has: "
                f"{have}; pass --add-labels to add them)",
                first.path,
                first.line,
            )
        if not self.add_labels:
            return  # `finish` refuses a relation its type does not allow, at its line
        heads: dict[str, dict[str, None]] = {}
        tails: dict[str, dict[str, None]] = {}
        for item in self.pending:
            heads.setdefault(item.relation.label, {})[item.head_label] = None
            tails.setdefault(item.relation.label, {})[item.tail_label] = None
        labels = self.project.labels()
        for name in missing:
            color = new_label(name, labels).color
            kind = RelationType(name, tuple(heads[name]), tuple(tails[name]), color)
            self.project.add_relation_type(kind)
            self.types_added.append(name)
        for name, kind in kinds.items():
            if name not in heads:
                continue
            wider = replace(
                kind,
                head_labels=_widen(kind.head_labels, heads[name]),
                tail_labels=_widen(kind.tail_labels, tails[name]),
            )
            if wider != kind:
                self.project.update_relation_type(name, wider)
                self.types_widened.append(name)


def _widen(allowed: tuple[str, ...], seen: dict[str, None]) -> tuple[str, ...]:
    """`allowed` with the labels `seen` added (empty allows any label already)."""
    if not allowed:
        return allowed
    return allowed + tuple(label for label in seen if label not in allowed)


def _pieces(fragments: tuple[tuple[int, int], ...]) -> str:
    if not fragments:
        return "no fragments"
    return "fragments " + " ".join(f"[{s}, {e})" for s, e in fragments)


def _span(record: LayerRecord, index: int) -> str:
    span = record.spans[index]
    return f"{span.label} [{span.start}, {span.end})"
