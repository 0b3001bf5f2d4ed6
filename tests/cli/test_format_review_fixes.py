"""Findings of a review of the formats, each with the test that shows it fixed: nothing
that arrives is dropped without a word, and `--format auto` guesses right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main


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
        '"answer": "accept", "_input_hash": 3, "relations": [{"head": 0, "child": 0}]}\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", project_path, source, "--format", "auto")
    assert code == 0, err
    assert "guessed format: " in err and ": prodigy" in err
    assert "1 task(s) answered 'reject' skipped" in err
    assert "1 relation(s) not imported" in err


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
    assert code == 0, err
    code, _, err = run(capsys, "export", project_path, "--format", "labelstudio")
    assert "1 relation(s) of the exported layers are not in this export" in err
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
