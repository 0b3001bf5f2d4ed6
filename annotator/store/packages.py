"""Offline packages: one annotator's share of a project in a project file of its own, and
the merge that brings their layer back.

`write_package` writes a new project holding the documents assigned to the annotator (and
their queue), the labels, relation types and guidelines, and the annotator's layers of
those documents so far: spans (fragments, notes), relations and statuses. It records which
project it was made from (`project_id`), for whom, and each document's layer as packaged
(the merge base, `merge_bases` under "package").

`merge_package` brings the package's layer back into the project, document by document, as
a three-way merge of the base (the layer as packaged, or as last merged from this package),
the package now and the project now. Only the packaged annotator's layers are touched.
The rule, where both sides changed the same thing since the base:

- a span changed in one side only takes that side's version;
- a span changed in both (label, bounds, fragments or note) takes the package's version;
- a span deleted on one side and changed on the other is kept, changed (an edit beats a
  deletion: the package's edit restores a span the project deleted);
- a relation added on one side is added, one deleted on one side is deleted; a relation
  whose span the project deleted is not added;
- a status changed in both takes the package's.

Every case where both sides changed is listed in the report (with both versions), so
nothing is dropped unseen. The base is recorded in the project after the merge, so merging
the same package again changes nothing, and merging a later version of it brings only what
changed since. The caller runs the merge in one transaction (`ops.packages`): all or nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation, Span, Status
from annotator.store.interface import ProjectStore
from annotator.store.project import check_not_project_file, create_project

PACKAGE_BASE = "package"  # merge_bases source of a package's own base
Progress = Callable[[int, int], bool]

# A span's content, what the merge compares: (start, end, label, note, fragments).
State = tuple[int, int, str, str | None, tuple[tuple[int, int], ...]]


def _state(span: Span) -> State:
    return (span.start, span.end, span.label, span.note, span.fragments)


def _describe(state: State | None) -> str:
    if state is None:
        return "deleted"
    start, end, label, note, fragments = state
    pieces = " + ".join(f"[{a}, {b})" for a, b in fragments) if fragments else f"[{start}, {end})"
    return f"{label} {pieces}" + (f" note {note!r}" if note else "")


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """What a package says about itself (`project_info`)."""

    package_id: str
    project_id: str
    annotator: str
    created: str


def package_info(package: ProjectStore) -> PackageInfo | None:
    """The package's record, or None if the project is not a package."""
    values = [
        package.project_info(key)
        for key in ("package_id", "package_of", "package_annotator", "package_created")
    ]
    if any(value is None for value in values):
        return None
    return PackageInfo(*(str(value) for value in values))


@dataclass(frozen=True, slots=True)
class PackageReport:
    path: Path
    annotator: str
    documents: int
    spans: int
    relations: int


def write_package(
    project: ProjectStore, annotator: str, dest: Path, progress: Progress | None = None
) -> PackageReport:
    """Write `annotator`'s package to the new file `dest` (see the module docstring).
    AnnotatorError, and no file left, if they have no documents assigned or `dest` exists."""
    dest = Path(dest)
    check_not_project_file(Path(project.path), dest)
    if dest.exists():
        raise AnnotatorError(
            "already exists: give the package another name; nothing was written", dest
        )
    queue = [document_id for document_id, _, _ in project.assignment_rows(annotator)]
    if not queue:
        raise AnnotatorError(
            f"{annotator} has no documents assigned in {project.path} (assign some with "
            "`annotator assign`); no package written"
        )
    project_id = project.project_info("project_id")
    if project_id is None:  # every project of schema 6 has one
        raise AnnotatorError(f"{project.path} has no project id; no package written")
    package = create_project(dest, project.labels(), project.relation_types())
    spans = relations = 0
    try:
        with package.transaction():
            package.ensure_annotator(annotator)
            bases = []
            for done, document_id in enumerate(queue):
                package.add_document(project.document(document_id))
                layer, counts = _copy_layer(project, package, document_id, annotator)
                spans += counts[0]
                relations += counts[1]
                bases.append((document_id, json.dumps(layer, ensure_ascii=False)))
                if progress is not None and done % 200 == 0 and not progress(done, len(queue)):
                    raise AnnotatorError("packaging cancelled; no package written")
            package.add_assignments([(d, annotator, i) for i, d in enumerate(queue)])
            package.set_merge_bases(PACKAGE_BASE, bases)
            for key, value in (
                ("package_id", uuid.uuid4().hex),
                ("package_of", project_id),
                ("package_annotator", annotator),
                ("package_created", datetime.now(UTC).isoformat(timespec="seconds")),
                ("package_source", str(project.path)),
            ):
                package.set_project_info(key, value)
    except BaseException:
        package.close()
        for name in (dest, *(dest.with_name(dest.name + s) for s in ("-wal", "-shm"))):
            name.unlink(missing_ok=True)
        raise
    package.close()
    return PackageReport(dest, annotator, len(queue), spans, relations)


def _copy_layer(
    project: ProjectStore, package: ProjectStore, document_id: str, annotator: str
) -> tuple[dict[str, Any], tuple[int, int]]:
    """Copy one layer into the package; returns its base record and (spans, relations)."""
    spans = project.spans(document_id, annotator)
    status = project.status(document_id, annotator)
    package.merge_layer(
        document_id,
        annotator,
        [replace(s, id=None) for s in spans],
        None if status is Status.NEW else status,
    )
    ids = {(s.start, s.end, s.label): s.id for s in spans}
    copied = package.spans(document_id, annotator)
    to_package = {}
    records = []
    for span in copied:
        original = ids[(span.start, span.end, span.label)]
        to_package[original] = span.id
        records.append([span.id, original, *_state_json(_state(span))])
    relation_records = []
    for relation in project.relations(document_id, annotator):
        head, tail = to_package[relation.head_span_id], to_package[relation.tail_span_id]
        assert head is not None and tail is not None
        package.add_relation(Relation(document_id, annotator, head, tail, relation.label))
        relation_records.append([head, tail, relation.label])
    layer = {"spans": records, "relations": relation_records, "status": str(status)}
    return layer, (len(records), len(relation_records))


def _by_id(spans: list[Span]) -> dict[int, Span]:
    return {span.id: span for span in spans if span.id is not None}


def _state_json(state: State) -> list[Any]:
    start, end, label, note, fragments = state
    return [start, end, label, note, [list(f) for f in fragments]]


def _state_of(record: Sequence[Any]) -> State:
    start, end, label, note, fragments = record
    return (start, end, label, note, tuple((a, b) for a, b in fragments))


# -- merging ------------------------------------------------------------------------------


@dataclass
class PackageMerge:
    """What merging one package did: the spans, relations and statuses it wrote (as the
    store holds them now, with the old versions), and the conflicts the rule decided."""

    path: Path
    annotator: str
    documents: int = 0
    spans_added: list[Span] = field(default_factory=list)
    spans_removed: list[Span] = field(default_factory=list)
    spans_changed: list[tuple[Span, Span]] = field(default_factory=list)
    relations_added: list[Relation] = field(default_factory=list)
    relations_removed: list[Relation] = field(default_factory=list)
    statuses: list[tuple[str, str, Status, Status]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.path}: {self.annotator}'s layer of {self.documents} document(s): "
            f"{len(self.spans_added)} span(s) added, {len(self.spans_changed)} changed, "
            f"{len(self.spans_removed)} removed; {len(self.relations_added)} relation(s) "
            f"added, {len(self.relations_removed)} removed; {len(self.statuses)} status(es) "
            f"set; {len(self.conflicts)} conflict(s)"
        )


def open_package(project: ProjectStore, path: Path) -> tuple[ProjectStore, PackageInfo]:
    """The package at `path`, open, if it is a package of `project` (else AnnotatorError,
    nothing changed)."""
    path = Path(path)
    if Path(path).resolve() == Path(project.path).resolve():
        raise AnnotatorError("is the project itself, not a package of it", path)
    package = project.open_another(path)
    info = package_info(package)
    if info is None:
        package.close()
        raise AnnotatorError(
            "is a project but not a package (make one with `annotator package`); nothing "
            "was merged",
            path,
        )
    own = project.project_info("project_id")
    if info.project_id != own:
        package.close()
        raise AnnotatorError(
            f"is a package of another project (project id {info.project_id}; "
            f"{project.path} is {own}); nothing was merged",
            path,
        )
    return package, info


def merge_package(
    project: ProjectStore, path: Path, progress: Progress | None = None
) -> PackageMerge:
    """Merge the package at `path` into `project` (see the module docstring); the caller
    holds the transaction. AnnotatorError if it is not a package of this project, or a
    document of it is not in the project as packaged."""
    package, info = open_package(project, path)
    try:
        result = PackageMerge(Path(path), info.annotator)
        annotator = project.ensure_annotator(info.annotator)
        packaged = package.merge_bases(PACKAGE_BASE)
        merged = project.merge_bases(info.package_id)
        new_bases = []
        total = len(packaged)
        for done, (document_id, packaged_layer) in enumerate(packaged.items()):
            theirs = package.stored_sha256(document_id)
            ours = project.stored_sha256(document_id)
            if ours is None:
                raise AnnotatorError(
                    f"document {document_id!r} of the package is no longer in the project; "
                    "nothing was merged",
                    path,
                )
            if ours != theirs:
                raise AnnotatorError(
                    f"document {document_id!r} has another text in the project than in the "
                    "package; nothing was merged",
                    path,
                )
            base = json.loads(merged.get(document_id) or packaged_layer)
            try:
                layer = _merge_document(project, package, document_id, annotator, base, result)
            except AnnotatorError as error:
                raise AnnotatorError(
                    f"document {document_id!r}: {error.reason}; nothing was merged", path
                ) from error
            if layer is not None:
                new_bases.append((document_id, json.dumps(layer, ensure_ascii=False)))
            if progress is not None and not progress(done + 1, total):
                raise AnnotatorError("merge cancelled; nothing was merged")
        result.documents = total
        project.set_merge_bases(info.package_id, new_bases)
        return result
    finally:
        package.close()


def _merge_document(
    project: ProjectStore,
    package: ProjectStore,
    document_id: str,
    annotator: str,
    base: dict[str, Any],
    result: PackageMerge,
) -> dict[str, Any] | None:
    """Merge one document's layer; returns the new base (None: nothing changed in the
    package since the base, so nothing to do)."""
    base_spans: dict[int, tuple[int | None, State]] = {
        rec[0]: (rec[1], _state_of(rec[2:])) for rec in base["spans"]
    }
    base_relations = {tuple(r) for r in base["relations"]}
    base_status = Status(base["status"])
    theirs = _by_id(package.spans(document_id, annotator))
    their_relations = {
        (r.head_span_id, r.tail_span_id, r.label) for r in package.relations(document_id, annotator)
    }
    their_status = package.status(document_id, annotator)
    if (
        {i: _state(s) for i, s in theirs.items()} == {i: st for i, (_, st) in base_spans.items()}
        and their_relations == base_relations
        and their_status == base_status
    ):
        return None  # the package did not change this document since the base
    ours = _by_id(project.spans(document_id, annotator))
    status_before = project.status(document_id, annotator)
    # The project's relations before the merge, by package span ids where the base knows
    # them: a relation the merge itself takes away (with a span it folds into another) is
    # put back below, one the project deleted is not.
    known = {p: i for i, (p, _) in base_spans.items() if p is not None}
    had = {
        (known[r.head_span_id], known[r.tail_span_id], r.label)
        for r in project.relations(document_id, annotator)
        if r.head_span_id in known and r.tail_span_id in known
    }
    where = f"{document_id}"
    to_project: dict[int, int] = {}  # package span id -> project span id
    deletes: list[int] = []
    updates: list[tuple[int, int, State]] = []  # (package id, project id, new state)
    adds: list[tuple[int, State]] = []
    for package_id in sorted(set(base_spans) | set(theirs)):
        their = _state(theirs[package_id]) if package_id in theirs else None
        if package_id in base_spans:
            project_id, was = base_spans[package_id]
            our_span = ours.get(project_id) if project_id is not None else None
            our = _state(our_span) if our_span is not None else None
            if their in (was, our):
                if our is not None and project_id is not None:
                    to_project[package_id] = project_id
                continue
            if our == was:  # only the package changed it
                assert project_id is not None  # our is a span
                if their is None:
                    deletes.append(project_id)
                else:
                    updates.append((package_id, project_id, their))
                continue
            if their is None:  # deleted in the package, changed in the project: kept
                result.conflicts.append(
                    f"{where}: {annotator}'s span {_describe(was)} was deleted in the package "
                    f"and changed in the project to {_describe(our)}: kept as the project has it"
                )
            elif our is None:  # changed in the package, deleted in the project: restored
                result.conflicts.append(
                    f"{where}: {annotator}'s span {_describe(was)} was changed in the package "
                    f"to {_describe(their)} and deleted in the project: restored as the "
                    "package has it"
                )
                adds.append((package_id, their))
            else:
                assert project_id is not None
                result.conflicts.append(
                    f"{where}: {annotator}'s span {_describe(was)} was changed in both: the "
                    f"package's {_describe(their)} replaces the project's {_describe(our)}"
                )
                updates.append((package_id, project_id, their))
        else:
            assert their is not None
            same = next((s for s in ours.values() if (s.start, s.end, s.label) == their[:3]), None)
            if same is None:
                adds.append((package_id, their))
                continue
            assert same.id is not None
            to_project[package_id] = same.id
            if _state(same) != their:
                result.conflicts.append(
                    f"{where}: {annotator}'s new span {_describe(their)} was also made in the "
                    f"project as {_describe(_state(same))}: the package's version is kept"
                )
                updates.append((package_id, same.id, their))
    for project_id in deletes:
        span, gone = project.delete_span(project_id)
        result.spans_removed.append(span)
        result.relations_removed.extend(gone)
    # What the layer holds now, by (start, end, label), which is unique in a layer: a span
    # the package brings that the project has under another id becomes that one.
    live = {(s.start, s.end, s.label): i for i, s in ours.items() if i not in set(deletes)}
    for package_id, project_id, state in updates:
        holder = live.get(state[:3])
        if holder is not None and holder != project_id:
            span, gone = project.delete_span(project_id)
            result.spans_removed.append(span)
            result.relations_removed.extend(gone)
            live.pop((span.start, span.end, span.label), None)
            result.conflicts.append(
                f"{where}: {annotator}'s span {_describe(_state(span))} became "
                f"{_describe(state)} in the package, which the project has as another span: "
                "the two are one now"
            )
            project_id = holder
        old = project.span(project_id)
        start, end, label, note, fragments = state
        new = project.update_span(
            project_id, label=label, note=note, bounds=(start, end, fragments)
        )
        if new != old:
            result.spans_changed.append((old, new))
        live.pop((old.start, old.end, old.label), None)
        live[(new.start, new.end, new.label)] = project_id
        to_project[package_id] = project_id
    for package_id, state in adds:
        start, end, label, note, fragments = state
        holder = live.get(state[:3])
        if holder is not None:  # restored, but the project has it again meanwhile
            old = project.span(holder)
            new = project.update_span(holder, note=note, bounds=(start, end, fragments))
            if new != old:
                result.spans_changed.append((old, new))
            to_project[package_id] = holder
            continue
        stored = project.add_span(
            Span(document_id, annotator, start, end, label, note, None, fragments)
        )
        assert stored.id is not None
        result.spans_added.append(stored)
        live[(start, end, label)] = stored.id
        to_project[package_id] = stored.id
    # Relations, by their package span ids, against the project's as they are now.
    to_package = {project_id: package_id for package_id, project_id in to_project.items()}
    now_ours = {}
    for relation in project.relations(document_id, annotator):
        if relation.head_span_id in to_package and relation.tail_span_id in to_package:
            key = (
                to_package[relation.head_span_id],
                to_package[relation.tail_span_id],
                relation.label,
            )
            now_ours[key] = relation
    wanted = (their_relations - base_relations) | (their_relations & base_relations & had)
    for key in sorted(wanted):
        head, tail, label = key
        if key in now_ours:
            continue
        if head not in to_project or tail not in to_project:
            result.conflicts.append(
                f"{where}: {annotator}'s new {label} relation links a span deleted in the "
                "project: not added"
            )
            continue
        result.relations_added.append(
            project.add_relation(
                Relation(document_id, annotator, to_project[head], to_project[tail], label)
            )
        )
    for key in sorted(base_relations - their_relations):
        if key in now_ours:
            relation = now_ours[key]
            assert relation.id is not None
            result.relations_removed.append(project.delete_relation(relation.id))
    # The status.
    if their_status != base_status:
        our_status = project.status(document_id, annotator)
        if status_before not in (base_status, their_status):
            result.conflicts.append(
                f"{where}: {annotator}'s status was set to {their_status} in the package and "
                f"to {status_before} in the project: {their_status}, as the package has it"
            )
        if our_status != their_status:
            project.set_status(document_id, annotator, their_status)
    status_after = project.status(document_id, annotator)
    if status_after != status_before:
        result.statuses.append((document_id, annotator, status_before, status_after))
    # Every package span, with the project span it is (None: one the project deleted and
    # the package left alone, which stays deleted).
    records = [
        [package_id, to_project.get(package_id), *_state_json(_state(span))]
        for package_id, span in sorted(theirs.items())
    ]
    return {
        "spans": records,
        "relations": [list(key) for key in sorted(their_relations)],
        "status": str(their_status),
    }
