"""Search over every document's text, in the SQLite implementation: a part of `Project` (a
base class of it).

The index is the FTS5 table `documents_search` (schema `_v5`): external content (it reads
the texts from `documents`, so no text is stored twice), kept by triggers in the transaction
that writes a document. The index finds the documents; its `highlight()` marks the hits in
each one's text, with the index's own idea of a word (case, accents, phrases, prefixes), and
`core.search.marked_hits` turns the marks into code point offsets. A text holding a NUL
character (where SQLite's text functions stop) is matched in Python instead, with
`core.search.hits_in_text`, as a shared project matches every text. Documents are read in
project order, a batch at a time, only until the limit of hits is reached.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.search import (
    DEFAULT_LIMIT,
    Hit,
    Query,
    SearchResult,
    context,
    hits_in_text,
    marked_hits,
)

_BATCH = 64  # documents read per step
# Noncharacters: never in a news text. A text that has one is marked with another pair.
_MARKS = [(chr(0xFDD0 + 2 * i), chr(0xFDD1 + 2 * i)) for i in range(16)]

# A text with a NUL in it is read whole instead: SQLite's text functions (highlight()
# among them) stop at a NUL character.
_HIGHLIGHTED = """
    SELECT d.seq, d.id, CAST(d.title AS BLOB),
           highlight(documents_search, 0, :open, :close),
           instr(d.text, :open) OR instr(d.text, :close),
           CASE WHEN instr(CAST(d.text AS BLOB), X'00') > 0 THEN CAST(d.text AS BLOB) END
    FROM documents_search JOIN documents d ON d.seq = documents_search.rowid
    WHERE documents_search MATCH :match
    ORDER BY documents_search.rowid"""

_ONE_HIGHLIGHTED = """
    SELECT highlight(documents_search, 0, :open, :close)
    FROM documents_search WHERE documents_search MATCH :match AND rowid = :seq"""


class SearchIndex:
    """The full-text search of `Project`, on its connection."""

    path: Path
    _conn: sqlite3.Connection

    def search(self, query: Query, limit: int = DEFAULT_LIMIT) -> SearchResult:
        """The first `limit` hits of `query` in project order (see core/search.py)."""
        match = query.fts_match()
        try:
            hits, documents = self._hits(query, match, limit + 1)
            if documents is None:  # stopped at the limit: how many more documents match
                documents = self._conn.execute(
                    "SELECT count(*) FROM documents_search WHERE documents_search MATCH ?",
                    (match,),
                ).fetchone()[0]
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                raise ProjectError("has no search index (it is damaged)", self.path) from error
            raise AnnotatorError(f"cannot search for {query.text!r} ({error})") from error
        return SearchResult(query.text, tuple(hits[:limit]), documents, len(hits) <= limit)

    def _hits(self, query: Query, match: str, wanted: int) -> tuple[list[Hit], int | None]:
        """Up to `wanted` hits, and how many documents match if every one was read (None
        when the hits stopped before)."""
        # One statement read a batch at a time, and dropped once there are enough hits: the
        # index sets a query up once (for a prefix, merging every matching word's list),
        # not once a batch.
        hits: list[Hit] = []
        read = 0
        open_mark, close_mark = _MARKS[0]
        cursor = self._conn.execute(
            _HIGHLIGHTED, {"open": open_mark, "close": close_mark, "match": match}
        )
        try:
            while len(hits) < wanted:
                rows = cursor.fetchmany(_BATCH)
                if not rows:
                    return hits, read
                read += len(rows)
                for seq, document_id, title, marked, has_marks, with_nul in rows:
                    if with_nul is not None:  # found the way a shared project finds them
                        text = bytes(with_nul).decode("utf-8", "replace")
                        found = hits_in_text(query, text) or []
                    else:
                        if has_marks:
                            marked, open_used, close_used = self._marked_apart(match, seq)
                        else:
                            open_used, close_used = open_mark, close_mark
                        text, found = marked_hits(marked or "", open_used, close_used)
                    shown = title.decode("utf-8", "replace")
                    for start, end in found:
                        if not query.keeps(text[start:end]):
                            continue
                        before, middle, after = context(text, start, end)
                        hits.append(Hit(seq, document_id, shown, start, end, before, middle, after))
                        if len(hits) >= wanted:
                            return hits, None
        finally:
            cursor.close()
        return hits, None

    def _marked_apart(self, match: str, seq: int) -> tuple[str, str, str]:
        """The document highlighted with marks its text does not hold."""
        text = self._conn.execute("SELECT text FROM documents WHERE seq = ?", (seq,)).fetchone()
        for open_mark, close_mark in _MARKS[1:]:
            if open_mark not in text[0] and close_mark not in text[0]:
                row = self._conn.execute(
                    _ONE_HIGHLIGHTED,
                    {"open": open_mark, "close": close_mark, "match": match, "seq": seq},
                ).fetchone()
                return row[0], open_mark, close_mark
        return text[0], _MARKS[0][0], _MARKS[0][1]  # every pair used: no hit shown there
