"""`annotator export --labels-file` and `annotator import --labels-file`: a project's labels,
relation types and guidelines carried to another project, all or nothing."""

from __future__ import annotations

import pytest

from annotator.cli import main
from annotator.core.model import Label
from annotator.ops import labels as ops
from annotator.store.project import create_project, open_project


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_then_import_carries_labels_types_and_guidelines(tmp_path, capsys):
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    with create_project(source) as project:
        ops.add_label(project, Label("PLACE", "#7B4173", "5", "Where", "# Places\n<b>x</b>"))
        ops.set_label_guideline(project, "QUOTE", "Quote *words*")
        ops.update_relation_type(project, "source", guideline="Who said it", required=False)
        ops.set_label_key(project, "ACTOR", "p")
        ops.set_label_key(project, "QUOTE", "1")  # ACTOR's default key, in the target
        expected = (project.labels(), project.relation_types())
    labels_file = tmp_path / "labels.json"
    code, out, err = run(capsys, "export", source, "--labels-file", labels_file)
    assert code == 0 and out == "" and "wrote 8 label(s)" in err
    run(capsys, "init", target)
    code, _, err = run(capsys, "import", target, "--labels-file", labels_file)
    assert code == 0, err
    with open_project(target) as project:
        assert (project.labels(), project.relation_types()) == expected


def test_a_bad_labels_file_imports_nothing(tmp_path, capsys):
    target = tmp_path / "b.db"
    run(capsys, "init", target)
    text = tmp_path / "a.txt"
    text.write_text("Kerry went to Geneva.\n", encoding="utf-8")
    bad = tmp_path / "labels.json"
    bad.write_text(
        '[\n{"name": "PLACE", "color": "#112233"},\n{"name": "X"}\n]\n', encoding="utf-8"
    )
    code, _, err = run(capsys, "import", target, text, "--labels-file", bad)
    assert code != 0 and f"{bad}:3: " in err and "Traceback" not in err
    with open_project(target) as project:
        assert project.document_count() == 0
        assert "PLACE" not in [label.name for label in project.labels()]


def test_labels_and_documents_in_one_import(tmp_path, capsys):
    target = tmp_path / "b.db"
    run(capsys, "init", target)
    labels_file = tmp_path / "labels.json"
    labels_file.write_text('[\n{"name": "PLACE", "color": "#112233"}\n]\n', encoding="utf-8")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        '{"id": "d", "text": "Geneva", "annotator": "a", "spans": '
        '[{"start": 0, "end": 6, "label": "PLACE"}]}\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", target, jsonl, "--labels-file", labels_file)
    assert code == 0, err
    with open_project(target) as project:
        assert [s.label for s in project.spans("d", "a")] == ["PLACE"]
        assert project.labels()[0].name == "PLACE"  # the file's labels come first


def test_import_needs_something(tmp_path, capsys):
    target = tmp_path / "b.db"
    run(capsys, "init", target)
    with pytest.raises(SystemExit) as caught:  # a usage error, as without --labels-file
        run(capsys, "import", target)
    assert caught.value.code == 2
    assert "give the files or folders to import, or --labels-file" in capsys.readouterr().err


def test_export_with_output_writes_both(tmp_path, capsys):
    source = tmp_path / "a.db"
    run(capsys, "init", source)
    code, _, err = run(
        capsys, "export", source, "--labels-file", tmp_path / "l.json", "-o", tmp_path / "o.jsonl"
    )
    assert code == 0, err
    assert (tmp_path / "l.json").exists() and (tmp_path / "o.jsonl").exists()
