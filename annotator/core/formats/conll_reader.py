"""Reading CoNLL files (see `conll`): this program's own files exactly (spacing column,
escapes, notes), any other CoNLL file (CoNLL-2003, two-column NER) as plain CoNLL."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core import limits
from annotator.core.errors import InputError
from annotator.core.formats.base import Report
from annotator.core.formats.conll_escapes import unescape
from annotator.core.formats.conll_writer import DOCSTART
from annotator.core.jsonl import LayerRecord, SpanRecord
from annotator.core.model import text_id
from annotator.core.strict_json import LineError
from annotator.core.textio import decoded_lines


class _Layer:
    def __init__(self, line: int, doc_id: str, annotator: str | None, lead: str):
        self.line = line
        self.id = doc_id
        self.annotator = annotator
        self.parts: list[str] = []
        self.length = 0  # code points of the text so far
        self.size = 0  # its UTF-8 bytes, held to the size limit
        self.append(lead)
        self.spans: list[SpanRecord] = []
        self.open: SpanRecord | None = None  # the span the last token is in

    def append(self, piece: str) -> None:
        """Add `piece` to the text; LineError once the text is larger than the size limit
        (one document, like one .txt file), so an endless document stops early."""
        self.parts.append(piece)
        self.length += len(piece)
        self.size += len(piece) if piece.isascii() else len(piece.encode("utf-8"))
        limit = limits.MAX_DOCUMENT_BYTES
        if self.size > limit:
            raise LineError(
                f"the document's text is larger than {limits.describe_limit(limit)}, the limit "
                "for one document (is this the right file?)"
            )

    def close_span(self) -> None:
        if self.open is not None:
            self.spans.append(self.open)
            self.open = None

    def record(self, byte_end: int) -> LayerRecord:
        self.close_span()
        text = "".join(self.parts)
        return LayerRecord(self.line, self.id, text, {}, self.annotator, None, self.spans,
                           byte_end)  # fmt: skip


def _header(line: str) -> tuple[str, str | None, str]:
    fields = line.split(" ")
    if fields[0] != DOCSTART or len(fields) not in (3, 4):
        raise LineError(
            "a document header must be '-DOCSTART- ID ANNOTATOR' (ANNOTATOR '_' for none), "
            "optionally followed by SpacesBefore=..."
        )
    doc_id = unescape(fields[1])
    if not doc_id.strip():
        raise LineError("the document id in the header is empty")
    annotator = None if fields[2] == "_" else unescape(fields[2])
    if annotator is not None and not annotator.strip():
        raise LineError("the annotator in the header is empty")
    lead = ""
    if len(fields) == 4:
        if not fields[3].startswith("SpacesBefore="):
            raise LineError(f"unknown header field {fields[3]!r} (expected SpacesBefore=...)")
        lead = unescape(fields[3].removeprefix("SpacesBefore="))
        if not lead.isspace():
            raise LineError("SpacesBefore= must be whitespace")
    return doc_id, annotator, lead


def _token(layer: _Layer, columns: list[str]) -> None:
    token, misc, tag = columns
    gap = " "
    escaped = False
    note = None
    if misc != "_":
        for item in misc.split("|"):
            if item == "SpaceAfter=No":
                gap = ""
            elif item.startswith("SpacesAfter="):
                gap = unescape(item.removeprefix("SpacesAfter="))
                if gap and not gap.isspace():
                    raise LineError("SpacesAfter= must be whitespace")
            elif item == "Escaped=Yes":
                escaped = True
            elif item.startswith("Note=") and len(item) > 5:
                note = unescape(item.removeprefix("Note="))
                if not tag.startswith("B-"):
                    raise LineError("a Note= belongs on the B- token of its span")
            else:
                raise LineError(
                    f"unknown item {item!r} in the spacing column (expected _, SpaceAfter=No, "
                    "SpacesAfter=..., Escaped=Yes, Note=...)"
                )
    if escaped:
        token = unescape(token)
    if not token:
        raise LineError("empty token")
    start = layer.length
    end = start + len(token)
    if tag == "O":
        layer.close_span()
    elif tag.startswith("B-") and tag[2:].strip():
        layer.close_span()
        layer.open = SpanRecord(start, end, tag[2:], note)
    elif tag.startswith("I-") and tag[2:].strip():
        if layer.open is None or layer.open.label != tag[2:]:
            before = "nothing" if layer.open is None else f"a {layer.open.label} span"
            raise LineError(
                f"{tag} does not continue a {tag[2:]} span (it follows {before}); a span "
                "starts with B-"
            )
        layer.open = layer.open._replace(end=end)
    else:
        raise LineError(f"unknown tag {tag!r} (expected O, B-LABEL or I-LABEL)")
    layer.append(token)
    layer.append(gap)


def _decoded_lines(path: Path, encoding: str) -> Iterator[tuple[int, str, int]]:
    """(line number, line without its line end, byte offset of the line's end)."""
    for number, line, byte_end in decoded_lines(path, encoding):
        yield number, line.removesuffix("\n").removesuffix("\r"), byte_end


def _is_own(first_line: str) -> bool:
    """This module's files start with `-DOCSTART- ID ANNOTATOR`; CoNLL-2003's
    `-DOCSTART- -X- -X- O`, two-column NER's `-DOCSTART- O`, CoNLL-2002's
    `-DOCSTART- -DOCSTART- O`, a bare `-DOCSTART-` or a token line mean plain CoNLL."""
    fields = first_line.split(" ")
    return (
        fields[0] == DOCSTART
        and "\t" not in first_line
        and len(fields) > 1
        and fields[1] not in ("-X-", DOCSTART)
        and fields[1:] != ["O"]
    )


def read(path: Path, encoding: str, report: Report) -> Iterator[LayerRecord]:
    """Layers in file order; InputError names the first bad line.

    A file this module wrote (its first line a `-DOCSTART- ID ANNOTATOR` header) is read
    exactly. Any other CoNLL file (CoNLL-2003, two-column NER files) is read as plain
    CoNLL: see `_read_plain`.
    """
    report.files += 1
    lines = _decoded_lines(path, encoding)
    head: list[tuple[int, str, int]] = []
    for item in lines:
        head.append(item)
        if item[1].strip():
            break
    source = itertools.chain(head, lines)
    if head and head[-1][1].strip() and not _is_own(head[-1][1]):
        report.notes.append(
            f"{path}: read as plain CoNLL (no spacing column): tokens joined by one space, "
            "sentences by a line break, document ids from the text's hash"
        )
        yield from _read_plain(source, path, report)
    else:
        yield from _read_own(source, path, report)


def _read_own(
    source: Iterable[tuple[int, str, int]], path: Path, report: Report
) -> Iterator[LayerRecord]:
    layer: _Layer | None = None
    byte_end = 0
    for number, line, line_end in source:
        try:
            if line.startswith(DOCSTART) and "\t" not in line:
                if layer is not None:
                    yield _counted(layer.record(byte_end), report)
                layer = _Layer(number, *_header(line))
            elif not line.strip(" \t"):
                pass  # a sentence boundary: the text is in the tokens and their spacing
            else:
                columns = line.split("\t")
                if len(columns) != 3:
                    raise LineError(
                        f"expected 3 tab-separated columns (token, spacing, BIO tag), "
                        f"got {len(columns)}"
                    )
                if layer is None:
                    raise LineError(f"a token before the first {DOCSTART} line")
                _token(layer, columns)
        except LineError as error:
            raise InputError(str(error), path, number) from None
        byte_end = line_end
    if layer is not None:
        yield _counted(layer.record(byte_end), report)


def _read_plain(
    source: Iterable[tuple[int, str, int]], path: Path, report: Report
) -> Iterator[LayerRecord]:
    """Plain CoNLL: columns split on spaces or tabs, the token first and the tag last;
    blank lines end sentences, `-DOCSTART-` lines end documents. Tags are BIO, or IOB1 (an
    `I-` after `O` or another label starts a span, as in CoNLL-2003). The text is the tokens
    joined by one space, sentences by a line break."""
    layer: _Layer | None = None
    new_sentence = False
    byte_end = 0
    width: tuple[int, int] | None = None  # (columns, line) of the first token line
    for number, line, line_end in source:
        stripped = line.strip(" \t")
        try:
            if stripped.startswith(DOCSTART) or not stripped:
                if layer is not None:
                    layer.close_span()  # a span never crosses a sentence
                    new_sentence = True
                if stripped and layer is not None:
                    yield _counted(_plain_record(layer, byte_end), report)
                    layer = None
            else:
                columns = re.split(r"[ \t]+", stripped)
                if len(columns) < 2:
                    raise LineError("expected a token and a BIO tag (the tag in the last column)")
                if width is None:
                    width = (len(columns), number)
                elif len(columns) != width[0]:
                    raise LineError(
                        f"expected {width[0]} columns, as on the first token line (line "
                        f"{width[1]}), found {len(columns)}"
                    )
                if layer is None:
                    layer = _Layer(number, "", None, "")
                    new_sentence = False
                elif new_sentence:
                    layer.append("\n")
                    new_sentence = False
                elif layer.length:
                    layer.append(" ")
                _plain_token(layer, columns[0], columns[-1])
        except LineError as error:
            raise InputError(str(error), path, number) from None
        byte_end = line_end
    if layer is not None:
        yield _counted(_plain_record(layer, byte_end), report)


def _plain_token(layer: _Layer, token: str, tag: str) -> None:
    start = layer.length
    end = start + len(token)
    label = tag[2:]
    if tag == "O":
        layer.close_span()
    elif tag[:2] in ("B-", "I-") and label.strip():
        if tag.startswith("I-") and layer.open is not None and layer.open.label == label:
            layer.open = layer.open._replace(end=end)
        else:
            layer.close_span()
            layer.open = SpanRecord(start, end, label)
    else:
        raise LineError(f"unknown tag {tag!r} (expected O, B-LABEL or I-LABEL)")
    layer.append(token)


def _plain_record(layer: _Layer, byte_end: int) -> LayerRecord:
    record = layer.record(byte_end)
    record.id = text_id(record.text)
    return record


def _counted(record: LayerRecord, report: Report) -> LayerRecord:
    report.layers += 1
    report.spans += len(record.spans)
    return record
