"""Suggestions, each annotator's decisions on them, and the gazetteer, in the SQLite
implementation: a part of `Project` (a base class of it), kept apart for its size.

A document's suggestions are replaced whole by each run of the suggesters
(`store_suggestions`): a suggestion made again keeps its id and every decision on it; one
no longer made is deleted, or kept `stale` when somebody accepted or rejected it (so that
the acceptance counts stay). Each method that writes is one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.model import Fragments, Suggestion, check_span_shape
from annotator.store.sqlite.schema import now

DECISIONS = ("accepted", "rejected")

COLUMNS = 'id, document_id, start, "end", label, fragments, suggesters, speaker_start, speaker_end'

# (suggester, label, accepted, rejected, open): `stats`' acceptance counts.
SuggestionCount = tuple[str, str, int, int, int]


def fragments_column(fragments: Fragments) -> str:
    """The `fragments` column: part of the unique key and of the order (no NULL)."""
    return json.dumps([list(piece) for piece in fragments]) if fragments else ""


def suggestion_of_row(row: Sequence[object]) -> Suggestion:
    """A `Suggestion` from a row of `COLUMNS` (this store's or the shared one's)."""
    ident, document_id, start, end, label, fragments, suggesters, s_start, s_end = row
    return Suggestion(
        str(document_id),
        int(start),  # type: ignore[call-overload]
        int(end),  # type: ignore[call-overload]
        str(label),
        tuple(str(suggesters).split(",")),
        tuple(tuple(piece) for piece in json.loads(str(fragments))) if fragments else (),
        (int(s_start), int(s_end)) if s_start is not None else None,  # type: ignore[call-overload]
        int(ident),  # type: ignore[call-overload]
    )


def check_shapes(document_id: str, length: int, suggestions: Sequence[Suggestion]) -> None:
    """AnnotatorError unless every suggestion (and a quote's speaker) fits the document's
    text of `length` code points: what both stores check before they write any."""
    for suggestion in suggestions:
        problem = check_span_shape(length, suggestion.start, suggestion.end, suggestion.fragments)
        if problem is None and suggestion.speaker is not None:
            problem = check_span_shape(length, *suggestion.speaker, ())
        if problem or suggestion.document_id != document_id:
            raise AnnotatorError(
                f"suggestion {problem or 'is for another document'} ({document_id!r})"
            )


class SuggestionTable:
    """Suggestions, decisions and the gazetteer, on `Project`'s connection."""

    _conn: sqlite3.Connection
    # span_texts' memory: label -> document id -> (its spans' ranges, their texts)
    _span_texts_held: dict[str, dict[str, tuple[set[tuple[int, int]], set[str]]]]

    if TYPE_CHECKING:  # Project's

        def transaction(self) -> AbstractContextManager[None]: ...

        def ensure_annotator(self, name: str) -> str: ...

    # -- suggestions ----------------------------------------------------------------------

    def suggestions(self, document_id: str) -> list[Suggestion]:
        """The document's current suggestions (not stale), in text order."""
        rows = self._conn.execute(
            f"""SELECT {COLUMNS} FROM suggestions WHERE document_id = ? AND NOT stale
                ORDER BY start, "end", label, fragments""",
            (document_id,),
        )
        return [suggestion_of_row(row) for row in rows]

    def suggestion(self, suggestion_id: int) -> Suggestion:
        """One suggestion (stale or not); AnnotatorError if there is none with that id."""
        row = self._conn.execute(
            f"SELECT {COLUMNS} FROM suggestions WHERE id = ?", (suggestion_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(
                f"suggestion {suggestion_id} no longer exists (suggested again since?)"
            )
        return suggestion_of_row(row)

    def store_suggestions(self, document_id: str, suggestions: Sequence[Suggestion]) -> int:
        """Make `suggestions` the document's current ones (see the module docstring);
        returns how many there are. AnnotatorError, nothing written, if the document does
        not exist or a suggestion does not fit its text."""
        row = self._conn.execute(
            "SELECT length FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {document_id!r}")
        check_shapes(document_id, row[0], suggestions)
        with self.transaction():
            held = {
                (start, end, label, fragments): ident
                for ident, start, end, label, fragments in self._conn.execute(
                    """SELECT id, start, "end", label, fragments FROM suggestions
                       WHERE document_id = ?""",
                    (document_id,),
                )
            }
            wanted: dict[tuple[int, int, str, str], tuple[object, ...]] = {}
            for suggestion in suggestions:  # (one given twice is stored once)
                fragments = fragments_column(suggestion.fragments)
                key = (suggestion.start, suggestion.end, suggestion.label, fragments)
                wanted[key] = (
                    ",".join(suggestion.suggesters),
                    *(suggestion.speaker or (None, None)),
                )
            self._conn.executemany(
                """UPDATE suggestions SET suggesters = ?, speaker_start = ?, speaker_end = ?,
                   stale = 0 WHERE id = ?""",
                [(*values, held[key]) for key, values in wanted.items() if key in held],
            )
            self._conn.executemany(
                """INSERT INTO suggestions (document_id, start, "end", label, fragments,
                   suggesters, speaker_start, speaker_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                [(document_id, *key, *values) for key, values in wanted.items() if key not in held],
            )
            gone = [(ident,) for key, ident in held.items() if key not in wanted]
            self._conn.executemany(
                """DELETE FROM suggestions WHERE id = ? AND NOT EXISTS
                   (SELECT 1 FROM suggestion_decisions WHERE suggestion_id = suggestions.id)""",
                gone,
            )
            self._conn.executemany("UPDATE suggestions SET stale = 1 WHERE id = ?", gone)
        return len(wanted)

    def suggestion_decisions(self, document_id: str, annotator: str) -> dict[int, str]:
        """{suggestion id: "accepted" or "rejected"} of `annotator` in the document."""
        rows = self._conn.execute(
            """SELECT d.suggestion_id, d.decision FROM suggestion_decisions d
               JOIN suggestions s ON s.id = d.suggestion_id
               WHERE s.document_id = ? AND d.annotator = ?""",
            (document_id, annotator),
        )
        return dict(rows)

    def decide_suggestion(self, suggestion_id: int, annotator: str, decision: str | None) -> None:
        """Record `annotator`'s decision ("accepted", "rejected", or None: no decision, as
        undo leaves it). AnnotatorError if the suggestion is gone or the decision unknown."""
        if decision is not None and decision not in DECISIONS:
            raise AnnotatorError(f"unknown decision {decision!r} (accepted or rejected)")
        with self.transaction():
            self.suggestion(suggestion_id)
            annotator = self.ensure_annotator(annotator)
            if decision is None:
                self._conn.execute(
                    "DELETE FROM suggestion_decisions WHERE suggestion_id = ? AND annotator = ?",
                    (suggestion_id, annotator),
                )
                # A stale suggestion nobody has decided on any more has no reason to stay.
                self._conn.execute(
                    """DELETE FROM suggestions WHERE id = ? AND stale AND NOT EXISTS
                       (SELECT 1 FROM suggestion_decisions WHERE suggestion_id = ?)""",
                    (suggestion_id, suggestion_id),
                )
            else:
                self._conn.execute(
                    """INSERT INTO suggestion_decisions (suggestion_id, annotator, decision,
                       updated) VALUES (?, ?, ?, ?)
                       ON CONFLICT (suggestion_id, annotator)
                       DO UPDATE SET decision = excluded.decision, updated = excluded.updated""",
                    (suggestion_id, annotator, decision, now()),
                )

    def suggestion_counts(self) -> list[SuggestionCount]:
        """Per suggester and label: decisions accepted, rejected, and current suggestions
        nobody decided on; by suggester, then label. A suggestion two suggesters made
        counts for both."""
        counts: dict[tuple[str, str], list[int]] = {}
        rows = self._conn.execute(
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
                count[0] += accepted
                count[1] += rejected
                count[2] += int(not (accepted or rejected or stale))
        return [(name, label, *count) for (name, label), count in sorted(counts.items())]  # type: ignore[misc]

    def open_suggestions(self) -> Iterator[Suggestion]:
        """Every current suggestion nobody has accepted or rejected, by document (in the
        documents' order), then in text order: what `export --suggestions` writes."""
        rows = self._conn.execute(
            f"""SELECT {", ".join("s." + c.strip() for c in COLUMNS.split(","))}
                FROM suggestions s JOIN documents d ON d.id = s.document_id
                WHERE NOT s.stale AND NOT EXISTS
                    (SELECT 1 FROM suggestion_decisions x WHERE x.suggestion_id = s.id)
                ORDER BY d.seq, s.start, s."end", s.label, s.fragments"""
        )
        for row in rows:
            yield suggestion_of_row(row)

    # -- known names --------------------------------------------------------------------

    def span_texts(self, label: str) -> list[str]:
        """The distinct texts of every contiguous span of `label`, in every layer: the
        names the known-actors suggester looks for. Cut in Python (SQLite's substr()
        stops at a NUL, and a text may hold one), and remembered per document: the app
        asks at every document it opens, and only documents whose spans of `label`
        changed since are read again."""
        ranges: dict[str, set[tuple[int, int]]] = {}
        for document_id, start, end in self._conn.execute(
            """SELECT document_id, start, "end" FROM spans
               WHERE label = ? AND fragments IS NULL""",
            (label,),
        ):
            ranges.setdefault(document_id, set()).add((start, end))
        held = self._span_texts_held.setdefault(label, {})
        for gone in held.keys() - ranges.keys():
            del held[gone]
        names: set[str] = set()
        for document_id, pieces in ranges.items():
            known = held.get(document_id)
            if known is None or known[0] != pieces:
                (raw,) = self._conn.execute(
                    "SELECT CAST(text AS BLOB) FROM documents WHERE id = ?", (document_id,)
                ).fetchone()
                text = bytes(raw).decode("utf-8", "replace")
                known = held[document_id] = (pieces, {text[s:e] for s, e in pieces})
            names.update(known[1])
        return sorted(names)  # code point order, as SQLite's on UTF-8

    def gazetteer(self) -> list[tuple[str, str]]:
        """The imported names as (name, alias; "" for none), sorted."""
        rows = self._conn.execute("SELECT name, alias FROM gazetteer ORDER BY name, alias")
        return [(name, alias) for name, alias in rows]

    def add_gazetteer(self, rows: Sequence[tuple[str, str]]) -> int:
        """Add (name, alias) rows, skipping those held already; returns how many were new."""
        with self.transaction():
            before = self._conn.execute("SELECT count(*) FROM gazetteer").fetchone()[0]
            self._conn.executemany(
                "INSERT OR IGNORE INTO gazetteer (name, alias) VALUES (?, ?)", rows
            )
            after = self._conn.execute("SELECT count(*) FROM gazetteer").fetchone()[0]
        return int(after - before)
