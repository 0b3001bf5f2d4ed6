"""Texts and documents shared by the token-format tests (Prodigy, CoNLL, spaCy)."""

from __future__ import annotations

from annotator.core.formats.base import ExportDocument, ExportLayer
from annotator.core.jsonl import SpanRecord

# The foundation's tricky texts (tests/helpers/projects.py) and a few more that
# token formats must carry exactly: runs of spaces, leading and trailing whitespace, U+2028.
TRICKY = {
    "emoji": "Kerry 😀 met Lavrov 🇺🇸🇷🇺 today.",
    "zwj": "The family 👩‍👩‍👧 and 👨🏽‍💻 arrived; Kerry spoke.",
    "combining": "Zoe\u0308 and Ame\u0301lie met Kerry in Qatar.",
    "crlf": "Kerry\r\nmet\r\n\r\nLavrov.\r\n",
    "lone-cr": "Kerry\rmet\rLavrov.\n\rend",
    "tabs": "Kerry\tmet\t\tLavrov.\v\f",
    "separators": "Kerry\u2028met\u2029Lavrov\x85and\x1ethem.",
    "rtl": "قال وزير الخارجية جون كيري إن \u200fالولايات المتحدة\u200f مستعدة. שלום Kerry",
    "cjk": "克里国务卿说，美国准备与俄罗斯讨论叙利亚问题。𠀋𡈽",
    "nul": "Kerry\x00met\x00 Lavrov\x7f.",
    "markup": "<b>Kerry</b> &amp; <script>alert('Lavrov')</script> &lt;i&gt;",
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
