"""Writing the CoNLL format (see `conll`): tokens cut at span boundaries, BIO tags of the
outermost spans, the spacing column, sentence breaks, and what cannot be carried counted in
the report (nested spans, discontinuous spans' gaps, document meta)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.core.formats.base import ExportDocument, Report, write_atomically
from annotator.core.formats.conll_escapes import escape, header_field
from annotator.core.formats.tokens import Tally, Token, sentence_ends, split_at, tokenize
from annotator.core.jsonl import SpanRecord
from annotator.core.model import Label

DOCSTART = "-DOCSTART-"
_WHITESPACE = re.compile(r"\s")


def outermost(spans: Iterable[SpanRecord]) -> tuple[list[SpanRecord], int]:
    """The spans no longer (then earlier) span overlaps, sorted by start; and how many were
    left out. The same rule as spaCy's `filter_spans`."""
    kept: list[SpanRecord] = []
    dropped = 0
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label)):
        if any(span.start < other.end and other.start < span.end for other in kept):
            dropped += 1
        else:
            kept.append(span)
    kept.sort(key=lambda s: s.start)
    return kept, dropped


@dataclass
class _Item:
    text: str
    start: int
    end: int
    gap: str  # the whitespace after this token, up to the next


def layer_lines(
    document: ExportDocument, layer_index: int, tally: Tally, base: Sequence[Token] | None = None
) -> Iterator[str]:
    """The lines (without newlines) of one document layer; `base` is
    `tokenize(document.text)` when the caller has it already."""
    layer = document.layers[layer_index]
    text = document.text
    if base is None:
        base = tokenize(text)
    where = f"document {document.id!r} ({layer.annotator or 'no annotator'})"
    tally.status(layer, where)
    kept, dropped = outermost(layer.spans)
    tally.add("overlapping span(s) left out (BIO tags cannot nest; the outermost wins)",
              dropped, where)  # fmt: skip
    tally.add("discontinuous span(s) written as their outer span (BIO tags have no gaps)",
              sum(1 for s in kept if s.fragments), where)  # fmt: skip
    starts = {s.start for s in kept}
    ends = {s.end for s in kept}
    tokens, cut = split_at(base, text, starts, ends)
    tally.add("token(s) cut at span boundaries", cut, where)
    lead = ""
    items: list[_Item] = []
    for token in tokens:
        if token.text.isspace() and token.start not in starts and token.end not in ends:
            if items:
                items[-1].gap += token.text
            else:
                lead += token.text
        else:
            items.append(_Item(token.text, token.start, token.end, ""))
        if token.ws:
            if items:
                items[-1].gap += " "
            else:
                lead += " "
    tags = _tags(items, kept)
    notes = {span.start: span.note for span in kept if span.note is not None}
    header = [DOCSTART, header_field(document.id), header_field(layer.annotator)]
    if lead:
        header.append("SpacesBefore=" + escape(lead))
    yield " ".join(header)
    yield ""
    if not items:
        return
    breaks = sentence_ends(
        [item.text for item in items],
        [item.gap for item in items],
        lambda i: tags[i + 1].startswith("I-"),
    )
    for index, item in enumerate(items):
        misc = []
        token_text = item.text
        if _WHITESPACE.search(token_text):
            token_text = escape(token_text)
            misc.append("Escaped=Yes")
        if item.gap == "":
            misc.append("SpaceAfter=No")
        elif item.gap != " ":
            misc.append("SpacesAfter=" + escape(item.gap))
        if item.start in notes and tags[index][0] == "B":
            misc.append("Note=" + escape(notes[item.start]))
        yield f"{token_text}\t{'|'.join(misc) or '_'}\t{tags[index]}"
        if index in breaks:
            yield ""


def _tags(items: Sequence[_Item], spans: Sequence[SpanRecord]) -> list[str]:
    tags = ["O"] * len(items)
    position = 0
    for span in spans:  # sorted by start, not overlapping
        while position < len(items) and items[position].start < span.start:
            position += 1
        tags[position] = f"B-{span.label}"
        position += 1
        while position < len(items) and items[position].end <= span.end:
            tags[position] = f"I-{span.label}"
            position += 1
    return tags


def write(
    documents: Iterable[ExportDocument], target: Path, labels: Sequence[Label], report: Report
) -> None:
    tally = Tally()

    def write_lines(out: IO[str]) -> int:
        count = 0
        for document in documents:
            report.documents += 1
            if document.meta:
                tally.add("document meta left out (CoNLL keeps only ids)", 1, repr(document.id))
            base = tokenize(document.text)  # once for all its layers
            for index, layer in enumerate(document.layers):
                report.layers += 1
                report.spans += len(layer.spans)
                out.write("\n".join(layer_lines(document, index, tally, base)))
                out.write("\n")
                count += 1
        return count

    write_atomically(target, write_lines)
    report.files += 1
    report.notes.extend(tally.notes())
