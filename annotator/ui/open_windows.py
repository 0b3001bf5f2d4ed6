"""The app's open main windows. A window opened from File > Open or New must outlive the
window that made it, and nothing else holds it: the QApplication does, through a child
object of its own, so the list ends with the app (not with the module)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class _OpenWindows(QObject):
    def __init__(self, app: QObject):
        super().__init__(app)
        self.setObjectName("annotator-open-windows")
        self.windows: list[QMainWindow] = []


def open_windows() -> list[QMainWindow]:
    """The main windows the app keeps open (a QApplication must exist)."""
    app = QApplication.instance()
    assert app is not None, "no QApplication"
    registry = app.findChild(_OpenWindows, "annotator-open-windows")
    if registry is None:
        registry = _OpenWindows(app)
    return registry.windows
