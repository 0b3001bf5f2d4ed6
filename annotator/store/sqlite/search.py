"""Search over every document's text, in the SQLite implementation: a part of `Project` (a
base class of it).

The index is the FTS5 table `documents_search` (schema `_v5`): external content (it reads
the texts from `documents`, so no text is stored twice), kept by triggers in the transaction
that writes a document. The index finds the documents; the hits in each are found in its text
by `core.search.hits_in_text` (the index's idea of a word: case and accents folded, phrases,
prefixes), as on a shared project, so both stores give the same hits. Documents are read in
project order, a batch at a time, only until the limit of hits is reached.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.search import DEFAULT_LIMIT, Hit, Query, SearchResult, context, hits_in_text

_BATCH = 64  # documents read per step

# The documents the index finds, in project order; their texts as bytes (SQLite's text
# functions, highlight() among them, stop at a NUL character, which a text may hold).
_MATCHING = """
    SELECT d.seq, d.id, CAST(d.title AS BLOB), CAST(d.text AS BLOB)
    FROM documents_search JOIN documents d ON d.seq = documents_search.rowid
    WHERE documents_search MATCH ?
    ORDER BY documents_search.rowid"""


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
        when the hits stopped before). The index finds the documents; the hits in each
        are found in its text (`hits_in_text`, as a shared project finds them)."""
        # One statement read a batch at a time, and dropped once there are enough hits: the
        # index sets a query up once (for a prefix, merging every matching word's list),
        # not once a batch.
        hits: list[Hit] = []
        read = 0
        cursor = self._conn.execute(_MATCHING, (match,))
        try:
            while len(hits) < wanted:
                rows = cursor.fetchmany(_BATCH)
                if not rows:
                    return hits, read
                for seq, document_id, title, raw in rows:
                    text = bytes(raw).decode("utf-8", "replace")
                    found = hits_in_text(query, text)
                    if found is None:
                        continue
                    read += 1
                    shown = bytes(title).decode("utf-8", "replace")
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
