"""Work that waits for a widget's next paint: the open document's suggestion run, the
attribution line, the daily backup, the benchmarks' first-paint report. Run before the
paint, each would only delay the text's appearing; run from the event loop just after it,
the window is on screen first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Calls `callback` just after `widget`'s next paint, once each time it is armed."""

    def __init__(self, widget: QWidget, callback: Callable[[], object], armed: bool = True):
        super().__init__(widget)
        self._callback = callback
        self.armed = armed
        widget.installEventFilter(self)

    def arm(self) -> None:
        self.armed = True

    def disarm(self) -> None:
        self.armed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint:
            self.armed = False
            QTimer.singleShot(0, self, self._callback)  # after the paint itself
        return False
