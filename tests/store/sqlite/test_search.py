"""Search over every document's text (store/sqlite/search.py): the index kept by the
transaction that writes a document, upgrades, matching, and hits located in code points."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document
from annotator.core.search import parse_query
from annotator.store.importer import ImportCancelled, import_paths
from annotator.store.project import Project, create_project, open_project
from annotator.store.sqlite import schema, search
from annotator.store.sqlite.schema import SCHEMA_VERSION
from tests.helpers.projects import TRICKY, make_project, make_v1_project


def found(project: Project, typed: str, exact: bool = False, limit: int = 1000):
    result = project.search(parse_query(typed, exact=exact), limit)
    return [(hit.document_id, hit.start, hit.end) for hit in result.hits]


def texts_of(project: Project, typed: str, exact: bool = False) -> list[str]:
    result = project.search(parse_query(typed, exact=exact))
    return [project.document(hit.document_id).text[hit.start : hit.end] for hit in result.hits]


@pytest.fixture
def news(tmp_path: Path):
    project = make_project(
        tmp_path / "news.db",
        {
            "fr": "Ségolène Royal à l'Élysée. SÉGOLÈNE parle; segolene écoute.",
            "us": "The White House said Kerry met the press. White-House aides; white\n house.",
            "neg": "Negotiators negotiated; negotiation NEGOTIATES.",
        },
    )
    yield project
    project.close()


def test_accents_and_case_are_ignored(news):
    assert texts_of(news, "segolene") == ["Ségolène", "SÉGOLÈNE", "segolene"]
    assert texts_of(news, "ÉLYSÉE") == ["Élysée"]


def test_match_case_and_accents_checks_each_hit_against_the_text(news):
    assert texts_of(news, "Ségolène", exact=True) == ["Ségolène"]
    assert texts_of(news, "SÉGOLÈNE", exact=True) == ["SÉGOLÈNE"]
    assert texts_of(news, "Segolene", exact=True) == []


def test_phrases_match_across_punctuation_and_line_breaks(news):
    assert texts_of(news, '"white house"') == ["White House", "White-House", "white\n house"]
    assert texts_of(news, "house white") == ["White", "House", "White", "House", "white", "house"]


def test_prefixes(news):
    assert texts_of(news, "negotiat*") == [
        "Negotiators",
        "negotiated",
        "negotiation",
        "NEGOTIATES",
    ]
    assert texts_of(news, '"the pre*"') == ["the press"]


def test_every_word_must_be_in_the_document(news):
    assert {d for d, _, _ in found(news, "kerry press")} == {"us"}
    assert found(news, "kerry segolene") == []


@pytest.mark.parametrize("typed", ["AND", "OR kerry", "NEAR(kerry", "kerry:", '"kerry', "^kerry"])
def test_fts_syntax_typed_by_a_user_never_errors(news, typed):
    news.search(parse_query(typed))  # no OperationalError: searched as words


def test_a_query_with_no_word_says_what_is_wrong():
    with pytest.raises(AnnotatorError, match="nothing to search for"):
        parse_query("((*))")


def test_hits_on_tricky_texts_are_code_point_offsets_of_the_stored_text(tmp_path):
    project = make_project(tmp_path / "t.db", {f"doc-{k}": v for k, v in TRICKY.items()})
    result = project.search(parse_query("kerry"))
    by_document = {hit.document_id: hit for hit in result.hits}
    for name, text in TRICKY.items():
        if "Kerry" not in text:
            continue
        hit = by_document[f"doc-{name}"]
        assert text[hit.start : hit.end] == "Kerry", name
        assert hit.start == text.index("Kerry")
    rtl = TRICKY["rtl"]
    assert texts_of(project, "كيري") == ["كيري"]
    (hit,) = [h for h in project.search(parse_query("שלום")).hits]
    assert rtl[hit.start : hit.end] == "שלום"
    # CJK has no spaces: the index's word is the run of ideographs, found by its prefix.
    (cjk,) = project.search(parse_query("克里*")).hits
    assert TRICKY["cjk"][cjk.start : cjk.end].startswith("克里国务卿说")
    combining = project.search(parse_query("amelie")).hits
    assert [TRICKY["combining"][h.start : h.end] for h in combining] == ["Ame\u0301lie"]
    project.close()


def test_context_and_titles_come_from_the_stored_document(news):
    (hit,) = news.search(parse_query("kerry")).hits
    assert (hit.title, hit.before, hit.match, hit.after) == (
        news.document("us").title,
        "The White House said ",
        "Kerry",
        " met the press. White-House aides; white",
    )


def test_a_text_holding_the_marks_is_still_searched(tmp_path):
    text = "\ufdd0 Kerry \ufdd1 met Kerry."
    project = make_project(tmp_path / "m.db", {"m": text})
    hits = project.search(parse_query("kerry")).hits
    assert [text[h.start : h.end] for h in hits] == ["Kerry", "Kerry"]
    project.close()


def test_the_first_hits_in_project_order_up_to_the_limit(tmp_path):
    project = make_project(
        tmp_path / "many.db", {f"d{i:03}": "Kerry and Kerry." for i in range(150)}
    )
    result = project.search(parse_query("kerry"), limit=201)
    assert len(result.hits) == 201 and not result.complete
    assert result.documents == 150
    assert [h.document_id for h in result.hits[:4]] == ["d000", "d000", "d001", "d001"]
    assert result.summary() == "first 201 hits (in 101 of 150 documents)"
    whole = project.search(parse_query("kerry"), limit=300)
    assert len(whole.hits) == 300 and whole.complete
    assert whole.documents == 150  # every matching document was read: counted as they came
    project.close()


def test_an_imported_document_is_searchable_inside_the_import_transaction(tmp_path, project):
    source = tmp_path / "a.txt"
    source.write_text("Lavrov spoke in Geneva.", encoding="utf-8")
    with project.transaction():
        import_paths(project, [source])
        assert found(project, "geneva") == [("a", 16, 22)]
        project.conn.execute("SAVEPOINT undo_me")
        project.add_document(Document("b", "Geneva again.", "b"))
        assert len(found(project, "geneva")) == 2
        project.conn.execute("ROLLBACK TO undo_me")
        project.conn.execute("RELEASE undo_me")
        assert len(found(project, "geneva")) == 1  # rolled back: out of the index too


def test_a_failed_import_leaves_nothing_in_the_index(tmp_path, project):
    good = tmp_path / "good.txt"
    good.write_text("Geneva talks.", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Geneva"}\n{not json\n', encoding="utf-8")
    with pytest.raises(AnnotatorError):
        import_paths(project, [good, bad])
    assert found(project, "geneva") == []
    check = project.conn.execute(
        "INSERT INTO documents_search (documents_search) VALUES ('integrity-check')"
    )
    assert check is not None


def test_deleted_and_changed_texts_leave_the_index(news):
    with news.transaction():
        news.conn.execute("DELETE FROM documents WHERE id = 'fr'")
        news.conn.execute("UPDATE documents SET text = 'Lavrov only.' WHERE id = 'us'")
    assert found(news, "segolene") == [] and found(news, "kerry") == []
    assert found(news, "lavrov") == [("us", 0, 6)]
    news.conn.execute("INSERT INTO documents_search (documents_search) VALUES ('integrity-check')")


def test_a_version_3_project_gets_its_index_when_upgraded(tmp_path):
    path = tmp_path / "old.db"
    make_v1_project(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    schema._v2(sqlite_utils.Database(conn))
    schema._v3(sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 3")
    conn.execute("COMMIT")
    conn.close()
    with open_project(path) as project:
        version = project.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION
        assert found(project, "lavrov") == [("d", 10, 16)]
        project.add_document(Document("e", "Lavrov again.", "e"))
        assert len(found(project, "lavrov")) == 2


def test_a_project_without_its_index_says_it_is_damaged(news):
    with news.transaction():
        for name in ("insert", "delete", "update"):
            news.conn.execute(f"DROP TRIGGER documents_search_{name}")
        news.conn.execute("DROP TABLE documents_search")
    with pytest.raises(AnnotatorError, match="no search index"):
        news.search(parse_query("kerry"))


# -- an import's documents, indexed a batch at a time (search.py, "Deferred indexing") -----


def index_entries(project: Project) -> list[tuple[object, ...]]:
    """Every (word, document, column, offset) the index holds."""
    conn = project.conn
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.entries "
        "USING fts5vocab(main, documents_search, instance)"
    )
    return sorted(conn.execute("SELECT term, doc, col, offset FROM temp.entries").fetchall())


def index_totals(project: Project) -> bytes:
    """The index's count of documents and words (its 'averages' record)."""
    row = project.conn.execute("SELECT block FROM documents_search_data WHERE id = 1").fetchone()
    return bytes(row[0])


def assert_index_matches_texts(project: Project) -> None:
    """The index holds each document's words exactly once: what a rebuild from the texts
    would make (FTS5's own integrity-check does not compare an external content's)."""
    held = index_entries(project), index_totals(project)
    project.conn.execute("BEGIN")
    project.conn.execute("INSERT INTO documents_search (documents_search) VALUES ('rebuild')")
    rebuilt = index_entries(project), index_totals(project)
    project.conn.execute("ROLLBACK")
    assert held[0] and held == rebuilt


def insert_trigger_count(project: Project) -> int:
    return project.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'documents_search_insert'"
    ).fetchone()[0]


def write_jsonl(path: Path, texts: list[str]) -> Path:
    lines = [json.dumps({"id": f"doc{n}", "text": text}) for n, text in enumerate(texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_long_import_is_indexed_in_batches_within_its_transaction(tmp_path, project, monkeypatch):
    monkeypatch.setattr(search, "DEFERRED_BATCH", 100)  # a batch every few documents
    texts = [f"Lavrov met envoy number{n} in Genève, said the aide {n}." for n in range(40)]
    seen_inside: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen_inside.append(insert_trigger_count(project))
        return True

    import_paths(project, [write_jsonl(tmp_path / "a.jsonl", texts)], progress=progress)
    assert 0 in seen_inside  # the trigger was dropped while the import ran ...
    assert insert_trigger_count(project) == 1  # ... and is back once it committed
    assert len(found(project, "geneve")) == 40
    assert found(project, "number17") == [("doc17", 17, 25)]
    assert found(project, '"said the aide 39"') == [("doc39", 37, 53)]
    assert_index_matches_texts(project)
    project.add_document(Document("late", "Lavrov, later.", "late"))  # the trigger's way
    assert len(found(project, "lavrov")) == 41
    assert_index_matches_texts(project)


def test_after_an_import_the_schema_is_a_fresh_projects(tmp_path, project):
    import_paths(project, [write_jsonl(tmp_path / "a.jsonl", ["One text.", "Two texts."])])
    fresh = create_project(tmp_path / "fresh.db")
    schema_of = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    assert project.conn.execute(schema_of).fetchall() == fresh.conn.execute(schema_of).fetchall()
    fresh.close()


def test_a_cancelled_import_leaves_the_trigger_and_no_entry(tmp_path, project, monkeypatch):
    monkeypatch.setattr(search, "DEFERRED_BATCH", 50)
    lines = [f"Geneva talk {n}." for n in range(600)]  # progress is asked every 200 lines
    with pytest.raises(ImportCancelled):
        import_paths(
            project, [write_jsonl(tmp_path / "a.jsonl", lines)], progress=lambda d, t: False
        )
    assert insert_trigger_count(project) == 1
    assert index_entries(project) == [] and project.document_count() == 0
    import_paths(project, [write_jsonl(tmp_path / "b.jsonl", ["Geneva again."])])
    assert found(project, "geneva") == [("doc0", 0, 6)]
    assert_index_matches_texts(project)


def test_a_savepoint_rolled_back_after_the_drop_indexes_each_document_once(project):
    with project.transaction():
        project.conn.execute("SAVEPOINT inner")
        project.add_document(Document("a", "Lavrov in Geneva.", "a"))  # drops the trigger
        assert insert_trigger_count(project) == 0
        project.conn.execute("ROLLBACK TO inner")  # a caller's savepoint: the trigger is back
        project.conn.execute("RELEASE inner")
        project.add_document(Document("b", "Kerry in Geneva.", "b"))
        project.add_document(Document("c", "Zarif in Geneva.", "c"))
    assert insert_trigger_count(project) == 1
    assert [hit[0] for hit in found(project, "geneva")] == ["b", "c"]
    assert_index_matches_texts(project)


def test_a_batch_inside_a_savepoint_rolled_back_is_indexed_again(project, monkeypatch):
    # the batch indexed "a" (added before the savepoint) too: the rollback took that away
    monkeypatch.setattr(search, "DEFERRED_BATCH", 10)
    with project.transaction():
        project.add_document(Document("a", "alpha words here", "a"))
        with pytest.raises(RuntimeError), project.transaction():
            project.add_document(Document("b", "beta words here", "b"))  # a batch: a, b
            raise RuntimeError
        project.add_document(Document("c", "gamma words", "c"))
    assert [hit[0] for hit in found(project, "words")] == ["a", "c"]
    assert_index_matches_texts(project)


def test_a_lone_document_goes_through_the_trigger(project):
    project.add_document(Document("a", "Lavrov in Geneva.", "a"))
    assert found(project, "lavrov") == [("a", 0, 6)]
    assert not project._deferring and insert_trigger_count(project) == 1
