"""A brat export of documents and annotators whose names are not file names: everything
lands inside the output folder, and an import restores the real names."""

from __future__ import annotations

import io
from pathlib import Path

from annotator.core.model import Document, Span
from annotator.store.exporter import export_formatted
from annotator.store.importer import import_paths
from annotator.store.project import Project, create_project
from tests.helpers.jsonl_records import iter_layer_records, write_jsonl

IDS = ["../x", "a/b", "con", "NUL", ".hidden", "x" * 300, "tab\tid", "Doc", "doc", "ok"]


def dump(project: Project) -> str:
    out = io.StringIO()
    write_jsonl(iter_layer_records(project), out)
    return out.getvalue()


def test_unsafe_ids_and_annotators_stay_inside_and_come_back(project: Project, tmp_path: Path):
    for number, doc_id in enumerate(IDS):
        project.add_document(Document(doc_id, f"Kerry met Lavrov {number}.", doc_id))
        project.add_span(Span(doc_id, "../../evil", 0, 5, "ACTOR"))
        project.add_span(Span(doc_id, "alice", 10, 16, "ACTOR"))
    project.add_document(Document("", "A document with an empty id.", "empty"))
    out = tmp_path / "deep" / "out"
    out.parent.mkdir()
    export_formatted(project, "brat", out)
    written = [p.resolve() for p in tmp_path.rglob("*") if p.is_file()]
    assert all(out.resolve() in p.parents for p in written if p.suffix in (".txt", ".ann"))
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "evil").exists()
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == 2 and folders[1] == "alice"
    assert folders[0].startswith("_") and "~" in folders[0]  # the stand-in for ../../evil
    # one .txt and .ann per document and annotator, plus the empty-id document at the top
    assert len(list(out.glob("*/*.ann"))) == 2 * len(IDS)
    assert len(list(out.glob("*.ann"))) == 1
    mapping = (out / "ids.tsv").read_text(encoding="utf-8")
    assert "../x" in mapping and "tab\\tid" in mapping
    with create_project(tmp_path / "second.db") as second:
        import_paths(second, [out], format="brat")
        assert dump(second) == dump(project)
        assert second.document("../x").text == "Kerry met Lavrov 0."
        assert set(second.annotators()) == {"../../evil", "alice"}


def test_annotators_named_like_the_folders_own_files(project: Project, tmp_path: Path):
    project.add_document(Document("d", "Kerry met Lavrov.", "d"))
    for name in ("ids.tsv", "Annotation.conf", "status.tsv", "visual.conf", "annotators.tsv"):
        project.add_span(Span("d", name, 0, 5, "ACTOR"))
    out = tmp_path / "out"
    export_formatted(project, "brat", out)
    assert (out / "ids.tsv").is_file() and (out / "annotation.conf").is_file()
    assert len([p for p in out.iterdir() if p.is_dir()]) == 5
    with create_project(tmp_path / "second.db") as second:
        import_paths(second, [out], format="brat")
        assert dump(second) == dump(project)
