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

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import psycopg

from annotator.core.errors import AnnotatorError
from annotator.core.model import Suggestion
from annotator.store.sqlite.schema import now
from annotator.store.sqlite.suggestions import (
    COLUMNS,
    DECISIONS,
    SuggestionCount,
    check_shapes,
    fragments_column,
    suggestion_of_row,
)

_S_COLUMNS = ", ".join("s." + column.strip() for column in COLUMNS.split(","))
_LOCK = "annotator suggestions "  # + a document id: the advisory lock of its suggestions
_TEXTS_AT_ONCE = 200  # documents whose texts `span_texts` fetches in one statement


class SuggestionTables:
    """Suggestions, decisions and the gazetteer, on `PostgresProject`'s connection."""

    if TYPE_CHECKING:  # PostgresProject's

        def transaction(self) -> AbstractContextManager[None]: ...

        def _q(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]: ...

        def ensure_annotator(self, name: str) -> str: ...

    # -- suggestions ----------------------------------------------------------------------

    def suggestions(self, document_id: str) -> list[Suggestion]:
        rows = self._q(
            f"""SELECT {COLUMNS} FROM suggestions WHERE document_id = %s AND NOT stale
                ORDER BY start, "end", label, fragments""",
            (document_id,),
        )
        return [suggestion_of_row(row) for row in rows]

    def suggestion(self, suggestion_id: int) -> Suggestion:
        row = self._q(
            f"SELECT {COLUMNS} FROM suggestions WHERE id = %s", (suggestion_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(
                f"suggestion {suggestion_id} no longer exists (suggested again since?)"
            )
        return suggestion_of_row(row)

    def store_suggestions(self, document_id: str, suggestions: Sequence[Suggestion]) -> int:
        """A few statements per document whatever its number of suggestions (the new ones
        inserted at once, in the order given, as SQLite numbers them; only those whose
        suggesters or speaker changed updated)."""
        with self.transaction():
            row = self._q(
                """SELECT length, pg_advisory_xact_lock(hashtextextended(%s || id, 0))
                   FROM documents WHERE id = %s""",
                (_LOCK, document_id),
            ).fetchone()
            if row is None:
                raise AnnotatorError(f"no document with id {document_id!r}")
            check_shapes(document_id, row[0], suggestions)
            held: dict[tuple[int, int, str, str], tuple[int, tuple[Any, ...]]] = {
                (start, end, label, fragments): (int(ident), (suggesters, s_start, s_end, stale))
                for ident, start, end, label, fragments, suggesters, s_start, s_end, stale in (
                    self._q(
                        """SELECT id, start, "end", label, fragments, suggesters,
                                  speaker_start, speaker_end, stale
                           FROM suggestions WHERE document_id = %s""",
                        (document_id,),
                    )
                )
            }
            given: dict[tuple[int, int, str, str], tuple[str, int | None, int | None]] = {}
            for suggestion in suggestions:  # given twice: the first's place, the last's values
                key = (
                    suggestion.start,
                    suggestion.end,
                    suggestion.label,
                    fragments_column(suggestion.fragments),
                )
                speaker = suggestion.speaker or (None, None)
                given[key] = (",".join(suggestion.suggesters), *speaker)
            kept: set[int] = set()
            changed: list[tuple[int, str, int | None, int | None]] = []
            new = {key: values for key, values in given.items() if key not in held}
            for key, values in given.items():
                if key in held:
                    ident, before = held[key]
                    kept.add(ident)
                    if before != (*values, False):
                        changed.append((ident, *values))
            if changed:
                self._q(
                    """UPDATE suggestions s SET suggesters = v.suggesters,
                           speaker_start = v.speaker_start, speaker_end = v.speaker_end,
                           stale = false
                       FROM unnest(%s::bigint[], %s::text[], %s::integer[], %s::integer[])
                           AS v(id, suggesters, speaker_start, speaker_end)
                       WHERE s.id = v.id""",
                    [list(column) for column in zip(*changed, strict=True)],
                )
            if new:
                columns = [
                    [key[0] for key in new],
                    [key[1] for key in new],
                    [key[2] for key in new],
                    [key[3] for key in new],
                    [values[0] for values in new.values()],
                    [values[1] for values in new.values()],
                    [values[2] for values in new.values()],
                ]
                rows = self._q(
                    """INSERT INTO suggestions (document_id, start, "end", label, fragments,
                           suggesters, speaker_start, speaker_end)
                       SELECT %s, v.start, v."end", v.label, v.fragments, v.suggesters,
                              v.speaker_start, v.speaker_end
                       FROM unnest(%s::integer[], %s::integer[], %s::text[], %s::text[],
                                   %s::text[], %s::integer[], %s::integer[])
                           WITH ORDINALITY AS v(start, "end", label, fragments, suggesters,
                                                speaker_start, speaker_end, n)
                       ORDER BY v.n
                       RETURNING id""",
                    (document_id, *columns),
                )
                kept.update(int(ident) for (ident,) in rows)
            gone = [ident for ident, _ in held.values() if ident not in kept]
            if gone:
                deleted = self._q(
                    """DELETE FROM suggestions WHERE id = ANY(%s) AND NOT suggestion_decided(id)
                       RETURNING id""",
                    (gone,),
                )
                decided = set(gone) - {int(ident) for (ident,) in deleted}
                if decided:
                    self._q(
                        "UPDATE suggestions SET stale = true WHERE id = ANY(%s) AND NOT stale",
                        (sorted(decided),),
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
            self._q(  # the document's lock: a run on it in progress finishes first
                "SELECT pg_advisory_xact_lock(hashtextextended(%s || document_id, 0)) "
                "FROM suggestions WHERE id = %s",
                (_LOCK, suggestion_id),
            )
            self.suggestion(suggestion_id)  # AnnotatorError if gone (that run removed it?)
            annotator = self.ensure_annotator(annotator)
            if decision is None:
                self._q(
                    "DELETE FROM suggestion_decisions WHERE suggestion_id = %s AND annotator = %s",
                    (suggestion_id, annotator),
                )
                # A stale suggestion nobody has decided on any more has no reason to stay.
                self._q(
                    "DELETE FROM suggestions WHERE id = %s AND stale "
                    "AND NOT suggestion_decided(id)",
                    (suggestion_id,),
                )
            else:
                self._q(
                    """INSERT INTO suggestion_decisions (suggestion_id, annotator, decision,
                       updated) VALUES (%s, %s, %s, %s)
                       ON CONFLICT (suggestion_id, annotator)
                       DO UPDATE SET decision = excluded.decision, updated = excluded.updated""",
                    (suggestion_id, annotator, decision, now()),
                )

    def suggestion_counts(self) -> list[SuggestionCount]:
        """Summed on the server per set of suggesters and label (a few rows), then per
        suggester here."""
        counts: dict[tuple[str, str], list[int]] = {}
        rows = self._q(
            """SELECT suggesters, label, sum(accepted), sum(rejected),
                      count(*) FILTER (WHERE accepted + rejected = 0 AND NOT stale)
               FROM (SELECT s.suggesters, s.label, s.stale,
                            count(d.decision) FILTER (WHERE d.decision = 'accepted')
                                AS accepted,
                            count(d.decision) FILTER (WHERE d.decision = 'rejected')
                                AS rejected
                     FROM suggestions s
                     LEFT JOIN suggestion_decisions d ON d.suggestion_id = s.id
                     GROUP BY s.id) AS each
               GROUP BY suggesters, label"""
        )
        for suggesters, label, accepted, rejected, still_open in rows:
            for name in suggesters.split(","):
                count = counts.setdefault((name, label), [0, 0, 0])
                count[0] += int(accepted)
                count[1] += int(rejected)
                count[2] += int(still_open)
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
        return (suggestion_of_row(row) for row in rows)

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
