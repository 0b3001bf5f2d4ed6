"""Search over every document's text in a shared project: a part of `PostgresProject`.

The same query language and hits as the SQLite file's FTS5 index (core/search.py), found by
reading each text in project order, a batch at a time, until the limit of hits, and
matching it in Python (`core.search.hits_in_text`): exact, but without an index, so its
time grows with the corpus (see README, "Not yet").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import psycopg

from annotator.core.search import DEFAULT_LIMIT, Hit, Query, SearchResult, context, hits_in_text

_BATCH = 200


class SearchTexts:
    if TYPE_CHECKING:

        def _q(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]: ...

    def search(self, query: Query, limit: int = DEFAULT_LIMIT) -> SearchResult:
        hits: list[Hit] = []
        documents = 0
        after = 0
        while True:
            rows = self._q(
                "SELECT seq, id, title, text FROM documents WHERE seq > %s ORDER BY seq LIMIT %s",
                (after, _BATCH),
            ).fetchall()
            if not rows:
                break
            for seq, document_id, title, raw in rows:
                after = seq
                text = bytes(raw).decode("utf-8", "replace")
                found = hits_in_text(query, text)
                if found is None:
                    continue
                documents += 1
                if len(hits) > limit:
                    continue  # only counting the documents now
                for start, end in found:
                    if query.keeps(text[start:end]):
                        before, middle, rest = context(text, start, end)
                        hits.append(Hit(seq, document_id, title, start, end, before, middle, rest))
        return SearchResult(query.text, tuple(hits[:limit]), documents, len(hits) <= limit)
