"""The importer's rules for every format, on a real project file: what any input must be."""

from __future__ import annotations

import json
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit
from annotator.store import importer
from annotator.store.importer import ImportReport, import_paths
from annotator.store.project import Project

TEXT = "Kerry met Lavrov."


def doccano_lines(*objects: dict) -> str:
    return "".join(json.dumps(obj) + "\n" for obj in objects)


def nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


# format -> (file name, writer of a file holding one document with `meta`)
META_FILES: dict[str, tuple[str, Callable[[dict], str]]] = {
    "jsonl": ("in.jsonl", lambda meta: json.dumps({"id": "d", "text": TEXT, "meta": meta})),
    "doccano": ("in.jsonl", lambda meta: json.dumps({"id": "d", "text": TEXT, "meta": meta})),
    "prodigy": ("in.jsonl", lambda meta: json.dumps({"text": TEXT, "meta": {"id": "d", **meta}})),
    "labelstudio": (
        "in.json",
        lambda meta: json.dumps([{"data": {"text": TEXT, "id": "d", **meta}}]),
    ),
}


@pytest.mark.parametrize("fmt", sorted(META_FILES))
def test_json_nested_100_levels_deep_imports(project: Project, tmp_path: Path, fmt: str):
    name, content = META_FILES[fmt]
    path = tmp_path / name
    path.write_text(content({"deep": nested(100)}) + "\n", encoding="utf-8")
    import_paths(project, [path], format=fmt)
    assert project.document("d").meta["deep"] == nested(100)


def test_brat_meta_nested_100_levels_deep_imports(project: Project, tmp_path: Path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "d.txt").write_text(TEXT, encoding="utf-8")
    (folder / "d.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    meta = json.dumps({"id": "d", "meta": {"deep": nested(100)}})
    (folder / "meta.jsonl").write_text(meta + "\n", encoding="utf-8")
    import_paths(project, [folder], format="brat")
    assert project.document("d").meta["deep"] == nested(100)


# -- one size limit, every format, every path ---------------------------------------------


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of `size` bytes that takes no disk space: `head`, then NUL bytes."""
    with open(path, "wb") as out:
        out.write(head)
        out.truncate(size)
    return path


def traced_peak(function: Callable[[], object]) -> int:
    """The most memory Python held while `function` ran."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_label_studio_file_larger_than_the_limit_imports_task_by_task(
    project: Project, tmp_path: Path
):
    path = tmp_path / "tasks.json"
    text = "Kerry met Lavrov in Geneva. " * 360  # about 10 KB a task
    # 40 MB, ten times the limit: what is held must not grow with the file.
    count = max(40 * 2**20, MAX_DOCUMENT_BYTES * 5 // 4) // len(text)
    with open(path, "w", encoding="utf-8") as out:  # as Label Studio writes it: one line
        out.write("[")
        for i in range(count):
            result = {"type": "labels", "value": {"start": 0, "end": 5, "labels": ["ACTOR"]}}
            annotation = {"completed_by": 1, "result": [result]}
            task = {"data": {"text": f"{i} {text}", "id": f"t{i}"}, "annotations": [annotation]}
            out.write(("," if i else "") + json.dumps(task))
        out.write("]")
    size = path.stat().st_size
    assert size > MAX_DOCUMENT_BYTES
    reports: list[ImportReport] = []
    peak = traced_peak(lambda: reports.append(import_paths(project, [path], format="labelstudio")))
    assert reports[0].documents_added == count
    assert project.spans(f"t{count - 1}", "user-1")[0].end == 5
    assert peak < size // 4, f"{peak / 2**20:.1f} MB held for a {size / 2**20:.0f} MB file"


def test_a_label_studio_task_over_the_limit_is_refused_naming_its_line(
    project: Project, tmp_path: Path, dump
):
    path = tmp_path / "tasks.json"
    with open(path, "w", encoding="utf-8") as out:
        out.write('[\n{"data": {"text": "Kerry."}},\n{"data": {"text": "Lavrov."}},\n')
        out.write('{"data": {"text": "')
        out.write("x" * (MAX_DOCUMENT_BYTES + 1))
        out.write('"}}\n]\n')
    before = dump(project.path)
    errors: list[InputError] = []

    def refused() -> None:
        with pytest.raises(InputError) as caught:
            import_paths(project, [path], format="labelstudio")
        errors.append(caught.value)

    peak = traced_peak(refused)
    assert str(errors[0]).startswith(
        f"{path}:4: task 2 is larger than {describe_limit()}, the limit for one document"
    )
    assert peak < 4 * MAX_DOCUMENT_BYTES, peak
    assert dump(project.path) == before


@pytest.mark.parametrize("where", ["file", "folder", "auto file", "auto folder", "gui"])
def test_a_text_file_over_the_limit_is_refused_on_every_path(
    project: Project, tmp_path: Path, dump, where: str
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fine.txt").write_text("A fine article.", encoding="utf-8")
    huge = sparse(folder / "huge.txt", MAX_DOCUMENT_BYTES + 1, b"Title\n")
    target = folder if "folder" in where else huge
    before = dump(project.path)
    with pytest.raises(InputError) as caught:
        if where == "gui":  # as MainWindow.import_paths calls it, in its worker
            import_paths(project, [target], add_labels=False, progress=lambda done, total: True)
        else:
            import_paths(project, [target], format="auto" if "auto" in where else "jsonl")
    assert str(caught.value) == (
        f"{huge}: the file is larger than {describe_limit()}, the limit for one article "
        "(is this the right file?)"
    )
    assert dump(project.path) == before


def test_a_document_over_the_limit_is_refused_whichever_reader_read_it(
    project: Project, tmp_path: Path, dump, monkeypatch
):
    """CoNLL builds a document from many short lines and brat reads its .txt whole: the
    importer holds every document to the limit all the same."""
    monkeypatch.setattr(importer, "MAX_DOCUMENT_BYTES", 1000)
    conll = tmp_path / "long.conll"
    tokens = "".join(f"w{i}\t_\tO\n" for i in range(400))
    conll.write_text(f"-DOCSTART- long alice\n{tokens}", encoding="utf-8")
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "long.txt").write_text("word " * 400, encoding="utf-8")
    (brat / "long.ann").write_text("T1\tACTOR 0 4\tword\n", encoding="utf-8")
    before = dump(project.path)
    for path, fmt, line in ((conll, "conll", 1), (brat / "long.ann", "brat", 1)):
        with pytest.raises(InputError) as caught:
            import_paths(project, [brat if fmt == "brat" else path], format=fmt)
        assert str(caught.value).startswith(
            f"{path}:{line}: the document's text is larger than 1000 bytes, the limit"
        )
        assert dump(project.path) == before


# -- importing nothing is an error; so is a document with no text ------------------------

FILE_FORMATS = {  # format -> suffix
    "jsonl": ".jsonl",
    "doccano": ".jsonl",
    "prodigy": ".jsonl",
    "labelstudio": ".json",
    "conll": ".conll",
}


def refused(project: Project, paths: list[Path], fmt: str, dump) -> str:  # type: ignore[no-untyped-def]
    """The one-line error importing `paths` gives; the project is checked unchanged."""
    before = dump(project.path)
    with pytest.raises(InputError) as caught:
        import_paths(project, paths, format=fmt)
    assert dump(project.path) == before
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("content", [b"", b"\n\r\n\n"], ids=["0 bytes", "blank lines"])
@pytest.mark.parametrize("fmt", sorted(FILE_FORMATS))
def test_a_file_with_no_documents_is_refused(
    project: Project, tmp_path: Path, dump, fmt: str, content: bytes
):
    path = tmp_path / f"in{FILE_FORMATS[fmt]}"
    path.write_bytes(content)
    what = f"its {len(content)} bytes hold only blank lines" if content else "the file is empty"
    for given in (fmt, "auto"):
        assert refused(project, [path], given, dump).startswith(
            f"{path}: no documents in it ({what}"
        )


@pytest.mark.parametrize(
    ("fmt", "name", "content", "what"),
    [
        ("labelstudio", "in.json", "[\n]\n", "its 4 bytes hold only blank lines or an empty list"),
        ("prodigy", "in.jsonl", '{"text": "a", "answer": "reject"}\n', "1 task(s) answered"),
    ],
)
def test_a_file_whose_every_entry_is_empty_or_skipped_is_refused(
    project: Project, tmp_path: Path, dump, fmt: str, name: str, content: str, what: str
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert refused(project, [path], fmt, dump).startswith(f"{path}: no documents in it ({what}")


@pytest.mark.parametrize("fmt", ["jsonl", "auto", "brat", "conll", "labelstudio"])
def test_an_empty_folder_is_refused(project: Project, tmp_path: Path, dump, fmt: str):
    folder = tmp_path / "empty"
    (folder / "sub").mkdir(parents=True)
    assert (
        refused(project, [folder], fmt, dump)
        == f"{folder}: no documents in it (no files in the folder)"
    )


def test_a_folder_of_files_it_does_not_read_is_refused(project: Project, tmp_path: Path, dump):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "a.csv").write_text("x", encoding="utf-8")
    assert refused(project, [folder], "jsonl", dump) == (
        f"{folder}: no documents in it (no .jsonl/.txt files, 1 other file(s) in the folder)"
    )


def test_an_empty_file_among_good_ones_is_refused_too(project: Project, tmp_path: Path, dump):
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "Kerry."}\n', encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert refused(project, [good, empty], "jsonl", dump) == (
        f"{empty}: no documents in it (the file is empty)"
    )


BLANK = " \r\n\t\u2028 "  # only whitespace, as str.strip() sees it
EMPTY_TEXT_FILES = {  # format -> (file name, a document with a text, then one with BLANK)
    "jsonl": ("in.jsonl", doccano_lines({"text": TEXT}, {"text": BLANK})),
    "doccano": ("in.jsonl", doccano_lines({"text": TEXT, "label": []}, {"text": BLANK})),
    "prodigy": ("in.jsonl", doccano_lines({"text": TEXT, "answer": "accept"}, {"text": BLANK})),
    "labelstudio": ("in.json", "[\n" + json.dumps({"data": {"text": TEXT}}) + ",\n"
                    + json.dumps({"data": {"text": ""}}) + "\n]\n"),
    "conll": ("in.conll", "-DOCSTART- a alice\nKerry\t_\tO\n\n-DOCSTART- b alice\n"),
}  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(EMPTY_TEXT_FILES))
def test_a_document_with_no_text_is_refused_in_every_format(
    project: Project, tmp_path: Path, dump, fmt: str
):
    name, content = EMPTY_TEXT_FILES[fmt]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    line = {"conll": 4, "labelstudio": 3}.get(fmt, 2)
    for given in (fmt, "auto"):
        assert refused(project, [path], given, dump) == (
            f"{path}:{line}: the document's text is empty or only whitespace (no text to annotate)"
        )


def test_a_brat_document_with_no_text_is_refused(project: Project, tmp_path: Path, dump):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "a.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    (folder / "b.txt").write_text("\n\n", encoding="utf-8")
    (folder / "b.ann").write_text("", encoding="utf-8")
    assert refused(project, [folder], "brat", dump) == (
        f"{folder / 'b.ann'}:1: the document's text is empty or only whitespace "
        "(no text to annotate)"
    )


# -- labels are made only with names every export can carry ------------------------------

BAD_LABEL = "A\tB"
LABEL_FILES = {  # format -> (file name, a good layer, then a span labelled BAD_LABEL)
    "jsonl": ("in.jsonl", doccano_lines(
        {"text": TEXT, "annotator": "a", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]},
        {"text": TEXT, "annotator": "b", "spans": [{"start": 0, "end": 5, "label": BAD_LABEL}]},
    )),
    "doccano": ("in.jsonl", doccano_lines(
        {"text": TEXT, "label": [[0, 5, "ACTOR"]]}, {"text": TEXT, "label": [[0, 5, BAD_LABEL]]}
    )),
    "prodigy": ("in.jsonl", doccano_lines(
        {"text": TEXT, "answer": "accept"},
        {"text": TEXT, "spans": [{"start": 0, "end": 5, "label": BAD_LABEL}]},
    )),
    "labelstudio": ("in.json", "[\n" + json.dumps({"data": {"text": TEXT}}) + ",\n" + json.dumps(
        {"data": {"text": TEXT}, "annotations": [{"result": [
            {"type": "labels", "value": {"start": 0, "end": 5, "labels": [BAD_LABEL]}}]}]}
    ) + "\n]\n"),
}  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(LABEL_FILES))
def test_add_labels_refuses_a_label_no_export_can_carry(
    project: Project, tmp_path: Path, dump, fmt: str
):
    name, content = LABEL_FILES[fmt]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = dump(project.path)
    for add_labels in (True, False):  # without it, suggesting --add-labels would not help
        with pytest.raises(InputError) as caught:
            import_paths(project, [path], add_labels=add_labels, format=fmt)
        line = 3 if fmt == "labelstudio" else 2
        assert str(caught.value) == (
            f"{path}:{line}: the label name 'A\\tB' contains a tab; a label must fit on one "
            "line between tabs, as CoNLL and brat write it"
        )
        assert dump(project.path) == before


def test_add_labels_refuses_a_brat_label_with_a_control_character(
    project: Project, tmp_path: Path, dump
):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "d.txt").write_text(TEXT, encoding="utf-8")
    (folder / "d.ann").write_text("T1\tACTOR 0 5\tKerry\nT2\tA\x07B 6 9\tmet\n", encoding="utf-8")
    before = dump(project.path)
    with pytest.raises(InputError) as caught:
        import_paths(project, [folder], add_labels=True, format="brat")
    assert str(caught.value).startswith(
        f"{folder / 'd.ann'}:2: the label name 'A\\x07B' contains a control character (U+0007)"
    )
    assert dump(project.path) == before


# -- a folder is read only inside: every folder import lists it with `folders.walk` ---------

# The formats that read a folder as the files in it, and the suffix of a file each reads.
FOLDER_READS = [("jsonl", ".txt"), ("jsonl", ".jsonl"), ("auto", ".txt"), ("auto", ".jsonl"),
                ("conll", ".conll")]  # fmt: skip
CONTENT = {
    ".txt": TEXT,
    ".jsonl": json.dumps({"id": "o", "text": TEXT}) + "\n",
    ".conll": "Kerry\tNNP\tB-NP\tB-ACTOR\n",
}


def folder_with(tmp_path: Path, suffix: str) -> tuple[Path, Path]:
    """A folder with one good file to import, and a folder beside it (outside) holding
    `secret{suffix}` and a subfolder."""
    folder, outside = tmp_path / "in", tmp_path / "elsewhere"
    (folder / "sub").mkdir(parents=True)
    (outside / "more").mkdir(parents=True)
    for where in (folder / f"good{suffix}", outside / f"secret{suffix}"):
        where.write_text(CONTENT[suffix], encoding="utf-8")
    (outside / "more" / f"m{suffix}").write_text(CONTENT[suffix], encoding="utf-8")
    return folder, outside


def seeded(project: Project, tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text("Seed text.", encoding="utf-8")
    import_paths(project, [seed])  # a refused import keeps it


@pytest.mark.parametrize(("fmt", "suffix"), FOLDER_READS)
@pytest.mark.parametrize("case", ["file", "folder", "dotdot", "dangling", "fifo"])
def test_a_folder_entry_leading_outside_or_not_a_file_is_refused(
    project: Project, tmp_path: Path, dump, fmt: str, suffix: str, case: str
):
    folder, outside = folder_with(tmp_path, suffix)
    seeded(project, tmp_path)
    outside_message = "{}: is a symbolic link leading outside the folder (to {}); an import "
    outside_message += f"reads only what is inside {folder}"
    if case == "file":
        entry, to = folder / f"a{suffix}", outside / f"secret{suffix}"
        entry.symlink_to(to)
        expected = outside_message.format(entry, to.resolve())
    elif case == "folder":
        entry, to = folder / "more", outside / "more"
        entry.symlink_to(to, target_is_directory=True)
        expected = outside_message.format(entry, to.resolve())
    elif case == "dotdot":
        entry, to = folder / "sub" / f"x{suffix}", outside / f"secret{suffix}"
        entry.symlink_to(Path("..") / ".." / "elsewhere" / f"secret{suffix}")
        expected = outside_message.format(entry, to.resolve())
    elif case == "dangling":
        entry = folder / f"gone{suffix}"
        entry.symlink_to(f"nothing{suffix}")
        expected = f"{entry}: cannot be read (a symbolic link that leads to nothing)"
    else:
        entry = folder / f"pipe{suffix}"
        os.mkfifo(entry)  # reading it would wait for a writer forever
        expected = (
            f"{entry}: is not a regular file (a pipe, a device or a socket); an import reads "
            "files only"
        )
    assert refused(project, [folder], fmt, dump) == expected


@pytest.mark.parametrize("fmt", ["jsonl", "auto"])
def test_a_link_to_etc_hostname_never_becomes_a_document(
    project: Project, tmp_path: Path, dump, fmt: str
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "a.txt").symlink_to("/etc/hostname")
    seeded(project, tmp_path)
    assert "is a symbolic link leading outside the folder" in refused(project, [folder], fmt, dump)


@pytest.mark.parametrize("fmt", ["jsonl", "auto"])
def test_links_inside_the_folder_are_read_where_they_lead(
    project: Project, tmp_path: Path, fmt: str
):
    """A link to a file inside is a file of the folder; a link to a folder inside is not
    followed, its files are read once, where they are (as before links were checked)."""
    folder, _ = folder_with(tmp_path, ".txt")
    (folder / "sub" / "inner.txt").write_text("Inner text.", encoding="utf-8")
    (folder / "copy.txt").symlink_to(Path("sub") / "inner.txt")
    (folder / "again").symlink_to(folder / "sub", target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    report = import_paths(project, [folder], format=fmt)
    assert sorted(project.document(d).text for d in ("copy", "good", "inner")) == sorted(
        ["Inner text.", TEXT, "Inner text."]
    )
    assert (report.files, report.documents_added, report.skipped_files) == (3, 3, [])


def test_a_folder_formats_size_counts_only_what_is_inside(tmp_path: Path):
    folder, outside = folder_with(tmp_path, ".txt")
    (folder / "copy.txt").symlink_to("good.txt")
    assert importer._size(folder) == 2 * len(TEXT)
    (folder / "big.txt").symlink_to(outside / "secret.txt")
    with pytest.raises(InputError, match="leading outside the folder"):
        importer._size(folder)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_file_with_a_utf16_or_utf32_mark_imports_without_naming_its_encoding(
    project: Project, tmp_path: Path, encoding: str
):
    # Found in a trial: the app's import has no encoding to choose, and a UTF-16 JSONL
    # with its byte-order mark was refused as "not valid utf-8".
    path = tmp_path / "marked.jsonl"
    line = json.dumps({"id": "m", "text": "Mayor Lee spoke. «Oui»", "spans": []})
    path.write_bytes((line + "\n").encode(encoding))  # Python writes the mark
    import_paths(project, [path])
    assert project.document("m").text == "Mayor Lee spoke. «Oui»"


def test_a_brat_folder_imported_as_text_says_how_to_keep_its_spans(
    project: Project, tmp_path: Path
):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "geneva.txt").write_text("Kerry met Lavrov in Geneva.\n", encoding="utf-8")
    (folder / "geneva.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    report = import_paths(project, [folder])
    assert "look like a brat folder" in report.summary() and "--format brat" in report.summary()
