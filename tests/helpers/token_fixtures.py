"""Texts and documents shared by the token-format tests (Prodigy, CoNLL, spaCy)."""

from __future__ import annotations

from annotator.core.formats.base import ExportDocument, ExportLayer
from annotator.core.jsonl import SpanRecord
from tests.helpers.projects import TRICKY as BASE_TRICKY

# The foundation's tricky texts (tests/helpers/projects.py) and a few more that
# token formats must carry exactly: runs of spaces, leading and trailing whitespace, U+2028.
TRICKY = {
    **BASE_TRICKY,
    "spaces": "  Kerry  met   Lavrov .  \u00a0 ",
    "backslashes": "Kerry said \\n and \\t and \\s | pipes \\u2028.",
    "only-space": " \t\n",
    "empty": "",
}

WORDS = ("Kerry", "Lavrov", "👩‍👩‍👧", "e\u0301", "\r\n", "\t", "\u2028", "克里", "𠀋", "  ", "\\n")


def spans_for(text: str) -> tuple[SpanRecord, ...]:
    """Spans as the foundation tests make them: nested, overlapping, on whitespace, with
    notes, one covering the whole text, one on the first code point; sorted."""
    spans = set()
    if text:
        spans |= {SpanRecord(0, len(text), "EVENT"), SpanRecord(0, 1, "CLAIM", "first")}
    for word in WORDS:
        if word in text:
            start = text.index(word)
            spans.add(SpanRecord(start, start + len(word), "ACTOR", f"on {word!r}\nline two"))
            spans.add(SpanRecord(start, start + len(word), "QUOTE"))
    if "Kerry" in text and "Lavrov" in text:
        spans.add(SpanRecord(text.index("Kerry"), text.index("Lavrov") + 6, "QUOTE"))
    return tuple(sorted(spans, key=lambda s: (s.start, s.end, s.label)))


def tricky_documents() -> list[ExportDocument]:
    """One document per tricky text: an annotated layer and one with no annotator."""
    documents = []
    for name, text in TRICKY.items():
        layers = (ExportLayer("alice", None, spans_for(text)), ExportLayer(None, None, ()))
        documents.append(ExportDocument(f"doc {name}", text, name, {}, layers))
    return documents


def layer_document(
    doc_id: str, text: str, spans: tuple[SpanRecord, ...], annotator: str | None = "alice"
) -> ExportDocument:
    return ExportDocument(doc_id, text, "", {}, (ExportLayer(annotator, None, spans),))
