"""Prodigy span tasks: the export's shape, spaCy reads every span on its tokens, Prodigy's
hashes, exact round trips, and bad files named by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.formats import get_format
from annotator.core.formats.base import ExportDocument, ExportLayer, Report
from annotator.core.formats.prodigy import murmurhash3_32, sniff
from annotator.core.jsonl import LayerRecord, SpanRecord
from annotator.core.model import Status
from tests.helpers.token_fixtures import TRICKY, layer_document, tricky_documents

PRODIGY = get_format("prodigy")


def export(documents: list[ExportDocument], path: Path) -> tuple[list[dict], Report]:
    report = Report()
    assert PRODIGY.write is not None
    PRODIGY.write(documents, path, [], report)
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()], report


def read(path: Path) -> tuple[list[LayerRecord], Report]:
    report = Report()
    assert PRODIGY.read is not None
    return list(PRODIGY.read(path, "utf-8", report)), report


def as_documents(records: list[LayerRecord]) -> list[ExportDocument]:
    """Records read back, as the exporter would hand them over again (one layer each)."""
    return [
        ExportDocument(
            r.id,
            r.text,
            "",
            r.meta,
            (ExportLayer(r.annotator, None, tuple(r.spans)),),
        )
        for r in records
    ]


def test_a_task_has_prodigys_shape(tmp_path: Path) -> None:
    text = "U.S.-based Kerry met Lavrov."
    spans = (SpanRecord(0, 4, "ACTOR"), SpanRecord(11, 27, "QUOTE", "a note"))
    document = ExportDocument("doc-1", text, "", {"source": "wire"},
                              (ExportLayer("alice", None, spans),))  # fmt: skip
    [task], report = export([document], tmp_path / "out.jsonl")
    assert list(task) == ["text", "meta", "tokens", "spans", "_input_hash", "_task_hash",
                          "_annotator_id", "answer"]  # fmt: skip
    assert task["meta"] == {"id": "doc-1", "source": "wire"}
    assert task["_annotator_id"] == "alice" and task["answer"] == "accept"
    assert [t["text"] for t in task["tokens"]] == ["U.S.", "-based", "Kerry", "met", "Lavrov", "."]
    assert [t["id"] for t in task["tokens"]] == list(range(6))
    assert [t["ws"] for t in task["tokens"]] == [False, True, True, True, False, False]
    assert task["spans"] == [
        {"start": 0, "end": 4, "label": "ACTOR", "token_start": 0, "token_end": 0},
        {"start": 11, "end": 27, "label": "QUOTE", "token_start": 2, "token_end": 4,
         "note": "a note"},
    ]  # fmt: skip
    assert report.notes == [
        "1 token(s) cut at span boundaries so that every span is whole tokens in 1 layer(s), "
        "first in document 'doc-1' (alice)"
    ]
    assert (report.documents, report.layers, report.spans, report.files) == (1, 1, 2, 1)


def test_hashes_are_prodigys(tmp_path: Path) -> None:
    murmurhash = pytest.importorskip("murmurhash")
    text = "Kerry met Lavrov."
    documents = [
        ExportDocument("a", text, "", {}, (
            ExportLayer("alice", None, (SpanRecord(0, 5, "ACTOR"),)),
            ExportLayer("bob", None, (SpanRecord(0, 5, "ACTOR"),)),
            ExportLayer("carol", None, (SpanRecord(10, 16, "ACTOR"),)),
        )),
    ]  # fmt: skip
    tasks, _ = export(documents, tmp_path / "out.jsonl")
    # prodigy.util.get_hash: murmurhash of the sorted-keys compact JSON of the hashed keys
    input_hash = murmurhash.hash(json.dumps({"text": text}, separators=(",", ":"), sort_keys=True))
    assert {t["_input_hash"] for t in tasks} == {input_hash}
    for task in tasks:
        spans = json.dumps({"spans": task["spans"]}, separators=(",", ":"), sort_keys=True)
        assert task["_task_hash"] == murmurhash.hash(str(input_hash) + spans)
    assert tasks[0]["_task_hash"] == tasks[1]["_task_hash"] != tasks[2]["_task_hash"]


@given(st.binary(max_size=64), st.integers(0, 2**32 - 1))
@settings(max_examples=300)
def test_murmurhash_matches_the_murmurhash_package(data: bytes, seed: int) -> None:
    murmurhash = pytest.importorskip("murmurhash")
    assert murmurhash3_32(data, seed) == murmurhash.hash_bytes(data, seed)


def test_spacy_reads_every_span_on_the_exported_tokens(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    tasks, report = export(tricky_documents(), tmp_path / "out.jsonl")
    misaligned_with_plain_spacy = 0
    for task in tasks:
        words = [t["text"] for t in task["tokens"]]
        doc = Doc(nlp.vocab, words=words, spaces=[t["ws"] for t in task["tokens"]])
        assert doc.text == task["text"]
        for span in task["spans"]:
            made = doc.char_span(span["start"], span["end"], span["label"],
                                 alignment_mode="strict")  # fmt: skip
            assert made is not None, (task["text"], span)
            assert (made.start, made.end - 1) == (span["token_start"], span["token_end"])
        plain = nlp(task["text"])
        misaligned_with_plain_spacy += sum(
            plain.char_span(s["start"], s["end"], alignment_mode="strict") is None
            for s in task["spans"]
        )
    # spans that spaCy's own tokens would not align with are exactly the reported cuts' cause
    assert misaligned_with_plain_spacy > 0
    assert any("cut at span boundaries" in note for note in report.notes)


@pytest.mark.parametrize("name", list(TRICKY))
def test_round_trip_is_exact(tmp_path: Path, name: str) -> None:
    document = next(d for d in tricky_documents() if d.id == f"doc {name}")
    first = tmp_path / "first.jsonl"
    export([document], first)
    records, _ = read(first)
    assert [r.text for r in records] == [document.text] * 2
    assert [r.annotator for r in records] == ["alice", None]
    assert records[0].spans == list(document.layers[0].spans)  # notes too
    second = tmp_path / "second.jsonl"
    export(as_documents(records), second)
    assert second.read_bytes() == first.read_bytes()


def test_round_trip_with_the_built_in_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.core.formats import tokens

    monkeypatch.setattr(tokens, "_spacy_nlp", lambda: None)
    first = tmp_path / "first.jsonl"
    tasks, _ = export(tricky_documents(), first)
    for task in tasks:  # the tokens still partition the text and spans are whole tokens
        assert "".join(t["text"] + " " * t["ws"] for t in task["tokens"]) == task["text"]
        starts = {t["start"]: t["id"] for t in task["tokens"]}
        ends = {t["end"]: t["id"] for t in task["tokens"]}
        for span in task["spans"]:
            assert starts[span["start"]] == span["token_start"]
            assert ends[span["end"]] == span["token_end"]
    records, _ = read(first)
    second = tmp_path / "second.jsonl"
    export(as_documents(records), second)
    assert second.read_bytes() == first.read_bytes()


def test_import_restores_id_annotator_and_meta(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    export([ExportDocument("7", "Kerry spoke.", "", {"source": {"n": [1, 2.5]}},
                           (ExportLayer("alice", None, (SpanRecord(0, 5, "ACTOR"),)),))],
           path)  # fmt: skip
    [record], report = read(path)
    assert (record.id, record.annotator, record.meta) == ("7", "alice", {"source": {"n": [1, 2.5]}})
    assert (record.line, report.layers, report.spans) == (1, 1, 1)


def test_rejected_and_ignored_tasks_are_skipped_and_counted(tmp_path: Path) -> None:
    lines = [
        {"text": "Kerry spoke.", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]},
        {"text": "Lavrov spoke.", "spans": [], "answer": "reject"},
        {"text": "Nobody spoke.", "answer": "ignore"},
        {"text": "Lavrov spoke.", "answer": "reject"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    records, report = read(path)
    assert [r.text for r in records] == ["Kerry spoke."]
    assert records[0].annotator is None and records[0].id.startswith("sha256-")
    assert report.notes == [
        f"{path}: 1 task(s) answered 'ignore' skipped",
        f"{path}: 2 task(s) answered 'reject' skipped",
    ]


GOOD = {"text": "Kerry met Lavrov.", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "Kerry", "spans": [', "not valid JSON"),
        ('{"text": "Kerry", "spans": [{"start": 0, "end": 9, "label": "ACTOR"}]}',
         "span 0 [0, 9) lies outside the text (length 5)"),
        ('{"text": "Kerry", "spans": [{"start": 0, "end": 5, "label": "A", "text": "Kerr"}]}',
         'span 0: its text "Kerr" disagrees with the offsets, which cover "Kerry"'),
        ('{"text": "Kerry", "spans": [{"start": "0", "end": 5, "label": "A"}]}',
         'span 0: start must be an integer, got "0"'),
        ('{"text": "Kerry", "spans": [{"start": 0, "end": 5}]}', "the label must be"),
        ('{"text": "Kerry", "spans": {}}', '"spans" must be a list'),
        ('{"spans": []}', '"text" is required'),
        ('{"text": "Kerry", "answer": "maybe"}', '"answer" must be'),
        ('{"text": "Kerry", "_annotator_id": 3}', '"annotator" must be'),
        ('{"text": "Kerry", "meta": []}', '"meta" must be a JSON object'),
        ("[1, 2]", "each line must be a JSON object"),
    ],
)  # fmt: skip
def test_bad_lines_name_the_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert caught.value.line == 3 and caught.value.path == str(path)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}:3: ")


def test_sniff_tells_prodigy_from_doccano_and_jsonl(tmp_path: Path) -> None:
    prodigy = tmp_path / "prodigy.jsonl"
    export([layer_document("d", "Kerry.", (SpanRecord(0, 5, "ACTOR"),))], prodigy)
    doccano = tmp_path / "doccano.jsonl"
    doccano.write_text('{"id": 1, "text": "Kerry.", "label": [[0, 5, "ACTOR"]]}\n')
    own = tmp_path / "own.jsonl"
    own.write_text('{"id": "d", "text": "Kerry.", "annotator": "a", "spans": []}\n')
    bare = tmp_path / "bare.jsonl"  # Prodigy input with token positions only
    bare.write_text('{"text": "Kerry.", "spans": [{"start": 0, "end": 5, "label": "A", '
                    '"token_start": 0, "token_end": 0}]}\n')  # fmt: skip
    assert sniff(prodigy) and sniff(bare)
    assert not sniff(doccano) and not sniff(own)
    assert not get_format("jsonl").sniff(prodigy)  # type: ignore[misc]
    assert not get_format("doccano").sniff(prodigy)  # type: ignore[misc]


@pytest.mark.parametrize("name", ["prodigy", "conll"])
def test_a_status_other_than_done_is_counted_as_left_out(tmp_path: Path, name: str) -> None:
    # Neither format has a place for it, and an import marks a layer with spans done.
    documents = [
        ExportDocument(
            "d",
            "Kerry met Lavrov.",
            "",
            {},
            (
                ExportLayer("alice", Status.IN_PROGRESS, (SpanRecord(0, 5, "ACTOR"),)),
                ExportLayer("bob", Status.DONE, (SpanRecord(10, 16, "ACTOR"),)),
                ExportLayer("carol", None, (SpanRecord(10, 16, "ACTOR"),)),
            ),
        ),
        ExportDocument(
            "e", "Lavrov spoke.", "", {}, (ExportLayer("alice", Status.IN_PROGRESS, ()),)
        ),
    ]
    report = Report()
    kind = get_format(name)
    assert kind.write is not None
    kind.write(documents, tmp_path / f"out.{name}", [], report)
    assert (
        "2 layer status(es) other than done left out (in_progress) in 2 layer(s), first in "
        "document 'd' (alice)"
    ) in report.notes
