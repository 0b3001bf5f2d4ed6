"""Bad brat folders and CoNLL files through `annotator import`, in process and as a real
subprocess: exit code 1, one line `annotator: error: FILE:LINE: reason`, never a traceback,
and the project exactly as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from tests.helpers.brat_corpus import ann_content, write_corpus

BAD = Path(__file__).parents[1] / "data" / "bad"
BRAT_CASES = json.loads((BAD / "brat" / "expected.json").read_text(encoding="utf-8"))
CONLL_CASES = json.loads((BAD / "conll" / "expected.json").read_text(encoding="utf-8"))

Dump = Callable[[Path], list[str]]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def annotator(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


def assert_one_line_error(err: str, prefix: str, reason: str) -> None:
    assert err.startswith(f"annotator: error: {prefix}"), err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert reason in err and "Traceback" not in err, err


def brat_cases() -> list[tuple[str, Path, str, str]]:
    """(name, folder, expected message prefix, reason) for each bad brat folder."""
    cases = []
    for name, (relative, line, reason) in sorted(BRAT_CASES.items()):
        folder = BAD / "brat" / name
        where = folder / relative if relative else folder
        cases.append((name, folder, f"{where}:{line}: " if line else f"{where}: ", reason))
    return cases


@pytest.mark.parametrize(("name", "folder", "prefix", "reason"), brat_cases(),
                         ids=[c[0] for c in brat_cases()])  # fmt: skip
def test_a_bad_brat_folder_is_one_line_naming_the_file(
    project_path: Path, capsys, dump: Dump, name: str, folder: Path, prefix: str, reason: str
) -> None:
    before = dump(project_path)
    code, out, err = run(capsys, "import", project_path, folder, "--format", "brat")
    assert (code, out) == (1, "")
    assert_one_line_error(err, prefix, reason)
    assert dump(project_path) == before


@pytest.mark.parametrize("name", sorted(CONLL_CASES))
def test_a_bad_conll_file_is_one_line_naming_the_file_and_line(
    project_path: Path, capsys, dump: Dump, name: str
) -> None:
    line, reason = CONLL_CASES[name]
    path = BAD / "conll" / name
    before = dump(project_path)
    code, out, err = run(capsys, "import", project_path, path, "--format", "conll")
    assert (code, out) == (1, "")
    assert_one_line_error(err, f"{path}:{line}: ", reason)
    assert dump(project_path) == before


def test_the_trial_inputs_as_a_real_subprocess(project_path: Path, tmp_path: Path, dump: Dump):
    """What the hostile trial found, each through the installed entry point."""
    digits = BAD / "brat" / "offset_5000_digits"
    ids = BAD / "brat" / "ids_not_utf8"
    columns = BAD / "conll" / "conll2003_two_columns.conll"
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "a.txt").symlink_to("/etc/passwd")
    (linked / "a.ann").write_text("", encoding="utf-8")
    expected = [
        (digits, "brat", f"{digits / 'b.ann'}:1: ", "is not a number in range"),
        (ids, "brat", f"{ids / 'ids.tsv'}:3: ", "not valid utf-8: byte 0xe9"),
        (linked, "brat", f"{linked / 'a.txt'}: ", "leading outside the folder"),
        (columns, "conll", f"{columns}:5: ", "expected 4 columns"),
    ]
    before = dump(project_path)
    for source, fmt, prefix, reason in expected:
        result = annotator("import", project_path, source, "--format", fmt)
        assert (result.returncode, result.stdout) == (1, ""), result.stderr
        assert_one_line_error(result.stderr, prefix, reason)
    assert dump(project_path) == before


def test_a_huge_brat_text_is_refused_by_the_cli(
    project_path: Path, tmp_path: Path, capsys, dump: Dump
) -> None:
    from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit

    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "a.ann").write_text("", encoding="utf-8")
    with open(folder / "a.txt", "wb") as fh:  # sparse: 40 MB on paper, nothing on disk
        fh.truncate(max(40 * 1024 * 1024, MAX_DOCUMENT_BYTES + 1))
    before = dump(project_path)
    code, _, err = run(capsys, "import", project_path, folder, "--format", "brat")
    assert code == 1
    assert_one_line_error(err, f"{folder / 'a.txt'}: ", f"larger than {describe_limit()}")
    assert dump(project_path) == before


def test_a_brat_folder_of_blank_texts_says_so(project_path: Path, capsys, dump: Dump):
    folder = BAD / "brat" / "blank_text"
    code, _, err = run(capsys, "import", project_path, folder, "--format", "auto")
    assert code == 1
    assert "the document's text is empty or only whitespace (no text to annotate)" in err


@pytest.fixture
def empty_inputs(tmp_path: Path) -> dict[str, Path]:
    """An empty brat folder and a 0-byte CoNLL file, by format."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "zero.conll").write_bytes(b"")
    return {"brat": tmp_path / "empty", "conll": tmp_path / "zero.conll"}


@pytest.mark.parametrize("fmt", ["brat", "conll"])
def test_empty_input_imports_nothing_and_does_not_crash(
    project_path: Path, capsys, dump: Dump, empty_inputs: dict[str, Path], fmt: str
) -> None:
    before = dump(project_path)
    code, out, err = run(capsys, "import", project_path, empty_inputs[fmt], "--format", fmt)
    assert code in (0, 1) and out == "" and "Traceback" not in err
    assert dump(project_path) == before


# The importer's rule: an import of nothing is an error (the readers yield nothing for
# these inputs, the test above).
@pytest.mark.parametrize("fmt", ["brat", "conll"])
def test_empty_input_exits_non_zero(
    project_path: Path, capsys, empty_inputs: dict[str, Path], fmt: str
) -> None:
    code, _, err = run(capsys, "import", project_path, empty_inputs[fmt], "--format", fmt)
    assert code != 0, err


def test_an_attribution_corpus_by_annotator_folder_through_the_cli(
    project_path: Path, tmp_path: Path, capsys, dump: Dump
) -> None:
    """`annotator import P.db CORPUS --format brat --annotator-from-folder`: without
    --add-labels the labels and relation types it lacks are one error line, the project
    unchanged; with it, one document per name, a layer per annotator, and the export gives
    the events back."""
    corpus = write_corpus(tmp_path / "corpus")
    args = ("import", project_path, corpus, "--format", "brat", "--annotator-from-folder")
    before = dump(project_path)
    code, _, err = run(capsys, *args)
    assert code == 1
    assert_one_line_error(err, f"{corpus / 'alice' / 'cairo.ann'}:1: ", "unknown label 'Cue'")
    assert dump(project_path) == before
    code, _, err = run(capsys, *args, "--add-labels")
    assert code == 0, err
    assert "2 new document(s)" in err and "4 annotation layer(s)" in err
    assert "30 relation(s) added" in err and "skipped 1 A line(s)" in err
    assert "relation types added: Cue, Source, Content, Coref" in err
    out = tmp_path / "out"
    code, _, err = run(capsys, "export", project_path, "--format", "brat", "-o", out)
    assert code == 0 and "relation(s)" not in err, err
    given = ann_content(corpus / "bob" / "party.ann")
    assert ann_content(out / "bob" / "party.ann")["E"] == given["E"]


def test_annotator_from_folder_with_another_format_is_one_line(
    project_path: Path, tmp_path: Path, capsys
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    result = annotator("import", project_path, corpus, "--annotator-from-folder")
    assert result.returncode == 1
    assert_one_line_error(result.stderr, "--annotator-from-folder reads a brat corpus", "brat")
