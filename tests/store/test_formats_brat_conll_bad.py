"""Bad brat folders and CoNLL files through the importer, on a real project file:
`FILE:LINE: reason` (or `FILE: reason`), and the project exactly as it was (a full dump of
the file before and after). The small inputs are under tests/data/bad/brat and
tests/data/bad/conll; links, pipes and files at the size limit are made here."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core import limits
from annotator.core.errors import InputError
from annotator.core.formats import get_format
from annotator.core.formats.base import Report
from annotator.core.model import Document, Span
from annotator.store.importer import import_paths
from annotator.store.project import Project, open_project

BAD = Path(__file__).parents[1] / "data" / "bad"
BRAT_CASES = json.loads((BAD / "brat" / "expected.json").read_text(encoding="utf-8"))
CONLL_CASES = json.loads((BAD / "conll" / "expected.json").read_text(encoding="utf-8"))
TEXT = "Kerry met Lavrov."
ANN = "T1\tACTOR 0 5\tKerry\n"

Dump = Callable[[Path], list[str]]


def document_ids(project: Project) -> list[str]:
    return [row[0] for row in project.conn.execute("SELECT id FROM documents ORDER BY id")]


@pytest.fixture
def seeded(project_path: Path) -> Path:
    """The project with one document and span already in it, which a refused import keeps."""
    with open_project(project_path) as project:
        project.add_document(Document("seed", "Seed text.", "seed"))
        project.add_span(Span("seed", "alice", 0, 4, "EVENT"))
    return project_path


def refused(project_path: Path, dump: Dump, source: Path, fmt: str = "brat") -> InputError:
    """The error importing `source` raises; the project is checked unchanged."""
    before = dump(project_path)
    with open_project(project_path) as project, pytest.raises(InputError) as caught:
        import_paths(project, [source], format=fmt)
    assert dump(project_path) == before
    return caught.value


def brat_folder(where: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A good brat folder (doc.txt, doc.ann) plus `files`."""
    where.mkdir(parents=True)
    for relative, content in {"doc.txt": TEXT, "doc.ann": ANN, **(files or {})}.items():
        path = where / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return where


# -- the fixtures under tests/data/bad --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BRAT_CASES))
@pytest.mark.parametrize("fmt", ["brat", "auto"])
def test_bad_brat_folders_name_the_file_and_line(seeded: Path, dump: Dump, name, fmt):
    relative, line, reason = BRAT_CASES[name]
    folder = BAD / "brat" / name
    error = refused(seeded, dump, folder, fmt)
    where = folder / relative if relative else folder
    prefix = f"{where}:{line}: " if line is not None else f"{where}: "
    assert (error.path, error.line) == (str(where), line)
    assert str(error).startswith(prefix) and "\n" not in str(error)
    assert reason in error.reason, str(error)


@pytest.mark.parametrize("name", sorted(CONLL_CASES))
@pytest.mark.parametrize("fmt", ["conll", "auto"])
def test_bad_conll_files_name_the_file_and_line(seeded: Path, dump: Dump, name, fmt):
    line, reason = CONLL_CASES[name]
    path = BAD / "conll" / name
    error = refused(seeded, dump, path, fmt)
    assert (error.path, error.line) == (str(path), line)
    assert str(error).startswith(f"{path}:{line}: ")
    assert reason in error.reason, str(error)


def test_the_fixtures_are_what_they_claim(tmp_path: Path) -> None:
    # A folder whose .ann or .txt is bad holds a good document before the bad one, so a
    # refusal also proves that what was read first is rolled back.
    for name, (relative, _, _) in BRAT_CASES.items():
        if relative.endswith((".ann", ".txt")):
            assert (BAD / "brat" / name / "a_good.ann").read_text(encoding="utf-8") == ANN
    assert len((BAD / "brat" / "offset_5000_digits" / "b.ann").read_bytes()) > 5000


def test_copying_a_bad_fixture_keeps_its_message(seeded: Path, dump: Dump, tmp_path: Path):
    # The messages name the folder as given, wherever it is.
    copy = tmp_path / "copy"
    shutil.copytree(BAD / "brat" / "offset_negative", copy)
    assert str(refused(seeded, dump, copy)).startswith(f"{copy / 'b.ann'}:1: offset '-1'")


# -- every side file goes through the decoder -------------------------------------------------


def test_a_later_good_ann_line_after_bad_side_files_is_never_reached(
    seeded: Path, dump: Dump, tmp_path: Path
) -> None:
    folder = brat_folder(tmp_path / "b", {"ids.tsv": b"\xef\xbb\xbfname\tid\ndoc\td\xff\n"})
    error = refused(seeded, dump, folder)
    assert str(error).startswith(f"{folder / 'ids.tsv'}:2: not valid utf-8: byte 0xff")


def test_side_files_with_a_byte_order_mark_or_crlf_are_read(project_path: Path, tmp_path: Path):
    folder = brat_folder(
        tmp_path / "b",
        {
            "ids.tsv": "\ufeffname\tid\r\ndoc\tthe doc\r\n",
            "annotators.tsv": "name\tid\r\n",
            "status.tsv": "annotator\tid\tstatus\r\n",
        },
    )
    with open_project(project_path) as project:
        report = import_paths(project, [folder], format="brat")
        assert report.documents_added == 1
        assert project.document("the doc").text == TEXT


# -- the size limit ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".ann"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    seeded: Path, dump: Dump, tmp_path: Path, monkeypatch, suffix: str
) -> None:
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 1024 * 1024)  # 32 MB takes a while
    folder = brat_folder(tmp_path / "b")
    big = folder / f"doc{suffix}"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    error = refused(seeded, dump, folder)
    assert str(error) == (
        f"{big}: the file is larger than 1 MB, the limit for one document (is this the right file?)"
    )


def test_a_file_exactly_at_the_size_limit_is_read(project_path: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    text = TEXT + " " * (1024 * 1024 - len(TEXT))
    folder = brat_folder(tmp_path / "b", {"doc.txt": text})
    with open_project(project_path) as project:
        import_paths(project, [folder], format="brat")
        assert len(project.document("doc").text) == 1024 * 1024


@pytest.mark.parametrize("suffix", [".txt", ".ann"])
def test_the_check_reads_the_real_limit(
    seeded: Path, dump: Dump, tmp_path: Path, suffix: str
) -> None:
    # A sparse file one byte over the limit in use: nothing is read, so no 32 MB is written.
    folder = brat_folder(tmp_path / "b")
    with open(folder / f"doc{suffix}", "r+b") as fh:
        fh.truncate(limits.MAX_DOCUMENT_BYTES + 1)
    error = refused(seeded, dump, folder)
    assert error.reason.startswith(f"the file is larger than {limits.describe_limit()}")


# -- never outside the folder -----------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the one imported, with a text and an annotation of its own."""
    return brat_folder(tmp_path / "elsewhere", {"secret.txt": "secret", "secret.ann": ""})


def test_a_link_to_a_file_outside_is_refused(seeded: Path, dump: Dump, tmp_path: Path, outside):
    folder = brat_folder(tmp_path / "b")
    (folder / "a.txt").symlink_to(outside / "secret.txt")
    (folder / "a.ann").write_text("", encoding="utf-8")
    error = refused(seeded, dump, folder)
    assert str(error) == (
        f"{folder / 'a.txt'}: is a symbolic link leading outside the folder (to "
        f"{(outside / 'secret.txt').resolve()}); an import reads only what is inside {folder}"
    )


def test_a_link_to_etc_passwd_is_refused(seeded: Path, dump: Dump, tmp_path: Path):
    folder = brat_folder(tmp_path / "b", {"a.ann": ""})
    (folder / "a.txt").symlink_to("/etc/passwd")
    assert "leading outside the folder" in refused(seeded, dump, folder).reason


@pytest.mark.parametrize("target", ["folder", "side file"])
def test_a_linked_folder_or_side_file_outside_is_refused(
    seeded: Path, dump: Dump, tmp_path: Path, outside: Path, target: str
) -> None:
    folder = brat_folder(tmp_path / "b")
    if target == "folder":
        link, to = folder / "alice", outside
    else:
        (outside / "ids.tsv").write_text("name\tid\ndoc\tstolen\n", encoding="utf-8")
        link, to = folder / "ids.tsv", outside / "ids.tsv"
    link.symlink_to(to, target_is_directory=target == "folder")
    error = refused(seeded, dump, folder)
    assert (error.path, error.line) == (str(link), None)
    assert "leading outside the folder" in error.reason


def test_a_link_whose_target_climbs_out_through_dotdot_is_refused(
    seeded: Path, dump: Dump, tmp_path: Path, outside: Path
) -> None:
    folder = brat_folder(tmp_path / "b", {"sub/x.ann": ""})
    (folder / "sub" / "x.txt").symlink_to(Path("..") / ".." / "elsewhere" / "secret.txt")
    assert "leading outside the folder" in refused(seeded, dump, folder).reason


def test_the_folder_given_may_itself_be_a_link(project_path: Path, tmp_path: Path):
    real = brat_folder(tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with open_project(project_path) as project:
        assert import_paths(project, [link], format="brat").documents_added == 1


def test_links_inside_the_folder_are_read_and_linked_folders_counted(
    project_path: Path, tmp_path: Path
) -> None:
    folder = brat_folder(tmp_path / "b", {"texts/shared.txt": TEXT})
    (folder / "copy.txt").symlink_to(Path("texts") / "shared.txt")
    (folder / "copy.ann").write_text(ANN, encoding="utf-8")
    (folder / "again").symlink_to(folder, target_is_directory=True)  # a loop, not followed
    with open_project(project_path) as project:
        report = import_paths(project, [folder], format="brat")
        assert project.document("copy").text == TEXT
        assert document_ids(project) == ["copy", "doc"]
    assert (
        f"{folder}: 1 symbolic link(s) to folders inside it were not followed, their files "
        f"are read where they are (first: {folder / 'again'})"
    ) in report.notes


def test_a_link_to_nothing_is_refused(seeded: Path, dump: Dump, tmp_path: Path):
    folder = brat_folder(tmp_path / "b")
    (folder / ".#doc.ann").symlink_to("alice@host.4242:1700000000")  # an Emacs lock file
    error = refused(seeded, dump, folder)
    assert (
        str(error)
        == f"{folder / '.#doc.ann'}: cannot be read (a symbolic link that leads to nothing)"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting_for_it(seeded: Path, dump: Dump, tmp_path: Path):
    folder = brat_folder(tmp_path / "b")
    (folder / "doc.txt").unlink()
    os.mkfifo(folder / "doc.txt")  # reading it would wait for a writer forever
    error = refused(seeded, dump, folder)
    assert str(error) == (
        f"{folder / 'doc.txt'}: is not a regular file (a pipe, a device or a socket); an "
        "import reads files only"
    )


def test_a_folder_named_like_an_ann_file_is_a_folder(project_path: Path, tmp_path: Path):
    folder = brat_folder(tmp_path / "b", {"x.ann/inner.txt": TEXT, "x.ann/inner.ann": ANN})
    with open_project(project_path) as project:
        import_paths(project, [folder], format="brat")
        assert document_ids(project) == ["doc", "x.ann/inner"]


# -- empty input ------------------------------------------------------------------------------


def test_an_empty_brat_folder_or_conll_file_yields_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    zero = tmp_path / "zero.conll"
    zero.write_bytes(b"")
    blank = tmp_path / "blank.conll"
    blank.write_text("\n \n\t\n", encoding="utf-8")
    for fmt, path in (("brat", empty), ("conll", zero), ("conll", blank)):
        reader = get_format(fmt).read
        assert reader is not None
        assert list(reader(path, "utf-8", Report())) == []


def test_a_blank_text_among_others_is_refused_as_in_every_format(
    project_path: Path, tmp_path: Path, dump: Dump
):
    folder = brat_folder(tmp_path / "b", {"e.txt": " \n", "e.ann": ""})
    before = dump(project_path)
    with open_project(project_path) as project, pytest.raises(InputError) as caught:
        import_paths(project, [folder], format="brat")
    message = "the document's text is empty or only whitespace (no text to annotate)"
    assert str(caught.value).endswith(message)
    assert dump(project_path) == before


# -- CoNLL: the size limit holds for a document built from many lines -------------------------


@pytest.mark.parametrize("kind", ["plain", "own"])
def test_a_conll_document_over_the_size_limit_names_the_line(
    seeded: Path, dump: Dump, tmp_path: Path, monkeypatch, kind: str
) -> None:
    limit = 1024 * 1024
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", limit)
    path = tmp_path / "long.conll"
    # Every token line adds 6 bytes to the text ("Kerry" and a space, before it in plain
    # CoNLL, after it in the project's own), so the text passes the limit on token line
    # `over`.
    if kind == "plain":
        head, token, over = "", "Kerry\tB-PER\n", (limit + 1) // 6 + 1
    else:
        head, token, over = "-DOCSTART- d alice\n\n", "Kerry\t_\tO\n", limit // 6 + 1
    path.write_text(head + token * (over + 10), encoding="utf-8")
    error = refused(seeded, dump, path, "conll")
    assert str(error) == (
        f"{path}:{head.count(chr(10)) + over}: the document's text is larger than 1 MB, the "
        "limit for one document (is this the right file?)"
    )
