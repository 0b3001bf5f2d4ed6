"""The `annotator` command, in process through `main([...])` and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import COMMANDS, main
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit
from annotator.store.project import open_project

BAD = Path(__file__).parent.parent / "data" / "bad"
BAD_CASES = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))

SAMPLE = [
    {
        "id": "kerry",
        "text": "John Kerry met 👩‍👩‍👧 Sergei Lavrov.\r\nThey talked.",
        "meta": {"title": "Kerry", "source": {"url": "https://example.org/k"}},
        "annotator": "alice",
        "status": "in_progress",
        "spans": [
            {"start": 5, "end": 10, "label": "ACTOR", "text": "Kerry", "note": "US"},
            {"start": 28, "end": 34, "label": "ACTOR", "text": "Lavrov", "note": None},
        ],
    },
    {
        "id": "kerry",
        "text": "John Kerry met 👩‍👩‍👧 Sergei Lavrov.\r\nThey talked.",
        "meta": {"title": "Kerry", "source": {"url": "https://example.org/k"}},
        "annotator": "bob",
        "status": "done",
        "spans": [{"start": 0, "end": 10, "label": "ACTOR", "text": "John Kerry", "note": None}],
    },
    {"id": "qatar", "text": "<b>Talks</b> in Qatar &amp; more.", "meta": {}},
]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """`annotator ARGS...` in process: (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def jsonl_file(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
        newline="",
    )
    return path


@pytest.fixture
def sample_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "p.db"
    assert run(capsys, "init", db)[0] == 0
    assert run(capsys, "import", db, jsonl_file(tmp_path / "sample.jsonl", SAMPLE))[0] == 0
    return db


def assert_one_line_error(err: str, prefix: str) -> None:
    assert err.startswith(f"annotator: error: {prefix}"), err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err


# -- init ----------------------------------------------------------------------------------


def test_init_creates_a_project(tmp_path: Path, capsys):
    db = tmp_path / "new.db"
    code, out, err = run(capsys, "init", db)
    assert (code, out, err) == (0, "", f"created {db}\n")
    with open_project(db) as project:
        assert [label.name for label in project.labels()] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]


def test_init_refuses_to_overwrite(sample_db: Path, capsys, dump):
    before_bytes, before = sample_db.read_bytes(), dump(sample_db)
    code, out, err = run(capsys, "init", sample_db)
    assert code == 1 and out == ""
    assert_one_line_error(err, f"{sample_db}: already exists")
    assert sample_db.read_bytes() == before_bytes and dump(sample_db) == before


def test_init_refuses_to_overwrite_any_file(tmp_path: Path, capsys):
    notes = tmp_path / "notes.db"
    notes.write_text("my notes", encoding="utf-8")
    code, _, err = run(capsys, "init", notes)
    assert code == 1
    assert_one_line_error(err, f"{notes}: already exists")
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_init_in_a_missing_folder(tmp_path: Path, capsys):
    db = tmp_path / "nope" / "p.db"
    code, _, err = run(capsys, "init", db)
    assert code == 1
    assert_one_line_error(err, f"{db}: folder {db.parent} does not exist")


# -- import, export, stats -----------------------------------------------------------------


def test_import_reports_what_it_did(tmp_path: Path, capsys):
    db = tmp_path / "p.db"
    run(capsys, "init", db)
    text = tmp_path / "article.txt"
    text.write_bytes(b"\xef\xbb\xbfHeadline\r\nBody.\r\n")
    code, out, err = run(
        capsys, "import", db, jsonl_file(tmp_path / "a.jsonl", SAMPLE), text, "--annotator", "zoe"
    )
    assert (code, out) == (0, "")
    assert err == (
        "imported 2 file(s); 3 new document(s); 0 already present (merged); "
        "2 annotation layer(s); 3 span(s) added\n"
    )
    with open_project(db) as project:
        assert project.document("article").text == "Headline\r\nBody.\r\n"
        assert project.document("article").title == "Headline"


def test_export_to_stdout_matches_the_input(sample_db: Path, capsys):
    code, out, err = run(capsys, "export", sample_db)
    assert code == 0
    assert err == "exported 3 line(s) to standard output\n"
    # The input has no span ids nor relations (an older file): the export numbers the spans.
    annotated = [
        dict(r, spans=[{"id": n, **s} for n, s in enumerate(r["spans"], 1)], relations=[])
        for r in SAMPLE[:2]
    ]
    expected = [dict(r, annotator=None, status=None, spans=[], relations=[]) for r in SAMPLE[2:]]
    assert [json.loads(line) for line in out.splitlines()] == annotated + expected


def test_export_restricted_to_annotators(sample_db: Path, capsys):
    _, out, _ = run(capsys, "export", sample_db, "--annotator", "bob")
    assert [json.loads(line)["annotator"] for line in out.splitlines()] == ["bob"]
    _, out, _ = run(capsys, "export", sample_db, "--annotator", "bob", "--annotator", "alice")
    assert [json.loads(line)["annotator"] for line in out.splitlines()] == ["alice", "bob"]


def test_export_to_file_then_reimport_is_identical(sample_db: Path, tmp_path: Path, capsys):
    first = tmp_path / "first.jsonl"
    code, out, err = run(capsys, "export", sample_db, "-o", first)
    assert (code, out, err) == (0, "", f"exported 3 line(s) to {first}\n")
    second_db = tmp_path / "second.db"
    run(capsys, "init", second_db)
    assert run(capsys, "import", second_db, first)[0] == 0
    second = tmp_path / "second.jsonl"
    assert run(capsys, "export", second_db, "--output", second)[0] == 0
    assert second.read_bytes() == first.read_bytes()
    _, stdout, _ = run(capsys, "export", second_db)
    assert stdout.encode("utf-8") == first.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_replaces_an_existing_file(sample_db: Path, tmp_path: Path, capsys):
    out_file = tmp_path / "out.jsonl"
    out_file.write_text("old content\n", encoding="utf-8")
    assert run(capsys, "export", sample_db, "-o", out_file)[0] == 0
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == 3


def test_export_to_a_folder_is_refused(sample_db: Path, tmp_path: Path, capsys):
    folder = tmp_path / "folder"
    folder.mkdir()
    code, out, err = run(capsys, "export", sample_db, "-o", folder)
    assert (code, out) == (1, "")
    assert_one_line_error(err, f"{folder}: is a folder")
    assert list(folder.iterdir()) == []


def test_export_into_a_missing_folder_is_one_line(sample_db: Path, tmp_path: Path, capsys):
    target = tmp_path / "missing" / "out.jsonl"
    code, _, err = run(capsys, "export", sample_db, "-o", target)
    assert code == 1
    assert_one_line_error(err, f"{target}: folder {target.parent} does not exist")


def test_failed_export_leaves_the_old_file(tmp_path: Path, capsys):
    not_a_project = tmp_path / "notes.db"
    not_a_project.write_text("notes", encoding="utf-8")
    out_file = tmp_path / "out.jsonl"
    out_file.write_text("keep me\n", encoding="utf-8")
    code, _, err = run(capsys, "export", not_a_project, "-o", out_file)
    assert code == 1
    assert_one_line_error(err, f"{not_a_project}: not an SQLite database")
    assert out_file.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db", "out.jsonl"]


def test_stats_table(sample_db: Path, capsys):
    code, out, err = run(capsys, "stats", sample_db)
    assert (code, err) == (0, "")
    assert out == (
        f"project     {sample_db}\n"
        "documents   2\n"
        "spans       3\n"
        "\n"
        "label         spans\n"
        "ACTOR            3\n"
        "CLAIM            0\n"
        "EVENT            0\n"
        "QUOTE            0\n"
        "\n"
        "annotator             spans    done\n"
        "alice                     2       0\n"
        "bob                       1       1\n"
        "\n"
        "without a source        spans\n"  # the attribution check: no QUOTE lacks it here
        "alice                     0\n"
        "bob                       0\n"
    )


def test_stats_of_an_empty_project(tmp_path: Path, capsys):
    db = tmp_path / "p.db"
    run(capsys, "init", db)
    _, out, _ = run(capsys, "stats", db)
    assert out.endswith("(no annotators yet)\n")


def test_stats_json(sample_db: Path, capsys):
    code, out, _ = run(capsys, "stats", sample_db, "--json")
    assert code == 0
    assert json.loads(out) == {
        "project": str(sample_db),
        "documents": 2,
        "annotators": ["alice", "bob"],
        "spans": 3,
        "spans_per_label": {"ACTOR": 3, "CLAIM": 0, "EVENT": 0, "QUOTE": 0},
        "spans_per_annotator": {"alice": 2, "bob": 1},
        "done_per_annotator": {"alice": 0, "bob": 1},
        "unattributed": {"source": {"alice": [], "bob": []}},
        "suggestions": [],
    }


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_is_one_line_naming_file_and_line(sample_db: Path, capsys, dump, name: str):
    line, reason = BAD_CASES[name]
    path = BAD / name
    before = dump(sample_db)
    code, out, err = run(capsys, "import", sample_db, path)
    assert (code, out) == (1, "")
    assert_one_line_error(err, f"{path}:{line}: " if line is not None else f"{path}: ")
    assert reason in err
    assert dump(sample_db) == before


def test_add_labels_on_the_command_line(sample_db: Path, capsys, dump):
    path = BAD / "unknown_label.jsonl"
    code, _, err = run(capsys, "import", sample_db, path, "--add-labels")
    assert code == 0
    assert err.rstrip().endswith("labels added: PLACE")
    with open_project(sample_db) as project:
        assert project.labels()[-1].name == "PLACE"
        assert [s.label for s in project.spans("good-2", "bob")] == ["PLACE"]


def test_encoding_option(sample_db: Path, tmp_path: Path, capsys):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café talks\n".encode("latin-1"))
    code, _, err = run(capsys, "import", sample_db, path)
    assert code == 1
    assert_one_line_error(err, f"{path}:1: not valid utf-8")
    assert run(capsys, "import", sample_db, path, "--encoding", "latin-1")[0] == 0
    code, _, err = run(capsys, "import", sample_db, path, "--encoding", "klingon")
    assert code == 1
    assert_one_line_error(err, f"{path}: unknown encoding 'klingon'")


def test_missing_input_and_unsupported_type(sample_db: Path, tmp_path: Path, capsys, dump):
    before = dump(sample_db)
    missing = tmp_path / "missing.jsonl"
    code, _, err = run(capsys, "import", sample_db, missing)
    assert code == 1
    assert_one_line_error(err, f"{missing}: no such file or folder")
    assert dump(sample_db) == before


@pytest.mark.parametrize("command", ["import", "export", "stats"])
def test_commands_on_a_non_project(tmp_path: Path, capsys, command: str):
    args = {"import": [BAD / "nan.jsonl"], "export": [], "stats": []}[command]
    missing = tmp_path / "missing.db"
    code, _, err = run(capsys, command, missing, *args)
    assert code == 1
    assert_one_line_error(err, f"{missing}: no such project file")
    assert not missing.exists()
    folder = tmp_path
    code, _, err = run(capsys, command, folder, *args)
    assert code == 1
    assert_one_line_error(err, f"{folder}: is a folder")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(capsys, command: str):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert caught.value.code == 0
    assert out.startswith(f"usage: annotator {command} ")
    assert "PROJECT" in out.upper()


def test_top_level_help_and_version(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in COMMANDS)
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0


@pytest.mark.parametrize(
    "argv", [["import", "p.db"], ["export"], ["stats", "p.db", "--bogus"], ["init"]]
)
def test_usage_errors_exit_2(capsys, argv: list[str]):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: annotator" in capsys.readouterr().err


# -- as a real process ---------------------------------------------------------------------


def annotator(*args: object, env: dict[str, str] | None = None, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        **kwargs,
    )


def test_subprocess_round_trip(tmp_path: Path):
    db, again = tmp_path / "p.db", tmp_path / "again.db"
    source = jsonl_file(tmp_path / "sample.jsonl", SAMPLE)
    assert annotator("init", db).returncode == 0
    result = annotator("import", db, source)
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().startswith("imported 1 file(s); 2 new document(s)")
    # A non-UTF-8 locale must not change (or break) the JSONL on standard output.
    exported = annotator("export", db, env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert exported.returncode == 0, exported.stderr
    assert "👩‍👩‍👧".encode() in exported.stdout and b"\r\n" not in exported.stdout
    out_file = tmp_path / "out.jsonl"
    out_file.write_bytes(exported.stdout)
    assert annotator("init", again).returncode == 0
    assert annotator("import", again, out_file).returncode == 0
    assert annotator("export", again).stdout == exported.stdout


def test_subprocess_error_is_one_line_and_exit_code_1(tmp_path: Path):
    db = tmp_path / "p.db"
    annotator("init", db)
    result = annotator("import", db, BAD / "span_text_mismatch.jsonl")
    assert result.returncode == 1
    assert result.stdout == b""
    err = result.stderr.decode()
    assert err.startswith(f"annotator: error: {BAD / 'span_text_mismatch.jsonl'}:2: span 0")
    assert err.count("\n") == 1


def test_subprocess_export_into_a_closed_pipe_is_quiet(tmp_path: Path):
    db = tmp_path / "p.db"
    records = [{"id": f"d{i}", "text": "Kerry met Lavrov. " * 100} for i in range(300)]
    assert annotator("init", db).returncode == 0
    assert annotator("import", db, jsonl_file(tmp_path / "big.jsonl", records)).returncode == 0
    with subprocess.Popen(
        [sys.executable, "-m", "annotator", "export", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # like `annotator export p.db | head -c 10`
        err = process.stderr.read()
        process.wait(timeout=60)
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert process.returncode != 0


def test_cli_and_library_never_import_qt(tmp_path: Path):
    db = tmp_path / "p.db"
    code = f"""
import pkgutil, sys
import annotator.cli, annotator.core, annotator.store
for package in (annotator.core, annotator.store):
    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        __import__(module.name)
for argv in (["init", {str(db)!r}], ["import", {str(db)!r}, {str(BAD / "nan.jsonl")!r}],
             ["export", {str(db)!r}], ["stats", {str(db)!r}, "--json"]):
    annotator.cli.main(argv)
qt = sorted(m for m in sys.modules if m.startswith("PySide6") or m.startswith("shiboken"))
assert not qt, qt
assert not any(m.startswith("annotator.ui") for m in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# -- hostile input in every format: one line, FILE:LINE, the project unchanged ------------

DEEP = "[" * 1000 + "]" * 1000
DEEP_FILES = {  # format -> (file name, a good line, then a line nested 1,000 deep)
    "jsonl": ("in.jsonl", '{"text": "Kerry."}\n{"text": "a", "meta": {"x": ' + DEEP + "}}\n"),
    "doccano": ("in.jsonl", '{"text": "Kerry.", "label": []}\n' + DEEP + "\n"),
    "prodigy": ("in.jsonl", '{"text": "Kerry.", "answer": "accept"}\n{"x": ' + DEEP + "}"),
    "labelstudio": ("in.json", '[{"data": {"text": "Kerry."}},\n{"data": {"x": ' + DEEP + "}}]"),
}  # fmt: skip


def without_guess(err: str) -> str:
    """stderr without the line `--format auto` prints first."""
    return err.split("\n", 1)[1] if err.startswith("guessed format: ") else err


@pytest.mark.parametrize("fmt", sorted(DEEP_FILES))
def test_json_nested_1000_deep_is_one_line_naming_file_and_line(
    sample_db: Path, tmp_path: Path, capsys, dump, fmt: str
):
    name, content = DEEP_FILES[fmt]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = dump(sample_db)
    for given in (fmt, "auto"):
        code, out, err = run(capsys, "import", sample_db, path, "--format", given)
        assert (code, out) == (1, "")
        assert_one_line_error(without_guess(err), f"{path}:2: JSON nested deeper than ")
        assert dump(sample_db) == before
    result = annotator("import", sample_db, path, "--format", fmt)
    assert result.returncode == 1
    assert_one_line_error(result.stderr.decode(), f"{path}:2: JSON nested deeper than ")
    assert dump(sample_db) == before


def test_a_label_studio_task_over_the_size_limit_is_refused(sample_db: Path, tmp_path, dump):
    path = tmp_path / "tasks.json"
    with open(path, "w", encoding="utf-8") as out:
        out.write('[{"data": {"text": "Kerry."}},\n{"data": {"text": "')
        out.write("x" * (MAX_DOCUMENT_BYTES + 1))
        out.write('"}}]')
    before = dump(sample_db)
    result = annotator("import", sample_db, path, "--format", "labelstudio")
    assert result.returncode == 1
    assert_one_line_error(
        result.stderr.decode(), f"{path}:2: task 1 is larger than {describe_limit()}, the limit"
    )
    assert dump(sample_db) == before


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("jsonl", "in.jsonl"), ("doccano", "in.jsonl"), ("prodigy", "in.jsonl"),
     ("labelstudio", "in.json"), ("conll", "in.conll"), ("auto", "in.jsonl"),
     ("jsonl", "folder"), ("brat", "folder"), ("auto", "folder")],
)  # fmt: skip
def test_importing_nothing_fails(sample_db: Path, tmp_path: Path, capsys, dump, fmt, name):
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
        reason = "no documents in it (no files in the folder)"
    else:
        path.write_bytes(b"")
        reason = "no documents in it (the file is empty)"
    before = dump(sample_db)
    code, out, err = run(capsys, "import", sample_db, path, "--format", fmt)
    assert (code, out) == (1, "")
    assert_one_line_error(without_guess(err), f"{path}: {reason}")
    assert dump(sample_db) == before


def test_a_document_with_only_whitespace_is_refused(sample_db: Path, tmp_path: Path, dump):
    path = jsonl_file(tmp_path / "in.jsonl", [{"text": "Kerry."}, {"text": " \n\t "}])
    before = dump(sample_db)
    result = annotator("import", sample_db, path)
    assert result.returncode == 1
    assert_one_line_error(
        result.stderr.decode(),
        f"{path}:2: the document's text is empty or only whitespace (no text to annotate)",
    )
    assert dump(sample_db) == before


@pytest.mark.parametrize("label", ["A\tB", "A\nB", " ACTOR", "X\x07"])
def test_add_labels_refuses_a_label_the_conll_export_could_not_carry(
    sample_db: Path, tmp_path: Path, capsys, dump, label: str
):
    spans = [{"start": 0, "end": 5, "label": label}]
    path = jsonl_file(
        tmp_path / "in.jsonl", [{"text": "Kerry."}, {"text": "Kerry.", "spans": spans}]
    )
    before = dump(sample_db)
    code, out, err = run(capsys, "import", sample_db, path, "--add-labels")
    assert (code, out) == (1, "")
    assert_one_line_error(err, f"{path}:2: the label name {label!r} ")
    assert dump(sample_db) == before


def test_labels_that_add_labels_makes_survive_a_conll_round_trip(tmp_path: Path, capsys):
    db, again, out = tmp_path / "p.db", tmp_path / "again.db", tmp_path / "out.conll"
    spans = [{"start": 0, "end": 5, "label": "MY LABEL"}, {"start": 6, "end": 9, "label": "É😀"}]
    path = jsonl_file(
        tmp_path / "in.jsonl", [{"id": "d", "text": "Kerry met.", "annotator": "a", "spans": spans}]
    )
    for args in (["init", db], ["import", db, path, "--add-labels"], ["init", again],
                 ["export", db, "--format", "conll", "-o", out],
                 ["import", again, out, "--format", "conll", "--add-labels"]):  # fmt: skip
        assert run(capsys, *args)[0] == 0
    with open_project(again) as project:
        assert [(s.start, s.end, s.label) for s in project.spans("d", "a")] == [
            (0, 5, "MY LABEL"),
            (6, 9, "É😀"),
        ]


# -- a folder is read only inside ----------------------------------------------------------


@pytest.mark.parametrize("options", [[], ["--format", "auto"], ["--format", "jsonl"]])
def test_import_of_a_folder_with_a_link_out_of_it_is_refused(
    sample_db: Path, tmp_path: Path, capsys, dump, options: list[str]
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A good article.", encoding="utf-8")
    (folder / "a.txt").symlink_to("/etc/hostname")
    before = dump(sample_db)
    code, out, err = run(capsys, "import", sample_db, folder, *options)
    assert (code, out) == (1, "")
    assert_one_line_error(
        err,
        f"{folder / 'a.txt'}: is a symbolic link leading outside the folder (to "
        f"{Path('/etc/hostname').resolve()}); an import reads only what is inside {folder}",
    )
    assert dump(sample_db) == before


def test_subprocess_import_of_a_folder_with_a_pipe_or_a_link_out_is_refused(
    sample_db: Path, tmp_path: Path, dump
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A good article.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # a reader would wait for a writer forever
    before = dump(sample_db)
    result = annotator("import", sample_db, folder)
    assert (result.returncode, result.stdout) == (1, b"")
    assert_one_line_error(result.stderr.decode(), f"{folder / 'pipe.txt'}: is not a regular file")
    (folder / "pipe.txt").unlink()
    (folder / "b.jsonl").symlink_to(Path("..") / "sample.jsonl")  # the file beside the folder
    result = annotator("import", sample_db, folder, "--format", "auto")
    assert (result.returncode, result.stdout) == (1, b"")
    assert_one_line_error(
        result.stderr.decode(),
        f"{folder / 'b.jsonl'}: is a symbolic link leading outside the folder",
    )
    assert dump(sample_db) == before


def test_import_of_a_folder_reads_a_link_to_a_file_inside(sample_db: Path, tmp_path: Path, capsys):
    folder = tmp_path / "in"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "shared.txt").write_text("A shared article.", encoding="utf-8")
    (folder / "copy.txt").symlink_to(Path("texts") / "shared.txt")
    code, _, err = run(capsys, "import", sample_db, folder)
    assert code == 0 and err.startswith("imported 2 file(s); 2 new document(s)"), err
    with open_project(sample_db) as project:
        assert project.document("copy").text == project.document("shared").text
