"""The window's layout, remembered between sessions (QSettings): the panels' sizes (the
splitter, the docks), the column widths of the document list and of the span list.

`restore` runs once the window is built, `save` when it closes. A saved state Qt cannot
read (another version's, a damaged settings file) is ignored: the built-in layout stays.
The document list's Status and Spans columns are made resizable (they were sized to their
contents, which also made Qt measure rows it had not fetched yet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QHeaderView

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

KEYS = ("layout/window", "layout/splitter", "layout/documents", "layout/spans")


def _parts(window: MainWindow) -> list[tuple[str, object]]:
    return [
        ("layout/window", window),
        ("layout/splitter", window.splitter),
        ("layout/documents", window.document_view.horizontalHeader()),
        ("layout/spans", window.span_view.horizontalHeader()),
    ]


def restore(window: MainWindow) -> None:
    header = window.document_view.horizontalHeader()
    metrics = window.document_view.fontMetrics()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.resizeSection(1, metrics.horizontalAdvance("in progress") + 16)
    header.resizeSection(2, metrics.horizontalAdvance("Spans") + 20)
    for key, part in _parts(window):
        state = window.settings.value(key)
        if isinstance(state, QByteArray) and not state.isEmpty():
            part.restoreState(state)  # type: ignore[attr-defined]


def save(window: MainWindow) -> None:
    for key, part in _parts(window):
        window.settings.setValue(key, part.saveState())  # type: ignore[attr-defined]
