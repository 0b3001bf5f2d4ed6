"""`annotator suggest`, `annotator gazetteer` and `annotator export --suggestions`, in
process through `main([...])` and as a real subprocess: suggestions stored with a progress
line and a summary, usage errors (exit 2) and errors (exit 1) in one line with nothing
written, every format carrying the suggestions layer, and suggestions never counted as
anybody's layer."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import cli_suggest
from annotator.cli import main
from annotator.core.formats import MODULES, get_format
from annotator.core.model import Document, Span, Suggestion
from annotator.store.project import create_project, open_project
from tests.helpers.projects import dump_database

ROOT = Path(__file__).resolve().parents[2]

TEXTS = {
    "kerry": "“We are ready to talk about the ceasefire,” John Kerry said on Friday in Geneva.",
    "lavrov": 'Sergei Lavrov met Kerry. "There is no agreement on the text yet," said Lavrov.',
    "quiet": "Nothing was said today, and nobody was quoted.",
}


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([str(arg) for arg in args])
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def assert_one_line_error(err: str, text: str) -> None:
    assert err.startswith("annotator: error: ") and text in err, err
    assert err.count("\n") == 1 and "Traceback" not in err, err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    project = create_project(path)
    for doc_id, text in TEXTS.items():
        project.add_document(Document(doc_id, text, doc_id))
    start = TEXTS["lavrov"].index("Sergei Lavrov")
    project.add_span(Span("lavrov", "alice", start, start + len("Sergei Lavrov"), "ACTOR"))
    project.close()
    return path


def stored(path: Path) -> dict[str, list[tuple[str, str, tuple[str, ...], str | None]]]:
    """Per document: (text, label, suggesters, speaker's text) of each suggestion."""
    project = open_project(path)
    try:
        result = {}
        for doc_id, text in TEXTS.items():
            result[doc_id] = [
                (
                    text[s.start : s.end],
                    s.label,
                    s.suggesters,
                    text[s.speaker[0] : s.speaker[1]] if s.speaker else None,
                )
                for s in project.suggestions(doc_id)
            ]
        return result
    finally:
        project.close()


# -- suggest -------------------------------------------------------------------------------


def test_suggest_stores_suggestions_and_says_what_it_did(db, capsys):
    code, out, err = run(capsys, "suggest", db)
    assert code == 0 and out == ""
    lines = err.splitlines()
    assert lines[0] == "suggesting: 3 of 3 documents (100%)"
    assert (
        lines[1].startswith("suggested 3 document(s) in ") and "suggestion(s) (ACTOR " in lines[1]
    )
    assert len(lines) == 2
    found = stored(db)
    quotes = [row for row in found["kerry"] if row[1] == "QUOTE"]
    assert len(quotes) == 1 and quotes[0][0].startswith("We are ready to talk")
    assert quotes[0][3] == "John Kerry"
    # Known actors: the ACTOR span alice made, on whole words, and nothing in "quiet".
    assert ("Sergei Lavrov", "ACTOR", ("actors",), None) in found["lavrov"]
    assert all(label != "QUOTE" for _, label, _, _ in found["quiet"])
    total = sum(len(rows) for rows in found.values())
    assert f": {total} suggestion(s)" in lines[1]


def test_suggest_some_documents_with_some_suggesters(db, capsys):
    code, _, err = run(capsys, "suggest", db, "--documents", "lavrov", "--suggesters", "actors")
    assert code == 0, err
    found = stored(db)
    assert found["kerry"] == [] and found["quiet"] == []
    assert {row[1:3] for row in found["lavrov"]} == {("ACTOR", ("actors",))}
    assert "suggested 1 document(s)" in err


def test_suggest_again_keeps_the_decisions(db, capsys):
    assert run(capsys, "suggest", db)[0] == 0
    project = open_project(db)
    first = project.suggestions("kerry")
    project.decide_suggestion(first[0].id, "alice", "rejected")
    project.close()
    assert run(capsys, "suggest", db)[0] == 0
    project = open_project(db)
    assert [s.id for s in project.suggestions("kerry")] == [s.id for s in first]
    assert project.suggestion_decisions("kerry", "alice") == {first[0].id: "rejected"}
    project.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--suggesters", "quotes,magic"], "unknown suggester 'magic'"),
        (["--suggesters", " , "], "name at least one of"),
        (["--suggesters", "quotes,spacy"], "the spacy suggester needs --model NAME"),
        (["--suggesters", "quotes", "--model", "en_core_web_sm"], "add spacy to --suggesters"),
        (["--workers", "0"], "at least 1"),
        (["--documents", ","], "name at least one document id"),
    ],
)
def test_suggest_usage_errors_exit_2_and_write_nothing(db, capsys, args, message):
    before = dump_database(db)
    err = usage_error(capsys, "suggest", db, *args)
    assert message in err and "Traceback" not in err
    assert dump_database(db) == before


def test_suggest_unknown_document_is_one_line_and_writes_nothing(db, capsys):
    before = dump_database(db)
    code, out, err = run(capsys, "suggest", db, "--documents", "kerry,nope")
    assert (code, out) == (1, "")
    assert_one_line_error(err, "no document with id 'nope'; nothing was suggested")
    assert dump_database(db) == before


def test_suggest_with_a_model_spacy_cannot_load_writes_nothing(db, capsys, tmp_path):
    before = dump_database(db)
    code, _, err = run(capsys, "suggest", db, "--model", tmp_path / "no-such-model")
    assert code == 1
    assert_one_line_error(err, "")
    assert dump_database(db) == before


def test_suggest_in_a_project_without_quote_says_what_it_skipped(db, capsys):
    project = open_project(db)
    project.remove_relation_type("source")
    project.remove_label("QUOTE")
    project.close()
    code, _, err = run(capsys, "suggest", db)
    assert code == 0, err
    assert "skipped 2 QUOTE suggestion(s): the project has no QUOTE label" in err
    assert all(row[1] == "ACTOR" for rows in stored(db).values() for row in rows)


def test_suggest_with_spacy_entities(db, capsys, tmp_path):
    pytest.importorskip("annotator.core.suggest.entities")
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Geneva"}])
    nlp.to_disk(tmp_path / "model")
    code, _, err = run(capsys, "suggest", db, "--model", tmp_path / "model")
    assert code == 0, err
    assert ("Geneva", "ACTOR", ("spacy",), None) in stored(db)["kerry"]


def test_suggest_as_a_subprocess_in_worker_processes(tmp_path):
    db = tmp_path / "many.db"
    project = create_project(db)
    with project.transaction():
        for n in range(120):  # three batches: two workers
            text = f"“We are ready to talk about item {n},” John Kerry said. Lavrov agreed."
            project.add_document(Document(f"d{n}", text, f"d{n}"))
    project.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "suggest", str(db), "--workers", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "suggested 120 document(s) in " in done.stderr
    assert ", 2 worker processes: " in done.stderr
    project = open_project(db)
    assert all(project.suggestions(f"d{n}") for n in range(120))
    project.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_keeps_the_documents_done(tmp_path, workers):
    """Ctrl+C at a terminal interrupts the whole process group (the worker processes
    too): exit 130, one line saying how many documents keep their suggestions (the first
    ones, in project order), no traceback from any process, the project whole."""
    db = tmp_path / "many.db"
    project = create_project(db)
    count = 3_000
    with project.transaction():
        for n in range(count):
            text = f"“We are ready to talk about item {n},” John Kerry said. Lavrov agreed."
            project.add_document(Document(f"d{n:05}", text, f"d{n}"))
    project.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-m", "annotator", "suggest", str(db), "--workers", str(workers)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    ) as process:
        assert process.stderr is not None
        first = process.stderr.readline()  # the first tenth is stored
        assert first.startswith("suggesting: "), first
        os.killpg(process.pid, signal.SIGINT)
        rest = process.stderr.read()
        assert process.wait(timeout=60) == 130
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest, rest
    said = [line for line in rest.splitlines() if line.startswith("interrupted: ")]
    assert len(said) == 1, rest
    done = int(said[0].split("first ")[1].split(" ")[0].replace(",", ""))
    assert 0 < done < count
    project = open_project(db)
    with_suggestions = [n for n in range(count) if project.suggestions(f"d{n:05}")]
    project.close()
    assert with_suggestions == list(range(done))


def test_ctrl_c_just_after_a_batch_is_stored_counts_that_batch(tmp_path, capsys, monkeypatch):
    """Ctrl+C right after a batch's commit (here sent by the test at that moment) still
    counts the batch: the line names every document that keeps its suggestions."""
    from annotator.store.sqlite.project import Project

    db = tmp_path / "batches.db"
    project = create_project(db)
    with project.transaction():
        for n in range(120):
            text = f"“We are ready to talk about item {n},” John Kerry said."
            project.add_document(Document(f"d{n:03}", text, f"d{n}"))
    project.close()
    storing = Project.store_suggestions
    transaction = Project.transaction
    state = {"stored": False, "sent": False}

    def store_suggestions(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        state["stored"] = True
        return storing(self, *args, **kwargs)

    @contextlib.contextmanager
    def interrupted_after_commit(self):  # type: ignore[no-untyped-def]
        with transaction(self):
            yield
        if state["stored"] and not state["sent"] and not self.conn.in_transaction:
            state["sent"] = True
            os.kill(os.getpid(), signal.SIGINT)  # just after the first batch's commit

    monkeypatch.setattr(Project, "store_suggestions", store_suggestions)
    monkeypatch.setattr(Project, "transaction", interrupted_after_commit)
    code, _, err = run(capsys, "suggest", db)
    assert code == 130 and state["sent"]
    project = open_project(db)
    kept = sum(1 for n in range(120) if project.suggestions(f"d{n:03}"))
    project.close()
    assert 0 < kept < 120
    assert f"interrupted: the suggestions of the first {kept:,} document(s) are stored" in err


def test_the_progress_line_is_rewritten_in_place_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    line = cli_suggest._ProgressLine(stream)
    assert all(line.update(done, 200) for done in (50, 100, 150, 200))
    line.end()
    shown = stream.getvalue()
    # The first and the last at least (at most ten a second), each over the one before.
    assert shown.startswith("\rsuggesting: 50 of 200 documents (25%)\x1b[K")
    assert shown.endswith("\rsuggesting: 200 of 200 documents (100%)\x1b[K\n")
    assert shown.count("\n") == 1


def test_the_progress_lines_in_a_log_are_one_per_tenth():
    stream = io.StringIO()
    line = cli_suggest._ProgressLine(stream)
    for done in range(50, 1001, 50):
        line.update(done, 1000)
    line.end()
    assert stream.getvalue().splitlines() == [
        f"suggesting: {n:,} of 1,000 documents ({n // 10}%)" for n in range(100, 1001, 100)
    ]


# -- gazetteer -----------------------------------------------------------------------------


def test_gazetteer_add_and_list(db, capsys, tmp_path):
    pytest.importorskip("annotator.core.suggest.gazetteer")
    names = tmp_path / "names.txt"
    names.write_text("# people\nJohn Kerry\tKerry\nAmina Yusuf\n\n", encoding="utf-8")
    code, _, err = run(capsys, "gazetteer", "add", db, names)
    assert code == 0, err
    assert err.startswith("added 2 name(s) to the gazetteer (0 held already)")
    assert run(capsys, "gazetteer", "add", db, names)[2].startswith("added 0 name(s)")
    code, out, _ = run(capsys, "gazetteer", "list", db)
    assert (code, out) == (0, "Amina Yusuf\nJohn Kerry\tKerry\n")
    assert run(capsys, "suggest", db, "--suggesters", "actors")[0] == 0
    assert ("Kerry", "ACTOR", ("actors",), None) in stored(db)["lavrov"]


def test_gazetteer_bad_line_is_one_line_and_writes_nothing(db, capsys, tmp_path):
    pytest.importorskip("annotator.core.suggest.gazetteer")
    names = tmp_path / "names.txt"
    names.write_text("John Kerry\nA\tB\tC\n", encoding="utf-8")
    before = dump_database(db)
    code, _, err = run(capsys, "gazetteer", "add", db, names)
    assert code == 1
    assert_one_line_error(err, f"{names}:2:")
    assert dump_database(db) == before


def test_gazetteer_list_of_an_empty_gazetteer(db, capsys):
    assert run(capsys, "gazetteer", "list", db) == (0, "", "")


# -- export --suggestions ------------------------------------------------------------------

QUOTE = (1, 42)  # We are ready to talk about the ceasefire,
KERRY = (44, 54)  # John Kerry


@pytest.fixture
def suggested(db: Path) -> Path:
    """Known suggestions: kerry's quote with its speaker, John Kerry, Geneva; lavrov's
    Lavrov (rejected by bob: not open); nothing in quiet."""
    project = open_project(db)
    text = TEXTS["kerry"]
    assert text[slice(*QUOTE)].startswith("We are") and text[slice(*KERRY)] == "John Kerry"
    geneva = text.index("Geneva")
    project.store_suggestions(
        "kerry",
        [
            Suggestion("kerry", *QUOTE, "QUOTE", ("quotes",), speaker=KERRY),
            Suggestion("kerry", *KERRY, "ACTOR", ("speakers",)),
            Suggestion("kerry", geneva, geneva + 6, "ACTOR", ("actors",)),
        ],
    )
    start = TEXTS["lavrov"].index("Lavrov")
    project.store_suggestions(
        "lavrov", [Suggestion("lavrov", start, start + 6, "ACTOR", ("actors",))]
    )
    (lavrov,) = project.suggestions("lavrov")
    project.decide_suggestion(lavrov.id, "bob", "rejected")
    project.close()
    return db


def test_export_suggestions_as_jsonl(suggested, capsys, tmp_path):
    out = tmp_path / "s.jsonl"
    code, _, err = run(capsys, "export", suggested, "--suggestions", "-o", out)
    assert code == 0, err
    assert "exported 1 document(s), 1 layer(s), 3 span(s) as jsonl" in err
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert (line["id"], line["annotator"], line["status"]) == ("kerry", "suggestions", None)
    spans = {span["text"]: span for span in line["spans"]}
    assert [span["id"] for span in line["spans"]] == [1, 2, 3]
    assert set(spans) == {TEXTS["kerry"][slice(*QUOTE)], "John Kerry", "Geneva"}
    quote = spans[TEXTS["kerry"][slice(*QUOTE)]]
    assert line["relations"] == [
        {"head": quote["id"], "tail": spans["John Kerry"]["id"], "label": "source"}
    ]


def test_export_suggestions_to_standard_output_and_with_labels(suggested, capsys):
    code, out, _ = run(capsys, "export", suggested, "--suggestions", "--labels", "QUOTE")
    assert code == 0
    (line,) = [json.loads(x) for x in out.splitlines()]
    # Only quotes: the speaker's ACTOR span is not chosen, and neither is the link.
    assert [span["label"] for span in line["spans"]] == ["QUOTE"] and line["relations"] == []


def test_export_suggestions_does_not_combine_with_layer_choices(suggested, capsys):
    code, _, err = run(capsys, "export", suggested, "--suggestions", "--annotator", "alice")
    assert code == 1
    assert_one_line_error(err, "--suggestions writes the suggestions alone")


def test_an_export_without_suggestions_has_none(suggested, capsys, tmp_path):
    for args in ([], ["--format", "jsonl", "-o", tmp_path / "x.jsonl"]):
        code, out, _ = run(capsys, "export", suggested, *args)
        assert code == 0
        text = out or (tmp_path / "x.jsonl").read_text(encoding="utf-8")
        lines = [json.loads(x) for x in text.splitlines()]
        assert {line["annotator"] for line in lines} == {"alice", None}
        assert sum(len(line["spans"]) for line in lines) == 1  # alice's Sergei Lavrov


@pytest.mark.parametrize("fmt", list(MODULES))
def test_export_suggestions_in_every_format_imports_back(suggested, capsys, tmp_path, fmt):
    target = tmp_path / ("out" if fmt == "brat" else f"out.{fmt}")
    code, _, exported = run(
        capsys, "export", suggested, "--suggestions", "--format", fmt, "-o", target
    )
    assert code == 0, exported
    assert "exported 1 document(s), 1 layer(s), 3 span(s)" in exported
    text = TEXTS["kerry"]
    if get_format(fmt).read is None:  # spaCy's DocBin: read it with spaCy
        got, links = _read_docbin(target)
    else:
        got, links = _import_back(capsys, target, fmt, tmp_path / "again.db")
    assert got == {
        (text[slice(*QUOTE)], "QUOTE"),
        ("John Kerry", "ACTOR"),
        ("Geneva", "ACTOR"),
    }
    if get_format(fmt).carries_relations:
        assert links == [("We are ready", "source", "John Kerry")]
    else:  # the format has no place for them, and the export said so
        assert links == []
        assert "note: 1 relation(s) of the exported layers are not in this export" in exported


Found = tuple[set[tuple[str, str]], list[tuple[str, str, str]]]


def _import_back(capsys, target: Path, fmt: str, again: Path) -> Found:
    assert run(capsys, "init", again)[0] == 0
    code, _, err = run(
        capsys, "import", again, target, "--format", fmt, "--annotator", "suggestions"
    )
    assert code == 0, err
    project = open_project(again)
    try:
        ((doc_id, _, _),) = list(project.document_lengths())
        text = project.document(doc_id).text
        assert text == TEXTS["kerry"]
        spans = {s.id: s for s in project.spans(doc_id, "suggestions")}
        got = {(text[s.start : s.end], s.label) for s in spans.values()}
        links = [
            (
                text[spans[r.head_span_id].start : spans[r.head_span_id].end][:12],
                r.label,
                text[spans[r.tail_span_id].start : spans[r.tail_span_id].end],
            )
            for r in project.relations(doc_id, "suggestions")
        ]
        return got, links
    finally:
        project.close()


def _read_docbin(target: Path) -> Found:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    (doc,) = DocBin().from_disk(target).get_docs(spacy.blank("en").vocab)
    assert doc.user_data["annotator"] == "suggestions"
    spans = list(doc.spans["sc"])
    links = [
        (spans[head].text[:12], label, spans[tail].text)
        for head, tail, label in doc.user_data["relations"]
    ]
    return {(span.text, span.label_) for span in spans}, links


def test_a_format_without_relations_says_what_it_left_out(suggested, capsys, tmp_path):
    code, _, err = run(
        capsys, "export", suggested, "--suggestions", "--format", "conll", "-o", tmp_path / "x"
    )
    assert code == 0
    assert "note: 1 relation(s) of the exported layers are not in this export" in err
    code, _, err = run(
        capsys,
        "export",
        suggested,
        "--suggestions",
        "--format",
        "doccano",
        "--relations",
        "-o",
        tmp_path / "y",
    )
    assert code == 0 and "note:" not in err
    line = json.loads((tmp_path / "y").read_text(encoding="utf-8").splitlines()[0])
    assert len(line["relations"]) == 1


# -- suggestions are nobody's layer ----------------------------------------------------------


def test_stats_and_agreement_ignore_suggestions(db, capsys):
    project = open_project(db)
    start = TEXTS["kerry"].index("John Kerry")
    for name in ("alice", "bob"):
        project.add_span(Span("kerry", name, start, start + 10, "ACTOR"))
        project.set_status("kerry", name, "done")
    project.close()
    layer_keys = ("documents", "spans", "spans_per_label", "annotators", "spans_per_annotator")
    before_stats = json.loads(run(capsys, "stats", db, "--json")[1])
    before_agreement = run(capsys, "agreement", db, "--json")[1]
    assert run(capsys, "suggest", db)[0] == 0
    after_stats = json.loads(run(capsys, "stats", db, "--json")[1])
    assert {k: after_stats[k] for k in layer_keys} == {k: before_stats[k] for k in layer_keys}
    assert "suggestions" not in after_stats["annotators"]
    assert run(capsys, "agreement", db, "--json")[1] == before_agreement
