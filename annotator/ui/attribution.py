"""The attribution check in the window: the document says what is missing ("2 quotes
without a source"), U and Shift+U step through the spans that lack their relation, and
marking the document done with something missing asks once (yes: done anyway, and this
window does not ask again for that document; no: the first one missing is picked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from annotator.core.attribution import describe, plural, required_types, unattributed
from annotator.core.model import RelationType, Span
from annotator.ui.after_paint import AfterPaint
from annotator.ui.plain import plain_label, plain_message_box
from annotator.ui.theme import SpanRepaint, notice_style

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class AttributionCheck:
    """Keeps one window's "missing" line up to date and steps through what it counts."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.label = plain_label()  # counts only, but from the project's label names
        self.label.setStyleSheet("QLabel { padding: 2px 4px; }")
        self.label.hide()
        self._confirmed: set[tuple[str, str]] = set()  # layers the user marked done anyway
        self._timer = QTimer(window)  # many events of one change: one count after them
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.update)
        # The first count waits for the text's first paint (7 ms of a 20,000 span layer), or
        # half a second for a window that does not paint.
        self._first_paint = AfterPaint(
            window.text_view.viewport(), self._timer.start, latest_ms=500
        )
        layer = window.layer_model
        for event in (
            layer.relations_reset,
            layer.relation_added,
            layer.relation_removed,
            layer.relation_changed,
            layer.inserted,
            layer.removed,
            layer.changed,
        ):
            event.connect(self._schedule)
        # Its colours are the palette's (light or dark): set again when the palette changes.
        self._palette_watch = SpanRepaint(window, self._timer.start)

    def _schedule(self, *_: object) -> None:
        if not self._first_paint.armed:  # until then, the first paint counts
            self._timer.start()

    def missing(self) -> list[tuple[Span, RelationType]]:
        layer = self.window.layer_model
        return unattributed(layer.spans(), layer.relations(), layer.relation_types)

    def update(self) -> None:
        layer = self.window.layer_model
        required = required_types(layer.relation_types)
        missing = self.missing()
        if missing:
            self.label.setText(f"⚠ {describe(missing)} · U: next, Shift+U: previous")
            self.label.setStyleSheet(notice_style("warning", "2px 4px"))
            self.label.show()
            return
        heads = {label for kind in required for label in kind.head_labels}
        counted = [s for s in layer.spans() if s.label in heads]
        if counted and required:
            names = " and ".join(
                f"every {plural(label, 1)} has {'an' if kind.name[:1] in 'aeiou' else 'a'} "
                f"{kind.name}"
                for kind in required
                for label in kind.head_labels
                if any(s.label == label for s in counted)
            )
            self.label.setText(f"✓ {names}")
            self.label.setStyleSheet(notice_style("fine", "2px 4px"))
            self.label.show()
        else:
            self.label.hide()

    def step(self, direction: int = 1) -> None:
        """Pick the next (or previous) span that lacks a required relation, wrapping."""
        w = self.window
        spans = list(dict.fromkeys(span for span, _ in self.missing()))
        if not spans:
            w.statusBar().showMessage("Nothing is missing: every span has its relations.", 4000)
            return
        current = w.text_view.current
        here = (current.start, current.end, current.id or 0) if current else None
        keys = [(s.start, s.end, s.id or 0) for s in spans]
        if here is None:
            index = 0 if direction > 0 else len(spans) - 1
        elif direction > 0:
            index = next((i for i, key in enumerate(keys) if key > here), 0)
        else:
            index = next((i for i in range(len(keys) - 1, -1, -1) if keys[i] < here), -1)
        span = spans[index]
        w.select_span(span)
        w.text_view.show_range(span.start, span.end)
        missing = [kind.name for s, kind in self.missing() if s.id == span.id]
        w.statusBar().showMessage(
            f"{index % len(spans) + 1} of {len(spans)} missing: this {span.label} has no "
            f"{' or '.join(missing)}. L links it.",
            6000,
        )

    def holds_done(self) -> bool:
        """Before marking the open document done: True (and a question asked) if something
        is missing and the user has not said yes for this document yet."""
        w = self.window
        document = w.controller.document
        if document is None or (document.id, w.controller.annotator) in self._confirmed:
            return False
        missing = self.missing()
        if not missing:
            return False
        box = plain_message_box(
            QMessageBox.Icon.Question,
            "annotator",
            f"This document has {describe(missing)}. Mark it done anyway?",
            w,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: int) -> None:
            yes = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
            if yes and w.controller.document is not None:
                self._confirmed.add((w.controller.document.id, w.controller.annotator))
                w.edits.mark_done_and_next()
            elif not yes:
                self.step(1)

        box.finished.connect(answered)
        box.open()
        return True
