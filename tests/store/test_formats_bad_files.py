"""Bad files in every offset format: `FILE:LINE: reason`, and the project exactly as it was
(a full dump of the file before and after)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.limits import MAX_JSON_DEPTH
from annotator.core.model import Document, Span
from annotator.store.importer import import_paths
from annotator.store.project import Project, open_project

TEXT = "Kerry 😀 met Lavrov."  # the emoji is one code point: Lavrov is [12, 18)


def doccano(*lines: object) -> str:
    return "".join(
        (x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines
    )


GOOD_DOCCANO = {"id": "ok", "text": TEXT, "label": [[0, 5, "ACTOR"]], "annotator": "alice"}


def task(result: list[dict], text: str = TEXT, doc_id: str = "t") -> dict:
    return {
        "data": {"text": text, "id": doc_id},
        "annotations": [{"completed_by": 1, "created_username": "alice", "result": result}],
    }


def region(start: int, end: int, label: str = "ACTOR", text: str | None = None) -> dict:
    value = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": "r", "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def labelstudio(*tasks: dict, raw: str | None = None) -> str:
    return raw if raw is not None else "[\n" + ",\n".join(json.dumps(t) for t in tasks) + "\n]\n"


def nested(depth: int, opener: str = "[") -> str:
    """A JSON value `depth` levels deep: [[[...]]] or {"a": {"a": ... {}}}."""
    if opener == "[":
        return "[" * depth + "]" * depth
    return '{"a": ' * (depth - 1) + "{}" + "}" * (depth - 1)


TOO_DEEP = f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
GOOD_PRODIGY = '{"text": "Kerry", "answer": "accept", "spans": []}'

# (name, format, files {relative path: content}, path to import, line, reason)
GOOD_JSONL = {"id": "ok", "text": TEXT, "annotator": "alice", "spans": []}


def jsonl_span(start: int, end: int, label: str = "ACTOR", text: str | None = None) -> dict:
    span = {"start": start, "end": end, "label": label}
    return span if text is None else {**span, "text": text}


CASES: list[tuple[str, str, dict[str, str], str, int | None, str]] = [
    (
        "jsonl-malformed-json",
        "jsonl",
        {"in.jsonl": doccano(GOOD_JSONL, '{"text": "a", "spans": [')},
        "in.jsonl",
        2,
        "not valid JSON",
    ),
    (
        "jsonl-offsets-outside",
        "jsonl",
        {"in.jsonl": doccano(GOOD_JSONL, {"text": TEXT, "spans": [jsonl_span(12, 20)]})},
        "in.jsonl",
        2,
        "span 0 [12, 20) lies outside the text (length 19)",
    ),
    (
        "jsonl-text-disagrees",  # UTF-16 offsets: one unit too far after the emoji
        "jsonl",
        {"in.jsonl": doccano({"text": TEXT, "spans": [jsonl_span(13, 19, text="Lavrov")]})},
        "in.jsonl",
        1,
        'its text "Lavrov" disagrees with the offsets, which cover "avrov."',
    ),
    (
        "jsonl-unknown-label",
        "jsonl",
        {
            "in.jsonl": doccano(
                GOOD_JSONL, GOOD_JSONL, {"text": TEXT, "spans": [jsonl_span(0, 5, "X")]}
            )
        },
        "in.jsonl",
        3,
        "unknown label 'X'",
    ),
    (
        "doccano-malformed-json",
        "doccano",
        {"in.jsonl": doccano(GOOD_DOCCANO, '{"text": "a", "label": [[0, 1, "ACTOR"]')},
        "in.jsonl",
        2,
        "not valid JSON",
    ),
    (
        "doccano-offsets-outside",
        "doccano",
        {
            "in.jsonl": doccano(
                GOOD_DOCCANO, GOOD_DOCCANO, {"text": TEXT, "label": [[12, 99, "ACTOR"]]}
            )
        },
        "in.jsonl",
        3,
        "label 0 [12, 99) lies outside the text (length 19)",
    ),
    (
        "doccano-unknown-label",
        "doccano",
        {"in.jsonl": doccano(GOOD_DOCCANO, {"text": TEXT, "label": [[12, 18, "PLACE"]]})},
        "in.jsonl",
        2,
        "unknown label 'PLACE'",
    ),
    (
        "doccano-classification-labels",
        "doccano",
        {"in.jsonl": doccano({"text": TEXT, "label": ["POSITIVE"]})},
        "in.jsonl",
        1,
        "label 0 must be [start, end, label]",
    ),
    (
        "doccano-float-offset",
        "doccano",
        {"in.jsonl": doccano({"text": TEXT, "label": [[0.0, 5, "ACTOR"]]})},
        "in.jsonl",
        1,
        "label 0: start must be an integer, got 0.0",
    ),
    (
        "doccano-relation-to-nothing",
        "doccano",
        {
            "in.jsonl": doccano(
                {
                    "text": TEXT,
                    "entities": [{"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 5}],
                    "relations": [{"id": 2, "from_id": 1, "to_id": 7, "type": "SAYS"}],
                }
            )
        },
        "in.jsonl",
        1,
        "relation 0: to_id 7 names no entity of this line",
    ),
    (
        "labelstudio-malformed-json",
        "labelstudio",
        {"in.json": '[\n{"data": {"text": "a"}},\n{"data": {"text": "b"}\n]\n'},
        "in.json",
        4,
        "not valid JSON",
    ),
    (
        "labelstudio-offsets-outside",
        "labelstudio",
        {"in.json": labelstudio(task([region(0, 5)]), task([region(12, 40)], doc_id="u"))},
        "in.json",
        3,
        "task 1, annotation 0, result 0 [12, 40) lies outside the text (length 19)",
    ),
    (
        "labelstudio-text-disagrees",
        "labelstudio",
        {"in.json": labelstudio(task([region(12, 18, text="Kerry")]))},
        "in.json",
        2,
        'its text "Kerry" disagrees with the offsets, which cover "Lavrov"',
    ),
    (
        "labelstudio-utf16-offsets",  # what a UTF-16 tool would write: one unit too far
        "labelstudio",
        {"in.json": labelstudio(task([region(13, 19, text="Lavrov")]))},
        "in.json",
        2,
        "disagrees with the offsets",
    ),
    (
        "labelstudio-unknown-label",
        "labelstudio",
        {"in.json": labelstudio(task([region(0, 5)]), task([region(12, 18, "PLACE")], doc_id="u"))},
        "in.json",
        3,
        "unknown label 'PLACE'",
    ),
    (
        "labelstudio-not-an-array",
        "labelstudio",
        {"in.json": '"tasks"\n'},
        "in.json",
        1,
        "expected a JSON array of tasks",
    ),
    (
        "brat-offsets-outside",
        "brat",
        {"b/doc.txt": TEXT, "b/doc.ann": "T1\tACTOR 0 5\tKerry\nT2\tACTOR 12 99\tLavrov.\n"},
        "b",
        2,
        "span [12, 99) lies outside the text (length 19)",
    ),
    (
        "brat-text-disagrees",
        "brat",
        {"b/doc.txt": TEXT, "b/doc.ann": "T1\tACTOR 13 19\tLavrov\n"},
        "b",
        1,
        "the span text 'Lavrov' disagrees with the offsets, which cover 'avrov.'",
    ),
    (
        "brat-unknown-label",
        "brat",
        {"b/doc.txt": TEXT, "b/doc.ann": "T1\tACTOR 0 5\tKerry\nT2\tPLACE 12 18\tLavrov\n"},
        "b",
        2,
        "unknown label 'PLACE'",
    ),
    (
        "brat-malformed-t-line",
        "brat",
        {"b/doc.txt": TEXT, "b/doc.ann": "T1\tACTOR 0 5\tKerry\nT2\tACTOR twelve 18\tLavrov\n"},
        "b",
        2,
        "offset 'twelve' is not a whole number of 0 or more (digits 0-9)",
    ),
    (
        "brat-bad-meta",
        "brat",
        {
            "b/doc.txt": TEXT,
            "b/doc.ann": "T1\tACTOR 0 5\tKerry\n",
            "b/meta.jsonl": '{"id": "doc", "meta": {}}\n{"id": "doc", "meta": [1]}\n',
        },
        "b",
        2,
        'expected {"id": "...", "meta": {...}}',
    ),
    (
        "brat-unknown-line",
        "brat",
        {"b/doc.txt": TEXT, "b/doc.ann": "T1\tACTOR 0 5\tKerry\nX1\twhat\n"},
        "b",
        2,
        "not a brat annotation line (starts with 'X')",
    ),
    (
        "prodigy-offsets-outside",
        "prodigy",
        {
            "in.jsonl": '{"text": "Kerry", "answer": "accept", "spans": []}\n'
            '{"text": "Kerry", "answer": "accept", '
            '"spans": [{"start": 0, "end": 99, "label": "ACTOR"}]}\n'
        },
        "in.jsonl",
        2,
        "span 0 [0, 99) lies outside the text (length 5)",
    ),
    (
        "conll-inside-without-begin",
        "conll",
        {"in.conll": "-DOCSTART- d alice\nKerry\t_\tI-ACTOR\nspoke\tSpaceAfter=No\tO\n"},
        "in.conll",
        2,
        "I-ACTOR does not continue a ACTOR span (it follows nothing)",
    ),
    (
        "jsonl-line-nested-too-deep",
        "jsonl",
        {"in.jsonl": nested(1000) + "\n"},
        "in.jsonl",
        1,
        TOO_DEEP,
    ),
    (
        "jsonl-meta-nested-too-deep",
        "jsonl",
        {
            "in.jsonl": doccano(
                GOOD_JSONL, '{"text": "a", "meta": {"x": ' + nested(1000, "{") + "}}"
            )
        },
        "in.jsonl",
        2,
        TOO_DEEP,
    ),
    (
        "doccano-nested-too-deep",
        "doccano",
        {"in.jsonl": doccano(GOOD_DOCCANO, '{"text": "a", "label": ' + nested(1000) + "}")},
        "in.jsonl",
        2,
        TOO_DEEP,
    ),
    (
        "prodigy-nested-too-deep",
        "prodigy",
        {"in.jsonl": doccano(GOOD_PRODIGY, '{"text": "a", "meta": ' + nested(1000, "{") + "}")},
        "in.jsonl",
        2,
        TOO_DEEP,
    ),
    (
        "labelstudio-nested-too-deep",
        "labelstudio",
        {
            "in.json": labelstudio(
                raw="[\n"
                + json.dumps(task([region(0, 5)]))
                + ',\n{"data": {"text": "a", "x": '
                + nested(1000)
                + "}}\n]\n"
            )
        },
        "in.json",
        3,
        TOO_DEEP,
    ),
    (
        "brat-meta-nested-too-deep",
        "brat",
        {
            "b/doc.txt": TEXT,
            "b/doc.ann": "T1\tACTOR 0 5\tKerry\n",
            "b/meta.jsonl": '{"id": "doc", "meta": {}}\n{"id": "doc", "meta": '
            + nested(1000, "{")
            + "}\n",
        },
        "b",
        2,
        TOO_DEEP,
    ),
    (
        "brat-note-on-no-span",
        "brat",
        {"b/doc.txt": TEXT, "b/doc.ann": "T1\tACTOR 0 5\tKerry\n#1\tAnnotatorNotes T9\tlost\n"},
        "b",
        2,
        "a note on T9, which is not a span in this file",
    ),
]


@pytest.mark.parametrize(
    ("name", "fmt", "files", "target", "line", "reason"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_file_names_file_and_line_and_changes_nothing(
    project_path: Path,
    tmp_path: Path,
    dump: Callable[[Path], list[str]],
    name,
    fmt,
    files,
    target,
    line,
    reason,
):
    with open_project(project_path) as project:
        project.add_document(Document("seed", "Seed text.", "seed"))
        project.add_span(Span("seed", "alice", 0, 4, "EVENT"))
    for relative, content in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(content, encoding="utf-8", newline="")
    before = dump(project_path)
    for given in (fmt, "auto"):
        with open_project(project_path) as project, pytest.raises(InputError) as error:
            import_paths(project, [tmp_path / target], format=given)
        message = str(error.value)
        where = error.value.path
        assert where is not None and Path(where).is_file(), message
        assert error.value.line == line, message
        assert message.startswith(f"{where}:{line}: "), message
        assert reason in error.value.reason, message
        assert dump(project_path) == before


def test_brat_ann_without_its_text_file(project_path: Path, tmp_path: Path, dump):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    (folder / "one.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    (folder / "two.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    before = dump(project_path)
    with open_project(project_path) as project, pytest.raises(InputError) as error:
        import_paths(project, [folder], format="brat")
    assert str(error.value) == f"{folder / 'two.ann'}: no text file two.txt beside it"
    assert dump(project_path) == before


def test_brat_lines_it_cannot_carry_are_counted_not_dropped(project: Project, tmp_path: Path):
    """Discontinuous T lines, R and E lines are carried (tests/core/formats/test_brat_*);
    attributes and normalisations, which a layer cannot hold, are counted."""
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8")
    (folder / "doc.ann").write_text(
        "T1\tACTOR 0 5\tKerry\n"
        "T2\tACTOR 12 18\tLavrov\n"
        "T3\tQUOTE 0 5;12 18\tKerry Lavrov\n"
        "T4\tMeet 8 11\tmet\n"
        "R1\tMeets Arg1:T1 Arg2:T2\n"
        "E1\tMeet:T4 Agent:T2\n"
        "A1\tNegated T1\n"
        "N1\tReference T1 Wikipedia:534366\tKerry\n"
        "#1\tAnnotatorNotes T1\tthe US secretary\\nof state\n"
        "#2\tAnnotatorNotes T3\ta note on a discontinuous span\n"
        "#3\tAnnotatorNotes R1\ta note on a relation\n",
        encoding="utf-8",
    )
    report = import_paths(project, [folder], format="brat", add_labels=True)
    assert (report.spans_added, report.relations_added) == (4, 2)
    assert report.notes == [
        f"{folder}: skipped 1 # line(s) not notes on a span, 1 A line(s), 1 N line(s)"
    ]
    assert report.notes[0] in report.summary()
    spans = project.spans("doc", "imported")
    assert [(s.start, s.end, s.label, s.note, s.fragments) for s in spans] == [
        (0, 5, "ACTOR", "the US secretary\nof state", ()),
        (0, 18, "QUOTE", "a note on a discontinuous span", ((0, 5), (12, 18))),
        (8, 11, "Meet", None, ()),
        (12, 18, "ACTOR", None, ()),
    ]
    assert {label.name: label.event for label in project.labels()}["Meet"] is True


def test_labelstudio_results_it_cannot_carry_are_counted(project: Project, tmp_path: Path):
    tasks = [
        {
            "data": {"text": TEXT, "id": "t", "source": "wire"},
            "annotations": [
                {
                    "completed_by": {"id": 3, "email": "ann@example.org"},
                    "result": [
                        region(0, 5),
                        {
                            "id": "c",
                            "from_name": "sentiment",
                            "to_name": "text",
                            "type": "choices",
                            "value": {"choices": ["positive"]},
                        },
                        {"type": "relation", "from_id": "r", "to_id": "r", "direction": "right"},
                    ],
                },
                {"completed_by": 4, "was_cancelled": True, "result": []},
            ],
            "predictions": [{"result": []}],
        }
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    report = import_paths(project, [path], format="labelstudio")
    assert project.annotators() == ["ann@example.org"]
    assert project.document("t").meta == {"source": "wire"}
    assert [(s.start, s.end) for s in project.spans("t", "ann@example.org")] == [(0, 5)]
    assert report.notes == [
        f"{path}: 1 cancelled annotation(s) skipped (not text spans)",
        f"{path}: 1 choices result(s) skipped (not text spans)",
        f"{path}: 1 prediction(s) skipped (not text spans)",
        f"{path}: 1 relation(s) without a label skipped (this project's relations have a type)",
    ]


def test_doccano_keeps_unknown_keys_as_meta(project: Project, tmp_path: Path):
    path = tmp_path / "all.jsonl"
    path.write_text(
        doccano({"id": 7, "text": TEXT, "label": [[12, 18, "ACTOR"]], "Comments": [], "src": "x"}),
        encoding="utf-8",
    )
    report = import_paths(project, [path], format="doccano")
    assert report.layers == 1
    assert project.document("7").meta == {"Comments": [], "src": "x"}
    assert [(s.start, s.end, s.annotator) for s in project.spans("7", "imported")] == [
        (12, 18, "imported")
    ]
