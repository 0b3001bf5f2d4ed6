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

Deferred indexing: FTS5 writes its gathered words out as a new segment at every savepoint
and every statement with a statement journal, and the insert trigger gives every document's
INSERT one, so a document at a time costs a segment (and its merges) each: an import three
to four times slower. A document added inside a larger transaction (an import) therefore
drops the insert trigger, in that transaction, and the documents added since are indexed a
batch at a time with one statement each (`_index_deferred`), the last batch and the trigger
made again before the transaction commits (`Project.transaction`), and before a search in
it. A rollback takes the drop back with the documents, so the file never lacks the trigger
outside the transaction, nor a document its index rows.
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
from annotator.store.sqlite.schema import SEARCH_INDEX, SEARCH_INSERT_TRIGGER

_BATCH = 64  # documents read per step
# Noncharacters: never in a news text. A text that has one is marked with another pair.
_MARKS = [(chr(0xFDD0 + 2 * i), chr(0xFDD1 + 2 * i)) for i in range(16)]
# Deferred documents are indexed once their texts reach this many code points (a statement
# each: an import's progress keeps moving, and the words gathered stay well within the
# index's in-memory buffer, SEARCH_HASHSIZE).
DEFERRED_BATCH = 8_000_000
_CREATE_INSERT_TRIGGER = SEARCH_INDEX[2]
assert SEARCH_INSERT_TRIGGER in _CREATE_INSERT_TRIGGER

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
    # Whether the insert trigger is dropped, and the code points added since the last batch
    # (see "Deferred indexing" above); where the index stops is read from the index.
    _deferring = False
    _deferred_size = 0

    def search(self, query: Query, limit: int = DEFAULT_LIMIT) -> SearchResult:
        """The first `limit` hits of `query` in project order (see core/search.py)."""
        self._index_deferred()
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

    # -- deferred indexing (see the module's docstring) -----------------------------------

    def _defer_indexing(self, size: int) -> None:
        """Before a document of `size` code points is added: inside a transaction, leave
        its indexing to `_index_deferred` (dropping the insert trigger if it is there)."""
        if not self._conn.in_transaction:
            return  # a transaction of its own: the trigger indexes it
        # Once dropped, trusted until the next batch: should a savepoint's rollback bring the
        # trigger back, the documents since went through it, which `_index_deferred` sees.
        if not self._deferring and self._has_insert_trigger():
            self._conn.execute(f"DROP TRIGGER {SEARCH_INSERT_TRIGGER}")
            self._deferring, self._deferred_size = True, 0
        self._deferred_size += size
        if self._deferred_size >= DEFERRED_BATCH:
            self._index_deferred(keep_deferring=True)

    def _index_deferred(self, keep_deferring: bool = False) -> None:
        """Index the documents added since the insert trigger was dropped, in one statement,
        and make the trigger again (unless `keep_deferring`: a batch of a long import)."""
        if not self._deferring:
            return
        self._deferring, self._deferred_size = False, 0
        if not self._conn.in_transaction or self._has_insert_trigger():
            return  # rolled back: the drop and the documents with it
        # Where the index stops, read from the index itself: a batch made inside a savepoint
        # that was rolled back since took its rows with it, documents before the savepoint's
        # included, and these are indexed again now.
        after = self._conn.execute(
            "SELECT coalesce(max(id), 0) FROM documents_search_docsize"
        ).fetchone()[0]
        self._conn.execute(
            "INSERT INTO documents_search (rowid, text) "
            "SELECT seq, text FROM documents WHERE seq > ? ORDER BY seq",
            (after,),
        )
        if keep_deferring:
            self._deferring = True
        else:
            self._conn.execute(_CREATE_INSERT_TRIGGER)

    def _forget_deferred(self) -> None:
        """After a rollback: the trigger is back, the documents gone."""
        self._deferring, self._deferred_size = False, 0

    def _has_insert_trigger(self) -> bool:
        return (
            self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                (SEARCH_INSERT_TRIGGER,),
            ).fetchone()
            is not None
        )
