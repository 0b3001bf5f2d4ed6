"""`ANNOTATOR_REPORT_FIRST_PAINT=1`: print when the window first painted its text, then quit.

For benchmarks/bench_startup.py, which times the whole app process from its start to the
window shown and painted: on the first paint of the text view the app prints
`first-paint <time.time()>` on stdout and quits. Nothing happens without the variable.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

VARIABLE = "ANNOTATOR_REPORT_FIRST_PAINT"


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After the paint itself: the time the text is on screen.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"first-paint {time.time():.6f}", flush=True)
        QApplication.quit()


def report_first_paint(widget: QWidget) -> None:
    """When the variable is set, report the first paint of `widget` and quit."""
    if os.environ.get(VARIABLE):
        reporter = _FirstPaint(widget)
        widget.installEventFilter(reporter)
