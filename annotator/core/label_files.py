"""The labels file: a project's labels and relation types, with their guidelines, to carry
them to another project (`annotator export P.db --labels-file labels.json`, `annotator
import P.db --labels-file labels.json`).

It is a JSON array of objects, written one to a line like the bundled
resources/labels.json (which is itself a labels file): a label is
`{"name", "color", "key", "description", "guideline"}`, a relation type has
`"kind": "relation_type"` and also `"head_labels"`, `"tail_labels"` and `"required"`.
Only `name` and `color` are needed. Reading is strict (`core.strict_json`) and names the
line of the first problem: `FILE:LINE: reason`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.labels import app_key_problem, check_label_name
from annotator.core.model import Label, RelationType
from annotator.core.output_files import write_atomically
from annotator.core.strict_json import JsonSyntaxError, LineError, decode_value, skip_space
from annotator.core.textio import decode

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_SHARED_KEYS = {"name", "color", "key", "description", "guideline", "kind"}
_LABEL_KEYS = _SHARED_KEYS | {"event"}
_RELATION_KEYS = _SHARED_KEYS | {"head_labels", "tail_labels", "required"}


def label_file_text(labels: list[Label], kinds: list[RelationType]) -> str:
    """The labels file of `labels` and `kinds`, one object a line."""
    items: list[dict[str, Any]] = [
        {
            "name": label.name,
            "color": label.color,
            "key": label.key,
            "description": label.description,
            "guideline": label.guideline,
            **({"event": True} if label.event else {}),  # a brat event trigger
        }
        for label in labels
    ]
    for kind in kinds:
        items.append(
            {
                "kind": "relation_type",
                "name": kind.name,
                "head_labels": list(kind.head_labels),
                "tail_labels": list(kind.tail_labels),
                "color": kind.color,
                "key": kind.key,
                "description": kind.description,
                "guideline": kind.guideline,
                "required": kind.required,
            }
        )
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    return "[\n" + ",\n".join(f"  {line}" for line in lines) + "\n]\n"


def write_label_file(path: Path, labels: list[Label], kinds: list[RelationType]) -> int:
    """Write the labels file (atomically); returns how many items it holds."""
    text = label_file_text(labels, kinds)

    def write(out: IO[str]) -> int:
        out.write(text)
        return len(labels) + len(kinds)

    return write_atomically(path, write)


def read_label_file(path: Path) -> tuple[list[Label], list[RelationType]]:
    """The labels and relation types of a labels file, checked; InputError
    (`FILE:LINE: reason`) at the first problem."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path) from None
    text = decode(data, path)
    labels: list[Label] = []
    kinds: list[RelationType] = []
    seen: dict[tuple[str, str], int] = {}
    for line, item in _items(text, path):
        try:
            if not isinstance(item, dict):
                raise LineError("each item is a JSON object (a label or a relation type)")
            kind = item.get("kind", "label")
            if kind not in ("label", "relation_type"):
                raise LineError(f'"kind" is "label" or "relation_type", not {kind!r}')
            allowed = _LABEL_KEYS if kind == "label" else _RELATION_KEYS
            unknown = sorted(set(item) - allowed)
            if unknown:
                raise LineError(f"unknown field(s) {', '.join(unknown)} in a {kind}")
            name = _string(item, "name", required=True)
            if (kind, name) in seen:
                raise LineError(f"the {kind} {name!r} is on line {seen[(kind, name)]} already")
            seen[(kind, name)] = line
            color, key = _color(item), _key(item)
            description, guideline = _string(item, "description"), _string(item, "guideline")
            if kind == "label":
                check_label_name(name)
                event = item.get("event", False)
                if not isinstance(event, bool):
                    raise LineError('"event" is true or false')
                problem = app_key_problem(key)
                if problem:
                    raise LineError(problem)
                labels.append(Label(name, color, key, description, guideline, event))
            else:
                if name != name.strip() or not name:
                    raise LineError(f"the relation type name {name!r} is blank or padded")
                required = item.get("required", False)
                if not isinstance(required, bool):
                    raise LineError('"required" is true or false')
                heads, tails = _names(item, "head_labels"), _names(item, "tail_labels")
                kinds.append(
                    RelationType(name, heads, tails, color, key, description, guideline, required)
                )
        except (LineError, AnnotatorError) as error:
            reason = error.reason if isinstance(error, AnnotatorError) else str(error)
            raise InputError(reason, path, line) from None
    return labels, kinds


def _items(text: str, path: Path) -> list[tuple[int, Any]]:
    """The array's items with the line each starts on."""

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + 1

    position = skip_space(text, 0)
    if not text.startswith("[", position):
        raise InputError("a labels file is a JSON array ([...]) of labels", path, line_of(position))
    position = skip_space(text, position + 1)
    items: list[tuple[int, Any]] = []
    try:
        if text.startswith("]", position):
            position += 1
        else:
            while True:
                value, end = decode_value(text, position)
                items.append((line_of(position), value))
                position = skip_space(text, end)
                if text.startswith(",", position):
                    position = skip_space(text, position + 1)
                    continue
                if text.startswith("]", position):
                    position += 1
                    break
                raise JsonSyntaxError("Expecting ',' or ']'", position)
    except JsonSyntaxError as error:
        raise InputError(f"not valid JSON ({error.msg})", path, line_of(error.position)) from None
    except LineError as error:
        raise InputError(str(error), path, line_of(position)) from None
    rest = skip_space(text, position)
    if rest != len(text):
        raise InputError("text after the end of the array", path, line_of(rest))
    return items


def _string(item: dict[str, Any], field: str, required: bool = False) -> str:
    value = item.get(field, None if required else "")
    if not isinstance(value, str):
        raise LineError(f'"{field}" is a string' + (" and is needed" if required else ""))
    return value


def _color(item: dict[str, Any]) -> str:
    value = item.get("color")
    if not isinstance(value, str) or not _COLOR.fullmatch(value):
        raise LineError(f'"color" is a colour of the form #rrggbb, not {value!r}')
    return value


def _key(item: dict[str, Any]) -> str | None:
    value = item.get("key")
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 1 or not value.strip():
        raise LineError(f'"key" is one visible character or null, not {value!r}')
    return value


def _names(item: dict[str, Any], field: str) -> tuple[str, ...]:
    value = item.get(field, [])
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise LineError(f'"{field}" is a list of label names ([] for any label)')
    return tuple(value)
