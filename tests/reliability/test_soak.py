"""The soak test: 10,000 random span edits (add, delete, relabel, undo, redo) through the
real window and the store; afterwards the database, the text view and the span list equal
a model the test keeps on its own."""

from __future__ import annotations

import random
import time
from collections import Counter
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.core.snapping import trim_whitespace
from annotator.store.project import open_project

EDITS = 10_000
SEED = 5
LABELS = ("ACTOR", "QUOTE", "EVENT", "CLAIM")

Model = dict[int, tuple[int, int, str]]


class ModelUndo:
    """The test's own undo stack, with QUndoStack's rules: a new edit drops the redo part."""

    def __init__(self) -> None:
        self.commands: list[tuple[Any, ...]] = []
        self.index = 0

    def push(self, command: tuple[Any, ...]) -> None:
        del self.commands[self.index :]
        self.commands.append(command)
        self.index += 1


def apply(model: Model, command: tuple[Any, ...], undo: bool) -> None:
    kind, span_id, *rest = command
    if kind == "add":
        if undo:
            del model[span_id]
        else:
            model[span_id] = rest[0]
    elif kind == "delete":
        if undo:
            model[span_id] = rest[0]
        else:
            del model[span_id]
    else:
        old, new = rest
        start, end, _ = model[span_id]
        model[span_id] = (start, end, old if undo else new)


@pytest.mark.soak  # about 75 s on the 2-core machine; `make test` runs it too
def test_ten_thousand_random_edits_through_the_window(window, figures: Counter):
    rng = random.Random(SEED)
    window.change_timer.stop()  # one instance here: nothing to pick up
    window.snap_action.setChecked(False)
    text = window.text_view.text
    document = window.controller.document.id
    model: Model = {}
    undo = ModelUndo()
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    while (n := sum(kinds.values())) < EDITS:
        kind = rng.choices(
            ("add", "delete", "relabel", "undo", "redo"),
            weights=(4 if len(model) < 200 else 1, 2, 2, 1.5, 1),
        )[0]
        if kind in ("delete", "relabel") and not model:
            kind = "add"
        if kind == "add":
            start = rng.randrange(len(text) - 1)
            end = rng.randrange(start + 1, min(len(text), start + 40) + 1)
            label = rng.choice(LABELS)
            trimmed = trim_whitespace(text, start, end)
            if trimmed is None or (*trimmed, label) in model.values():
                continue
            window.text_view.select_range(start, end)
            window.apply_label(label)
            current = window.text_view.current
            assert current is not None and (current.start, current.end) == trimmed
            command = ("add", current.id, (*trimmed, label))
            apply(model, command, undo=False)
            undo.push(command)
        elif kind == "delete":
            span_id = rng.choice(sorted(model))
            window.select_span(next(s for s in window.text_view.spans() if s.id == span_id))
            window.delete_current_span()
            command = ("delete", span_id, model[span_id])
            apply(model, command, undo=False)
            undo.push(command)
        elif kind == "relabel":
            span_id = rng.choice(sorted(model))
            start, end, old = model[span_id]
            choices = [x for x in LABELS if x != old and (start, end, x) not in model.values()]
            if not choices:
                continue
            new = rng.choice(choices)
            window.text_view.clear_selection()
            window.select_span(next(s for s in window.text_view.spans() if s.id == span_id))
            window.apply_label(new)
            command = ("relabel", span_id, old, new)
            apply(model, command, undo=False)
            undo.push(command)
        elif kind == "undo":
            if not undo.index:
                continue  # nothing to undo: not an edit
            window.undo()
            undo.index -= 1
            apply(model, undo.commands[undo.index], undo=True)
        else:
            if undo.index == len(undo.commands):
                continue
            window.redo()
            apply(model, undo.commands[undo.index], undo=False)
            undo.index += 1
        kinds[kind] += 1
        if n % 1000 == 999:
            assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]
            assert stored(window.project.path, document) == model, f"after edit {n}"
    elapsed = time.perf_counter() - started
    edits = sum(kinds.values())
    assert edits == EDITS
    assert not [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert stored(window.project.path, document) == model
    assert {s.id: (s.start, s.end, s.label) for s in window.text_view.spans()} == model
    listed = [window.span_model.span_at(r) for r in range(window.span_model.rowCount())]
    assert {s.id: (s.start, s.end, s.label) for s in listed} == model
    print(f"soak: {edits} edits {dict(kinds)} in {elapsed:.1f} s; {len(model)} spans at the end")
    figures["soak edits through the window checked"] += edits


def stored(path: Any, document: str) -> Model:
    with open_project(path) as project:
        return {s.id: (s.start, s.end, s.label) for s in project.spans(document, "alice")}  # type: ignore[misc]
