"""Span bounds are checked against the text's length in code points, even when the text holds
characters SQLite's own length() mishandles (it stops counting at NUL)."""

from __future__ import annotations

from annotator.core.model import Document, Span
from tests.helpers.jsonl_records import iter_layer_records


def test_span_after_a_nul_character_is_accepted(project):
    text = "a\x00b 😀 Kerry"
    project.add_document(Document("nul", text, "nul"))
    start = text.index("Kerry")
    project.add_span(Span("nul", "alice", start, start + 5, "ACTOR"))
    (record,) = iter_layer_records(project, ["alice"])
    assert record["text"] == text
    assert record["spans"][0]["text"] == "Kerry"
