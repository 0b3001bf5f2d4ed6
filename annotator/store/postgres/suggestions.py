"""Suggestions, each annotator's decisions on them, and the gazetteer, in a shared project:
a part of `PostgresProject`, the twin of store/sqlite/suggestions.py (the same semantics,
results and order: see that module's docstring).

What differs is who sees what (rights.py): an annotator reads only their own decisions,
so their `suggestion_counts`, `open_suggestions` and `span_texts` count and read what
their login may read (their own decisions and layer; a curator's, everyone's). Whether a
suggestion is kept, stale, when a run no longer makes it is decided on every member's
decisions (`suggestion_decided`, schema.py), whoever runs the suggesters. Two runs on one
document, or a run and a decision, wait for each other (a transaction-long advisory lock
per document), so that neither finds the other's rows half written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import psycopg

from annotator.core.errors import AnnotatorError
from annotator.core.model import Fragments, Suggestion, check_span_shape
from annotator.store.sqlite.schema import now

DECISIONS = ("accepted", "rejected")
_COLUMNS = 'id, document_id, start, "end", label, fragments, suggesters, speaker_start, speaker_end'
_S_COLUMNS = ", ".join("s." + column.strip() for column in _COLUMNS.split(","))
_TEXTS_AT_ONCE = 200  # documents whose texts `span_texts` fetches in one statement

# (suggester, label, accepted, rejected, open): `stats`' acceptance counts.
SuggestionCount = tuple[str, str, int, int, int]


def _fragments_column(fragments: Fragments) -> str:
    """As the SQLite store writes them: part of the key and of the order, so the same."""
    return json.dumps([list(piece) for piece in fragments]) if fragments else ""


def _suggestion_of_row(row: Sequence[Any]) -> Suggestion:
    ident, document_id, start, end, label, fragments, suggesters, s_start, s_end = row
    return Suggestion(
        document_id,
        int(start),
        int(end),
        label,
        tuple(suggesters.split(",")),
        tuple(tuple(piece) for piece in json.loads(fragments)) if fragments else (),
        (int(s_start), int(s_end)) if s_start is not None else None,
        int(ident),
    )


class SuggestionTables:
    """Suggestions, decisions and the gazetteer, on `PostgresProject`'s connection."""

    if TYPE_CHECKING:  # PostgresProject's

        def transaction(self) -> AbstractContextManager[None]: ...

        def _q(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]: ...

        def ensure_annotator(self, name: str) -> str: ...

    def _lock_suggestions_of(self, document_id: str) -> None:
        """Inside a transaction: wait for any other run or decision on the document."""
        self._q(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            ("annotator suggestions " + document_id,),
        )

    # -- suggestions ----------------------------------------------------------------------

    def suggestions(self, document_id: str) -> list[Suggestion]:
        rows = self._q(
            f"""SELECT {_COLUMNS} FROM suggestions WHERE document_id = %s AND NOT stale
                ORDER BY start, "end", label, fragments""",
            (document_id,),
        )
        return [_suggestion_of_row(row) for row in rows]

    def suggestion(self, suggestion_id: int) -> Suggestion:
        row = self._q(
            f"SELECT {_COLUMNS} FROM suggestions WHERE id = %s", (suggestion_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(
                f"suggestion {suggestion_id} no longer exists (suggested again since?)"
            )
        return _suggestion_of_row(row)

    def store_suggestions(self, document_id: str, suggestions: Sequence[Suggestion]) -> int:
        row = self._q("SELECT length FROM documents WHERE id = %s", (document_id,)).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {document_id!r}")
        length = row[0]
        for suggestion in suggestions:
            problem = check_span_shape(
                length, suggestion.start, suggestion.end, suggestion.fragments
            )
            if problem is None and suggestion.speaker is not None:
                problem = check_span_shape(length, *suggestion.speaker, ())
            if problem or suggestion.document_id != document_id:
                raise AnnotatorError(
                    f"suggestion {problem or 'is for another document'} ({document_id!r})"
                )
        with self.transaction():
            self._lock_suggestions_of(document_id)
            held: dict[tuple[int, int, str, str], int] = {
                (start, end, label, fragments): int(ident)
                for ident, start, end, label, fragments in self._q(
                    """SELECT id, start, "end", label, fragments FROM suggestions
                       WHERE document_id = %s""",
                    (document_id,),
                )
            }
            kept: set[int] = set()
            for suggestion in suggestions:
                fragments = _fragments_column(suggestion.fragments)
                key = (suggestion.start, suggestion.end, suggestion.label, fragments)
                speaker = suggestion.speaker or (None, None)
                values = (",".join(suggestion.suggesters), *speaker)
                if key in held:
                    kept.add(held[key])
                    self._q(
                        """UPDATE suggestions SET suggesters = %s, speaker_start = %s,
                           speaker_end = %s, stale = false WHERE id = %s""",
                        (*values, held[key]),
                    )
                else:
                    (ident,) = self._q(
                        """INSERT INTO suggestions (document_id, start, "end", label,
                           fragments, suggesters, speaker_start, speaker_end)
                           VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id""",
                        (document_id, *key, *values),
                    ).fetchone()  # type: ignore[misc]
                    held[key] = int(ident)
                    kept.add(int(ident))
            gone = [ident for ident in held.values() if ident not in kept]
            if gone:
                self._q(
                    "DELETE FROM suggestions WHERE id = ANY(%s) AND NOT suggestion_decided(id)",
                    (gone,),
                )
                self._q(
                    "UPDATE suggestions SET stale = true WHERE id = ANY(%s) AND NOT stale",
                    (gone,),
                )
        return len(kept)

    def suggestion_decisions(self, document_id: str, annotator: str) -> dict[int, str]:
        rows = self._q(
            """SELECT d.suggestion_id, d.decision FROM suggestion_decisions d
               JOIN suggestions s ON s.id = d.suggestion_id
               WHERE s.document_id = %s AND d.annotator = %s""",
            (document_id, annotator),
        )
        return {int(ident): decision for ident, decision in rows}

    def decide_suggestion(self, suggestion_id: int, annotator: str, decision: str | None) -> None:
        if decision is not None and decision not in DECISIONS:
            raise AnnotatorError(f"unknown decision {decision!r} (accepted or rejected)")
        with self.transaction():
            self._lock_suggestions_of(self.suggestion(suggestion_id).document_id)
            self.suggestion(suggestion_id)  # still there once any run on it is over
            annotator = self.ensure_annotator(annotator)
            if decision is None:
                self._q(
                    "DELETE FROM suggestion_decisions WHERE suggestion_id = %s AND annotator = %s",
                    (suggestion_id, annotator),
                )
            else:
                self._q(
                    """INSERT INTO suggestion_decisions (suggestion_id, annotator, decision,
                       updated) VALUES (%s, %s, %s, %s)
                       ON CONFLICT (suggestion_id, annotator)
                       DO UPDATE SET decision = excluded.decision, updated = excluded.updated""",
                    (suggestion_id, annotator, decision, now()),
                )
            # A stale suggestion nobody has decided on any more has no reason to stay.
            self._q(
                "DELETE FROM suggestions WHERE id = %s AND stale AND NOT suggestion_decided(id)",
                (suggestion_id,),
            )

    def suggestion_counts(self) -> list[SuggestionCount]:
        counts: dict[tuple[str, str], list[int]] = {}
        rows = self._q(
            """SELECT s.suggesters, s.label,
                   (SELECT count(*) FROM suggestion_decisions d
                    WHERE d.suggestion_id = s.id AND d.decision = 'accepted'),
                   (SELECT count(*) FROM suggestion_decisions d
                    WHERE d.suggestion_id = s.id AND d.decision = 'rejected'),
                   s.stale
               FROM suggestions s"""
        )
        for suggesters, label, accepted, rejected, stale in rows:
            for name in suggesters.split(","):
                count = counts.setdefault((name, label), [0, 0, 0])
                count[0] += int(accepted)
                count[1] += int(rejected)
                count[2] += int(not (accepted or rejected or stale))
        return [
            (name, label, count[0], count[1], count[2])
            for (name, label), count in sorted(counts.items())
        ]

    def open_suggestions(self) -> Iterator[Suggestion]:
        rows = self._q(
            f"""SELECT {_S_COLUMNS}
                FROM suggestions s JOIN documents d ON d.id = s.document_id
                WHERE NOT s.stale AND NOT EXISTS
                    (SELECT 1 FROM suggestion_decisions x WHERE x.suggestion_id = s.id)
                ORDER BY d.seq, s.start, s."end", s.label, s.fragments"""
        ).fetchall()
        return (_suggestion_of_row(row) for row in rows)

    # -- known names --------------------------------------------------------------------

    def span_texts(self, label: str) -> list[str]:
        """The texts are cut here, by code point: on the server a document's text is its
        UTF-8 bytes (it may hold a NUL, which PostgreSQL's text cannot)."""
        ranges: dict[str, list[tuple[int, int]]] = {}
        for document_id, start, end in self._q(
            """SELECT DISTINCT document_id, start, "end" FROM spans
               WHERE label = %s AND fragments IS NULL""",
            (label,),
        ):
            ranges.setdefault(document_id, []).append((int(start), int(end)))
        names: set[str] = set()
        documents = sorted(ranges)
        for first in range(0, len(documents), _TEXTS_AT_ONCE):
            batch = documents[first : first + _TEXTS_AT_ONCE]
            for document_id, text in self._q(
                "SELECT id, text FROM documents WHERE id = ANY(%s)", (batch,)
            ):
                decoded = bytes(text).decode("utf-8", errors="replace")
                names.update(decoded[start:end] for start, end in ranges[document_id])
        return sorted(names)  # code point order: SQLite's on UTF-8

    def gazetteer(self) -> list[tuple[str, str]]:
        rows = self._q("SELECT name, alias FROM gazetteer ORDER BY name, alias")
        return [(name, alias) for name, alias in rows]

    def add_gazetteer(self, rows: Sequence[tuple[str, str]]) -> int:
        from annotator.store.postgres.project import refuse_nul

        for name, alias in rows:
            refuse_nul(name, f"the gazetteer name {name!r}")
            refuse_nul(alias, f"the alias {alias!r} of the gazetteer name {name!r}")
        if not rows:
            return 0
        with self.transaction():
            added = self._q(
                """INSERT INTO gazetteer (name, alias)
                   SELECT * FROM unnest(%s::text[], %s::text[]) ON CONFLICT DO NOTHING""",
                ([name for name, _ in rows], [alias for _, alias in rows]),
            ).rowcount
        return int(added)
