"""The spaCy DocBin export, read back with spaCy: text, spans["sc"], ents, user_data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.formats import get_format
from annotator.core.formats.base import ExportDocument, ExportLayer, Report
from annotator.core.formats.conll import outermost
from annotator.core.jsonl import SpanRecord
from tests.helpers.token_fixtures import tricky_documents

SPACY = get_format("spacy")


def export(documents: list[ExportDocument], path: Path) -> Report:
    report = Report()
    assert SPACY.write is not None
    SPACY.write(documents, path, [], report)
    return report


def load(path: Path) -> list:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def triples(spans) -> list[tuple[int, int, str]]:
    return [(s.start_char, s.end_char, s.label_) for s in spans]


def test_docbin_holds_every_span_and_the_outermost_as_ents(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    documents = tricky_documents()
    path = tmp_path / "out.spacy"
    report = export(documents, path)
    docs = load(path)
    layers = [(d, layer) for d in documents for layer in d.layers]
    assert len(docs) == len(layers) == report.layers
    dropped = 0
    for doc, (document, layer) in zip(docs, layers, strict=True):
        assert doc.text == document.text
        assert doc.user_data["id"] == document.id
        assert doc.user_data["annotator"] == layer.annotator
        assert triples(doc.spans["sc"]) == [(s.start, s.end, s.label) for s in layer.spans]
        kept, left_out = outermost(layer.spans)
        assert triples(doc.ents) == [(s.start, s.end, s.label) for s in kept]
        dropped += left_out
    assert dropped > 0
    assert any(note.startswith(f"{dropped} overlapping span(s) left out of doc.ents")
               for note in report.notes)  # fmt: skip
    assert not any("note(s)" in note for note in report.notes)  # notes are in user_data
    for doc, (_, layer) in zip(docs, layers, strict=True):
        assert [tuple(n) for n in doc.user_data["notes"]] == [
            tuple(s[:4]) for s in layer.spans if s.note is not None
        ]
    assert any(doc.user_data["notes"] for doc in docs)


def test_spans_align_strictly_on_the_docs_tokens(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    text = "U.S.-based Kerry's aides met Lavrov."
    spans = (SpanRecord(0, 4, "ACTOR"), SpanRecord(11, 16, "ACTOR"), SpanRecord(13, 18, "QUOTE"))
    document = ExportDocument("d", text, "T", {"n": 1}, (ExportLayer("bob", None, spans),))
    path = tmp_path / "out.spacy"
    report = export([document], path)
    [doc] = load(path)
    for span in spans:
        made = doc.char_span(span.start, span.end, span.label, alignment_mode="strict")
        assert made is not None and made.text == text[span.start : span.end]
    assert doc.user_data["title"] == "T" and doc.user_data["meta"] == {"n": 1}
    assert any(note.startswith("2 token(s) cut at span boundaries") for note in report.notes)


def test_without_spacy_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    monkeypatch.setitem(sys.modules, "spacy.tokens", None)
    with pytest.raises(AnnotatorError) as caught:
        export(tricky_documents(), tmp_path / "out.spacy")
    assert "pip install 'annotator[spacy]'" in str(caught.value)
    assert not (tmp_path / "out.spacy").exists()


def test_a_folder_target_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    with pytest.raises(AnnotatorError, match="is a folder"):
        export([], tmp_path)


def test_relations_and_fragments_are_in_user_data(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from tests.helpers.linked_fixtures import linked_documents

    documents = linked_documents()
    path = tmp_path / "linked.spacy"
    report = export(documents, path)
    docs = load(path)
    layers = [layer for d in documents for layer in d.layers]
    for doc, layer in zip(docs, layers, strict=True):
        assert [tuple(r) for r in doc.user_data["relations"]] == [
            (r.head, r.tail, r.label) for r in layer.relations
        ]
        spans = list(doc.spans["sc"])
        for head, tail, _ in doc.user_data["relations"]:  # indexes into doc.spans["sc"]
            assert spans[head].label_ == layer.spans[head].label
            assert spans[tail].label_ == layer.spans[tail].label
        fragments = {
            index: [tuple(p) for p in pieces] for index, pieces in doc.user_data["fragments"]
        }
        assert fragments == {
            index: list(s.fragments) for index, s in enumerate(layer.spans) if s.fragments
        }
        for index, pieces in fragments.items():
            assert (spans[index].start_char, spans[index].end_char) == (pieces[0][0], pieces[-1][1])
            for start, end in pieces:  # the tokens are cut at every piece too
                assert doc.char_span(start, end, alignment_mode="strict") is not None
    assert any(doc.user_data["relations"] for doc in docs)
    discontinuous = sum(1 for layer in layers for s in layer.spans if s.fragments)
    assert any(
        note.startswith(f"{discontinuous} discontinuous span(s) written as their outer span")
        for note in report.notes
    )
