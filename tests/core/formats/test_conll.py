"""CoNLL BIO: the file's lines, overlaps reported with their count, exact round trips on
tricky texts (and any text), and bad files named by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.formats import get_format
from annotator.core.formats.base import ExportDocument, ExportLayer, Report
from annotator.core.formats.conll import escape, outermost, sniff, unescape
from annotator.core.jsonl import LayerRecord, SpanRecord
from tests.helpers.token_fixtures import TRICKY, layer_document, tricky_documents

CONLL = get_format("conll")


def export(documents: list[ExportDocument], path: Path) -> Report:
    report = Report()
    assert CONLL.write is not None
    CONLL.write(documents, path, [], report)
    return report


def read(path: Path) -> tuple[list[LayerRecord], Report]:
    report = Report()
    assert CONLL.read is not None
    return list(CONLL.read(path, "utf-8", report)), report


def as_documents(records: list[LayerRecord]) -> list[ExportDocument]:
    return [
        ExportDocument(r.id, r.text, "", {}, (ExportLayer(r.annotator, None, tuple(r.spans)),))
        for r in records
    ]


def test_the_file_has_bio_tags_sentences_and_headers(tmp_path: Path) -> None:
    text = "John Kerry met Lavrov.  They talked\r\nfor hours."
    spans = (SpanRecord(0, 10, "ACTOR"), SpanRecord(15, 21, "ACTOR"), SpanRecord(24, 35, "EVENT"))
    documents = [
        layer_document("doc 1", text, spans),
        layer_document("_", "Kerry", (), annotator=None),
    ]
    path = tmp_path / "out.conll"
    report = export(documents, path)
    assert path.read_text(encoding="utf-8").split("\n") == [
        "-DOCSTART- doc\\s1 alice",
        "",
        "John\t_\tB-ACTOR",
        "Kerry\t_\tI-ACTOR",
        "met\t_\tO",
        "Lavrov\tSpaceAfter=No\tB-ACTOR",
        ".\tSpacesAfter=\\s\\s\tO",
        "",
        "They\t_\tB-EVENT",
        "talked\tSpacesAfter=\\r\\n\tI-EVENT",
        "",  # a line break ends a sentence
        "for\t_\tO",
        "hours\tSpaceAfter=No\tO",
        ".\tSpaceAfter=No\tO",
        "",
        "-DOCSTART- \\_ _",
        "",
        "Kerry\tSpaceAfter=No\tO",
        "",
        "",
    ]
    assert (report.documents, report.layers, report.spans, report.notes) == (2, 2, 3, [])
    records, _ = read(path)
    assert [(r.id, r.annotator, r.text, r.line) for r in records] == [
        ("doc 1", "alice", text, 1),
        ("_", None, "Kerry", 16),
    ]
    assert records[0].spans == list(spans)


def test_overlapping_spans_keep_the_outermost_and_count_the_rest(tmp_path: Path) -> None:
    text = "Secretary John Kerry met Lavrov."
    spans = (
        SpanRecord(0, 20, "ACTOR"),  # outermost: kept
        SpanRecord(10, 20, "ACTOR"),  # inside it
        SpanRecord(10, 24, "QUOTE"),  # crosses it
        SpanRecord(25, 31, "ACTOR"),  # alone: kept
        SpanRecord(25, 31, "QUOTE"),  # same extent, later label
    )
    path = tmp_path / "out.conll"
    report = export([layer_document("d", text, spans)], path)
    assert report.notes == [
        "3 overlapping span(s) left out (BIO tags cannot nest; the outermost wins) in 1 "
        "layer(s), first in document 'd' (alice)"
    ]
    [record], _ = read(path)
    assert record.spans == [SpanRecord(0, 20, "ACTOR"), SpanRecord(25, 31, "ACTOR")]


def test_outermost_prefers_longest_then_earliest() -> None:
    spans = [SpanRecord(0, 3, "A"), SpanRecord(2, 5, "B"), SpanRecord(4, 6, "C")]
    assert outermost(spans) == ([SpanRecord(0, 3, "A"), SpanRecord(4, 6, "C")], 1)
    assert outermost([]) == ([], 0)


def test_notes_travel_on_the_b_token_and_meta_left_out_is_counted(tmp_path: Path) -> None:
    note = "why?\n| a\\b =\t😀"
    document = ExportDocument("d", "Kerry met Lavrov.", "", {"source": "x"}, (
        ExportLayer("alice", None, (SpanRecord(0, 9, "ACTOR", note),
                                    SpanRecord(10, 16, "ACTOR"))),))  # fmt: skip
    path = tmp_path / "out.conll"
    report = export([document], path)
    assert path.read_text(encoding="utf-8").split("\n")[2] == (
        "Kerry\tNote=why?\\n\\p\\sa\\\\b\\s=\\t😀\tB-ACTOR"
    )
    assert report.notes == [
        "1 document meta left out (CoNLL keeps only ids) in 1 layer(s), first in 'd'"]  # fmt: skip
    [record], _ = read(path)
    assert record.spans == list(document.layers[0].spans)


@pytest.mark.parametrize("name", list(TRICKY))
def test_round_trip_is_exact(tmp_path: Path, name: str) -> None:
    document = next(d for d in tricky_documents() if d.id == f"doc {name}")
    first = tmp_path / "first.conll"
    export([document], first)
    records, report = read(first)
    assert [r.text for r in records] == [document.text] * 2
    assert [r.annotator for r in records] == ["alice", None]
    kept, _ = outermost(document.layers[0].spans)
    assert records[0].spans == kept  # notes and all
    assert (report.layers, report.spans) == (2, len(kept))
    second = tmp_path / "second.conll"
    export(as_documents(records), second)
    assert second.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("doc_id", ["-X-", "_", "-", "a b", "\\_", "\\", "SpacesBefore=x"])
def test_header_ids_round_trip(tmp_path: Path, doc_id: str) -> None:
    """Ids that look like header syntax: `-X-` first would read as CoNLL-2003, `_` as none."""
    path = tmp_path / "out.conll"
    export([layer_document(doc_id, " Kerry", (SpanRecord(1, 6, "ACTOR"),), annotator=doc_id)],
           path)  # fmt: skip
    [record], report = read(path)
    assert (record.id, record.annotator, record.text) == (doc_id, doc_id, " Kerry")
    assert report.notes == []  # read exactly, not as plain CoNLL


def test_round_trip_with_the_built_in_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without spaCy the built-in tokenizer is used, and round trips stay exact."""
    from annotator.core.formats import tokens

    monkeypatch.setattr(tokens, "_spacy_nlp", lambda: None)
    first = tmp_path / "first.conll"
    export(tricky_documents(), first)
    records, _ = read(first)
    assert [r.text for r in records] == [d.text for d in tricky_documents() for _ in d.layers]
    second = tmp_path / "second.conll"
    export(as_documents(records), second)
    assert second.read_bytes() == first.read_bytes()


def test_whitespace_spans_are_whitespace_tokens(tmp_path: Path) -> None:
    text = "Kerry\r\nmet\t Lavrov "
    spans = (SpanRecord(5, 7, "ACTOR"), SpanRecord(10, 12, "QUOTE"), SpanRecord(18, 19, "CLAIM"))
    path = tmp_path / "out.conll"
    export([layer_document("d", text, spans)], path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert "\\r\\n\tEscaped=Yes|SpaceAfter=No\tB-ACTOR" in lines
    assert "\\t\\s\tEscaped=Yes|SpaceAfter=No\tB-QUOTE" in lines
    assert "\\s\tEscaped=Yes|SpaceAfter=No\tB-CLAIM" in lines
    [record], _ = read(path)
    assert (record.text, record.spans) == (text, list(spans))


alphabet = st.sampled_from(
    ["Kerry", "met", "U.S.", "'s", " ", "  ", "\r\n", "\r", "\t", "\u2028", ".", "\\", "|",
     "😀", "👩\u200d👧", "e\u0301", "克里", "ש", "-", "_", "\x00", "\u00a0", "\\s"]
)  # fmt: skip


@given(
    st.lists(alphabet, max_size=20).map("".join),
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 20), st.sampled_from("AB")),
             max_size=6),
)  # fmt: skip
@settings(max_examples=150, deadline=None)
def test_any_text_round_trips(tmp_path_factory: pytest.TempPathFactory, text: str, raw) -> None:
    spans = tuple(sorted(
        {SpanRecord(s, min(s + n, len(text)), label, None if n % 3 else f"n {n}\t|\\")
         for s, n, label in raw if s < len(text)},
        key=lambda s: (s.start, s.end, s.label),
    ))  # fmt: skip
    folder = tmp_path_factory.mktemp("conll")
    first = folder / "first.conll"
    export([layer_document("id with spaces\tand tab", text, spans)], first)
    [record], _ = read(first)
    assert record.text == text and record.id == "id with spaces\tand tab"
    assert record.spans == outermost(spans)[0]
    second = folder / "second.conll"
    export(as_documents([record]), second)
    assert second.read_bytes() == first.read_bytes()


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
def test_escape_round_trips(value: str) -> None:
    escaped = escape(value)
    assert not any(c.isspace() or c == "|" for c in escaped)
    assert unescape(escaped) == value


HEADER = "-DOCSTART- d alice\n\n"


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (HEADER + "Kerry\t_\tI-ACTOR\n", 3, "I-ACTOR does not continue a ACTOR span"),
        (HEADER + "Kerry\t_\tB-ACTOR\nmet\t_\tI-QUOTE\n", 4,
         "I-QUOTE does not continue a QUOTE span (it follows a ACTOR span)"),
        (HEADER + "Kerry\t_\tO\nmet\t_\tI-QUOTE\n", 4, "I-QUOTE does not continue"),
        (HEADER + "Kerry\tB-ACTOR\n", 3, "expected 3 tab-separated columns"),
        (HEADER + "Kerry\t_\tB-ACTOR\tx\n", 3, "got 4"),
        (HEADER + "Kerry\t_\tS-ACTOR\n", 3, "unknown tag 'S-ACTOR'"),
        (HEADER + "Kerry\t_\tB-\n", 3, "unknown tag 'B-'"),
        (HEADER + "Kerry\tSpaceAfter=Maybe\tO\n", 3, "unknown item 'SpaceAfter=Maybe'"),
        (HEADER + "Kerry\tSpacesAfter=\\q\tO\n", 3, "unknown escape '\\\\q'"),
        (HEADER + "Kerry\tSpacesAfter=x\tO\n", 3, "SpacesAfter= must be whitespace"),
        (HEADER + "Kerry\t_\tB-A\nmet\tNote=x\tI-A\n", 4, "a Note= belongs on the B- token"),
        (HEADER + "Kerry\tNote=\tB-A\n", 3, "unknown item 'Note='"),
        ("-DOCSTART- d\n", 1, "a document header must be"),
        ("-DOCSTART- d a Spaces=\\s\n", 1, "unknown header field"),
        ("-DOCSTART- \\s a\n", 1, "the document id in the header is empty"),
    ],
)  # fmt: skip
def test_bad_files_name_the_file_and_line(
    tmp_path: Path, content: str, line: int, reason: str
) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_plain_conll_2003_is_read_with_iob1_tags(tmp_path: Path) -> None:
    path = tmp_path / "eng.train"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\n"
        "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\ncall NN I-NP O\n"
        ". . O O\n\nPeter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER\n\n"
        "-DOCSTART- -X- -X- O\n\nLondon NNP B-NP I-LOC\nParis NNP B-NP B-LOC\n",
        encoding="utf-8",
    )
    records, report = read(path)
    assert [r.text for r in records] == [
        "EU rejects German call .\nPeter Blackburn", "London Paris"]  # fmt: skip
    assert records[0].spans == [
        SpanRecord(0, 2, "ORG"), SpanRecord(11, 17, "MISC"), SpanRecord(25, 40, "PER")]  # fmt: skip
    assert records[1].spans == [SpanRecord(0, 6, "LOC"), SpanRecord(7, 12, "LOC")]
    assert [r.line for r in records] == [3, 14]  # the first token of each document
    assert all(r.annotator is None and r.id.startswith("sha256-") for r in records)
    assert report.notes == [
        f"{path}: read as plain CoNLL (no spacing column): tokens joined by one space, "
        "sentences by a line break, document ids from the text's hash"
    ]


def test_plain_two_column_file(tmp_path: Path) -> None:
    path = tmp_path / "ner.conll"
    path.write_text("Kerry\tB-PER\nmet\tO\nLavrov\tB-PER\n.\tO\n", encoding="utf-8")
    [record], _ = read(path)
    assert record.text == "Kerry met Lavrov ."
    assert record.spans == [SpanRecord(0, 5, "PER"), SpanRecord(10, 16, "PER")]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("Kerry B-PER\nmet\n", 2, "expected a token and a BIO tag"),
        ("Kerry S-PER\n", 1, "unknown tag 'S-PER'"),
        ("-DOCSTART- -X- -X- O\n\nKerry NNP B-NP E-PER\n", 3, "unknown tag 'E-PER'"),
    ],
)
def test_bad_plain_files_name_the_line(
    tmp_path: Path, content: str, line: int, reason: str
) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert (caught.value.line, caught.value.path) == (line, str(path))
    assert reason in caught.value.reason


def test_bad_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_bytes(HEADER.encode() + b"Kerry\t_\tO\nK\xffrry\t_\tO\n")
    with pytest.raises(InputError) as caught:
        read(path)
    assert caught.value.line == 4


def test_sniff(tmp_path: Path) -> None:
    good = tmp_path / "a.conll"
    export([layer_document("d", "Kerry.", ())], good)
    other = tmp_path / "b.conll"
    other.write_text("Kerry\tB-PER\n", encoding="utf-8")
    assert sniff(good) and not sniff(other) and not sniff(tmp_path / "missing.conll")


def test_discontinuous_spans_are_written_as_their_outer_span_and_counted(tmp_path: Path) -> None:
    from tests.helpers.linked_fixtures import linked_documents

    fmt = get_format("conll")
    documents = [  # without the EVENT over the whole text, which would hide the split QUOTE
        ExportDocument(
            d.id,
            d.text,
            d.title,
            {},
            tuple(
                ExportLayer(
                    layer.annotator, None, tuple(s for s in layer.spans if s.label != "EVENT")
                )
                for layer in d.layers
            ),
        )
        for d in linked_documents()
    ]
    report = Report()
    assert fmt.write is not None and fmt.read is not None
    fmt.write(documents, tmp_path / "out.conll", [], report)
    kept = [
        span
        for d in documents
        for layer in d.layers
        for span in outermost(layer.spans)[0]
        if span.fragments
    ]
    assert kept
    assert any(
        note.startswith(
            f"{len(kept)} discontinuous span(s) written as their outer span (BIO tags have no gaps)"
        )
        for note in report.notes
    )
    read = list(fmt.read(tmp_path / "out.conll", "utf-8", Report()))
    outer = {(s.start, s.end, s.label) for r in read for s in r.spans}
    assert all((s.start, s.end, s.label) in outer for s in kept)
