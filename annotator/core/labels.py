"""The default label set and the colours given to labels added later (the candidate
farthest from the existing colours, `core.colors.most_distinct`)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

from annotator.core.colors import most_distinct
from annotator.core.errors import AnnotatorError
from annotator.core.model import Label, RelationType
from annotator.resources import resource_path

# The main window's own one-key shortcuts: A accept, X reject, N next suggestion, L link,
# F add a fragment, U next quote without a source. A label keyed with one of them, in
# either case (Qt makes no difference), would make both ambiguous: neither would work.
# tests/ui/test_label_keys.py checks this against the window's actions.
APP_KEYS = frozenset("AFLNUX")


def app_key_problem(key: str | None) -> str | None:
    """Why `key` cannot be a label's key because the window uses it, or None."""
    if key is not None and key.upper() in APP_KEYS:
        return (
            f"the key {key} is the window's own (A, F, L, N, U and X are): give the label "
            "another one"
        )
    return None


def default_labels() -> list[Label]:
    """ACTOR, QUOTE, EVENT, CLAIM with keys 1-4, read from resources/labels.json."""
    data = json.loads(resource_path("labels.json").read_text(encoding="utf-8"))
    return [Label(**item) for item in data]


def default_relation_types() -> list[RelationType]:
    """source (QUOTE -> ACTOR, required), claimant (CLAIM -> ACTOR), participant (EVENT ->
    ACTOR), read from resources/relation_types.json."""
    data = json.loads(resource_path("relation_types.json").read_text(encoding="utf-8"))
    kinds = []
    for item in data:
        item.update(head_labels=tuple(item["head_labels"]), tail_labels=tuple(item["tail_labels"]))
        kinds.append(RelationType(**item))
    return kinds


def chosen_relation_types(
    labels: list[Label], relation_types: list[RelationType] | None
) -> list[RelationType]:
    """`relation_types`, or by default those of the defaults whose labels `labels` has."""
    if relation_types is not None:
        return relation_types
    names = {label.name for label in labels}
    return [
        kind
        for kind in default_relation_types()
        if set(kind.head_labels + kind.tail_labels) <= names
    ]


# Unicode categories no label may hold: control characters (tab, line feed, NUL...), line
# and paragraph separators, and lone surrogates.
_REFUSED_CATEGORIES = {"Cc": "a control character", "Zl": "a line separator",
                       "Zp": "a paragraph separator", "Cs": "a lone surrogate"}  # fmt: skip
_NAMED = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


def check_label_name(name: str) -> str:
    """`name`, if it can name a label; AnnotatorError saying why not otherwise.

    Every export writes labels on one line and most between tabs (CoNLL's `B-LABEL`
    column, brat's `T1<TAB>LABEL 0 5`), and reading them back strips whitespace: so a
    label holds no control character or line separator, and does not start or end with
    whitespace. Anything else (spaces inside, any script, emoji) is a fine name.
    """
    if not name.strip():
        raise AnnotatorError("a label needs a name")
    for char in name:
        category = unicodedata.category(char)
        if category in _REFUSED_CATEGORIES:
            what = _NAMED.get(char) or f"{_REFUSED_CATEGORIES[category]} (U+{ord(char):04X})"
            raise AnnotatorError(
                f"the label name {name!r} contains {what}; a label must fit on one line "
                "between tabs, as CoNLL and brat write it"
            )
    if name != name.strip():
        raise AnnotatorError(f"the label name {name!r} starts or ends with whitespace")
    return name


def new_label(name: str, existing: list[Label], avoid: Sequence[str] = ()) -> Label:
    """A label for `name` with the palette colour most distinguishable from `existing`'s
    colours (and `avoid`'s: relation types' colours, say), and a free digit key."""
    used_keys = {label.key for label in existing}
    color = most_distinct([label.color for label in existing] + list(avoid))
    key = next((k for k in "123456789" if k not in used_keys), None)
    return Label(name=name, color=color, key=key, description="")
