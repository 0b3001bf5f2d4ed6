"""Label and relation-type operations on a real project file: what each changes, that its
spans and relations follow, and that undo (through `History`, as the app runs it) puts the
file back as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.core.colors import delta_e
from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Label, Relation, RelationType, Span, Status
from annotator.ops import labels as ops
from annotator.ops import spans as ops_spans
from annotator.ops.changes import LabelEdit
from annotator.ops.history import History
from annotator.ops.spans import apply
from annotator.store.project import Project

TEXT = "Kerry said: we will talk."
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")


def content(dump, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    return [STAMP.sub("<time>", line) for line in dump(path) if "sqlite_sequence" not in line]


@pytest.fixture
def doc(project: Project) -> str:
    project.add_document(Document("d", TEXT, "Kerry"))
    return "d"


def quote_with_source(project: Project) -> tuple[Span, Span, Relation]:
    actor = ops_spans.add_span(project, Span("d", "alice", 0, 5, "ACTOR")).spans_added[0]
    quote = ops_spans.add_span(project, Span("d", "alice", 12, 24, "QUOTE")).spans_added[0]
    assert actor.id is not None and quote.id is not None
    relation = project.add_relation(Relation("d", "alice", quote.id, actor.id, "source"))
    return actor, quote, relation


def undo_redo(project: Project, description: str, changes) -> History:  # type: ignore[no-untyped-def]
    history = History()
    history.push(description, changes, project.change_token())
    return history


def test_rename_carries_spans_and_relation_type_lists_and_undoes(project, project_path, doc, dump):
    quote_with_source(project)
    before = content(dump, project_path)
    changes = ops.rename_label(project, "ACTOR", "PERSON")
    assert changes.labels and changes.label_edits[0].kind == "label"
    assert [s.label for s in project.spans(doc, "alice")] == ["PERSON", "QUOTE"]
    source = next(k for k in project.relation_types() if k.name == "source")
    assert source.tail_labels == ("PERSON",)
    assert project.labels()[0].name == "PERSON"  # its place kept
    history = undo_redo(project, "Rename ACTOR", changes)
    history.undo(project)
    assert content(dump, project_path) == before
    history.redo(project)
    assert [s.label for s in project.spans(doc, "alice")] == ["PERSON", "QUOTE"]


def test_recolour_rekey_describe_guideline(project):
    ops.recolor_label(project, "EVENT", "#123456")
    ops.set_label_key(project, "EVENT", "e")
    ops.describe_label(project, "EVENT", "Something that happens")
    changes = ops.set_label_guideline(project, "EVENT", "# Events\n\nMark the *verb*.")
    event = next(label for label in project.labels() if label.name == "EVENT")
    assert event == Label(
        "EVENT", "#123456", "e", "Something that happens", changes.label_edits[0].new.guideline
    )
    apply(project, changes.inverse())
    assert next(lab for lab in project.labels() if lab.name == "EVENT").guideline == ""
    assert ops.recolor_label(project, "EVENT", "#123456").label_edits == ()  # no change


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "QUOTE"}, "there is a label 'QUOTE' already"),
        ({"name": " X"}, "starts or ends with whitespace"),
        ({"color": "red"}, "not of the form #rrggbb"),
        ({"key": "2"}, "the key 2 is QUOTE's already"),
        ({"key": "ab"}, "one visible character"),
    ],
)
def test_bad_label_changes_say_why_and_change_nothing(project, project_path, dump, fields, message):
    before = dump(project_path)
    with pytest.raises(AnnotatorError, match=re.escape(message)):
        ops.update_label(project, "ACTOR", **fields)
    assert dump(project_path) == before


def test_add_and_order_and_move(project):
    changes = ops.add_label(project, Label("PLACE", "#00AA88", "5"))
    assert project.labels()[-1].name == "PLACE"
    ops.move_label(project, "PLACE", -1)
    assert [label.name for label in project.labels()] == [
        "ACTOR",
        "QUOTE",
        "EVENT",
        "PLACE",
        "CLAIM",
    ]
    moved = ops.move_label(project, "PLACE", -10)
    assert project.labels()[0].name == "PLACE"
    apply(project, moved.inverse())
    assert [label.name for label in project.labels()][3] == "PLACE"
    assert ops.move_label(project, "CLAIM", 1).label_edits == ()  # at the end already
    with pytest.raises(AnnotatorError, match="each label once"):
        ops.order_labels(project, ["ACTOR"])
    assert changes.label_edits == (LabelEdit("label", None, Label("PLACE", "#00AA88", "5")),)


def test_a_new_label_gets_a_colour_far_from_the_others(project):
    changes = ops.add_new_label(project, "PLACE")
    place = changes.label_edits[0].new
    quote = "#F28E2B"
    assert delta_e(place.color, quote) > 20  # the old palette gave #E69F00: 10.7 away
    assert all(delta_e(place.color, label.color) > 20 for label in project.labels()[:4])
    assert place.key == "5"


def test_remove_counts_and_force_removes_spans_and_relations_undoably(
    project, project_path, doc, dump
):
    ops.add_label(project, Label("PLACE", "#00AA88"))
    place = ops_spans.add_span(project, Span("d", "bob", 0, 5, "PLACE")).spans_added[0]
    before = content(dump, project_path)
    assert ops.label_use(project, "PLACE") == 1
    assert ops.label_removal(project, "PLACE") == 1
    message = "1 span has the label PLACE: removing the label removes it (and its relations) too"
    with pytest.raises(AnnotatorError, match=re.escape(message)):
        ops.remove_label(project, "PLACE")
    changes = ops.remove_label(project, "PLACE", force=True)
    assert changes.spans_removed == (place,)
    assert changes.statuses == (("d", "bob", Status.IN_PROGRESS, Status.NEW),)
    assert "PLACE" not in [label.name for label in project.labels()]
    history = undo_redo(project, "Remove PLACE", changes)
    history.undo(project)
    assert content(dump, project_path) == before
    history.redo(project)
    assert project.spans(doc, "bob") == []


def test_a_label_a_relation_type_links_stays_until_the_type_lets_go(project, doc):
    ops_spans.add_span(project, Span("d", "bob", 12, 24, "QUOTE"))
    message = (
        "QUOTE cannot be removed: the relation type “source” links it. "
        "Take QUOTE out of that relation type, or remove the type, first."
    )
    # The check asked before a removal is the removal's own: the same words, force or not.
    with pytest.raises(AnnotatorError) as asked:
        ops.label_removal(project, "QUOTE")
    with pytest.raises(AnnotatorError) as refused:
        ops.remove_label(project, "QUOTE", force=True)
    assert str(asked.value) == str(refused.value) == message
    assert [s.label for s in project.spans(doc, "bob")] == ["QUOTE"]
    ops.remove_relation_type(project, "source")
    assert ops.label_removal(project, "QUOTE") == 1
    assert ops.remove_label(project, "QUOTE", force=True).label_edits[-1].old.name == "QUOTE"


def test_a_label_several_relation_types_link_names_them_all(project):
    with pytest.raises(AnnotatorError) as refused:
        ops.label_removal(project, "ACTOR")
    assert str(refused.value) == (
        "ACTOR cannot be removed: the relation types “source”, “claimant” and “participant” "
        "link it. Take ACTOR out of those relation types, or remove them, first."
    )
    ops.remove_relation_type(project, "source")
    with pytest.raises(AnnotatorError, match="types “claimant” and “participant” link it"):
        ops.remove_label(project, "ACTOR")
    assert "ACTOR" in [label.name for label in project.labels()]


def test_removal_of_a_label_or_type_removed_elsewhere_is_refused_before_asking(project):
    with pytest.raises(AnnotatorError, match="there is no label 'PLACE'"):
        ops.label_removal(project, "PLACE")
    with pytest.raises(AnnotatorError, match="there is no relation type 'cause'"):
        ops.relation_type_removal(project, "cause")


def test_an_unused_label_removed_comes_back_in_its_place(project, project_path, dump):
    before = content(dump, project_path)
    removed_type = ops.remove_relation_type(project, "participant")
    changes = ops.remove_label(project, "EVENT")
    apply(project, changes.inverse())
    apply(project, removed_type.inverse())
    assert [label.name for label in project.labels()] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
    assert sorted(content(dump, project_path)) == sorted(before)


def test_relation_type_rename_carries_its_relations(project, project_path, doc, dump):
    quote_with_source(project)
    before = content(dump, project_path)
    changes = ops.update_relation_type(
        project, "source", name="speaker", color="#000000", required=False, guideline="Who"
    )
    assert changes.relation_types
    assert [r.label for r in project.relations(doc, "alice")] == ["speaker"]
    kind = project.relation_types()[0]
    assert (kind.name, kind.required, kind.guideline) == ("speaker", False, "Who")
    history = undo_redo(project, "Edit source", changes)
    history.undo(project)
    assert content(dump, project_path) == before


def test_relation_type_checks(project):
    with pytest.raises(AnnotatorError, match="no label PLACE"):
        ops.update_relation_type(project, "source", head_labels=["PLACE"])
    with pytest.raises(AnnotatorError, match="relation type 'claimant' already"):
        ops.update_relation_type(project, "source", name="claimant")
    with pytest.raises(AnnotatorError, match="the key c is claimant's"):
        ops.update_relation_type(project, "source", key="c")
    added = ops.add_relation_type(
        project, RelationType("quotes", ("QUOTE",), ("QUOTE",), "#333333")
    )
    assert project.relation_types()[-1].name == "quotes"
    apply(project, added.inverse())
    assert [k.name for k in project.relation_types()] == ["source", "claimant", "participant"]
    moved = ops.move_relation_type(project, "participant", -2)
    assert project.relation_types()[0].name == "participant"
    apply(project, moved.inverse())
    assert project.relation_types()[0].name == "source"


def test_relation_type_removal_counts_and_force_takes_its_relations(
    project, project_path, doc, dump
):
    *_, relation = quote_with_source(project)
    before = content(dump, project_path)
    assert ops.relation_type_use(project, "source") == 1
    assert ops.relation_type_removal(project, "source") == 1
    message = "1 relation is of the type source: removing the type removes it too"
    with pytest.raises(AnnotatorError, match=re.escape(message)):
        ops.remove_relation_type(project, "source")
    changes = ops.remove_relation_type(project, "source", force=True)
    assert changes.relations_removed == (relation,)
    assert project.relations(doc, "alice") == []
    apply(project, changes.inverse())
    assert sorted(content(dump, project_path)) == sorted(before)  # the type's row is new


def test_undo_refuses_labels_changed_elsewhere(project):
    changes = ops.recolor_label(project, "ACTOR", "#111111")
    ops.recolor_label(project, "ACTOR", "#222222")
    with pytest.raises(AnnotatorError, match="changed elsewhere"):
        apply(project, changes.inverse())
    assert project.labels()[0].color == "#222222"


def test_label_operations_run_in_the_store_process(store_host, project_path):
    remote = store_host.open(project_path)
    try:
        changes = remote.call(ops.rename_label, "CLAIM", "ASSERTION")
        assert changes.label_edits[0].new.name == "ASSERTION"
        assert remote.label_use("ASSERTION") == 0
        remote.call(apply, changes.inverse())
        assert remote.labels()[-1].name == "CLAIM"
    finally:
        remote.close()


# -- the status follows the layer (ops.spans) ---------------------------------------------


def test_deleting_the_last_span_makes_the_document_new_again_and_undo_restores(project, doc):
    added = ops_spans.add_span(project, Span("d", "alice", 0, 5, "ACTOR"))
    second = ops_spans.add_span(project, Span("d", "alice", 12, 14, "QUOTE"))
    (first,) = added.spans_added
    assert first.id is not None and second.spans_added[0].id is not None
    assert ops_spans.delete_span(project, first.id).statuses == ()  # one is left
    last = ops_spans.delete_span(project, second.spans_added[0].id)
    assert last.statuses == (("d", "alice", Status.IN_PROGRESS, Status.NEW),)
    assert project.status(doc, "alice") == Status.NEW
    apply(project, last.inverse())
    assert project.status(doc, "alice") == Status.IN_PROGRESS


def test_undoing_every_add_makes_the_document_new(project, doc):
    history = History()
    for start, end, label in ((0, 5, "ACTOR"), (12, 14, "QUOTE")):
        token = project.change_token()
        history.push(
            "Add", ops_spans.add_span(project, Span("d", "alice", start, end, label)), token
        )
    # An earlier edit left the layer in progress: the status is not the first add's any more.
    project.set_status(doc, "alice", Status.IN_PROGRESS)
    first_undo = history.undo(project)
    assert first_undo.statuses == ()
    second_undo = history.undo(project)
    assert project.status(doc, "alice") == Status.NEW
    assert second_undo.statuses == (("d", "alice", Status.IN_PROGRESS, Status.NEW),)
    history.redo(project)
    assert project.status(doc, "alice") == Status.IN_PROGRESS


def test_a_done_layer_stays_done_when_emptied(project, doc):
    (span,) = ops_spans.add_span(project, Span("d", "alice", 0, 5, "ACTOR")).spans_added
    ops_spans.set_status(project, doc, "alice", Status.DONE)
    assert span.id is not None
    assert ops_spans.delete_span(project, span.id).statuses == ()
    assert project.status(doc, "alice") == Status.DONE


def test_a_label_set_is_applied_as_one_undoable_step_even_swapping_keys(
    project, project_path, dump
):
    before = content(dump, project_path)
    labels = [Label("QUOTE", "#F28E2B", "1", "Quoted", "guide"), Label("ACTOR", "#4E79A7", "2")]
    kinds = [
        RelationType("mentions", ("QUOTE",), ("ACTOR",), "#111111", "m"),
        RelationType("source", ("QUOTE",), ("ACTOR",), "#B07AA1", "c", required=True),
        RelationType("claimant", ("CLAIM",), ("ACTOR",), "#9C755F", "s"),
    ]
    changes = ops.apply_label_set(project, labels, kinds)
    stored = project.labels()
    assert [(label.name, label.key) for label in stored[:2]] == [("QUOTE", "1"), ("ACTOR", "2")]
    assert stored[0].guideline == "guide" and stored[1].description == ""
    assert {(k.name, k.key) for k in project.relation_types()} >= {
        ("source", "c"),
        ("claimant", "s"),
    }
    assert project.relation_types()[-1].name == "mentions"
    history = undo_redo(project, "Labels file", changes)
    history.undo(project)
    assert sorted(content(dump, project_path)) == sorted(before)
