"""Import and export through a real project file: round trips, merging, all-or-nothing errors."""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import Document, Span, Status
from annotator.store.exporter import export_jsonl
from annotator.store.importer import ImportCancelled, import_paths
from annotator.store.project import Project, create_project, open_project
from tests.helpers.jsonl_records import iter_layer_records, write_jsonl
from tests.helpers.projects import TRICKY, fill_tricky

BAD = Path(__file__).parent.parent / "data" / "bad"
BAD_CASES = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))


def export(project: Project, annotators: list[str] | None = None) -> str:
    out = io.StringIO()
    write_jsonl(iter_layer_records(project, annotators), out)
    return out.getvalue()


def write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8", newline="")
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def new_project(tmp_path: Path, name: str) -> Project:
    return create_project(tmp_path / name)


# -- round trip ----------------------------------------------------------------------------


def test_round_trip_is_byte_identical(tmp_path: Path):
    with new_project(tmp_path, "a.db") as first:
        fill_tricky(first)
        exported = export(first)
    dump_file = write(tmp_path / "out.jsonl", exported)
    with new_project(tmp_path, "b.db") as second:
        report = import_paths(second, [dump_file])
        again = export(second)
        assert report.documents_added == len(TRICKY)
        for doc_id, text in ((f"doc-{name}", text) for name, text in TRICKY.items()):
            assert second.document(doc_id).text == text
    assert again == exported
    assert again.encode("utf-8") == dump_file.read_bytes()


@settings(max_examples=25, deadline=None)
@given(
    # A text of only whitespace is no document: the importer refuses it, as it refuses an
    # empty .txt file.
    st.text(min_size=1).filter(lambda text: not text.isspace()),
    st.lists(st.tuples(st.integers(0), st.integers(1)), max_size=6),
)
def test_round_trip_of_random_text(text: str, offsets: list[tuple[int, int]]):
    spans = {
        (a % len(text), a % len(text) + 1 + b % (len(text) - a % len(text))) for a, b in offsets
    }
    with tempfile.TemporaryDirectory() as folder:
        with new_project(Path(folder), "a.db") as first:
            first.add_document(Document("r", text, "r"))
            for start, end in spans:
                first.add_span(Span("r", "alice", start, end, "CLAIM", text[start:end]))
            exported = export(first)
        dump_file = write(Path(folder) / "out.jsonl", exported)
        with new_project(Path(folder), "b.db") as second:
            import_paths(second, [dump_file])
            assert second.document("r").text == text
            assert export(second) == exported
    for record in map(json.loads, exported.split("\n")[:-1]):
        assert all(s["text"] == text[s["start"] : s["end"]] for s in record["spans"])


def test_export_content(tmp_path: Path):
    with new_project(tmp_path, "a.db") as project:
        fill_tricky(project)
        lines = export(project).splitlines(keepends=True)
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    records = [json.loads(line) for line in lines]
    layers = {(r["id"], r["annotator"]) for r in records}
    assert ("doc-markup", None) in layers
    assert ("doc-cjk", "dora") in layers
    assert ("doc-cjk", "ｃａｒｏｌ 😀") in layers
    for record in records:
        assert set(record) == {"id", "text", "meta", "annotator", "status", "spans", "relations"}
        assert record["relations"] == []
        text = TRICKY[record["id"].removeprefix("doc-")]
        assert record["text"] == text
        keys = [(s["start"], s["end"], s["label"]) for s in record["spans"]]
        assert keys == sorted(keys)
        assert [s["id"] for s in record["spans"]] == list(range(1, len(keys) + 1))
        for span in record["spans"]:
            assert span["text"] == text[span["start"] : span["end"]]
        if record["annotator"] is None:
            assert (record["status"], record["spans"]) == (None, [])
    markup = next(r for r in records if r["id"] == "doc-markup")
    assert markup["text"] == TRICKY["markup"]  # never escaped or interpreted
    assert "<script>" in "".join(lines)
    zwj = next(r for r in records if (r["id"], r["annotator"]) == ("doc-zwj", "alice"))
    family = next(s for s in zwj["spans"] if s["text"] == "👩‍👩‍👧" and s["label"] == "ACTOR")
    assert family["end"] - family["start"] == 5  # code points, not UTF-16 units or bytes
    assert family["note"] == f"note on {'👩‍👩‍👧'!r}\nline two"


def test_export_restricted_to_annotators(tmp_path: Path):
    with new_project(tmp_path, "a.db") as project:
        fill_tricky(project)
        only_bob = [json.loads(line) for line in export(project, ["bob"]).splitlines()]
        two = [json.loads(line) for line in export(project, ["bob", "dora"]).splitlines()]
        with pytest.raises(AnnotatorError, match=r"unknown annotator 'nobody' \(the project has"):
            export(project, ["nobody"])  # a typo must not quietly give an empty training file
    assert only_bob and {r["annotator"] for r in only_bob} == {"bob"}
    assert {r["annotator"] for r in two} == {"bob", "dora"}
    assert len(two) == len(only_bob) + 1


def test_export_jsonl_writes_the_same_bytes_atomically(tmp_path: Path):
    target = tmp_path / "out" / "export.jsonl"
    with new_project(tmp_path, "a.db") as project:
        fill_tricky(project)
        with pytest.raises(AnnotatorError, match=r"folder .* does not exist"):
            export_jsonl(project, target)
        target.parent.mkdir()
        with pytest.raises(AnnotatorError, match="is a folder"):
            export_jsonl(project, target.parent)
        assert export_jsonl(project, target) == len(export(project).splitlines())
        assert target.read_bytes() == export(project).encode("utf-8")
        assert export_jsonl(project, target, ["bob"]) == len(export(project, ["bob"]).splitlines())
        assert target.read_bytes() == export(project, ["bob"]).encode("utf-8")
        assert [p.name for p in target.parent.iterdir()] == ["export.jsonl"]


def test_cancelled_export_jsonl_leaves_the_old_file(project: Project, tmp_path: Path):
    for i in range(450):
        project.add_document(Document(f"d{i}", f"Text {i}.", f"d{i}"))
    target = tmp_path / "export.jsonl"
    target.write_text("old\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < 2

    with pytest.raises(AnnotatorError, match="export cancelled"):
        export_jsonl(project, target, progress=progress)
    assert calls == [(200, 450), (400, 450)]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir() if "export" in p.name] == ["export.jsonl"]


# -- merging -------------------------------------------------------------------------------

TEXT = "John Kerry met Sergei Lavrov."


def layer(annotator: str | None, *spans: tuple[int, int, str], **extra) -> dict:
    record = {"id": "d1", "text": TEXT, "annotator": annotator, **extra}
    record["spans"] = [{"start": s, "end": e, "label": label} for s, e, label in spans]
    return record


def test_lines_with_same_id_and_text_are_one_document(project: Project, tmp_path: Path):
    path = write(
        tmp_path / "in.jsonl",
        jsonl(
            layer("alice", (5, 10, "ACTOR")),
            layer("bob", (5, 10, "ACTOR"), (22, 28, "ACTOR"), status="in_progress"),
            layer("alice", (0, 10, "ACTOR")),
        ),
    )
    report = import_paths(project, [path])
    assert (report.documents_added, report.layers, report.spans_added) == (1, 3, 4)
    assert project.document_count() == 1
    assert [(s.start, s.end) for s in project.spans("d1", "alice")] == [(0, 10), (5, 10)]
    assert len(project.spans("d1", "bob")) == 2
    assert project.status("d1", "alice") is Status.DONE  # imported with spans: done
    assert project.status("d1", "bob") is Status.IN_PROGRESS  # unless the line says otherwise


def test_importing_twice_duplicates_nothing(project: Project, tmp_path: Path, dump):
    path = write(
        tmp_path / "in.jsonl",
        jsonl(layer("alice", (5, 10, "ACTOR"), (5, 10, "ACTOR")), layer(None, (0, 4, "ACTOR"))),
    )
    first = import_paths(project, [path])
    assert (first.spans_added, first.spans_already_present) == (2, 1)
    exported = export(project)
    second = import_paths(project, [path])
    assert (second.documents_added, second.documents_merged) == (0, 1)
    assert (second.spans_added, second.spans_already_present) == (0, 3)
    assert export(project) == exported
    assert project.document_count() == 1


def test_layer_without_annotator_uses_given_name_or_imported(tmp_path: Path):
    path = write(tmp_path / "in.jsonl", jsonl(layer(None, (5, 10, "ACTOR"))))
    with new_project(tmp_path, "a.db") as project:
        import_paths(project, [path])
        assert project.annotators() == ["imported"]
        assert project.status("d1", "imported") is Status.DONE
    with new_project(tmp_path, "b.db") as project:
        import_paths(project, [path], annotator="carol")
        assert project.annotators() == ["carol"]
        assert len(project.spans("d1", "carol")) == 1


def test_line_without_spans_or_status_adds_only_the_document(project: Project, tmp_path: Path):
    path = write(
        tmp_path / "in.jsonl",
        jsonl({"id": "d1", "text": TEXT, "meta": {"title": "Kerry", "tags": {"a": [1, None]}}}),
    )
    report = import_paths(project, [path], annotator="carol")
    assert (report.documents_added, report.layers) == (1, 0)
    assert project.annotators() == []
    assert project.document("d1") == Document(
        "d1", TEXT, "Kerry", {"title": "Kerry", "tags": {"a": [1, None]}}
    )


def test_status_only_layer(project: Project, tmp_path: Path):
    path = write(
        tmp_path / "in.jsonl", jsonl(layer("alice", status="new"), layer(None, status="done"))
    )
    import_paths(project, [path])
    assert project.status("d1", "alice") is Status.NEW
    assert project.status("d1", "imported") is Status.DONE
    assert [json.loads(x)["annotator"] for x in export(project).splitlines()] == [
        "alice",
        "imported",
    ]


def test_id_defaults_to_a_hash_of_the_text(project: Project, tmp_path: Path):
    path = write(
        tmp_path / "in.jsonl", jsonl({"text": "Same."}, {"text": "Same."}, {"text": "Other."})
    )
    import_paths(project, [path])
    ids = [s.id for s in project.summaries("x")]
    assert len(ids) == 2 and all(i.startswith("sha256-") for i in ids)


def test_title_from_meta_or_first_line(project: Project, tmp_path: Path):
    path = write(
        tmp_path / "in.jsonl",
        jsonl(
            {"id": "a", "text": "\n\n  First line  \nsecond", "meta": {}},
            {"id": "b", "text": "Body", "meta": {"title": "Given title"}},
        ),
    )
    import_paths(project, [path])
    assert [s.title for s in project.summaries("x")] == ["First line", "Given title"]


def test_add_labels_accepts_unknown_labels(project: Project, dump):
    before = dump(project.path)
    with pytest.raises(InputError):
        import_paths(project, [BAD / "unknown_label.jsonl"])
    assert dump(project.path) == before
    report = import_paths(project, [BAD / "unknown_label.jsonl"], add_labels=True)
    assert report.labels_added == ["PLACE"]
    place = project.labels()[-1]
    assert place.name == "PLACE" and place.key == "5" and place.color.startswith("#")
    assert [s.label for s in project.spans("good-2", "bob")] == ["PLACE"]


def test_added_labels_are_rolled_back_with_a_later_bad_line(project: Project, tmp_path: Path, dump):
    path = write(
        tmp_path / "in.jsonl",
        jsonl(layer("alice", (5, 10, "PERSON"))) + '{"text": "x", "status": "nope"}\n',
    )
    before = dump(project.path)
    with pytest.raises(InputError, match=r":2: unknown status"):
        import_paths(project, [path], add_labels=True)
    assert dump(project.path) == before
    assert "PERSON" not in {label.name for label in project.labels()}


# -- text files and folders ----------------------------------------------------------------


def test_text_file_import_keeps_bytes(project: Project, tmp_path: Path):
    body = "\r\n Kerry in Qatar \r\nHe said:\r\n\t“Talks.”\r\r\n"
    path = tmp_path / "kerry-2015.txt"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    report = import_paths(project, [path])
    assert (report.files, report.documents_added, report.layers) == (1, 1, 0)
    document = project.document("kerry-2015")
    assert document.text == body
    assert document.title == "Kerry in Qatar"
    record = json.loads(export(project))
    assert record["text"].encode("utf-8") == body.encode("utf-8")
    assert record["meta"] == {"source": "kerry-2015.txt"}


def test_text_file_imported_again_is_merged_but_changed_text_is_refused(
    project: Project, tmp_path: Path, dump
):
    path = write(tmp_path / "a.txt", "Kerry\n")
    import_paths(project, [path])
    assert import_paths(project, [path]).documents_merged == 1
    write(path, "Kerry changed\n")
    before = dump(project.path)
    with pytest.raises(InputError, match=re.escape(f"{path}: document id 'a' is already used")):
        import_paths(project, [path])
    assert dump(project.path) == before


def test_folders_are_recursive_and_sorted_and_skip_other_files(project: Project, tmp_path: Path):
    root = tmp_path / "in"
    for rel, content in [
        ("b.txt", "Bee"),
        ("a/z.txt", "Zed"),
        ("a/notes.md", "# not imported"),
        ("c.JSONL", jsonl({"id": "c", "text": "See"})),
        ("a/deeper/y.txt", "Why"),
        ("image.png", "\x89PNG"),
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        write(root / rel, content)
    report = import_paths(project, [root])
    assert [s.id for s in project.summaries("x")] == ["y", "z", "b", "c"]
    assert sorted(p.name for p in report.skipped_files) == ["image.png", "notes.md"]
    assert report.files == 4
    assert "2 file(s) in folders skipped" in report.summary()


def test_files_and_folders_together(project: Project, tmp_path: Path):
    folder = tmp_path / "folder"
    folder.mkdir()
    write(folder / "one.txt", "One")
    two = write(tmp_path / "two.txt", "Two")
    import_paths(project, [two, folder])
    assert [s.id for s in project.summaries("x")] == ["two", "one"]


# -- bad input: nothing is written ---------------------------------------------------------


@pytest.fixture
def busy_project(project: Project, tmp_path: Path) -> Project:
    """A project that already holds documents, spans, statuses and an extra label."""
    seed = write(
        tmp_path / "seed.jsonl",
        jsonl(layer("alice", (5, 10, "ACTOR")), layer("zed", (0, 4, "EVENT"), status="new")),
    )
    import_paths(project, [seed])
    project.set_status("d1", "bob", Status.DONE)
    return project


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_names_file_and_line_and_changes_nothing(busy_project: Project, dump, name):
    line, reason = BAD_CASES[name]
    path = BAD / name
    before = dump(busy_project.path)
    with pytest.raises(InputError) as caught:
        import_paths(busy_project, [path])
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert str(caught.value).startswith(where)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)
    assert dump(busy_project.path) == before
    assert not busy_project.conn.in_transaction


def test_bad_file_after_good_files_changes_nothing(busy_project: Project, tmp_path: Path, dump):
    good = write(tmp_path / "good.txt", "A good article.")
    before = dump(busy_project.path)
    with pytest.raises(InputError, match=re.escape(f"{BAD / 'nan.jsonl'}:2:")):
        import_paths(busy_project, [good, BAD / "nan.jsonl", good])
    assert dump(busy_project.path) == before


def test_missing_path_is_refused_before_anything_is_read(busy_project: Project, tmp_path, dump):
    before = dump(busy_project.path)
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(InputError, match=re.escape(f"{missing}: no such file or folder")):
        import_paths(busy_project, [BAD / "..", missing])
    assert dump(busy_project.path) == before


def test_bad_last_line_of_a_long_file_rolls_back_every_line(busy_project: Project, tmp_path, dump):
    records = [
        {
            "id": f"n{i}",
            "text": f"Kerry {i} met Lavrov.",
            "annotator": ("alice", "bob")[i % 2],
            "spans": [{"start": 0, "end": 5, "label": "ACTOR"}],
        }
        for i in range(999)
    ]
    path = write(tmp_path / "long.jsonl", jsonl(*records) + '{"id": "n999", "text": 5}\n')
    before = dump(busy_project.path)
    with pytest.raises(InputError) as caught:
        import_paths(busy_project, [path])
    assert str(caught.value).startswith(f"{path}:1000: ")
    assert dump(busy_project.path) == before
    # The same lines without the bad one do import.
    write(path, jsonl(*records))
    assert import_paths(busy_project, [path]).documents_added == 999


def test_cancelled_import_changes_nothing(busy_project: Project, tmp_path: Path, dump):
    records = [{"id": f"n{i}", "text": f"Text {i}."} for i in range(500)]
    path = write(tmp_path / "in.jsonl", jsonl(*records))
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < 2

    before = dump(busy_project.path)
    with pytest.raises(ImportCancelled, match="nothing was imported"):
        import_paths(busy_project, [path], progress=progress)
    assert dump(busy_project.path) == before
    assert calls[0][1] == path.stat().st_size and calls[0][0] < calls[1][0]


def test_progress_reaches_the_total(project: Project, tmp_path: Path):
    path = write(tmp_path / "in.jsonl", jsonl(*({"text": f"T{i}"} for i in range(450))))
    calls: list[tuple[int, int]] = []
    import_paths(project, [path], progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (path.stat().st_size, path.stat().st_size)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_import_into_a_reopened_project(tmp_path: Path):
    path = tmp_path / "p.db"
    create_project(path).close()
    shutil.copy(BAD / "unknown_label.jsonl", tmp_path / "in.jsonl")
    with open_project(path) as project:
        import_paths(project, [tmp_path / "in.jsonl"], add_labels=True)
    with open_project(path) as project:
        assert project.document_count() == 2
        assert "PLACE" in {label.name for label in project.labels()}
