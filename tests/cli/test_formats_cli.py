"""`annotator export --format F` and `annotator import --format F|auto`, in process through
`main([...])` and once as a real subprocess: nothing that arrives is dropped without a word,
and `--format auto` guesses right."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.formats import MODULES
from annotator.core.model import Document, Span
from annotator.store.project import open_project

LINES = [
    {
        "id": "kerry",
        "text": "John Kerry met 👩‍👩‍👧 Sergei Lavrov.\r\nThey talked.",
        "meta": {"source": "wire"},
        "annotator": "alice",
        "status": "done",
        "spans": [
            {"id": 1, "start": 5, "end": 10, "label": "ACTOR", "text": "Kerry", "note": "US"},
            {"id": 2, "start": 28, "end": 34, "label": "ACTOR", "text": "Lavrov", "note": None},
        ],
        "relations": [],
    },
    {
        "id": "kerry",
        "text": "John Kerry met 👩‍👩‍👧 Sergei Lavrov.\r\nThey talked.",
        "meta": {"source": "wire"},
        "annotator": "bob",
        "status": "in_progress",
        "spans": [
            {"id": 1, "start": 0, "end": 10, "label": "QUOTE", "text": "John Kerry", "note": None}
        ],
        "relations": [],
    },
    {
        "id": "qatar",
        "text": "Talks in Qatar.",
        "meta": {},
        "annotator": None,
        "status": None,
        "spans": [],
        "relations": [],
    },
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    source = tmp_path / "source.jsonl"
    source.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in LINES), "utf-8")
    path = tmp_path / "p.db"
    assert main(["init", str(path)]) == 0
    assert main(["import", str(path), str(source)]) == 0
    return path


def test_export_without_format_is_unchanged_and_equals_format_jsonl(db: Path, tmp_path, capsys):
    assert main(["export", str(db)]) == 0
    plain = capsys.readouterr().out
    assert [json.loads(line) for line in plain.splitlines()] == LINES
    assert main(["export", str(db), "--format", "jsonl", "-o", str(tmp_path / "f.jsonl")]) == 0
    assert (tmp_path / "f.jsonl").read_text(encoding="utf-8") == plain
    assert main(["export", str(db), "--format", "jsonl"]) == 0
    out = capsys.readouterr()
    assert out.out == plain
    assert "exported 2 document(s), 3 layer(s), 3 span(s) as jsonl to standard output" in out.err


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("doccano", ".jsonl"), ("labelstudio", ".json"), ("brat", "")]
)
def test_export_then_import_auto_into_a_new_project(db: Path, tmp_path, capsys, fmt, suffix):
    out = tmp_path / f"out{suffix}"
    assert main(["export", str(db), "--format", fmt, "-o", str(out)]) == 0
    second = tmp_path / "second.db"
    assert main(["init", str(second)]) == 0
    capsys.readouterr()
    assert main(["import", str(second), str(out), "--format", "auto"]) == 0
    err = capsys.readouterr().err
    assert f"guessed format: {out}: {fmt}" in err
    assert "2 new document(s)" in err
    assert main(["export", str(second)]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert exported == LINES


def test_selection_options(db: Path, capsys):
    assert main(["export", str(db), "--format", "doccano", "--annotator", "bob"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["annotator"], x["label"]) for x in lines] == [("bob", [[0, 10, "QUOTE"]])]
    assert main(["export", str(db), "--status", "done", "--labels", "ACTOR,QUOTE"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["annotator"], len(x["spans"])) for x in lines] == [("alice", 2)]
    assert main(["export", str(db), "--labels", "QUOTE", "--annotator", "alice"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["annotator"], x["spans"]) for x in lines] == [("alice", [])]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gold"], "the project has no gold layer yet"),
        (["--annotator", "zed"], "unknown annotator 'zed' (the project has: alice, bob)"),
        (["--labels", "PLACE"], "unknown label 'PLACE'"),
        (["--format", "brat"], "the brat format writes a folder: give it with -o FOLDER"),
        (["--format", "conll", "--relations"], "conll format has no relations"),
        (["--format", "doccano", "--print-config"], "--print-config is for labelstudio"),
    ],
)
def test_export_errors(db: Path, capsys, args, message):
    assert main(["export", str(db), *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("annotator: error: ") and message in captured.err


def test_print_config_gives_label_studio_xml_with_colours(db: Path, capsys):
    assert main(["export", str(db), "--format", "labelstudio", "--print-config"]) == 0
    xml = capsys.readouterr().out
    assert xml.startswith('<View>\n  <Labels name="label" toName="text">\n')
    assert '<Label value="ACTOR" background="#' in xml
    assert '<Relations>\n    <Relation value="source" background="#' in xml  # relation types
    assert xml.rstrip().endswith('<Text name="text" value="$text"/>\n</View>')
    args = ["export", str(db), "--format", "labelstudio", "--print-config", "--labels", "QUOTE"]
    assert main(args) == 0
    xml = capsys.readouterr().out
    assert '<Label value="QUOTE"' in xml and "ACTOR" not in xml  # only the chosen labels
    assert "<Relations>" not in xml  # no type links a QUOTE to a QUOTE
    assert main([*args[:-1], "PLACE"]) == 1
    assert "unknown label 'PLACE'" in capsys.readouterr().err


def test_format_choices_come_from_the_registry(db: Path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(db), "--format", "excel"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert all(name in err for name in MODULES)
    with pytest.raises(SystemExit):
        main(["import", str(db), "x", "--format", "excel"])
    assert "auto" in capsys.readouterr().err


def test_import_auto_says_when_it_cannot_tell(db: Path, tmp_path: Path, capsys):
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"title": "no text here"}\n', encoding="utf-8")
    assert main(["import", str(db), str(odd), "--format", "auto"]) == 1
    assert "cannot tell the format from the content" in capsys.readouterr().err
    csv = tmp_path / "data.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    assert main(["import", str(db), str(csv), "--format", "auto"]) == 1
    assert "cannot tell the format from the suffix '.csv'" in capsys.readouterr().err


def test_import_auto_takes_plain_text_and_mixed_folders(db: Path, tmp_path: Path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A plain article.\n", encoding="utf-8")
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "b", "text": "Kerry.", "label": [[0, 5, "ACTOR"]]}) + "\n", "utf-8"
    )
    (folder / "c.json").write_text(json.dumps([{"data": {"text": "Lavrov.", "id": "c"}}]), "utf-8")
    assert main(["import", str(db), str(folder), "--format", "auto"]) == 0
    err = capsys.readouterr().err
    assert f"{folder / 'a.txt'}: text" in err and f"{folder / 'b.jsonl'}: doccano" in err
    assert f"{folder / 'c.json'}: labelstudio" in err
    with open_project(db) as project:
        assert [(s.start, s.end) for s in project.spans("b", "imported")] == [(0, 5)]
        assert project.document("c").text == "Lavrov."


def test_export_as_a_real_process(db: Path, tmp_path: Path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # the output is UTF-8 regardless
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "export", str(db), "--format", "labelstudio"],
        capture_output=True,
        env=env,
        check=True,
    )
    tasks = json.loads(result.stdout.decode("utf-8"))
    assert [t["data"]["id"] for t in tasks] == ["kerry", "qatar"]
    assert "as labelstudio to standard output" in result.stderr.decode()


def test_import_auto_of_a_file_that_is_not_json_names_the_line(db: Path, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x"\n', encoding="utf-8")
    assert main(["import", str(db), str(bad), "--format", "auto"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"guessed format: {bad}: jsonl\n")  # said before the error
    assert f"\nannotator: error: {bad}:1: not valid JSON" in err


# encoding -> (the codec of the file's bytes, its byte-order mark)
TWINS = {
    "utf-16": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16 (big-endian, no mark)": ("utf-16-be", b""),
    "utf-16-le": ("utf-16-le", b""),
    "utf-16-be": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32": ("utf-32-be", codecs.BOM_UTF32_BE),
}


@pytest.mark.parametrize("twin", sorted(TWINS))
@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("jsonl", ".jsonl"), ("doccano", ".jsonl"), ("prodigy", ".jsonl"), ("conll", ".conll"),
     ("labelstudio", ".json")],
)  # fmt: skip
def test_a_utf16_or_utf32_file_imports_as_its_utf8_twin(
    db: Path, tmp_path: Path, capsys, fmt: str, suffix: str, twin: str
):
    # "Ċ" is U+010A: its UTF-16 bytes hold a 0x0A, which is not a line end.
    with open_project(db) as project:
        project.add_document(Document("c", "Ċa va 😀 Kerry.", "c"))
        project.add_span(Span("c", "alice", 8, 13, "ACTOR"))
    utf8 = tmp_path / "utf8" / f"in{suffix}"
    utf8.parent.mkdir()
    assert main(["export", str(db), "--format", fmt, "-o", str(utf8)]) == 0
    codec, mark = TWINS[twin]
    other = tmp_path / "other" / utf8.name
    other.parent.mkdir()
    other.write_bytes(mark + utf8.read_text(encoding="utf-8").encode(codec))
    for given in (fmt, "auto"):
        exports = []
        for path, encoding in ((utf8, "utf-8"), (other, twin.split(" ")[0])):
            project_path = tmp_path / f"{given}-{encoding}.db"
            assert main(["init", str(project_path)]) == 0
            args = ["import", str(project_path), str(path), "--format", given]
            assert main([*args, "--encoding", encoding]) == 0, capsys.readouterr().err
            capsys.readouterr()
            assert main(["export", str(project_path)]) == 0
            exports.append(capsys.readouterr().out)
        assert exports[0] == exports[1]
        assert "Ċa va 😀 Kerry." in exports[1]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def layers(capsys, project: Path, *options: str) -> list[dict]:
    code, out, _ = run(capsys, "export", project, *options)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_an_accepted_task_with_no_entities_keeps_its_annotator(
    project_path: Path, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "empty.jsonl"
    source.write_text(
        '{"text": "Nothing to tag", "spans": [], "answer": "accept", '
        '"_annotator_id": "ds-alice", "_input_hash": 1}\n',
        encoding="utf-8",
    )
    assert run(capsys, "import", project_path, source, "--format", "auto")[0] == 0
    (layer,) = layers(capsys, project_path, "--annotator", "ds-alice")
    assert (layer["annotator"], layer["status"], layer["spans"]) == ("ds-alice", "done", [])


def test_two_column_and_conll_2002_files_are_read_as_plain_conll(
    project_path: Path, tmp_path: Path, capsys
) -> None:
    two = tmp_path / "two.conll"
    two.write_text("-DOCSTART- O\n\nEU B-ORG\nrejects O\nGerman B-MISC\n", encoding="utf-8")
    ned = tmp_path / "ned.conll"
    ned.write_text("-DOCSTART- -DOCSTART- O\nDe Art O\nbal N B-MISC\n", encoding="utf-8")
    code, _, err = run(
        capsys, "import", project_path, two, ned, "--format", "conll", "--add-labels"
    )
    assert code == 0, err
    texts = {
        r["text"]: [(s["text"], s["label"]) for s in r["spans"]]
        for r in layers(capsys, project_path)
    }
    assert texts == {
        "EU rejects German": [("EU", "ORG"), ("German", "MISC")],
        "De bal": [("bal", "MISC")],
    }


def test_a_prodigy_file_starting_with_a_classification_task_is_guessed_as_prodigy(
    project_path: Path, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text(
        '{"text": "Great movie", "label": "POSITIVE", "answer": "reject", "_input_hash": 1}\n'
        '{"text": "Kerry spoke", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}], '
        '"answer": "accept", "_input_hash": 3}\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", project_path, source, "--format", "auto")
    assert code == 0, err
    assert "guessed format: " in err and ": prodigy" in err
    assert "1 task(s) answered 'reject' skipped" in err


def test_brat_counts_a_leading_byte_order_mark_as_brat_does(
    project_path: Path, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "bom.jsonl"
    source.write_text(
        json.dumps(
            {
                "id": "b",
                "text": "\ufeffKerry",
                "annotator": "a",
                "status": "done",
                "spans": [{"start": 1, "end": 6, "label": "ACTOR"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert run(capsys, "import", project_path, source)[0] == 0
    folder = tmp_path / "brat"
    assert run(capsys, "export", project_path, "--format", "brat", "-o", folder)[0] == 0
    again = tmp_path / "again.db"
    assert run(capsys, "init", again)[0] == 0
    code, _, err = run(capsys, "import", again, folder, "--format", "brat")
    assert code == 0, err
    (layer,) = layers(capsys, again)
    assert layer["text"] == "\ufeffKerry" and layer["spans"][0]["text"] == "Kerry"


def test_a_brat_folder_says_what_it_did_not_read(
    project_path: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "mix"
    (folder / "part").mkdir(parents=True)
    (folder / "part" / "a.txt").write_text("Kerry spoke.", encoding="utf-8")
    (folder / "part" / "a.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    (folder / "part" / "b.txt").write_text("No annotations.", encoding="utf-8")
    (folder / "other.jsonl").write_text('{"text": "x", "label": []}\n', encoding="utf-8")
    code, _, err = run(capsys, "import", project_path, folder, "--format", "auto")
    assert code == 0, err
    assert "1 .txt file(s) without an .ann beside them were not read" in err
    assert "1 file(s) that are not brat's were not read" in err and "other.jsonl" in err


def test_an_export_says_how_many_relations_it_leaves_behind(
    project_path: Path, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "rel.jsonl"
    source.write_text(
        json.dumps(
            {
                "text": "Kerry met Lavrov.",
                "annotator": "alice",
                "entities": [
                    {"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 5},
                    {"id": 2, "label": "ACTOR", "start_offset": 10, "end_offset": 16},
                ],
                "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "MET"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", project_path, source, "--format", "doccano")
    assert code == 1 and "relation type(s) the project lacks: MET" in err  # --add-labels adds it
    code, _, err = run(
        capsys, "import", project_path, source, "--format", "doccano", "--add-labels"
    )
    assert code == 0 and "relation types added: MET" in err, err
    code, _, err = run(capsys, "export", project_path, "--format", "conll")
    assert "1 relation(s) of the exported layers are not in this export" in err
    code, _, err = run(capsys, "export", project_path, "--format", "labelstudio")
    assert "relation(s) of the exported layers" not in err  # Label Studio carries them
    code, _, err = run(capsys, "export", project_path, "--format", "doccano", "--relations")
    assert "relation(s) of the exported layers" not in err


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "prodigy", "conll"])
def test_every_line_reader_refuses_an_endless_line_before_reading_it(
    project_path: Path, tmp_path: Path, capsys, dump, monkeypatch, fmt: str
) -> None:
    monkeypatch.setattr("annotator.core.textio.MAX_DOCUMENT_BYTES", 1000)  # 32 MB in use
    source = tmp_path / "long.jsonl"
    source.write_text('{"text": "' + "x" * 5000 + '"}\n', encoding="utf-8")
    before = dump(project_path)
    code, _, err = run(capsys, "import", project_path, source, "--format", fmt)
    assert code == 1
    assert f"{source}:1: the line is longer than" in err
    assert dump(project_path) == before
