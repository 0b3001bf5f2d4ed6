"""The reads of whole layers that export, agreement and gold make, in the SQLite
implementation: a part of `Project` (a base class of it), kept apart for its size.

Each returns rows in one documented order, so that a caller can walk several of them beside
the documents (a merge walk) instead of querying per document; none reads a text unless it
says so.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from annotator.core.model import GOLD_ANNOTATOR, Status


class BulkReads:
    """Layer-wide reads on `Project`'s connection."""

    _conn: sqlite3.Connection

    # -- export ---------------------------------------------------------------------------

    def stored_documents(self) -> Iterator[tuple[int, str, str, bytes, str, bytes]]:
        """Every document in project order as (seq, id, title, text as stored UTF-8 bytes,
        the text's stored SHA-256, meta as stored UTF-8 bytes). Unchecked: pass the bytes
        to `checked_text` and `checked_meta` (store/sqlite/integrity.py) before use."""
        return iter(
            self._conn.execute(
                """SELECT seq, id, title, CAST(text AS BLOB), text_sha256, CAST(meta AS BLOB)
                   FROM documents ORDER BY seq"""
            )
        )

    def layer_span_arrays(self) -> Iterator[tuple[int, str, str]]:
        """Every layer with spans as (document seq, annotator, a JSON array of
        [start, end, label, span id, fragments] in no set order), by seq then annotator;
        fragments are [[start, end], ...] for a discontinuous span, else []. One JSON text
        per layer: json.loads is much faster than fetching its rows one by one."""
        return iter(
            self._conn.execute(
                """SELECT d.seq, s.annotator,
                          json_group_array(json_array(s.start, s."end", s.label, s.id,
                                                      json(coalesce(s.fragments, '[]'))))
                   FROM documents d JOIN spans s ON s.document_id = d.id
                   GROUP BY d.seq, s.annotator ORDER BY d.seq, s.annotator"""
            )
        )

    def span_notes(self) -> Iterator[tuple[int, int, str]]:
        """Every span note as (document seq, span id, note), by seq. Apart from the spans:
        SQLite's JSON functions would cut a text at a NUL character."""
        return iter(
            self._conn.execute(
                """SELECT d.seq, s.id, s.note
                   FROM documents d JOIN spans s ON s.document_id = d.id
                   WHERE s.note IS NOT NULL ORDER BY d.seq"""
            )
        )

    def layer_statuses(self) -> Iterator[tuple[int, str, str]]:
        """Every stored status as (document seq, annotator, status), by seq then annotator."""
        return iter(
            self._conn.execute(
                """SELECT d.seq, ds.annotator, ds.status
                   FROM documents d JOIN document_status ds ON ds.document_id = d.id
                   ORDER BY d.seq, ds.annotator"""
            )
        )

    def relation_rows(self) -> Iterator[tuple[str, str, int, int, str]]:
        """Every relation as (document id, annotator, head span id, tail span id, label),
        in the order they were added."""
        return iter(
            self._conn.execute(
                "SELECT document_id, annotator, head_span, tail_span, label FROM relations "
                "ORDER BY id"
            )
        )

    def relation_counts(self) -> dict[str, int]:
        """How many relations each annotator with any has."""
        rows = self._conn.execute("SELECT annotator, count(*) FROM relations GROUP BY annotator")
        return {name: count for name, count in rows}

    # -- agreement and gold ---------------------------------------------------------------

    def counted_layers(
        self, annotators: Sequence[str], include_unfinished: bool = False
    ) -> Iterator[tuple[str, str]]:
        """(document id, annotator) of each layer of `annotators` marked done, and with
        `include_unfinished` each one with a span too; in no set order."""
        names = ", ".join("?" * len(annotators))
        sql = (
            "SELECT document_id, annotator FROM document_status "
            f"WHERE status = ? AND annotator IN ({names})"
        )
        params: list[Any] = [str(Status.DONE), *annotators]
        if include_unfinished:
            sql += (
                " UNION SELECT DISTINCT document_id, annotator FROM spans "
                f"WHERE annotator IN ({names})"
            )
            params += annotators
        return iter(self._conn.execute(sql, params))

    def span_triples(
        self, annotators: Sequence[str], labels: Sequence[str]
    ) -> Iterator[tuple[str, str, int, int, str]]:
        """(document id, annotator, start, end, label) of every span of `annotators` with
        one of `labels`, ordered by document id, annotator, start, end, label (the same
        order always)."""
        names = ", ".join("?" * len(annotators))
        label_marks = ", ".join("?" * len(labels))
        return iter(
            self._conn.execute(
                f'SELECT document_id, annotator, start, "end", label FROM spans '
                f"WHERE annotator IN ({names}) AND label IN ({label_marks}) "
                'ORDER BY document_id, annotator, start, "end", label',
                [*annotators, *labels],
            )
        )

    def agreement_spans(
        self, annotators: Sequence[str], labels: Sequence[str]
    ) -> Iterator[tuple[str, str, int, int, str, int, str | None]]:
        """(document id, annotator, start, end, label, span id, fragments) of every span of
        `annotators` with one of `labels`, in no set order (a layer's rows mostly together;
        sorting them here would cost more than the read); fragments is the stored JSON text
        ([[start, end], ...]) of a discontinuous span, else None."""
        names = ", ".join("?" * len(annotators))
        label_marks = ", ".join("?" * len(labels))
        return iter(
            self._conn.execute(
                f'SELECT document_id, annotator, start, "end", label, id, fragments FROM spans '
                f"WHERE annotator IN ({names}) AND label IN ({label_marks})",
                [*annotators, *labels],
            )
        )

    def document_lengths(self) -> Iterator[tuple[str, str, int]]:
        """Every document as (id, title, length in code points), in project order; no text
        is read."""
        return iter(self._conn.execute("SELECT id, title, length FROM documents ORDER BY seq"))

    def annotators_with_layers(self) -> list[str]:
        """The annotators, gold aside, with at least one span or a document started or
        done, by name."""
        rows = self._conn.execute(
            """SELECT name FROM annotators WHERE name != ? AND (
                   EXISTS (SELECT 1 FROM spans WHERE annotator = name)
                   OR EXISTS (SELECT 1 FROM document_status
                              WHERE annotator = name AND status != 'new'))
               ORDER BY name""",
            (GOLD_ANNOTATOR,),
        )
        return [name for (name,) in rows]

    def statuses_of(self, annotator: str) -> dict[str, Status]:
        """The status of each document where `annotator`'s status is stored (the others
        are `new`)."""
        rows = self._conn.execute(
            "SELECT document_id, status FROM document_status WHERE annotator = ?", (annotator,)
        )
        return {document_id: Status(status) for document_id, status in rows}
