"""`ANNOTATOR_REPORT_FIRST_PAINT=1`: print when the window first painted its text, then quit.

For benchmarks/bench_startup.py, which times the whole app process from its start to the
window shown and painted: on the first paint of the text view the app prints
`first-paint <time.time()>` on stdout and quits. Nothing happens without the variable.
"""

from __future__ import annotations

import os
import time

from PySide6.QtWidgets import QApplication, QWidget

from annotator.ui.after_paint import AfterPaint

VARIABLE = "ANNOTATOR_REPORT_FIRST_PAINT"


def _report() -> None:
    print(f"first-paint {time.time():.6f}", flush=True)  # after the paint itself
    QApplication.quit()


def report_first_paint(widget: QWidget) -> None:
    """When the variable is set, report the first paint of `widget` and quit."""
    if os.environ.get(VARIABLE):
        AfterPaint(widget, _report)
