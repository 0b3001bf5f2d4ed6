"""Plain-text articles: one `.txt` file is one document, its text kept byte for byte."""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.limits import MAX_DOCUMENT_BYTES, describe_limit
from annotator.core.model import Document, title_of
from annotator.core.textio import decode

# Why a text that is empty or only whitespace cannot be a document: "the file ...",
# "the document's text ..." (the importer's rule for every format).
EMPTY_TEXT = "is empty or only whitespace (no text to annotate)"


def read_text_document(path: Path, encoding: str = "utf-8") -> Document:
    """The document in `path`: id = file stem, title = first non-empty line.

    Line endings are kept as they are (CRLF stays CRLF), so offsets match the file.
    """
    if path.stat().st_size > MAX_DOCUMENT_BYTES:  # refused before a byte is read
        raise InputError(
            f"the file is larger than {describe_limit()}, the limit for one article "
            "(is this the right file?)",
            path,
        )
    text = decode(path.read_bytes(), path, encoding)
    if not text.strip():
        raise InputError(f"the file {EMPTY_TEXT}", path)
    return Document(id=path.stem, text=text, title=title_of(text), meta={"source": path.name})
