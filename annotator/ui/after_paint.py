"""Work that waits for a widget's next paint: the open document's suggestion run, the
attribution line, the daily backup, the benchmarks' first-paint report. Run before the
paint, each would only delay the text's appearing; run from the event loop just after it,
the window is on screen first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Calls `callback` just after `widget`'s next paint, once each time it is armed. With
    `latest_ms`, at the latest that long after the arming (a widget never shown, or shown
    minimised, paints late or never). It watches the widget's events only while armed."""

    def __init__(
        self,
        widget: QWidget,
        callback: Callable[[], object],
        armed: bool = True,
        latest_ms: int | None = None,
    ):
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._latest = None if latest_ms is None else QTimer(self)
        if self._latest is not None and latest_ms is not None:
            self._latest.setSingleShot(True)
            self._latest.setInterval(latest_ms)
            self._latest.timeout.connect(self._fire)
        self._soon = QTimer(self)  # just after the paint; disarm() stops it too
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(callback)
        self.armed = False
        if armed:
            self.arm()

    def arm(self) -> None:
        if not self.armed:
            self.armed = True
            self._widget.installEventFilter(self)
        if self._latest is not None:
            self._latest.start()

    def disarm(self) -> None:
        if self.armed:
            self.armed = False
            self._widget.removeEventFilter(self)
        if self._latest is not None:
            self._latest.stop()
        self._soon.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint:
            self.disarm()
            self._soon.start()  # after the paint itself
        return False

    def _fire(self) -> None:
        if self.armed:
            self.disarm()
            self._callback()
