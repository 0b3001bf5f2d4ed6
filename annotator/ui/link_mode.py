"""Linking spans, keyboard first: with a span picked, `L` starts a link; the spans it can
link to (by the relation types whose head labels hold its label) are numbered nearest
first, across paragraphs; a digit 1-9 picks one, Tab and Shift+Tab walk through all of
them and Enter picks the one reached, Esc cancels. When one relation type fits the pair the
link is made at once, else a menu asks for the type by its key. So a picked QUOTE is linked
to a speaker among its nine nearest ACTORs in two key presses (`L`, a digit).

The mouse links too: Ctrl+drag from a span to another. Every link is one operation
(`ops.relations.add_relation`) in the window's undo history.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QMenu

from annotator.core.model import Relation, RelationType, Span
from annotator.ops import relations as ops_relations
from annotator.ui.layer_model import LayerModel
from annotator.ui.plain import as_menu_text
from annotator.ui.relation_overlay import BADGES, RelationOverlay, span_rects
from annotator.ui.relation_text import quoted, relation_line

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

LINK_MODIFIER = Qt.KeyboardModifier.ControlModifier  # held while dragging a link
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def candidates(layer: LayerModel, head: Span) -> list[Span]:
    """The spans `head` can be linked to, nearest first: by the characters between them (0
    when they overlap), then the earlier one."""
    kinds = layer.types_from(head.label)
    if not kinds:
        return []
    anything = any(not kind.tail_labels for kind in kinds)
    tails = {label for kind in kinds for label in kind.tail_labels}

    def distance(span: Span) -> tuple[int, int]:
        return (max(0, span.start - head.end, head.start - span.end), span.start)

    found = [
        span for span in layer.spans() if span.id != head.id and (anything or span.label in tails)
    ]
    return sorted(found, key=distance)


def fitting_types(layer: LayerModel, head: Span, tail: Span) -> list[RelationType]:
    return [kind for kind in layer.types_from(head.label) if kind.allows(head.label, tail.label)]


class LinkMode(QObject):
    """The link mode of one window's text view."""

    def __init__(self, window: MainWindow, overlay: RelationOverlay):
        super().__init__(window)
        self.window = window
        self.overlay = overlay
        self.head: Span | None = None  # the span being linked (link mode is on)
        self._press: tuple[Span, QPointF] | None = None  # a Ctrl+drag started on this span
        window.text_view.installEventFilter(self)
        window.text_view.viewport().installEventFilter(self)
        window.layer_model.was_reset.connect(self.cancel)
        window.layer_model.removed.connect(self._on_layer_removed)

    @property
    def layer(self) -> LayerModel:
        return self.window.layer_model

    @property
    def active(self) -> bool:
        return self.head is not None

    # -- the keyboard ---------------------------------------------------------------------

    def start(self) -> None:
        """`L`: link the picked span to one of its numbered candidates."""
        w = self.window
        head = w.text_view.current
        if head is None:
            w.statusBar().showMessage(
                "Pick a span first (click it), then press L to link it.", 5000
            )
            return
        if not self.layer.types_from(head.label):
            w.statusBar().showMessage(f"No relation type starts at a {head.label}.", 5000)
            return
        found = candidates(self.layer, head)
        if not found:
            w.statusBar().showMessage(
                f"Nothing to link this {head.label} to: tag a "
                + "/".join(
                    sorted({t for k in self.layer.types_from(head.label) for t in k.tail_labels})
                )
                + " first.",
                5000,
            )
            return
        self.head = head
        self.overlay.candidates = found
        self.overlay.focused = 0
        w.text_view.setFocus()
        w.text_view.show_range(found[0].start, found[0].end)
        self.overlay.refresh()
        w.statusBar().showMessage(
            f"Link {head.label} {quoted(self.layer.text, head)} to: press 1–"
            f"{min(BADGES, len(found))}, or Tab to the one you want and Enter. Esc cancels."
        )

    def cancel(self) -> None:
        if self.head is None:
            return
        self.head = None
        self.overlay.candidates = []
        self.overlay.focused = -1
        self.overlay.refresh()
        self.window.statusBar().clearMessage()

    def cycle(self, step: int) -> None:
        found = self.overlay.candidates
        self.overlay.focused = (self.overlay.focused + step) % len(found)
        span = found[self.overlay.focused]
        self.window.text_view.show_range(span.start, span.end)
        self.overlay.refresh()
        self.window.statusBar().showMessage(
            f"{self.overlay.focused + 1} of {len(found)}: {span.label} "
            f"{quoted(self.layer.text, span)}. Enter links it, Tab goes on, Esc cancels."
        )

    def pick(self, number: int) -> None:
        """Link the head to candidate `number` (0-based)."""
        head, found = self.head, self.overlay.candidates
        if head is None or not 0 <= number < len(found):
            return
        self.cancel()
        self.link(head, found[number])

    def _on_layer_removed(self, _: int, span: Span) -> None:
        if self.head is not None and (
            span.id == self.head.id or any(c.id == span.id for c in self.overlay.candidates)
        ):
            self.cancel()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = self.window.text_view
        if watched is view.viewport() and isinstance(event, QMouseEvent):
            return self._mouse(event)
        if watched is not view or self.head is None:
            return False
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        ours = key in _DIGITS or key in (
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Escape,
        )
        if not ours:
            if kind == QEvent.Type.KeyPress and key not in _MODIFIER_KEYS:
                self.cancel()  # any other key leaves link mode and does what it does
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the digit is ours now, not a label key
            return True
        if key in _DIGITS:
            self.pick(_DIGITS[key] - 1)
        elif key == Qt.Key.Key_Tab:
            self.cycle(1)
        elif key == Qt.Key.Key_Backtab:
            self.cycle(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pick(self.overlay.focused)
        else:
            self.cancel()
        return True

    # -- the mouse ------------------------------------------------------------------------

    def _span_at(self, point: QPoint) -> Span | None:
        view = self.window.text_view
        offset = view.offset_at(point)
        spans = view.spans_at(offset) if offset is not None else []
        return spans[-1] if spans else None

    def _mouse(self, event: QMouseEvent) -> bool:
        kind = event.type()
        point = event.position()
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() != Qt.MouseButton.LeftButton or not (
                event.modifiers() & LINK_MODIFIER
            ):
                return False
            span = self._span_at(point.toPoint())
            if span is None:
                return False
            self.cancel()
            self._press = (span, point)
            self.window.select_span(span)
            return True
        if self._press is None:
            return False
        if kind == QEvent.Type.MouseMove:
            self.overlay.drag = (self._press[1], point)
            self.overlay.refresh()
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            head, _ = self._press
            self._press = None
            self.overlay.drag = None
            self.overlay.refresh()
            tail = self._span_at(point.toPoint())
            if tail is not None and tail.id != head.id:
                self.link(head, tail)
            return True
        return False

    # -- linking --------------------------------------------------------------------------

    def link(self, head: Span, tail: Span) -> None:
        """Link `head` to `tail`: at once when one type fits, else by a menu of the types."""
        w = self.window
        kinds = fitting_types(self.layer, head, tail)
        if not kinds:
            w.statusBar().showMessage(
                f"No relation type links a {head.label} to a {tail.label}.", 5000
            )
            return
        if len(kinds) == 1:
            self.make(head, tail, kinds[0])
            return
        menu = QMenu(w)
        menu.setTitle("Relation type")
        for kind in kinds:
            action = menu.addAction(type_menu_text(kind))
            action.triggered.connect(partial(self.make, head, tail, kind))
        rects = span_rects(w.text_view, w.text_view.offsets, tail)
        where = rects[0].bottomLeft().toPoint() if rects else w.text_view.cursorRect().center()
        w._popup(menu, w.text_view.viewport().mapToGlobal(where))

    def make(self, head: Span, tail: Span, kind: RelationType, *_: object) -> None:
        w = self.window
        assert head.id is not None and tail.id is not None
        relation = Relation(head.document_id, head.annotator, head.id, tail.id, kind.name)
        changes = w.edits.push(
            f"Link {kind.name}", (head, ("label",)), ops_relations.add_relation, relation
        )
        if changes is not None:
            w.select_span(w.layer_model.span(head.id))
            w.statusBar().showMessage(
                f"Linked {relation_line(self.layer, changes.relations_added[0])}", 5000
            )


def type_menu_text(kind: RelationType) -> str:
    """A relation type in a menu: its key as the accelerator (`&s source — Who said it`)."""
    text = kind.name + (f" — {kind.description}" if kind.description else "")
    key = f"&{kind.key} " if kind.key and kind.key != "&" else ""
    return key + as_menu_text(text)


_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
}
