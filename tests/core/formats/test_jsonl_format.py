"""The JSONL export's fast line builder writes exactly what `dump_line` writes for the same
record, whatever the texts, labels, notes and meta hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats.base import ExportDocument, ExportLayer
from annotator.core.formats.jsonl_format import layer_lines, layer_records
from annotator.core.jsonl import SpanRecord, dump_line
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
            spans.append(SpanRecord(start, end, draw(TRICKY), draw(st.none() | TRICKY)))
        status = draw(st.none() | st.sampled_from(list(Status)))
        layers.append(ExportLayer(annotator, status, tuple(spans)))
    meta = draw(st.dictionaries(TRICKY, JSON_VALUES, max_size=3))
    return ExportDocument(draw(TRICKY.filter(bool)), text, "t", meta, tuple(layers))


@settings(max_examples=300, deadline=None)
@given(st.lists(documents(), max_size=3))
def test_fast_lines_equal_dump_line(docs: list[ExportDocument]):
    assert list(layer_lines(docs)) == [dump_line(record) for record in layer_records(docs)]
