"""Relations between spans through a real project file: the API, the schema's cascade, and
a deleted span restored with its relations under their old ids (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Relation, Span
from annotator.store.host import StoreHost
from annotator.store.project import Project, open_project
from annotator.store.relations import add_relation, delete_relation, relation, relations

TEXT = "Mayor Lee said the bridge opens in May, Kim said."


@pytest.fixture
def spans(project: Project) -> list[Span]:
    """alice's ACTOR "Mayor Lee", QUOTE "the bridge opens in May", ACTOR "Kim"."""
    project.add_document(Document("d", TEXT, "d"))
    project.add_document(Document("e", TEXT, "e"))
    return [
        project.add_span(Span("d", "alice", *TEXT_OF[phrase]))
        for phrase in ("Mayor Lee", "the bridge opens in May", "Kim")
    ]


TEXT_OF = {
    phrase: (TEXT.index(phrase), TEXT.index(phrase) + len(phrase), label)
    for phrase, label in (
        ("Mayor Lee", "ACTOR"),
        ("the bridge opens in May", "QUOTE"),
        ("Kim", "ACTOR"),
    )
}


def link(head: Span, tail: Span, label: str = "SAID_BY") -> Relation:
    assert head.id is not None and tail.id is not None
    return Relation(head.document_id, head.annotator, head.id, tail.id, label)


def rows(project: Project) -> list[tuple[object, ...]]:
    """The relations table as stored, every column."""
    return project.conn.execute("SELECT * FROM relations ORDER BY id").fetchall()


def test_add_read_and_delete_a_relation(project: Project, spans: list[Span]):
    lee, quote, _ = spans
    stored = add_relation(project, link(quote, lee))
    assert stored.id is not None
    assert stored == Relation("d", "alice", quote.id, lee.id, "SAID_BY", stored.id)
    assert relations(project, "d", "alice") == [stored]
    assert relations(project, "d", "bob") == [] and relations(project, "e", "alice") == []
    assert relation(project, stored.id) == stored
    with open_project(project.path) as other:  # committed, for every connection
        assert relations(other, "d", "alice") == [stored]

    assert delete_relation(project, stored.id) == stored
    assert relations(project, "d", "alice") == []
    with pytest.raises(AnnotatorError, match=f"relation {stored.id} no longer exists"):
        delete_relation(project, stored.id)
    # Undo of a deleted relation: back under its id.
    assert add_relation(project, stored) == stored
    assert relations(project, "d", "alice") == [stored]


def test_a_bad_relation_is_refused_and_changes_nothing(project: Project, spans: list[Span], dump):
    lee, quote, kim = spans
    bob = project.add_span(Span("d", "bob", *TEXT_OF["Mayor Lee"]))
    elsewhere = project.add_span(Span("e", "alice", *TEXT_OF["Mayor Lee"]))
    first = add_relation(project, link(quote, lee))
    before = dump(project.path)
    refused = {
        "tail span 999 of the SAID_BY relation no longer exists": Relation(
            "d", "alice", quote.id, 999, "SAID_BY"
        ),
        "in bob's layer of document 'd'": link(quote, bob),
        "in alice's layer of document 'e', not in alice's layer of 'd'": Relation(
            "d", "alice", quote.id, elsewhere.id, "SAID_BY"
        ),
        "non-empty label": link(quote, kim, "  "),
        f"already has the relation SAID_BY from span {quote.id} to span {lee.id}": link(quote, lee),
        f"relation {first.id} exists already": Relation(
            "d", "alice", lee.id, kim.id, "X", first.id
        ),
    }
    for message, bad in refused.items():
        with pytest.raises(AnnotatorError, match=message):
            add_relation(project, bad)
    assert dump(project.path) == before
    # The same two spans with another label, or the other way round, are other relations.
    add_relation(project, link(quote, lee, "MENTIONS"))
    add_relation(project, link(lee, quote))
    assert len(relations(project, "d", "alice")) == 3


def test_the_schema_deletes_a_spans_relations_with_it(project: Project, spans: list[Span]):
    """The cascade that lost relations on undo (issue 10): deleting the span row alone,
    as any SQL would, takes every relation that names it as head or tail."""
    lee, quote, kim = spans
    add_relation(project, link(quote, lee))
    add_relation(project, link(kim, quote))
    kept = add_relation(project, link(kim, lee))
    with project.transaction():
        project.conn.execute("DELETE FROM spans WHERE id = ?", (quote.id,))
    assert relations(project, "d", "alice") == [kept]


def test_delete_span_returns_its_relations_and_add_span_restores_them(
    project: Project, spans: list[Span]
):
    lee, quote, kim = spans
    said = add_relation(project, link(quote, lee))
    kept = add_relation(project, link(kim, lee))
    heard = add_relation(project, link(kim, quote, "HEARD"))
    before = rows(project)

    span, gone = project.delete_span(quote.id)
    assert span == quote
    assert gone == [said, heard]  # as head and as tail, in the order they were added
    assert relations(project, "d", "alice") == [kept]

    assert project.add_span(span, gone) == quote
    assert rows(project) == before  # the same rows under the same ids
    assert relations(project, "d", "alice") == [said, kept, heard]
    # Redo: deleted again, and again returned.
    assert project.delete_span(quote.id) == (quote, [said, heard])


def test_a_restore_whose_partner_span_is_gone_restores_nothing(
    project: Project, spans: list[Span], dump
):
    lee, quote, _ = spans
    add_relation(project, link(quote, lee))
    span, gone = project.delete_span(quote.id)
    project.delete_span(lee.id)  # by another window, say
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match=f"tail span {lee.id} .* no longer exists"):
        project.add_span(span, gone)
    assert dump(project.path) == before  # not even the span: one transaction


def test_through_the_store_process(store_host: StoreHost, project_path: Path):
    """As the window calls it: plain values over the channel, the SQL in the store."""
    remote = store_host.open(project_path)
    try:
        remote.add_document(Document("d", TEXT, "d"))
        lee = remote.add_span(Span("d", "alice", *TEXT_OF["Mayor Lee"]))
        quote = remote.add_span(Span("d", "alice", *TEXT_OF["the bridge opens in May"]))
        said = remote.call(add_relation, link(quote, lee))
        assert remote.call(relations, "d", "alice") == [said]
        span, gone = remote.delete_span(quote.id)
        assert gone == [said] and remote.call(relations, "d", "alice") == []
        remote.add_span(span, gone)
        assert remote.call(relations, "d", "alice") == [said]
    finally:
        remote.close()
    with open_project(project_path) as local:
        assert relations(local, "d", "alice") == [said]
