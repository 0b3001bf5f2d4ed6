"""brat's .ann lines, both ways: spans (T), relations (R), events (E) and notes (#).

    T1<TAB>ACTOR 10 15<TAB>Kerry
    T2<TAB>Content 30 52;60 71<TAB>We are not a party but a movement
    T3<TAB>Attribution 53 57<TAB>said
    E1<TAB>Attribution:T3 Source:T1 Content:T2
    R1<TAB>source Arg1:T4 Arg2:T1
    #1<TAB>AnnotatorNotes T1<TAB>the US secretary of state

A discontinuous T line lists its fragments with `;`, and its text field joins their texts
with a space (as brat writes it). An R line is a relation from Arg1 to Arg2. An E line is
an event: its trigger span (a span whose label is an event type, `Label.event`, brat's
[events]) and its arguments, each read as a relation from the trigger to the argument,
labelled by the role; brat numbers a repeated role (`Content2` is a second `Content`), the
number is dropped on reading and written back on export. An argument may name another event
(`Content:E2`): the relation then ends at that event's trigger, and the export names the
event again (an R line names spans: a trigger by its T id). Attributes (A, M),
normalisations (N), equivalences (*) and notes on anything but a span or an event are
counted, never dropped without a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.jsonl import ExportRelation, SpanRecord
from annotator.core.model import check_fragments

# Characters Python's str.splitlines() breaks on: never inside one .ann line.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Tabs too: readers split a line on every tab (brat-peek does), not just the first two.
ONE_LINE = str.maketrans(dict.fromkeys(LINE_BREAKS + "\t", " "))
_NOTE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"} | {
    c: f"\\u{ord(c):04x}" for c in LINE_BREAKS if c not in "\n\r"
}
_NOTE_ESCAPE = re.compile("[\\\\\t" + re.escape(LINE_BREAKS) + "]")
_NOTE_UNESCAPE = re.compile(r"\\(\\|n|r|t|u[0-9a-f]{4})")
_DIGITS = re.compile("[0-9]+")  # not \\d, which takes other scripts' digits too
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NUMBERED_ROLE = re.compile("(.+?)([2-9]|[1-9][0-9]+)")  # brat numbers a repeated role from 2


def escape_note(note: str) -> str:
    return _NOTE_ESCAPE.sub(lambda m: _NOTE_ESCAPES[m.group()], note)


def unescape_note(note: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "\\":
            return "\\"
        if code in ("n", "r", "t"):
            return {"n": "\n", "r": "\r", "t": "\t"}[code]
        return chr(int(code[1:], 16))

    return _NOTE_UNESCAPE.sub(one, note)


# -- writing --------------------------------------------------------------------------------


@dataclass
class Seen:
    """What an export's relations link, for annotation.conf: relation type -> head and tail
    labels; event type -> role -> argument labels (dicts as ordered sets)."""

    relations: dict[str, tuple[dict[str, None], dict[str, None]]] = field(default_factory=dict)
    events: dict[str, dict[str, dict[str, None]]] = field(default_factory=dict)


def ann_lines(
    text: str,
    spans: Sequence[SpanRecord],
    relations: Sequence[ExportRelation] = (),
    events: frozenset[str] = frozenset(),
    seen: Seen | None = None,
) -> list[str]:
    """The .ann lines of a layer: T lines, then E lines (one per span whose label is in
    `events`, its relations as roles), R lines (the other relations), # lines (notes)."""
    seen = seen if seen is not None else Seen()
    lines: list[str] = []
    notes: list[str] = []
    triggers = [index for index, span in enumerate(spans) if span.label in events]
    event_of = {index: number for number, index in enumerate(triggers, 1)}
    for number, span in enumerate(spans, 1):
        if any(c.isspace() for c in span.label):
            raise AnnotatorError(f"brat labels cannot contain spaces: {span.label!r}")
        pieces = span.fragments or ((span.start, span.end),)
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        shown = " ".join(text[s:e] for s, e in pieces).translate(ONE_LINE)
        lines.append(f"T{number}\t{span.label} {offsets}\t{shown}")
        if span.note is not None:  # a trigger's note is its event's, as brat shows it
            on = f"E{event_of[number - 1]}" if number - 1 in event_of else f"T{number}"
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes {on}\t{escape_note(span.note)}")

    def ref(index: int) -> str:
        return f"E{event_of[index]}" if index in event_of else f"T{index + 1}"

    roles: dict[int, list[ExportRelation]] = {index: [] for index in triggers}
    plain: list[ExportRelation] = []
    for relation in relations:
        if any(c.isspace() or c == ":" for c in relation.label):
            raise AnnotatorError(
                f"brat relation types cannot contain spaces or colons: {relation.label!r}"
            )
        roles.get(relation.head, plain).append(relation)
    for index in triggers:
        label = spans[index].label
        args = [f"{label}:T{index + 1}"]
        counts: dict[str, int] = {}
        event = seen.events.setdefault(label, {})
        for relation in roles[index]:
            counts[relation.label] = counts.get(relation.label, 0) + 1
            number = counts[relation.label]
            args.append(f"{relation.label}{number if number > 1 else ''}:{ref(relation.tail)}")
            event.setdefault(relation.label, {})[spans[relation.tail].label] = None
        lines.append(f"E{event_of[index]}\t{' '.join(args)}")
    for number, relation in enumerate(plain, 1):  # R arguments are spans, as brat wants
        lines.append(
            f"R{number}\t{relation.label} Arg1:T{relation.head + 1} Arg2:T{relation.tail + 1}"
        )
        heads, tails = seen.relations.setdefault(relation.label, ({}, {}))
        heads[spans[relation.head].label] = None
        tails[spans[relation.tail].label] = None
    return lines + notes


def annotation_conf(labels: Sequence[tuple[str, bool]], seen: Seen) -> str:
    """annotation.conf for `labels` ((name, is an event type)): entities, the relation types
    and event roles the export wrote, with the labels they linked."""
    entities = "\n".join(name for name, event in labels if not event)
    relations = "\n".join(
        f"{name}\tArg1:{'|'.join(heads)}, Arg2:{'|'.join(tails)}"
        for name, (heads, tails) in seen.relations.items()
    )
    events = []
    for name, event in labels:
        if event:
            roles = ", ".join(
                f"{role}*:{'|'.join(kinds)}" for role, kinds in seen.events.get(name, {}).items()
            )
            events.append(f"{name}\t{roles}" if roles else name)
    return (
        f"[entities]\n{entities}\n\n[relations]\n{relations}\n\n[events]\n"
        f"{chr(10).join(events)}\n\n[attributes]\n"
    )


def read_conf(data: str) -> tuple[set[str], set[str]]:
    """(event types, role names) that annotation.conf's [events] section declares."""
    section = ""
    events: set[str] = set()
    roles: set[str] = set()
    for line in data.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            continue
        if section != "events" or line[0].isspace() or stripped.startswith("<"):
            continue  # a hierarchy's child lines are indented; <macros> are not types
        name, _, rest = stripped.replace("\t", " ").partition(" ")
        events.add(name.lstrip("!"))
        for argument in rest.split(","):
            role = argument.split(":", 1)[0].strip().rstrip("?*+")
            role = re.sub(r"\{[0-9,-]*\}$", "", role)
            if role:
                roles.add(role)
    return events, roles


# -- reading --------------------------------------------------------------------------------


@dataclass
class Layer:
    """One .ann file as read: spans in file order with their lines, relations between them
    (indexes into `spans`) with theirs, the labels used as event triggers, what was skipped."""

    spans: list[SpanRecord] = field(default_factory=list)
    span_lines: list[int] = field(default_factory=list)
    relations: list[ExportRelation] = field(default_factory=list)
    relation_lines: list[int] = field(default_factory=list)
    triggers: dict[str, None] = field(default_factory=dict)


def parse_ann(
    data: str,
    text: str,
    ann: Path,
    roles: set[str],
    skipped: dict[str, int],
) -> Layer:
    """The lines of one .ann file over `text`; InputError names the line of anything
    wrong. `roles` are the role names annotation.conf declares (a declared `Arg2` keeps
    its digit); `skipped` counts the lines that cannot be carried over."""
    spans: dict[str, tuple[int, SpanRecord]] = {}  # T id -> (line, span)
    events: dict[str, tuple[int, str, list[tuple[str, str]]]] = {}  # E id -> (line, T, args)
    links: list[tuple[int, str, str, str]] = []  # (line, label, head id, tail id), R lines
    notes: dict[str, list[str]] = {}
    note_lines: dict[str, int] = {}  # T or E id -> the line of its first note, for errors
    ids: set[str] = set()
    for number, line in enumerate(data.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        kind = line[0]
        if kind in "TER":
            line_id = line.split("\t", 1)[0]
            if line_id in ids:
                raise InputError(f"the id {line_id} is used twice", ann, number)
            ids.add(line_id)
        if kind == "T":
            t_id, span = t_line(line, text, ann, number)
            spans[t_id] = (number, span)
        elif kind == "E":
            e_id, trigger, args = _e_line(line, roles, ann, number)
            events[e_id] = (number, trigger, args)
        elif kind == "R":
            links.append((number, *_r_line(line, ann, number)))
        elif kind == "#":
            fields = line.split("\t", 2)
            target = fields[1].split(" ") if len(fields) == 3 else []
            if len(target) != 2:
                raise InputError("expected '#N<TAB>AnnotatorNotes ID<TAB>note'", ann, number)
            if target[0] != "AnnotatorNotes" or target[1][:1] not in ("T", "E"):
                _count(skipped, "# line(s) not notes on a span")
                continue
            note = unescape_note(fields[2])
            if _SURROGATE.search(note):
                raise InputError(
                    "the note escapes a lone surrogate (\\ud800 to \\udfff), not a character",
                    ann,
                    number,
                )
            notes.setdefault(target[1], []).append(note)
            note_lines.setdefault(target[1], number)
        elif kind in "ANM*":
            _count(skipped, f"{kind} line(s)")
        else:
            raise InputError(f"not a brat annotation line (starts with {kind!r})", ann, number)
    return _layer(spans, events, links, notes, note_lines, ann)


def _layer(
    spans: dict[str, tuple[int, SpanRecord]],
    events: dict[str, tuple[int, str, list[tuple[str, str]]]],
    links: list[tuple[int, str, str, str]],
    notes: dict[str, list[str]],
    note_lines: dict[str, int],
    ann: Path,
) -> Layer:
    """The layer the lines make, every id they name resolved (an event stands for its
    trigger span)."""
    index = {t_id: number for number, t_id in enumerate(spans)}
    layer = Layer()
    for e_id, (line, typed, args) in list(events.items()):
        kind, trigger = typed.split(":", 1)
        if trigger not in spans:
            raise InputError(
                f"the trigger {trigger} of {e_id} is not a span in this file", ann, line
            )
        label = spans[trigger][1].label
        if label != kind:
            raise InputError(
                f"the event type {kind} is not the label of its trigger {trigger} ({label})",
                ann,
                line,
            )
        events[e_id] = (line, trigger, args)
        layer.triggers[label] = None

    def resolve(ref: str, line: int, what: str) -> int:
        target = events[ref][1] if ref in events else ref
        if target not in index:
            raise InputError(
                f"{what} names {ref}, which is not a span or event in this file", ann, line
            )
        return index[target]

    for t_id in note_lines:
        if t_id not in index and t_id not in events:
            raise InputError(
                f"a note on {t_id}, which is not a span in this file", ann, note_lines[t_id]
            )
    by_span: dict[str, list[str]] = {}
    for t_id, texts in notes.items():
        by_span.setdefault(events[t_id][1] if t_id in events else t_id, []).extend(texts)
    for t_id, (line, span) in spans.items():
        note = "\n".join(by_span[t_id]) if t_id in by_span else None
        layer.spans.append(span._replace(note=note))
        layer.span_lines.append(line)
    # Relations in line order, E and R lines as they come.
    ordered: list[tuple[int, str, str, str]] = list(links)
    for e_id, (line, _, args) in events.items():
        ordered += [(line, role, e_id, ref) for role, ref in args]
    ordered.sort(key=lambda item: item[0])
    for line, label, head, tail in ordered:
        what = f"the {label} argument" if head in events else "the relation"
        head_index = index[events[head][1]] if head in events else resolve(head, line, what)
        layer.relations.append(ExportRelation(head_index, resolve(tail, line, what), label))
        layer.relation_lines.append(line)
    return layer


def _count(skipped: dict[str, int], what: str) -> None:
    skipped[what] = skipped.get(what, 0) + 1


def _e_line(
    line: str, roles: set[str], ann: Path, number: int
) -> tuple[str, str, list[tuple[str, str]]]:
    """(E id, trigger T id, [(role, argument id)]) of `E1<TAB>TYPE:T1 Role:T2 ...`."""
    fields = line.split("\t")
    if len(fields) < 2 or not fields[1].strip():
        raise InputError("expected 'E<N><TAB>TYPE:TRIGGER ROLE:ID ...'", ann, number)
    parts = [_argument(part, ann, number) for part in fields[1].split()]
    (kind, trigger), args = parts[0], parts[1:]
    return fields[0], f"{kind}:{trigger}", [(_role(role, roles), ref) for role, ref in args]


def _r_line(line: str, ann: Path, number: int) -> tuple[str, str, str]:
    """(type, head id, tail id) of `R1<TAB>TYPE Arg1:T1 Arg2:T2`."""
    fields = line.split("\t")
    parts = fields[1].split() if len(fields) >= 2 else []
    if len(parts) != 3:
        raise InputError("expected 'R<N><TAB>TYPE Arg1:ID Arg2:ID'", ann, number)
    (_, head), (_, tail) = (_argument(part, ann, number) for part in parts[1:])
    return parts[0], head, tail


def _argument(part: str, ann: Path, number: int) -> tuple[str, str]:
    role, colon, ref = part.partition(":")
    if not colon or not role or not ref:
        raise InputError(f"expected ROLE:ID, got {_cut(part)!r}", ann, number)
    return role, ref


def _role(role: str, declared: set[str]) -> str:
    """`Content2` is a second `Content` (unless annotation.conf declares `Content2`)."""
    match = _NUMBERED_ROLE.fullmatch(role)
    if match is None or role in declared:
        return role
    return match.group(1)


def t_line(line: str, text: str, ann: Path, number: int) -> tuple[str, SpanRecord]:
    """A T line as (id, span); a discontinuous one's span has its fragments."""
    fields = line.split("\t", 2)
    if len(fields) != 3:
        raise InputError("expected 'T<N><TAB>LABEL START END<TAB>text'", ann, number)
    t_id, offsets, shown = fields
    label, _, ranges = offsets.partition(" ")
    pieces = [_offsets(f"{label} {piece}", len(text), ann, number) for piece in ranges.split(";")]
    if len(pieces) == 1:
        _, start, end = pieces[0]
        covered = text[start:end]
        if shown != covered and shown != covered.translate(ONE_LINE):
            raise InputError(
                f"the span text {shown!r} disagrees with the offsets, which cover {covered!r}",
                ann,
                number,
            )
        return t_id, SpanRecord(start, end, label)
    fragments = tuple((start, end) for _, start, end in pieces)
    problem = check_fragments(len(text), fragments)
    if problem:
        raise InputError(f"span {problem}", ann, number)
    covered = " ".join(text[s:e] for s, e in fragments)
    if shown != covered and shown != covered.translate(ONE_LINE):
        raise InputError(
            f"the span text {shown!r} disagrees with the fragments, which cover {covered!r}",
            ann,
            number,
        )
    return t_id, SpanRecord(fragments[0][0], fragments[-1][1], label, None, fragments)


def _offsets(offsets: str, length: int, ann: Path, number: int) -> tuple[str, int, int]:
    """(label, start, end) from `LABEL START END`, the span inside a text of `length`."""
    fields = offsets.split(" ")
    if len(fields) != 3 or not fields[0]:
        raise InputError(f"expected 'LABEL START END', got {_cut(offsets)!r}", ann, number)
    for value in fields[1:]:
        if not _DIGITS.fullmatch(value):
            raise InputError(
                f"offset {_cut(value)!r} is not a whole number of 0 or more (digits 0-9)",
                ann,
                number,
            )
        # Before int(): Python refuses to convert more than 4,300 digits.
        if len(value.lstrip("0")) > len(str(length)):
            raise InputError(
                f"offset {_cut(value)} is not a number in range (the text has {length} characters)",
                ann,
                number,
            )
    start, end = int(fields[1]), int(fields[2])
    if start >= end:
        raise InputError(
            f"span [{start}, {end}) is empty or reversed (the end must be after the start)",
            ann,
            number,
        )
    if end > length:
        raise InputError(
            f"span [{start}, {end}) lies outside the text (length {length})", ann, number
        )
    return fields[0], start, end


def _cut(value: str, keep: int = 40) -> str:
    """`value`, or its start and its length when it is long (a message stays one line)."""
    return value if len(value) <= keep else f"{value[:keep]}... ({len(value)} characters)"
