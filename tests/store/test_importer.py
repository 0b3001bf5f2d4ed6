"""The importer's rules for every format, on a real project file: what any input must be."""

from __future__ import annotations

import json
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
    count = MAX_DOCUMENT_BYTES * 5 // 4 // len(text)
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
