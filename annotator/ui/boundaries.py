"""Moving the picked span's boundaries, from the keyboard or by dragging its edges.

Keys (Edit ▸ Span boundaries): Alt+Shift+Left / Right move its start a word left / right,
Ctrl+Alt+Left / Right its end; by a character with Snap to words off. The mouse: over the
picked span's first or last edge (just inside it) the pointer becomes a resize arrow; drag it
and let go (snapped to words when snapping is on). Each move is one operation
(`ops.spans.move_span`) and one undo step; the span keeps its id, label, note, relations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QCursor, QMouseEvent
from PySide6.QtWidgets import QMenu

from annotator.core.boundaries import Edge, move_boundary
from annotator.core.model import Fragments, Span
from annotator.core.snapping import snap_to_words
from annotator.ops import spans as ops_spans

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

HINT = (
    "Alt+Shift+←/→ moves its start, Ctrl+Alt+←/→ its end (a word; a character with Snap "
    "to words off), or drag its edges"
)
GRAB_PIXELS = 4  # how near an edge (inside the span) the pointer grabs it

MOVES: list[tuple[str, Edge, int, str]] = [
    ("Start a word &left", "start", -1, "Alt+Shift+Left"),
    ("Start a word &right", "start", 1, "Alt+Shift+Right"),
    ("End a word l&eft", "end", -1, "Ctrl+Alt+Left"),
    ("End a word ri&ght", "end", 1, "Ctrl+Alt+Right"),
]


def install(window: MainWindow, edit_menu: QMenu) -> Boundaries:
    """The window's boundary actions (in a submenu of `edit_menu`) and edge dragging."""
    from annotator.ui.window_actions import add_action

    boundaries = Boundaries(window)
    menu = edit_menu.addMenu("Span &boundaries")
    window.boundary_actions = []
    for text, edge, step, key in MOVES:
        action = add_action(
            window,
            text,
            lambda _=False, e=edge, s=step: boundaries.move(e, s),
            [key],
            f"Move the picked span's {edge} ({key}; by a character with Snap to words off)",
        )
        menu.addAction(action)
        window.boundary_actions.append(action)
    window.text_view.viewport().installEventFilter(boundaries)
    window.text_view.span_clicked.connect(boundaries.on_span_clicked)
    return boundaries


class Boundaries(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.dragging: Edge | None = None
        self._hovering = False

    # -- the keys -------------------------------------------------------------------------

    def move(self, edge: Edge, step: int) -> None:
        w = self.window
        span = w.text_view.current
        if span is None:
            w.statusBar().showMessage(
                "Pick a span first (click it, or choose it in the list): " + HINT + ".", 6000
            )
            return
        by_word = w.snap_action.isChecked()
        pieces = move_boundary(w.text_view.text, span.pieces, edge, step, by_word)
        if pieces is None:
            w.statusBar().showMessage(
                f"The {span.label} span's {edge} cannot move further that way.", 4000
            )
            return
        self.apply(span, pieces, edge)

    def apply(self, span: Span, pieces: Fragments, edge: Edge) -> None:
        w = self.window
        assert span.id is not None
        start, end = pieces[0][0], pieces[-1][1]
        fragments = pieces if len(pieces) > 1 else ()
        if (start, end, fragments) == (span.start, span.end, span.fragments):
            return
        changes = w.edits.push(
            f"Move {span.label} {edge}",
            (span, None),
            ops_spans.move_span,
            span.id,
            start,
            end,
            fragments,
        )
        if changes is not None:
            shown = w.text_view.text[start:end]
            if len(shown) > 60:
                shown = shown[:57] + "…"
            w.statusBar().showMessage(f"{span.label} is now “{shown}”. {HINT}.", 8000)

    def on_span_clicked(self, span: Span | None) -> None:
        if span is not None:
            self.window.statusBar().showMessage(f"{span.label} picked: {HINT}.", 6000)

    # -- the mouse ------------------------------------------------------------------------

    def edge_at(self, point: QPoint) -> Edge | None:
        """The picked span's edge under a viewport point, if any."""
        view = self.window.text_view
        span = view.current
        if span is None:
            return None
        qt_start, qt_end = view.offsets.span_to_qt(span.start, span.end)
        for edge, position in (("start", qt_start), ("end", qt_end)):
            cursor = view.textCursor()
            cursor.setPosition(position)
            rect = view.cursorRect(cursor)
            # Only on the span's own side of the edge: a press just outside it still starts
            # a new selection (the next word, say).
            inside = point.x() - rect.x() if edge == "start" else rect.x() - point.x()
            if 0 <= inside <= GRAB_PIXELS and rect.top() <= point.y() <= rect.bottom():
                return edge  # type: ignore[return-value]
        return None

    def _offset_at(self, point: QPoint) -> int:
        view = self.window.text_view
        return view.offsets.from_qt(view.cursorForPosition(view.text_point(point)).position())

    def _dragged_pieces(self, point: QPoint) -> Fragments | None:
        """The picked span's pieces with the dragged edge at `point` (snapped when on)."""
        view = self.window.text_view
        span = view.current
        if span is None or self.dragging is None:
            return None
        pieces = span.pieces
        at = self._offset_at(point)
        text = view.text
        if self.dragging == "start":
            end = pieces[0][1]
            if at >= end:
                return None
            if self.window.snap_action.isChecked():
                snapped = snap_to_words(text, at, end)
                if snapped is None:
                    return None
                at = snapped[0]
            return ((at, end), *pieces[1:])
        start = pieces[-1][0]
        if at <= start:
            return None
        if self.window.snap_action.isChecked():
            snapped = snap_to_words(text, start, at)
            if snapped is None:
                return None
            at = snapped[1]
        return (*pieces[:-1], (start, at))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not isinstance(event, QMouseEvent) or kind not in (
            QEvent.Type.MouseMove,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
        ):
            return False
        point = event.position().toPoint()
        view = self.window.text_view
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() != Qt.MouseButton.LeftButton or event.modifiers():
                return False
            self.dragging = self.edge_at(point)
            return self.dragging is not None
        if kind == QEvent.Type.MouseMove:
            if self.dragging is not None:
                pieces = self._dragged_pieces(point)
                if pieces is not None:  # show where it would go: the selection
                    view.select_range(pieces[0][0], pieces[-1][1])
                return True
            hovering = self.edge_at(point) is not None
            if hovering != self._hovering:
                self._hovering = hovering
                view.viewport().setCursor(
                    QCursor(
                        Qt.CursorShape.SizeHorCursor if hovering else Qt.CursorShape.IBeamCursor
                    )
                )
            return False
        if self.dragging is None:  # a release
            return False
        edge, span = self.dragging, view.current
        pieces = self._dragged_pieces(point)
        self.dragging = None
        view.clear_selection()
        if span is not None and pieces is not None:
            self.apply(span, pieces, edge)
        return True
