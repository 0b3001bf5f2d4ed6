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
report counts the others. A discontinuous span is written as its outer span (BIO tags have
no gaps; the report counts them), and relations have no place here (the export's report
counts them). A kept span's note is `Note=...` (escaped) on its B- token;
statuses and document meta have no place here and are counted in the report. Tokens are
cut at span boundaries (`tokens.split_at`).

Other tools' CoNLL files (CoNLL-2003's `-DOCSTART- -X- -X- O` and `EU NNP B-NP I-ORG`, or two
columns `Kerry B-PER`) are read as plain CoNLL: token first, tag last, BIO or IOB1 tags, the
text rebuilt with one space between tokens and a line break between sentences (the report
says so), ids from the text's hash.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.formats.base import Format
from annotator.core.formats.conll_escapes import escape, unescape
from annotator.core.formats.conll_reader import read
from annotator.core.formats.conll_writer import DOCSTART, layer_lines, outermost, write

__all__ = ["DOCSTART", "FORMAT", "escape", "layer_lines", "outermost", "read", "sniff",
           "unescape", "write"]  # fmt: skip


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
