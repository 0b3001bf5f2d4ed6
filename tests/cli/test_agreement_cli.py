"""`annotator agreement`, in process and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main

TEXT = "Mayor Lee told Kim: bridge opens in May."
A = [(0, 9, "ACTOR"), (10, 14, "EVENT"), (20, 40, "QUOTE")]
B = [(0, 9, "ACTOR"), (10, 14, "CLAIM"), (15, 18, "ACTOR"), (20, 39, "QUOTE")]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def line(doc: str, text: str, annotator: str, spans, status: str = "done") -> dict:
    return {
        "id": doc,
        "text": text,
        "annotator": annotator,
        "status": status,
        "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans],
    }


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    """The worked example (alice: A, bob: B) and an empty document both finished."""
    lines = [
        line("ex", TEXT, "alice", A),
        line("ex", TEXT, "bob", B),
        line("blank", "Nothing here.", "alice", []),
        line("blank", "Nothing here.", "bob", []),
        line("draft", TEXT, "carol", A, status="in_progress"),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    path = tmp_path / "p.db"
    assert run(capsys, "init", path)[0] == 0
    assert run(capsys, "import", path, source)[0] == 0
    return path


def test_tables(db, capsys):
    code, out, err = run(capsys, "agreement", db, "--annotators", "alice,bob")
    assert (code, err) == (0, "")
    assert "documents   2 compared" in out
    # F1 exact 2/7, overlap 4/7; kappa over 40 + 13 characters (the blank adds 13 agreed O):
    # agree 45 of 53, chance 9·12 + 20·18 + 20·19 = 848, (45·53 - 848)/(53² - 848) = 1537/1961.
    assert f"{1537 / 1961:.3f}" == "0.784"
    assert any(
        row.split()[:6] == ["alice", "bob", "2", "0.286", "0.571", "0.784"]
        and row.split()[7:] == ["1", "2", "3"]  # exact matches, only alice's, only bob's
        for row in out.splitlines()
    ), out
    rows = [row.split() for row in out.splitlines()]
    assert ["alice", "bob", "QUOTE", "0.000", "1.000", f"{1254 / 1307:.3f}", "0.994"] in rows
    # Fleiss (two annotators: Scott's pi) = (45·212 - 3438)/(11236 - 3438) = 6102/7798.
    assert ["(all)", f"{6102 / 7798:.3f}", "0.785", "0.858"] in rows
    assert "Fleiss kappa" in out and "Krippendorff alpha" in out and "alpha_U" in out


def test_json_shape_with_null(db, capsys):
    code, out, _ = run(
        capsys, "agreement", db, "--json", "--per-document", "--annotators", "alice,bob"
    )
    assert code == 0
    assert "NaN" not in out
    report = json.loads(out)
    assert report["annotators"] == ["alice", "bob"]
    assert report["labels"] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
    assert report["documents"] == 2
    (pair,) = report["pairs"]
    assert {"a", "b", "documents", "f1_exact", "f1_overlap", "cohen_kappa", "per_label"} <= set(
        pair
    )
    assert set(pair["per_label"]) == set(report["labels"])
    assert {"f1_exact", "f1_overlap", "cohen_kappa"} <= set(pair["per_label"]["ACTOR"])
    assert abs(pair["f1_exact"] - 2 / 7) <= 1e-12
    for key in ("fleiss_kappa", "krippendorff_alpha", "alpha_u"):
        assert isinstance(report[key], float)
        assert set(report["per_label"]["ACTOR"]) >= {key}
    by_id = {d["id"]: d for d in report["per_document"]}
    assert list(by_id) == ["ex", "blank"]
    assert by_id["ex"]["disagreements"] == 3
    # The blank document: one category, no units: undefined, written as null.
    assert by_id["blank"]["krippendorff_alpha"] is None
    assert by_id["blank"]["alpha_u"] is None
    assert by_id["blank"]["disagreements"] == 0


def test_json_without_per_document_and_with_labels(db, capsys):
    code, out, _ = run(
        capsys, "agreement", db, "--json", "--labels", "QUOTE", "--annotators", "alice,bob"
    )
    report = json.loads(out)
    assert code == 0 and "per_document" not in report
    assert report["labels"] == ["QUOTE"]
    # Only QUOTE: the categories are QUOTE and O. 52 of 53 agree, chance 20·19 + 33·34 = 1502.
    assert abs(report["pairs"][0]["cohen_kappa"] - 1254 / 1307) <= 1e-12


def test_include_unfinished_brings_in_carol(db, capsys):
    _, out, _ = run(capsys, "agreement", db, "--json")
    assert [(p["a"], p["b"], p["documents"]) for p in json.loads(out)["pairs"]] == [
        ("alice", "bob", 2),
        ("alice", "carol", 0),
        ("bob", "carol", 0),
    ]
    _, out, _ = run(capsys, "agreement", db, "--json", "--include-unfinished")
    pairs = json.loads(out)["pairs"]
    assert [(p["a"], p["b"], p["documents"]) for p in pairs][1] == ("alice", "carol", 0)
    assert pairs[2]["documents"] == 0  # carol's draft is on a document bob never saw


def test_an_undefined_pair_is_null_in_json_and_dash_in_tables(db, capsys):
    _, out, _ = run(capsys, "agreement", db, "--json")
    assert json.loads(out)["pairs"][1]["cohen_kappa"] is None
    _, out, _ = run(capsys, "agreement", db)
    carol_row = next(r for r in out.splitlines() if r.split()[:2] == ["alice", "carol"])
    assert carol_row.split()[2:] == ["0", "-", "-", "-", "-", "0", "0", "0"]
    matrix = out.splitlines()[out.splitlines().index("pairwise: F1 exact / F1 overlap / kappa") + 2]
    assert matrix.split()[1:] == [f"{2 / 7:.3f}/{4 / 7:.3f}/{1537 / 1961:.3f}", "-/-/-"]


def test_bad_annotator_name(db, capsys):
    code, out, err = run(capsys, "agreement", db, "--annotators", "alice,zed")
    assert (code, out) == (1, "")
    assert err == "annotator: error: unknown annotator 'zed'; the project has: alice, bob, carol\n"


def test_bad_label_name(db, capsys):
    code, _, err = run(capsys, "agreement", db, "--labels", "ACTOR,PLACE")
    assert code == 1
    assert err.startswith("annotator: error: unknown label 'PLACE'; the project has: ACTOR")


def test_as_a_subprocess(db):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "agreement",
            str(db),
            "--json",
            "--annotators",
            "alice,bob",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert abs(json.loads(proc.stdout)["pairs"][0]["f1_overlap"] - 4 / 7) <= 1e-12


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """AGREEMENT.md's relation example in a real project file: alice links her QUOTE to
    Lee, bob links his (one character shorter) to Lee and to Kim; bob's QUOTE has two
    fragments (around nothing: 20-26 and 27-39), which overlap alice's."""
    from annotator.core.model import Document, Relation, Span, Status
    from annotator.store.project import create_project

    path = tmp_path / "linked.db"
    with create_project(path) as project:
        project.add_document(Document("ex", TEXT, "ex"))

        def add(name: str, start: int, end: int, label: str, fragments=()) -> int:
            span = project.add_span(Span("ex", name, start, end, label, fragments=fragments))
            assert span.id is not None
            return span.id

        lee, quote = add("alice", 0, 9, "ACTOR"), add("alice", 20, 40, "QUOTE")
        project.add_relation(Relation("ex", "alice", quote, lee, "source"))
        lee_b, kim_b = add("bob", 0, 9, "ACTOR"), add("bob", 15, 18, "ACTOR")
        quote_b = add("bob", 20, 39, "QUOTE", ((20, 26), (27, 39)))
        project.add_relation(Relation("ex", "bob", quote_b, lee_b, "source"))
        project.add_relation(Relation("ex", "bob", quote_b, kim_b, "source"))
        for name in ("alice", "bob"):
            project.set_status("ex", name, Status.DONE)
    return path


def test_json_has_relation_f1_per_pair_and_type(linked: Path, capsys):
    code, out, _ = run(capsys, "agreement", linked, "--json")
    assert code == 0
    relations = json.loads(out)["pairs"][0]["relations"]
    assert relations["f1_exact"] == 0.0
    assert abs(relations["f1_overlap"] - 2 / 3) < 1e-12
    assert set(relations["per_label"]) == {"source", "claimant", "participant"}
    assert abs(relations["per_label"]["source"]["f1_overlap"] - 2 / 3) < 1e-12
    assert relations["per_label"]["claimant"]["f1_exact"] is None  # undefined: null
    assert relations["overlap"]["matched"] == 1


def test_fragments_count_in_span_measures(linked: Path, capsys):
    report = json.loads(run(capsys, "agreement", linked, "--json")[1])
    quote = report["pairs"][0]["per_label"]["QUOTE"]
    assert quote["f1_exact"] == 0.0 and quote["f1_overlap"] == 1.0
    # Character 26 lies between bob's fragments: QUOTE for alice, O for bob. Over the 40
    # characters the binary QUOTE kappa is that of 20 agreeing + 19 agreeing, 1 + 1 not.
    n, agree = 40, 38
    a_yes, b_yes = 20, 18
    chance = a_yes * b_yes + (n - a_yes) * (n - b_yes)
    expected = (agree * n - chance) / (n * n - chance)
    assert abs(quote["cohen_kappa"] - expected) < 1e-12


def test_text_output_lists_relations(linked: Path, capsys):
    code, out, _ = run(capsys, "agreement", linked)
    assert code == 0
    assert "relations per pair" in out
    row = next(x for x in out.splitlines() if x.split()[:3] == ["alice", "bob", "source"])
    assert row.split()[3:6] == ["0.000", "0.667", "0"]


def test_per_document_counts_relation_disagreements(linked: Path, capsys):
    report = json.loads(run(capsys, "agreement", linked, "--json", "--per-document")[1])
    (doc,) = report["per_document"]
    # bob's QUOTE -> Kim is his alone; the QUOTE -> Lee links differ only in the QUOTE.
    assert doc["relation_disagreements"] == 1
    out = run(capsys, "agreement", linked, "--per-document")[1]
    assert "relation disagreements" in out
