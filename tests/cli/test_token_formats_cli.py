"""The token formats through the CLI: export -> import into a new project -> export gives the
same bytes (prodigy, conll), `--format auto` tells them apart, the spacy DocBin loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store.project import open_project

TEXTS = {
    "emoji": "Kerry 😀 met Lavrov 🇺🇸🇷🇺 today.",
    "zwj": "The family 👩‍👩‍👧 and 👨🏽‍💻 arrived; Kerry spoke.",
    "combining": "Zoe\u0308 and Ame\u0301lie met Kerry in Qatar.",
    "crlf": "Kerry\r\nmet\r\n\r\nLavrov.\r\n",
    "lone-cr": "Kerry\rmet\rLavrov.\n\rend",
    "tabs": "Kerry\tmet\t\tLavrov.\v\f",
    "separators": "Kerry\u2028met\u2029Lavrov\x85and\x1ethem.",
    "rtl": "قال وزير الخارجية جون كيري إن \u200fالولايات المتحدة\u200f مستعدة. שלום Kerry",
    "cjk": "克里国务卿说，美国准备与俄罗斯讨论叙利亚问题。𠀋𡈽",
    "spaces": "  U.S.-based  Kerry's   aides .  ",
}


def spans(text: str) -> list[dict]:
    found = [{"start": 0, "end": len(text), "label": "EVENT"}]
    for word, label in (("Kerry", "ACTOR"), ("Lavrov", "ACTOR"), ("👩‍👩‍👧", "ACTOR"),
                        ("e\u0301", "QUOTE"), ("\r\n", "CLAIM"), ("克里", "ACTOR"),
                        ("U.S.", "ACTOR"), ("\u2028", "CLAIM"), ("ry", "QUOTE")):  # fmt: skip
        if word in text:
            start = text.index(word)
            found.append({"start": start, "end": start + len(word), "label": label})
    return sorted(found, key=lambda s: (s["start"], s["end"], s["label"]))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    lines = []
    for name, text in TEXTS.items():
        lines.append({"id": f"doc {name}", "text": text, "annotator": "alice",
                      "spans": spans(text)})  # fmt: skip
        lines.append({"id": f"doc {name}", "text": text, "annotator": "bob",
                      "spans": spans(text)[1:]})  # fmt: skip
    lines.append({"id": "untouched", "text": "Nobody annotated this."})
    source = tmp_path / "source.jsonl"
    source.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    path = tmp_path / "p.db"
    assert main(["init", str(path)]) == 0
    assert main(["import", str(path), str(source)]) == 0
    return path


@pytest.mark.parametrize(("name", "suffix"), [("prodigy", ".jsonl"), ("conll", ".conll")])
def test_round_trip_through_the_cli_is_identical(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, suffix: str
) -> None:
    first = tmp_path / f"first{suffix}"
    assert main(["export", str(db), "--format", name, "-o", str(first)]) == 0
    err = capsys.readouterr().err
    assert f"as {name} to {first}" in err and "note: " in err  # cuts (and conll overlaps)
    copy = tmp_path / "copy.db"
    assert main(["init", str(copy)]) == 0
    assert main(["import", str(copy), str(first), "--format", "auto"]) == 0
    assert f"guessed format: {first}: {name}" in capsys.readouterr().err
    second = tmp_path / f"second{suffix}"
    assert main(["export", str(copy), "--format", name, "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()
    with open_project(db) as original, open_project(copy) as imported:
        for name_, text in TEXTS.items():
            assert imported.document(f"doc {name_}").text == text
        assert imported.document("untouched").text == "Nobody annotated this."
        if name == "prodigy":  # every span comes back, notes and all
            for doc_id in (f"doc {n}" for n in TEXTS):
                for annotator in ("alice", "bob"):
                    assert [(s.start, s.end, s.label) for s in imported.spans(doc_id, annotator)
                            ] == [(s.start, s.end, s.label)
                                  for s in original.spans(doc_id, annotator)]  # fmt: skip


def test_conll_export_prints_the_overlap_count(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.conll"
    assert main(["export", str(db), "--format", "conll", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    # alice's whole-text EVENT wins over every span inside it; bob has none so most stay
    total_alice = sum(len(spans(t)) - 1 for t in TEXTS.values())
    assert "overlapping span(s) left out (BIO tags cannot nest; the outermost wins)" in err
    line = next(x for x in err.splitlines() if "overlapping" in x)
    assert int(line.removeprefix("note: ").split()[0]) >= total_alice


def test_a_bad_conll_file_leaves_the_project_unchanged(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("-DOCSTART- d alice\n\nKerry\t_\tB-ACTOR\nmet\t_\tI-QUOTE\n", "utf-8")
    before = db.read_bytes()
    assert main(["import", str(db), str(bad), "--format", "conll"]) == 1
    assert f"{bad}:4: I-QUOTE does not continue a QUOTE span" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_spacy_export_loads_with_spacy(db: Path, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "out.spacy"
    assert main(["export", str(db), "--format", "spacy", "--annotator", "alice", "-o", str(out)]
                ) == 0  # fmt: skip
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [d.user_data["id"] for d in docs] == [f"doc {n}" for n in TEXTS]
    for doc, text in zip(docs, TEXTS.values(), strict=True):
        assert doc.text == text and doc.user_data["annotator"] == "alice"
        assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]] == [
            (s["start"], s["end"], s["label"]) for s in spans(text)
        ]
        assert [(e.start_char, e.end_char) for e in doc.ents] == [(0, len(text))]


def test_spacy_cannot_be_imported(db: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.spacy"
    path.write_bytes(b"\x00")
    assert main(["import", str(db), str(path), "--format", "spacy"]) == 1
    assert "the spacy format can be exported but not imported" in capsys.readouterr().err


def test_plain_conll_2003_imports_with_auto(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "eng.iob"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\n",
        encoding="utf-8",
    )
    db = tmp_path / "p.db"
    assert main(["init", str(db)]) == 0
    assert main(["import", str(db), str(path), "--format", "auto", "--add-labels"]) == 0
    err = capsys.readouterr().err
    assert f"guessed format: {path}: conll" in err and "read as plain CoNLL" in err
    with open_project(db) as project:
        [annotator] = project.annotators()
        [document_id] = [row[0] for row in project.conn.execute("SELECT id FROM documents")]
        assert project.document(document_id).text == "EU rejects German"
        assert [(s.start, s.end, s.label) for s in project.spans(document_id, annotator)] == [
            (0, 2, "ORG"), (11, 17, "MISC")]  # fmt: skip
