"""Relation operations on a real project file: the type's labels are enforced, each returns
what it changed, and applying the inverse puts the file back."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Relation, RelationType, Span
from annotator.ops import relations as ops
from annotator.ops import spans as span_ops
from annotator.ops.changes import Changes
from annotator.ops.spans import apply
from annotator.store.project import Project

TEXT = "Kerry said: we will talk."


@pytest.fixture
def pair(project: Project) -> tuple[int, int]:
    project.add_document(Document("d", TEXT, "Kerry"))
    actor = span_ops.add_span(project, Span("d", "alice", 0, 5, "ACTOR")).spans_added[0]
    quote = span_ops.add_span(project, Span("d", "alice", 12, 24, "QUOTE")).spans_added[0]
    assert actor.id is not None and quote.id is not None
    return quote.id, actor.id


def test_the_default_relation_types(project):
    kinds = {kind.name: kind for kind in project.relation_types()}
    assert list(kinds) == ["source", "claimant", "participant"]
    assert kinds["source"].required and kinds["source"].allows("QUOTE", "ACTOR")
    assert not kinds["source"].allows("ACTOR", "QUOTE")


def test_add_relabel_delete_and_their_inverses(project, pair):
    quote, actor = pair
    added = ops.add_relation(project, Relation("d", "alice", quote, actor, "source"))
    (link,) = added.relations_added
    assert project.relations("d", "alice") == [link]
    with pytest.raises(AnnotatorError, match="claimant relation links CLAIM to ACTOR"):
        ops.relabel_relation(project, link.id, "claimant")
    assert ops.relabel_relation(project, link.id, "source") == Changes()
    deleted = ops.delete_relation(project, link.id)
    assert deleted.relations_removed == (link,) and project.relations("d", "alice") == []
    apply(project, deleted.inverse())
    assert project.relations("d", "alice") == [link]
    apply(project, added.inverse())
    assert project.relations("d", "alice") == []


def test_a_relabel_keeps_the_id_and_undo_restores_the_label(project, pair):
    quote, actor = pair
    project.add_relation_type(RelationType("mentions", (), (), "#123456"))
    link = ops.add_relation(
        project, Relation("d", "alice", quote, actor, "source")
    ).relations_added[0]
    changed = ops.relabel_relation(project, link.id, "mentions")
    ((old, new),) = changed.relations_changed
    assert old == link and new.id == link.id and new.label == "mentions"
    apply(project, changed.inverse())
    assert project.relation(link.id) == link


@pytest.mark.parametrize(
    ("label", "reason"),
    [("said", "unknown relation type 'said'"), ("participant", "links EVENT to ACTOR")],
)
def test_a_refused_link_writes_nothing(project, project_path, pair, dump, label, reason):
    quote, actor = pair
    before = dump(project_path)
    with pytest.raises(AnnotatorError, match=reason):
        ops.add_relation(project, Relation("d", "alice", quote, actor, label))
    assert dump(project_path) == before
