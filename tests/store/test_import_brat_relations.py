"""A brat attribution corpus (tests/helpers/brat_corpus.py: PARC's shape, one folder per
annotator, events with Source/Cue/Content roles, discontinuous contents, a nested
attribution) through the real importer and exporter on real project files: imported with
`--annotator-from-folder`, exported back line for line, and bad relations, events and
fragments refused with `FILE:LINE: reason` and the project unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.labels import new_label
from annotator.core.model import Document, Span
from annotator.store.exporter import export_formatted
from annotator.store.importer import import_paths
from annotator.store.project import Project, create_project, open_project
from tests.helpers.brat_corpus import LAYERS, TEXTS, ann_content, write_corpus
from tests.store.test_formats_roundtrip import brat_peek_reader

Dump = Callable[[Path], list[str]]
TEXT = "Kerry said the talks would resume."


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def imported(corpus: Path, tmp_path: Path) -> Path:
    """A project holding the corpus, imported by annotator folder with --add-labels."""
    path = tmp_path / "parc.db"
    with create_project(path) as project:
        import_paths(project, [corpus], format="brat", add_labels=True, annotator_from_folder=True)
    return path


def test_one_document_per_file_name_and_one_layer_per_annotator(corpus: Path, project: Project):
    report = import_paths(
        project, [corpus], format="brat", add_labels=True, annotator_from_folder=True
    )
    assert report.documents_added == 2  # party is alice's and bob's: one document
    assert report.layers == 4
    assert sorted(project.annotators()) == ["alice", "bob", "carol"]
    assert project.document("party").text == TEXTS["party"]  # CRLF and emoji as they are
    assert [len(project.spans("party", a)) for a in ("alice", "bob")] == [11, 9]
    # alice: E1, E2, E3 with three roles each, and R1
    assert len(project.relations("party", "alice")) == 10
    assert report.relations_added == 10 + 6 + 7 + 7  # alice's two, bob's, carol's
    assert "1 A line(s)" in report.summary()  # attributes are counted, never dropped unsaid
    labels = {label.name: label.event for label in project.labels()}
    assert labels["Attribution"] is True and labels["Source"] is labels["Content"] is False
    kinds = {kind.name: kind for kind in project.relation_types()}
    assert set(report.relation_types_added) == {"Source", "Cue", "Content", "Coref"}
    assert kinds["Content"].head_labels == ("Attribution",)
    assert set(kinds["Content"].tail_labels) == {"Content", "Attribution"}  # nested: E2
    split = next(s for s in project.spans("party", "alice") if s.fragments)
    assert split.label == "Content" and split.note == "split around the cue \t “he said”"
    assert split.text_of(TEXTS["party"]) == "We are not a party, … but a movement."
    bare = [s for s in project.spans("cairo", "carol") if s.label == "Attribution"]
    assert len(bare) == 4  # E4 has no argument: its trigger is still a span


def test_the_brat_export_gives_back_every_t_e_r_and_note_line(
    corpus: Path, imported: Path, tmp_path: Path
):
    out = tmp_path / "out"
    with open_project(imported) as project:
        export_formatted(project, "brat", out)
    for annotator, documents in LAYERS.items():
        for name in documents:
            given = ann_content(corpus / annotator / f"{name}.ann")
            written = ann_content(out / annotator / f"{name}.ann")
            assert written["A"] == []  # attributes have no place in a layer (counted on import)
            for kind in ("T", "E", "R", "#"):
                assert written[kind] == given[kind], (annotator, name, kind)
            assert (out / annotator / f"{name}.txt").read_bytes() == (
                corpus / annotator / f"{name}.txt"
            ).read_bytes()
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    entities, rest = conf.split("[relations]")
    assert "Source" in entities and "Attribution" not in entities
    relations, events = rest.split("[events]")
    assert "Coref\tArg1:Source, Arg2:Source" in relations
    assert "Attribution\tCue*:Cue, Source*:Source, Content*:Content|Attribution\n" in events


@pytest.mark.parametrize("fmt", ["brat", "jsonl"])
def test_export_import_export_is_byte_identical(imported: Path, tmp_path: Path, fmt: str):
    first, second = tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"
    with open_project(imported) as project:
        export_formatted(project, fmt, first)
    with create_project(tmp_path / "again.db") as project:
        report = import_paths(project, [first], format=fmt, add_labels=True)
        assert report.relations_added == 30
        export_formatted(project, fmt, second)
        if fmt == "brat":  # JSONL does not define labels: it cannot say which are events
            assert {label.name for label in project.labels() if label.event} == {"Attribution"}
    assert read_tree(second) == read_tree(first)


def read_tree(path: Path) -> dict[str, object]:
    """The files under `path` (or the file); annotation.conf as a set of lines, since the
    labels' order is the order an import first met them, and visual.conf left out (the
    colours new labels get follow that order too)."""
    if path.is_file():
        return {"": path.read_bytes()}
    return {
        str(p.relative_to(path)): (
            set(p.read_text(encoding="utf-8").splitlines())
            if p.suffix == ".conf"
            else p.read_bytes()
        )
        for p in path.rglob("*")
        if p.is_file() and p.name != "visual.conf"
    }


def test_importing_the_corpus_twice_adds_nothing(corpus: Path, imported: Path, tmp_path: Path):
    with open_project(imported) as project:
        export_formatted(project, "jsonl", tmp_path / "before.jsonl")
        again = import_paths(project, [corpus], format="brat", annotator_from_folder=True)
        export_formatted(project, "jsonl", tmp_path / "after.jsonl")
    assert (again.spans_added, again.relations_added) == (0, 0)
    assert again.relations_already_present == 30
    assert (tmp_path / "after.jsonl").read_bytes() == (tmp_path / "before.jsonl").read_bytes()


def test_relation_types_the_project_lacks_are_named_unless_add_labels(
    corpus: Path, project_path: Path, dump: Dump
):
    with open_project(project_path) as project:
        for name in ("Source", "Cue", "Content"):
            project.add_label(new_label(name, project.labels()))
        project.add_label(new_label("Attribution", project.labels()))
    before = dump(project_path)
    with open_project(project_path) as project, pytest.raises(InputError) as error:
        import_paths(project, [corpus], format="brat", annotator_from_folder=True)
    message = str(error.value)
    assert message.startswith(f"{corpus / 'alice' / 'cairo.ann'}:9: relation type(s) the project")
    assert "lacks: Cue, Source, Content, Coref (the project has: source, claimant" in message
    assert "pass --add-labels" in message
    assert dump(project_path) == before


def test_different_texts_under_one_name_name_both_files(
    corpus: Path, project_path: Path, dump: Dump
):
    (corpus / "bob" / "party.txt").write_text(TEXTS["party"].upper(), encoding="utf-8")
    before = dump(project_path)
    with open_project(project_path) as project, pytest.raises(InputError) as error:
        import_paths(project, [corpus], format="brat", add_labels=True, annotator_from_folder=True)
    assert str(error.value) == (
        f"{corpus / 'bob' / 'party.txt'}: its text differs from "
        f"{corpus / 'alice' / 'party.txt'}'s, and both are document 'party': give them "
        "different names, or make them one text"
    )
    assert dump(project_path) == before


def test_annotator_from_folder_is_for_brat_only(corpus: Path, project: Project):
    with pytest.raises(AnnotatorError, match="pass --format brat"):
        import_paths(project, [corpus], annotator_from_folder=True)


def test_a_top_level_ann_belongs_to_the_import_annotator(corpus: Path, project: Project):
    shutil.copy(corpus / "bob" / "party.txt", corpus / "party.txt")
    shutil.copy(corpus / "bob" / "party.ann", corpus / "party.ann")
    import_paths(
        project,
        [corpus],
        "dora",
        format="brat",
        add_labels=True,
        annotator_from_folder=True,
    )
    assert len(project.spans("party", "dora")) == len(project.spans("party", "bob")) == 9


# -- bad relations, events and fragments ----------------------------------------------------

GOOD = "T1\tACTOR 0 5\tKerry\nT2\tQUOTE 11 33\tthe talks would resume\n"
BAD = [
    ("R1\tsource Arg1:T2 Arg2:T7\n", 3, "the relation names T7, which is not a span or event"),
    ("E1\tEVENT:T2 Source:T1\n", 3, "the event type EVENT is not the label of its trigger T2"),
    ("E1\tEVENT:T9 Source:T1\n", 3, "the trigger T9 of E1 is not a span in this file"),
    (
        "R1\tsource Arg1:T1 Arg2:T2\n",
        3,
        "a source relation links QUOTE to ACTOR, not ACTOR to QUOTE",
    ),
    (
        "R1\tsource Arg1:T2 Arg2:T1\nR2\tsource Arg1:T2 Arg2:T1\n",
        4,
        "the source relation from QUOTE [11, 33) to ACTOR [0, 5) is given twice in this layer",
    ),
    ("T3\tQUOTE 0 5;11 99\tKerry talks\n", 3, "span [11, 99) lies outside the text (length 34)"),
    (
        "T3\tQUOTE 0 5;3 8\tKerry ry sa\n",
        3,
        "span fragment [3, 8) overlaps the one before it (or is out of order)",
    ),
    ("T3\tQUOTE 0 5;11 14\tKerry tha\n", 3, "the span text 'Kerry tha' disagrees with the"),
    ("T2\tACTOR 0 5\tKerry\n", 3, "the id T2 is used twice"),
    ("R1\tsource Arg1:T2\n", 3, "expected 'R<N><TAB>TYPE Arg1:ID Arg2:ID'"),
]


@pytest.mark.parametrize(("lines", "line", "reason"), BAD)
def test_bad_relations_events_and_fragments_name_the_line(
    project_path: Path, dump: Dump, tmp_path: Path, lines: str, line: int, reason: str
):
    with open_project(project_path) as project:
        project.add_document(Document("seed", "Seed text.", "seed"))
        project.add_span(Span("seed", "alice", 0, 4, "EVENT"))
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8")
    (folder / "doc.ann").write_text(GOOD + lines, encoding="utf-8")
    before = dump(project_path)
    with open_project(project_path) as project, pytest.raises(InputError) as error:
        import_paths(project, [folder], format="brat")
    assert str(error.value).startswith(f"{folder / 'doc.ann'}:{line}: {reason}")
    assert dump(project_path) == before


def test_add_labels_lets_a_type_link_the_labels_the_file_links(project: Project, tmp_path: Path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8")
    (folder / "doc.ann").write_text(GOOD + "R1\tsource Arg1:T1 Arg2:T2\n", encoding="utf-8")
    report = import_paths(project, [folder], format="brat", add_labels=True)
    assert report.relation_types_widened == ["source"]
    source = next(kind for kind in project.relation_types() if kind.name == "source")
    assert (source.head_labels, source.tail_labels) == (("QUOTE", "ACTOR"), ("ACTOR", "QUOTE"))
    assert report.relations_added == 1


def test_an_event_type_the_project_has_as_a_plain_label_is_named(corpus: Path, project: Project):
    project.add_label(new_label("Attribution", project.labels()))
    report = import_paths(
        project, [corpus], format="brat", add_labels=True, annotator_from_folder=True
    )
    assert any(
        "Attribution trigger events there but are not event types in the project" in note
        for note in report.notes
    )


def test_brat_peek_reads_the_export_s_fragments_relations_and_events(
    imported: Path, tmp_path: Path
):
    """An independent reader (brat-peek's standoff parser) finds the same entities, with
    both fragments of a discontinuous one, the R lines and the E lines with their roles."""
    peek = brat_peek_reader()
    out = tmp_path / "out"
    with open_project(imported) as project:
        export_formatted(project, "brat", out)
        spans = project.spans("party", "alice")
        relations = project.relations("party", "alice")
    document = peek.AnnDocument(str(out / "alice" / "party.ann"))
    entities = {entity.name: entity for entity in document.anns["entities"]}
    assert sorted((e.span, e.tag) for e in entities.values()) == sorted(
        (s.pieces, s.label) for s in spans
    )
    triggers = {event.name: entities[event.trigger] for event in document.anns["events"]}

    def end(ref: str) -> tuple[object, str]:
        target = triggers[ref] if ref in triggers else entities[ref]
        return (target.span, target.tag)

    read = [
        (end(event.name), role.rstrip("0123456789"), end(arg))
        for event in document.anns["events"]
        for role, arg in (argument.split(":") for argument in event.arguments)
    ] + [
        (end(r.arg1.split(":")[1]), r.tag, end(r.arg2.split(":")[1]))
        for r in document.anns["relations"]
    ]
    by_id = {s.id: (s.pieces, s.label) for s in spans}
    stored = [(by_id[r.head_span_id], r.label, by_id[r.tail_span_id]) for r in relations]
    assert sorted(read, key=repr) == sorted(stored, key=repr)
    assert len(read) == 10


def test_a_corpus_read_without_the_option_suggests_it(corpus: Path, project: Project):
    report = import_paths(project, [corpus], format="brat", add_labels=True)
    assert project.document("alice/party").text == TEXTS["party"]  # plain brat: path = id
    assert any("import with --annotator-from-folder" in note for note in report.notes)


def test_a_document_name_is_its_path_inside_the_annotator_folder(corpus: Path, project: Project):
    (corpus / "bob" / "wire").mkdir()
    for suffix in (".txt", ".ann"):
        (corpus / "bob" / f"party{suffix}").rename(corpus / "bob" / "wire" / f"party{suffix}")
    (corpus / "carol" / "lonely.txt").write_text("No annotations here.", encoding="utf-8")
    report = import_paths(
        project, [corpus], format="brat", add_labels=True, annotator_from_folder=True
    )
    assert len(project.spans("wire/party", "bob")) == 9
    assert project.spans("party", "bob") == []
    assert any(".txt file(s) without an .ann beside them" in note for note in report.notes)
