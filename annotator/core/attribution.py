"""The attribution check, without Qt or SQL: which spans lack a relation their label
requires (a QUOTE without its `source`), and how to say so ("2 quotes without a source").

A relation type with `required` set asks every span whose label is one of its head labels
to be the head of at least one relation of that type. A type without head labels (any
label) requires nothing: it would ask every span of the layer for a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.model import Relation, RelationType, Span


def required_types(kinds: Iterable[RelationType]) -> list[RelationType]:
    """The types the check asks for: required, with head labels."""
    return [kind for kind in kinds if kind.required and kind.head_labels]


def unattributed(
    spans: Iterable[Span], relations: Iterable[Relation], kinds: Iterable[RelationType]
) -> list[tuple[Span, RelationType]]:
    """Each span lacking a required relation, with the type it lacks, in text order."""
    required = required_types(kinds)
    if not required:
        return []
    linked = {(relation.head_span_id, relation.label) for relation in relations}
    missing = []
    for span in sorted(spans, key=lambda s: (s.start, s.end, s.label, s.id or 0)):
        for kind in required:
            if span.label in kind.head_labels and (span.id, kind.name) not in linked:
                missing.append((span, kind))
    return missing


SNIPPET = 60  # characters of each missing span's text `annotator stats` lists


def missing_item(
    document: str, start: int, end: int, label: str, fragments: Any, text: str
) -> dict[str, Any]:
    """One span lacking a required relation, as `annotator stats` lists it: `text` is the
    document's text from `start` (at least SNIPPET + 1 characters of it, when there are)."""
    shown = " ".join(text[: min(end - start, SNIPPET + 1)].split())
    if end - start > SNIPPET:
        shown = shown[: SNIPPET - 1] + "…"
    item: dict[str, Any] = {
        "document": document,
        "start": start,
        "end": end,
        "label": label,
        "text": shown,
    }
    if fragments:
        item["fragments"] = [list(piece) for piece in fragments]
    return item


def plural(label: str, n: int) -> str:
    """ "quote" / "quotes" for the label QUOTE: the way a sentence names spans of a label."""
    word = label.lower()
    return word if n == 1 else word + "s"


def describe(missing: list[tuple[Span, RelationType]]) -> str:
    """ "2 quotes without a source" (several kinds joined by ", "); "" when nothing is
    missing."""
    counts: dict[tuple[str, str], int] = {}
    for span, kind in missing:
        counts[(span.label, kind.name)] = counts.get((span.label, kind.name), 0) + 1
    return ", ".join(
        f"{n} {plural(label, n)} without {article(name)} {name}"
        for (label, name), n in counts.items()
    )


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
