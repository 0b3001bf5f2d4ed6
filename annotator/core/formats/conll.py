"""CoNLL: one token per line with a BIO tag, a blank line between sentences, a `-DOCSTART-`
line before each document layer. Three tab-separated columns, the tag last (where CoNLL
readers such as spaCy's `conll_ner` converter and flair's column corpus look for it):

    -DOCSTART- doc-1 alice

    Kerry	_	B-ACTOR
    met	_	O
    Lavrov	SpaceAfter=No	B-ACTOR
    .	SpacesAfter=\\r\\n	O

The header names the document id and the annotator (`_` for none), escaped as below; a
fourth field `SpacesBefore=...` keeps whitespace before the first token. The middle column
says what follows a token, as in CoNLL-U's MISC column: `_` one space, `SpaceAfter=No`
nothing, `SpacesAfter=...` any other whitespace; `Escaped=Yes` marks a token whose own text
is escaped (a whitespace token a span starts or ends at). Escapes: `\\s` space, `\\t` tab,
`\\n` LF, `\\r` CR, `\\p` `|`, `\\\\` backslash, `\\uXXXX` any other whitespace, `\\_` an id
that is exactly `_`, `\\-` a leading `-` of an id. So the text is the tokens and what follows
them, exactly (CRLF, tabs, U+2028, double spaces), and export -> import -> export gives the
same bytes.

BIO tags cannot nest: of overlapping spans the outermost (longest, then earliest) wins and the
report counts the others. A kept span's note is `Note=...` (escaped) on its B- token;
statuses and document meta have no place here and are counted in the report. Tokens are
cut at span boundaries (`tokens.split_at`).

Other tools' CoNLL files (CoNLL-2003's `-DOCSTART- -X- -X- O` and `EU NNP B-NP I-ORG`, or two
columns `Kerry B-PER`) are read as plain CoNLL: token first, tag last, BIO or IOB1 tags, the
text rebuilt with one space between tokens and a line break between sentences (the report
says so), ids from the text's hash.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.core import limits
from annotator.core.errors import InputError
from annotator.core.formats.base import ExportDocument, Format, Report, write_atomically
from annotator.core.formats.tokens import Tally, Token, sentence_ends, split_at, tokenize
from annotator.core.jsonl import LayerRecord, SpanRecord
from annotator.core.model import Label, text_id
from annotator.core.strict_json import LineError
from annotator.core.textio import decoded_lines

DOCSTART = "-DOCSTART-"
_WHITESPACE = re.compile(r"\s")
_ESCAPES = {" ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "|": "\\p", "\\": "\\\\"}
_UNESCAPES = {"s": " ", "t": "\t", "n": "\n", "r": "\r", "p": "|", "\\": "\\", "_": "_", "-": "-"}


def escape(value: str) -> str:
    """`value` with whitespace, `|` and `\\` escaped: no tab, newline or space is left."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isspace():
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def unescape(value: str) -> str:
    """The inverse of `escape`; LineError for an unknown or cut-off escape."""
    if "\\" not in value:
        return value
    out = []
    index = 0
    while index < len(value):
        char = value[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        code = value[index + 1 : index + 2]
        if code in _UNESCAPES:
            out.append(_UNESCAPES[code])
            index += 2
        elif code == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", value[index + 2 : index + 6]):
            char = chr(int(value[index + 2 : index + 6], 16))
            if "\ud800" <= char <= "\udfff":
                raise LineError(
                    f"{value[index : index + 6]!r} escapes a lone surrogate, not a character"
                )
            out.append(char)
            index += 6
        else:
            raise LineError(f"unknown escape {value[index : index + 2]!r} in {value!r}")
    return "".join(out)


def _field(value: str | None) -> str:
    """An id or annotator in the header: `_` stands for none (so a name `_` is `\\_`), and
    a leading `-` is escaped so that a header never reads as CoNLL-2003's `-DOCSTART- -X-`."""
    if value is None:
        return "_"
    if value == "_":
        return "\\_"
    value = escape(value)
    return "\\" + value if value.startswith("-") else value


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
    kept, dropped = outermost(layer.spans)
    tally.add("overlapping span(s) left out (BIO tags cannot nest; the outermost wins)",
              dropped, where)  # fmt: skip
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
    header = [DOCSTART, _field(document.id), _field(layer.annotator)]
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


def sniff(path: Path) -> bool:
    """The first non-blank line is a -DOCSTART- header."""
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                if raw.strip():
                    return raw.lstrip(b"\xef\xbb\xbf").startswith(DOCSTART.encode())
    except OSError:
        return False
    return False


FORMAT = Format(
    name="conll",
    description="CoNLL BIO tags, one token per line (spacing kept, so round trips are exact)",
    suffixes=(".conll", ".iob", ".bio"),
    write=write,
    read=read,
    sniff=sniff,
)
