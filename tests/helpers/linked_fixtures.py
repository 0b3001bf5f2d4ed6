"""Documents with relations and discontinuous spans on the tricky texts, for the formats
that carry them (Label Studio, Prodigy, doccano's relations variant, spaCy)."""

from __future__ import annotations

from annotator.core.formats.base import ExportDocument, ExportLayer, ExportRelation
from annotator.core.jsonl import LayerRecord, SpanRecord
from tests.helpers.token_fixtures import TRICKY, spans_for


def span_key(span: SpanRecord) -> tuple:
    return (span.start, span.end, span.label, span.fragments)


def linked_layer(text: str, annotator: str | None = "alice") -> ExportLayer:
    """`spans_for(text)`, a discontinuous QUOTE (the first and the last code point) when the
    text is long enough, and a `source` from every QUOTE to the first ACTOR."""
    spans = list(spans_for(text))
    if len(text) >= 3:
        spans.append(
            SpanRecord(
                0, len(text), "QUOTE", "in two\npieces", ((0, 1), (len(text) - 1, len(text)))
            )
        )
    spans.sort(key=span_key)
    actors = [index for index, span in enumerate(spans) if span.label == "ACTOR"]
    relations: list[ExportRelation] = []
    if actors:
        relations = [
            ExportRelation(index, actors[0], "source")
            for index, span in enumerate(spans)
            if span.label == "QUOTE"
        ]
        if len(actors) > 1:
            relations.append(ExportRelation(actors[-1], actors[0], "same-as"))
    return ExportLayer(annotator, None, tuple(spans), tuple(relations))


def linked_documents() -> list[ExportDocument]:
    """One document per tricky text: a linked layer, and one with no annotator."""
    return [
        ExportDocument(
            f"doc {name}", text, name, {}, (linked_layer(text), ExportLayer(None, None, ()))
        )
        for name, text in TRICKY.items()
    ]


def layers_read(records: list[LayerRecord]) -> list[tuple]:
    """What a reader gave, comparable with the layers written: (id, text, annotator, spans,
    relations), layers with no annotator and no spans left out."""
    return [
        (r.id, r.text, r.annotator, tuple(r.spans), tuple(getattr(r, "relations", ())))
        for r in records
        if r.annotator is not None or r.spans
    ]


def layers_written(documents: list[ExportDocument]) -> list[tuple]:
    return [
        (d.id, d.text, layer.annotator, layer.spans, layer.relations)
        for d in documents
        for layer in d.layers
        if layer.annotator is not None or layer.spans
    ]


def as_documents(records: list[LayerRecord]) -> list[ExportDocument]:
    """Records read back, as the exporter would hand them over again (one layer each)."""
    return [
        ExportDocument(
            r.id,
            r.text,
            r.meta.get("title", ""),
            r.meta,
            (
                ExportLayer(
                    r.annotator, r.status, tuple(r.spans), tuple(getattr(r, "relations", ()))
                ),
            ),
        )
        for r in records
    ]
