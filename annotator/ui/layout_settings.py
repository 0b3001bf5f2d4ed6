"""The windows' layout, remembered between sessions (QSettings): the main window's panels'
sizes (the splitter, the docks), the column widths of the document list and of the span
list; the review windows' splitters and the column widths their user set.

`restore` runs once the main window is built, `save` when it closes; a review window does
the same with `restore_review` and `save_review`. A saved state Qt cannot read (another
version's, a damaged settings file) is ignored: the built-in layout stays.
The document list's Status and Spans columns are made resizable (they were sized to their
contents, which also made Qt measure rows it had not fetched yet).

A review table's columns are fitted to the window (`column_fit`); only the widths the user
set are remembered, by column name (an annotator's column keeps its width in the next
comparison, whoever else is in it), so that a saved layout never stops the others from
fitting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

if TYPE_CHECKING:
    from annotator.ui.column_fit import ColumnFit
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


@dataclass(frozen=True)
class ReviewLayout:
    """What a review window remembers, under `layout/<prefix>/`: its splitters' states and
    its tables' user-set column widths, each by name."""

    prefix: str
    splitters: dict[str, QSplitter]
    columns: dict[str, ColumnFit]

    def key(self, name: str) -> str:
        return f"layout/{self.prefix}/{name}"


def restore_review(settings: QSettings, layout: ReviewLayout) -> None:
    for name, splitter in layout.splitters.items():
        state = settings.value(layout.key(name))
        if isinstance(state, QByteArray) and not state.isEmpty():
            splitter.restoreState(state)
    for name, fit in layout.columns.items():
        fit.set_user_widths(_widths(settings.value(layout.key(f"{name}-columns"))))


def save_review(settings: QSettings, layout: ReviewLayout) -> None:
    for name, splitter in layout.splitters.items():
        settings.setValue(layout.key(name), splitter.saveState())
    for name, fit in layout.columns.items():
        key = layout.key(f"{name}-columns")
        # Added to those saved: another comparison, of other annotators, saved its own.
        widths = {**_widths(settings.value(key)), **fit.user_widths}
        settings.setValue(key, json.dumps(widths, ensure_ascii=False, sort_keys=True))


def _widths(value: object) -> dict[str, int]:
    """Column widths saved by `save_review`; nothing from a value it did not write."""
    try:
        widths = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return {}
    if not isinstance(widths, dict):
        return {}
    return {
        str(name): width
        for name, width in widths.items()
        if isinstance(width, int) and not isinstance(width, bool) and width > 0
    }


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """`width` × `height`, or less on a screen too small for it (a laptop's 1280×800)."""
    screen = window.screen().availableGeometry()
    window.resize(min(width, screen.width()), min(height, screen.height()))
