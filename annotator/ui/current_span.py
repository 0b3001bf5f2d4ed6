"""The current span, one in the text and in the span list: picked in either, it is shown in
both, and an operation's changes keep the list's row on the text's current span."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from annotator.core.model import Span
from annotator.ops.changes import Changes

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class CurrentSpan:
    """Keeps one window's text view and span list on the same current span."""

    def __init__(self, window: MainWindow):
        self.window = window
        self._syncing_span_list = False  # the window, not the user, moves the list's row

    def select(self, span: Span | None) -> None:
        """Make `span` current: highlighted in the text and selected in the span list."""
        w = self.window
        w.text_view.set_current_span(span)
        w.linking.on_current_changed(span)
        row = None if span is None else w.span_model.row_of(span)
        with self._syncing():
            selection = w.span_view.selectionModel()
            if row is None:  # keep Qt's current row, so arrow keys go on from there
                selection.clearSelection()
            else:
                selection.setCurrentIndex(
                    w.span_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                w.span_view.scrollTo(w.span_model.index(row, 0))

    @contextmanager
    def _syncing(self) -> Iterator[None]:
        """The span list's current row moves because of the window (a row removed, a span
        picked in the text), not the user: don't treat it as the user picking a span."""
        self._syncing_span_list = True
        try:
            yield
        finally:
            self._syncing_span_list = False

    def on_span_view_selection_changed(self, selected: QItemSelection, _: object) -> None:
        # Only a row the user selects (click, arrow keys, Space) picks a span. Qt also moves
        # the list's current row by itself (focus arriving, a row removed); that picks
        # nothing, so a following label key or Delete cannot hit a span nobody chose.
        rows = {index.row() for index in selected.indexes()}
        if self._syncing_span_list or len(rows) != 1:
            return
        w = self.window
        span = w.span_model.span_at(rows.pop())
        w.text_view.set_current_span(span, scroll=True)
        w.linking.on_current_changed(span)

    def on_text_view_span_clicked(self, span: Span | None) -> None:
        self.select(span)

    def on_changes_applied_to_layer(self, changes: Changes) -> None:
        with self._syncing():  # rows come and go: Qt's moving current row picks nothing
            self.window.layer_model.apply_changes(changes)

    def on_changes_applied(self, changes: Changes) -> None:
        """After the views: the list follows the text's current span (gone, or changed),
        not Qt's guess, and the counts follow the layer."""
        w = self.window
        layer = w.span_model.layer
        if layer is None or not changes.touches(*layer):
            return
        self.select(w.text_view.current)
        if changes.spans_added or changes.spans_removed or changes.statuses:
            w._update_counts()  # a relabel or a note changes no count, no status
