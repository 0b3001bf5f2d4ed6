"""Size limits on input, checked before the input is read into memory.

A news article with its annotations is at most a few hundred kilobytes; a line or a text
file far beyond that is a wrong file (a database dump, a binary), and reading it whole would
take the machine's memory first. Such input is refused with a message naming the limit.
"""

from __future__ import annotations

# One document with its annotations, in every format and on every path into a project: a
# .txt file, a line of a line format, a Label Studio task, a document's text (as UTF-8).
# Ten times the longest article a trial met (940 KB), and what the app's text view opens
# without freezing: a 4 MB text in one paragraph (the worst case for Qt's layout) opens in
# about 1.7 s, in paragraphs 0.3 s; at 32 MB, 3.3 s in paragraphs and minutes in one
# (benchmarks/bench_text_view.py).
MAX_DOCUMENT_BYTES = 4 * 1024 * 1024

# Levels of nesting in one JSON value (a line, a task). Real annotations nest a handful of
# levels; Python's JSON decoder and encoder recurse once per level.
MAX_JSON_DEPTH = 200


def describe_limit(limit: int | None = None) -> str:
    """`limit` (default MAX_DOCUMENT_BYTES, read when called) for a message: "4 MB"."""
    limit = MAX_DOCUMENT_BYTES if limit is None else limit
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit} bytes"
