"""What the find bar's actions do in a window: F3 / Shift+F3 (also with the bar closed),
and "tag every hit with this label", one operation (ops.bulk.add_spans) and one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from annotator.core.model import Span
from annotator.core.snapping import snap_to_words, trim_whitespace
from annotator.ops import bulk
from annotator.ui.plain import plain_message_box

CONFIRM_ABOVE = 1_000  # new spans made at once without asking

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Wire the window's find bar: its tag-all actions follow the label set."""
    bar = window.find_bar
    bar.set_labels(window.controller.labels)
    window.controller.labels_changed.connect(lambda: bar.set_labels(window.controller.labels))
    bar.tag_all_requested.connect(lambda name: tag_every_hit(window, name))


def find_next(window: MainWindow, backwards: bool = False) -> None:
    """F3 / Shift+F3: the next (previous) hit from the cursor; with nothing searched yet,
    open the bar."""
    bar = window.find_bar
    if not bar.edit.text():
        bar.open_bar()
        return
    found = bar.step(backwards)
    if not bar.isVisible():
        where = bar.position_text() if found is not None else "no matches"
        window.statusBar().showMessage(
            f"Find “{bar.edit.text()}”: {where} (F3 next, Shift+F3 previous, Ctrl+F the bar)",
            6000,
        )


def tag_every_hit(window: MainWindow, label: str) -> None:
    """Tag every hit of the find bar's search with `label` (snapped as a selection is),
    skipping those the layer has already; one undo step."""
    w = window
    doc = w.controller.document
    if doc is None:
        return
    hits = w.find_bar.finder.all_hits()
    if not hits:
        w.statusBar().showMessage("No hits to tag: type what to find first.", 4000)
        return
    text = w.text_view.text
    snap = snap_to_words if w.snap_action.isChecked() else trim_whitespace
    ranges = sorted({r for r in (snap(text, a, b) for a, b in hits) if r is not None})
    held = {(s.start, s.end) for s in w.text_view.spans() if s.label == label and not s.fragments}
    new = [r for r in ranges if r not in held]
    already = len(ranges) - len(new)
    if not new:
        w.statusBar().showMessage(
            f"All {plural(len(ranges), 'hit')} are tagged {label} already.", 6000
        )
        return
    spans = [Span(doc.id, w.controller.annotator, a, b, label) for a, b in new]
    if len(spans) > CONFIRM_ABOVE:
        # Thousands of spans take seconds to write and draw (and a stray Alt+key after
        # searching for "e" would make them): ask first.
        box = plain_message_box(
            QMessageBox.Icon.Question,
            "Tag every hit",
            f"Tag {plural(len(spans), 'hit')} of “{w.find_bar.finder.needle}” as {label}? "
            "That many takes a while; one Ctrl+Z undoes them all.",
            w,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        layer = w.layer_model.layer

        def on_clicked(button: object) -> None:
            yes = box.standardButton(button) == QMessageBox.StandardButton.Yes  # type: ignore[arg-type]
            if yes and w.layer_model.layer == layer:  # still the layer the hits are of
                _tag(w, spans, label, already)

        box.buttonClicked.connect(on_clicked)
        box.open()
        return
    _tag(w, spans, label, already)


def _tag(window: MainWindow, spans: list[Span], label: str, already: int) -> None:
    w = window
    description = f"Tag {plural(len(spans), 'hit')} as {label}"
    changes = w.edits.push(description, None, bulk.add_spans, spans)
    if changes is None:
        return
    added = len(changes.spans_added)
    already += len(spans) - added
    message = f"Tagged {plural(added, 'hit')} as {label}"
    if already:
        message += f"; {plural(already, 'was', 'were')} tagged {label} already"
    w.statusBar().showMessage(message + ". Ctrl+Z undoes them all.", 10000)


def plural(n: int, word: str, many: str | None = None) -> str:
    if many is not None:  # "1 was", "3 were"
        return f"{n:,} {word if n == 1 else many}"
    return f"{n:,} {word}{'' if n == 1 else 's'}"
