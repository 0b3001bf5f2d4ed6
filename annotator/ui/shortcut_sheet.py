"""Help ▸ Keyboard shortcuts (F1): every key of the main window and of the comparison,
read from their QActions when the sheet opens, so it cannot go stale.

Each action with a shortcut is listed under the menu that holds it ("Edit ▸ Span
boundaries"), or under the widget it belongs to (the find bar). The comparison's keys come
from an open comparison window, or else from one built (hidden, read-only) for the open
document with two placeholder annotators. The few keys that are not actions (Enter and
Esc in the find bar, dragging a span's edge) are listed after them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.ui.find_bar import FindBar

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

Row = tuple[str, str, str]  # (where, what, keys)

PLACEHOLDERS = ("first annotator", "second annotator")

# A QAction property: the action's name in the sheet where its text changes (Undo's text
# names the step it would undo).
SHEET_NAME = "sheet_name"

OTHER_KEYS: list[Row] = [
    ("Find bar", "Next hit / previous hit", "Enter, Shift+Enter"),
    ("Find bar", "Close, leaving the hit selected for a label key", "Esc"),
    ("Article", "Move the picked span's edge", "drag its first or last character's edge"),
    ("Span list", "Edit the note of the current row", "F2 or double-click"),
]


def install(window: MainWindow) -> QAction:
    """Help ▸ Keyboard shortcuts (F1) in `window`'s menu bar."""
    from annotator.ui.window_actions import add_action

    action = add_action(
        window, "&Keyboard shortcuts", lambda: show_sheet(window), ["F1"], "Every key (F1)"
    )
    menu = next(
        (
            a.menu()
            for a in window.menuBar().actions()
            if isinstance(a.menu(), QMenu) and a.text().replace("&", "") == "Help"
        ),
        None,
    )
    if menu is None:
        menu = window.menuBar().addMenu("&Help")
    assert isinstance(menu, QMenu)
    menu.addAction(action)
    return action


def clean(text: str) -> str:
    """An action's text as shown: without its mnemonic '&' (a "&&" is one '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").strip()


def keys_of(action: QAction) -> str:
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
    )


def _where(action: QAction, window: QWidget) -> str:
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu) and owner.title():
            path = [clean(owner.title())]
            parent_menu = owner.menuAction().associatedObjects()
            while parent_menu:
                outer = next((o for o in parent_menu if isinstance(o, QMenu) and o.title()), None)
                if outer is None:
                    break
                path.insert(0, clean(outer.title()))
                parent_menu = outer.menuAction().associatedObjects()
            return " ▸ ".join(path)
    widget = action.parent()
    while isinstance(widget, QWidget) and widget is not window:
        if isinstance(widget, FindBar):
            return "Find bar"
        widget = widget.parentWidget()
    return "Window"


def rows_of(window: QWidget, prefix: str = "") -> list[Row]:
    """(where, what, keys) of every action of `window` (and its children) with a key."""
    rows: list[Row] = []
    seen: set[int] = set()
    for action in [*window.actions(), *window.findChildren(QAction)]:
        if id(action) in seen or not action.shortcuts():
            continue
        seen.add(id(action))
        name = action.property(SHEET_NAME) or clean(action.text())
        rows.append((prefix + _where(action, window), name, keys_of(action)))
    return rows


def comparison_rows(window: MainWindow) -> list[Row]:
    """The comparison window's keys: from an open one, else from one built for this."""
    from annotator.ui.compare_view import ComparisonWindow

    open_ones = list(window.review.comparisons.values())
    if open_ones:
        return rows_of(open_ones[0], "Comparison: ")
    if _probed:  # its keys do not depend on the document: built once
        return list(_probed)
    document = window.controller.document
    if document is None:
        return [("Comparison", "(open a document to list the comparison's keys)", "")]
    try:
        probe = ComparisonWindow(window.project, document.id, list(PLACEHOLDERS))
    except AnnotatorError:
        return []
    try:
        _probed.extend(rows_of(probe, "Comparison: "))
    finally:
        probe.deleteLater()
    return list(_probed)


_probed: list[Row] = []  # the comparison's keys, read from a hidden one


def all_rows(window: MainWindow) -> list[Row]:
    return [*rows_of(window), *comparison_rows(window), *OTHER_KEYS]


class ShortcutSheet(QDialog):
    def __init__(self, rows: Iterable[Row], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = _grouped(list(rows))
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Where", "What", "Keys"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)  # plain text: names come from data
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(820, 640)

    def rows(self) -> list[Row]:
        def cell(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(cell(row, 0), cell(row, 1), cell(row, 2)) for row in range(self.table.rowCount())]


def _grouped(rows: list[Row]) -> list[Row]:
    """Rows of the same place together, places in the order they first appear."""
    order: dict[str, int] = {}
    for place, _, _ in rows:
        order.setdefault(place, len(order))
    return sorted(rows, key=lambda row: order[row[0]])  # stable: actions keep their order


def show_sheet(window: MainWindow) -> ShortcutSheet:
    sheet = ShortcutSheet(all_rows(window), window)
    sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    sheet.show()
    sheet.activateWindow()
    sheet.table.setFocus()  # the arrow keys scroll it, Esc closes it
    return sheet
