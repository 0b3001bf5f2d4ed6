"""The context menus of the text and of the span list (also from the keyboard: Shift+F10
and the Menu key open the menu of the focused pane, for the span picked there)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QMenu

from annotator.core.model import Span
from annotator.ui.plain import as_menu_text

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def swatch(color: str) -> QIcon:
    """A small square of a label's colour, for its actions."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class SpanMenus:
    """Builds and shows one window's span menus; the window's `_popup` shows them."""

    def __init__(self, window: MainWindow):
        self.window = window

    def span_menu(self, menu: QMenu, span: Span) -> None:
        """Fill `menu` with what can be done to `span`."""
        edits = self.window.edits
        relabel = menu.addMenu(as_menu_text(f"Change label of {span.label}"))
        for label in self.window.controller.labels:
            act = relabel.addAction(swatch(label.color), as_menu_text(label.name))
            act.setEnabled(label.name != span.label)
            act.triggered.connect(partial(edits.relabel, span, label.name))
        menu.addAction("Edit note…", partial(edits.edit_note_of, span))
        if self.window.layer_model.types_from(span.label):
            menu.addAction("Link to…", partial(self.link_from, span))
        menu.addAction(as_menu_text(f"Delete {span.label}"), partial(edits.delete, span))

    def link_from(self, span: Span, *_: object) -> None:
        """The menu's "Link to…": pick the span and number its candidates (as L does)."""
        self.window.select_span(span)
        self.window.linking.link_mode.start()

    def on_span_view_menu(self, point: QPoint) -> None:
        view = self.window.span_view
        index = view.indexAt(point)
        if index.isValid():
            self.show_span_list_menu(index.row(), view.viewport().mapToGlobal(point))

    def show_span_list_menu(self, row: int, where: QPoint) -> None:
        w = self.window
        menu = QMenu(w)
        self.span_menu(menu, w.span_model.span_at(row))
        w._popup(menu, where)

    def open_context_menu(self) -> None:
        """Shift+F10 / the Menu key: the menu of the pane that has the focus, for the span
        picked there (the mouse position has no meaning for a keyboard user)."""
        w = self.window
        if w.span_view.hasFocus():
            row = w.span_view.currentIndex().row()
            if row >= 0:
                rect = w.span_view.visualRect(w.span_model.index(row, 1))
                self.show_span_list_menu(row, w.span_view.viewport().mapToGlobal(rect.center()))
        elif w.text_view.hasFocus():
            self.on_text_view_menu(w.text_view.cursorRect().center())

    def on_text_view_menu(self, point: QPoint) -> None:
        w = self.window
        view = w.text_view
        menu = QMenu(w)
        if view.selected_range() is not None:
            tag = menu.addMenu("Tag selection as")
            tag.addActions(w.label_actions)
            menu.addSeparator()
        offset = view.offset_at(point)
        spans = list(reversed(view.spans_at(offset))) if offset is not None else []
        current = view.current  # Shift+F10 / the Menu key: the picked span
        if current is not None and current not in spans:
            spans.insert(0, current)
        for span in spans:
            quoted = view.text[span.start : span.end][:40]
            self.span_menu(menu.addMenu(as_menu_text(f"{span.label}: {quoted}")), span)
        if view.textCursor().hasSelection():
            menu.addSeparator()
            menu.addAction("Copy", view.copy)
        if not menu.isEmpty():
            w._popup(menu, view.viewport().mapToGlobal(point))
