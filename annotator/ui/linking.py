"""Relations and fragments in one window: what links the link mode, the overlay, the
relations list and the attribution check to the window, and the edits they ask for.

When the open layer is reset (a document opened or reloaded) its relations and the
project's relation types are loaded into the `LayerModel`; from then on they change from
operations' `Changes` like its spans. Hovering a span says what it is linked to ("said by
Kerry"). F adds the selection to the picked span as another fragment (one span in
pieces, one undo step).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QMenu, QSplitter, QToolTip, QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation, Span
from annotator.core.snapping import snap_to_words, trim_whitespace
from annotator.ops import relations as ops_relations
from annotator.ops import spans as ops_spans
from annotator.ui.attribution import AttributionCheck
from annotator.ui.link_mode import LinkMode, fitting_types, type_menu_text
from annotator.ui.plain import as_html
from annotator.ui.relation_list import RelationListView, RelationTableModel
from annotator.ui.relation_overlay import RelationOverlay
from annotator.ui.relation_text import hover_lines, relation_line

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def with_fragment(span: Span, start: int, end: int) -> tuple[int, int, tuple[tuple[int, int], ...]]:
    """`span`'s bounds and fragments once [start, end) is added to it: pieces that overlap
    or touch are merged, so a range that fills a gap makes the span contiguous again."""
    pieces = sorted([*span.pieces, (start, end)])
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    fragments = tuple(merged) if len(merged) > 1 else ()
    return merged[0][0], merged[-1][1], fragments


def without_fragment(
    span: Span, offset: int
) -> tuple[int, int, tuple[tuple[int, int], ...]] | None:
    """`span`'s bounds and fragments without the piece holding code point `offset` (or
    ending at it); None if the span is contiguous or no piece holds it."""
    pieces = list(span.fragments)
    hit = next((p for p in pieces if p[0] <= offset < p[1]), None)
    hit = hit or next((p for p in pieces if p[1] == offset), None)
    if len(pieces) < 2 or hit is None:
        return None
    pieces.remove(hit)
    fragments = tuple(pieces) if len(pieces) > 1 else ()
    return pieces[0][0], pieces[-1][1], fragments


class Linking(QObject):
    """Built by the window once its text view and span list exist; `panel` goes below
    the span list."""

    link_action: QAction
    fragment_action: QAction
    unfragment_action: QAction
    next_missing_action: QAction
    previous_missing_action: QAction
    relations_list_action: QAction

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        layer = window.layer_model
        self.overlay = RelationOverlay(window.text_view, layer)
        self.link_mode = LinkMode(window, self.overlay)
        self.relation_model = RelationTableModel(layer)
        self.relation_view = RelationListView(self.relation_model)
        self.attribution = AttributionCheck(window)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.setSpacing(0)
        bottom_layout.addWidget(self.attribution.label)
        bottom_layout.addWidget(self.relation_view)
        self.bottom = bottom
        layer.was_reset.connect(self._load_relations)
        for event in (
            layer.relations_reset,
            layer.relation_added,
            layer.relation_removed,
            layer.relation_changed,
        ):
            event.connect(self._on_relations_changed)
        self.relation_view.delete_requested.connect(self.delete_relation)
        self.relation_view.relabel_requested.connect(self.relabel_relation)
        self.relation_view.show_requested.connect(self.show_relation)
        self.relation_view.left.connect(window.text_view.setFocus)
        self.relation_view.selectionModel().currentRowChanged.connect(self._on_relation_row_changed)
        window.text_view.viewport().installEventFilter(self)

    def place(self, span_list: QWidget) -> QSplitter:
        """The span list above, the attribution line and the relations list below."""
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(span_list)
        splitter.addWidget(self.bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        return splitter

    def build_actions(self) -> None:
        """The window's actions for links and fragments, and their menu."""
        from annotator.ui.window_actions import add_action

        w = self.window
        a = partial(add_action, w)
        self.link_action = a(
            "&Link the picked span…",
            self.link_mode.start,
            ["L"],
            "Link the picked span to one of its numbered candidates (L, then 1–9 or Tab/Enter)",
        )
        self.fragment_action = a(
            "Add the selection as a &fragment",
            self.add_fragment,
            ["F"],
            "Add the selected text to the picked span as another piece (F)",
        )
        self.unfragment_action = a(
            "&Remove the fragment at the cursor",
            self.remove_fragment,
            ["Shift+F"],
            "Take the piece at the cursor out of the picked discontinuous span (Shift+F)",
        )
        self.next_missing_action = a(
            "&Next span without its relation", lambda: self.attribution.step(1), ["U"]
        )
        self.previous_missing_action = a(
            "&Previous span without its relation", lambda: self.attribution.step(-1), ["Shift+U"]
        )
        self.relations_list_action = a(
            "Go to the &relations list", self.focus_relations, ["Ctrl+R"]
        )
        menu = w.menuBar().addMenu("Rela&tions")
        menu.addActions(
            [
                self.link_action,
                self.fragment_action,
                self.unfragment_action,
                self.next_missing_action,
                self.previous_missing_action,
                self.relations_list_action,
            ]
        )

    # -- keeping up -----------------------------------------------------------------------

    def _load_relations(self) -> None:
        w = self.window
        layer = w.layer_model.layer
        if layer is None:
            w.layer_model.set_relations([], [])
            return
        try:
            relations = w.project.relations(*layer)
            kinds = w.project.relation_types()
        except AnnotatorError as error:  # the file went away: the next edit says so too
            w.statusBar().showMessage(f"Relations not shown: {error}", 8000)
            return
        w.layer_model.set_relations(relations, kinds)

    def _on_relations_changed(self, *_: object) -> None:
        self.overlay.refresh()

    def on_current_changed(self, span: Span | None) -> None:
        """The picked span changed: its partners are drawn, its rows in the list bold."""
        self.relation_model.set_picked(span)
        self.overlay.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self._tooltip(event)
        return False

    def _tooltip(self, event: QHelpEvent) -> bool:
        """The view's tooltip, with what each span there is linked to ("said by Kerry")."""
        view = self.window.text_view
        offset = view.offset_at(event.pos())
        spans = view.spans_at(offset) if offset is not None else []
        if not spans:
            QToolTip.hideText()
            return True
        html = view.tooltip_html(spans)
        lines = [line for span in spans for line in hover_lines(view.layer_model, span)]
        if lines:
            html += "".join(f"<p>{as_html(line)}</p>" for line in lines)
        QToolTip.showText(event.globalPos(), html, view)
        return True

    def hover_text(self, span: Span) -> list[str]:
        return hover_lines(self.window.layer_model, span)

    # -- edits ----------------------------------------------------------------------------

    def focus_relations(self) -> None:
        view = self.relation_view
        view.setFocus()
        rows = self.relation_model.picked_rows()
        if rows:
            view.selectRow(rows[0])
        elif self.relation_model.rowCount() and view.currentIndex().row() < 0:
            view.selectRow(0)

    def delete_relation(self, relation: Relation) -> None:
        assert relation.id is not None
        self.window.edits.push(
            f"Delete {relation.label} link", None, ops_relations.delete_relation, relation.id
        )

    def relabel_relation(self, relation: Relation) -> None:
        """Another type for the relation: at once when one other type fits its spans, else
        a menu of them (each by its key)."""
        w = self.window
        head = w.layer_model.span(relation.head_span_id)
        tail = w.layer_model.span(relation.tail_span_id)
        if head is None or tail is None:
            return
        kinds = [k for k in fitting_types(w.layer_model, head, tail) if k.name != relation.label]
        if not kinds:
            w.statusBar().showMessage(
                f"No other relation type links a {head.label} to a {tail.label}.", 5000
            )
            return
        if len(kinds) == 1:
            self.relabel_to(relation, kinds[0].name)
            return
        menu = QMenu(w)
        for kind in kinds:
            action = menu.addAction(type_menu_text(kind))
            action.triggered.connect(partial(self.relabel_to, relation, kind.name))
        view = self.relation_view
        row = self.relation_model.row_of(relation)
        rect = view.visualRect(self.relation_model.index(row or 0, 0))
        w._popup(menu, view.viewport().mapToGlobal(rect.bottomLeft()))

    def relabel_to(self, relation: Relation, label: str, *_: object) -> None:
        assert relation.id is not None
        changes = self.window.edits.push(
            f"Relabel link as {label}", None, ops_relations.relabel_relation, relation.id, label
        )
        if changes is not None and changes.relations_changed:
            relabelled = changes.relations_changed[0][1]
            self.window.statusBar().showMessage(
                f"Now {relation_line(self.window.layer_model, relabelled)}", 5000
            )

    def _on_relation_row_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        """Arrows in the relations list: the row's head is picked and shown, its partners
        drawn (the focus stays in the list)."""
        if not self.relation_view.hasFocus() or not current.isValid():
            return
        relation = self.relation_model.relation_at(current.row())
        head = self.window.layer_model.span(relation.head_span_id)
        if head is not None:
            self.window.select_span(head)
            self.window.text_view.show_range(head.start, head.end)

    def show_relation(self, relation: Relation) -> None:
        w = self.window
        head = w.layer_model.span(relation.head_span_id)
        if head is not None:
            w.select_span(head)
            w.text_view.show_range(head.start, head.end)
            w.text_view.setFocus()

    def add_fragment(self) -> None:
        """F: the selection becomes another fragment of the picked span."""
        w = self.window
        span = w.text_view.current
        selected = w.text_view.selected_range()
        if span is None or selected is None:
            w.statusBar().showMessage(
                "Pick a span, select more text for it, then press F to add it as a fragment.",
                5000,
            )
            return
        snap = snap_to_words if w.snap_action.isChecked() else trim_whitespace
        snapped = snap(w.text_view.text, *selected)
        if snapped is None:
            w.statusBar().showMessage("Only spaces are selected: nothing to add.", 4000)
            return
        start, end, fragments = with_fragment(span, *snapped)
        if (start, end, fragments) == (span.start, span.end, span.fragments):
            w.statusBar().showMessage(f"That text is part of this {span.label} already.", 4000)
            return
        assert span.id is not None
        changes = w.edits.push(
            f"Add a fragment to {span.label}",
            (span, None),
            ops_spans.move_span,
            span.id,
            start,
            end,
            fragments,
        )
        if changes is not None:
            w.text_view.clear_selection()
            w.select_span(w.layer_model.span(span.id))

    def remove_fragment(self) -> None:
        """Shift+F: the picked span loses the piece at the text cursor (one undo step)."""
        w = self.window
        span = w.text_view.current
        cursor = w.text_view.textCursor()
        offset = w.text_view.offsets.from_qt(cursor.selectionStart())
        bounds = None if span is None else without_fragment(span, offset)
        if span is None or bounds is None:
            w.statusBar().showMessage(
                "Pick a span in pieces and put the cursor in one of them, then press Shift+F "
                "to take that piece out.",
                5000,
            )
            return
        assert span.id is not None
        changes = w.edits.push(
            f"Remove a fragment of {span.label}",
            (span, None),
            ops_spans.move_span,
            span.id,
            *bounds,
        )
        if changes is not None:
            w.select_span(w.layer_model.span(span.id))
