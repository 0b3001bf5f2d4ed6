"""The JSONL export's fast line builder writes exactly what `dump_line` writes for the same
record, whatever the texts, labels, notes, meta, fragments and relations hold; and the
reader reads back what the writer wrote."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats.base import ExportDocument, ExportLayer, ExportRelation
from annotator.core.formats.jsonl_format import layer_lines, layer_records
from annotator.core.jsonl import SpanRecord, dump_line, parse_line
from annotator.core.model import Status

TRICKY = st.text(
    st.characters(codec="utf-8") | st.sampled_from('\u2028\u2029\x85\x00\r\n\t"\\/😀\u0301')
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def documents(draw) -> ExportDocument:
    text = draw(TRICKY.filter(bool))
    layers = []
    for annotator in draw(st.lists(st.none() | TRICKY.filter(bool), max_size=3)):
        spans = []
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            fragments: tuple[tuple[int, int], ...] = ()
            if end - start >= 3 and draw(st.booleans()):  # two pieces with a gap between
                cut = draw(st.integers(start + 1, end - 2))
                fragments = ((start, cut), (draw(st.integers(cut + 1, end - 1)), end))
            note = draw(st.none() | TRICKY)
            spans.append(SpanRecord(start, end, draw(TRICKY), note, fragments))
        relations = [
            ExportRelation(
                draw(st.integers(0, len(spans) - 1)),
                draw(st.integers(0, len(spans) - 1)),
                draw(TRICKY),
            )
            for _ in range(draw(st.integers(0, 3) if spans else st.just(0)))
        ]
        status = draw(st.none() | st.sampled_from(list(Status)))
        layers.append(ExportLayer(annotator, status, tuple(spans), tuple(relations)))
    meta = draw(st.dictionaries(TRICKY, JSON_VALUES, max_size=3))
    return ExportDocument(draw(TRICKY.filter(bool)), text, "t", meta, tuple(layers))


@settings(max_examples=300, deadline=None)
@given(st.lists(documents(), max_size=3))
def test_fast_lines_equal_dump_line(docs: list[ExportDocument]):
    assert list(layer_lines(docs)) == [dump_line(record) for record in layer_records(docs)]


def readable(document: ExportDocument) -> bool:
    """What the reader accepts: names and labels that are not blank, each relation once."""
    return bool(document.id.strip()) and all(
        (layer.annotator is None or layer.annotator.strip())
        and all(s.label.strip() for s in layer.spans)
        and all(r.label.strip() for r in layer.relations)
        and len(set(layer.relations)) == len(layer.relations)
        for layer in document.layers
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(documents().filter(readable), max_size=3))
def test_the_reader_reads_back_what_the_writer_wrote(docs: list[ExportDocument]):
    pairs = [(d, layer) for d in docs for layer in d.layers]
    for line, (document, layer) in zip(layer_lines(docs), pairs, strict=True):
        record = parse_line(line)
        assert (record.id, record.text, record.meta) == (document.id, document.text, document.meta)
        assert (record.annotator, record.status) == (layer.annotator, layer.status)
        assert record.spans == [s._replace(note=s.note or None) for s in layer.spans]
        assert record.relations == list(layer.relations)
