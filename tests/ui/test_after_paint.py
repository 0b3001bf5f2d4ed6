"""AfterPaint: work that waits for a widget's next paint runs just after it, once an arming."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from annotator.ui.after_paint import AfterPaint


def test_runs_once_just_after_each_armed_paint(qtbot):
    widget = QLabel("text")
    qtbot.addWidget(widget)
    calls: list[str] = []
    after = AfterPaint(widget, lambda: calls.append("run"))
    qtbot.wait(20)
    assert calls == []  # armed, but nothing painted yet
    widget.grab()  # a paint
    assert calls == []  # not inside the paint: from the event loop after it
    qtbot.waitUntil(lambda: calls == ["run"], timeout=1_000)
    widget.grab()
    qtbot.wait(20)
    assert calls == ["run"]  # once per arming
    after.arm()
    widget.grab()
    qtbot.waitUntil(lambda: calls == ["run", "run"], timeout=1_000)
    after.disarm()
    widget.grab()
    qtbot.wait(20)
    assert calls == ["run", "run"]


def test_an_unarmed_one_waits_for_its_arming(qtbot):
    widget = QLabel("text")
    qtbot.addWidget(widget)
    calls: list[int] = []
    after = AfterPaint(widget, lambda: calls.append(1), armed=False)
    widget.grab()
    qtbot.wait(20)
    assert calls == []
    after.arm()
    widget.grab()
    qtbot.waitUntil(lambda: calls == [1], timeout=1_000)


def test_a_widget_that_never_paints_gets_its_work_at_the_latest(qtbot):
    widget = QLabel("never shown")
    qtbot.addWidget(widget)
    calls: list[int] = []
    after = AfterPaint(widget, lambda: calls.append(1), latest_ms=50)
    qtbot.waitUntil(lambda: calls == [1], timeout=1_000)
    assert not after.armed
    widget.grab()
    qtbot.wait(80)
    assert calls == [1]  # the paint that comes late does not run it again


def test_a_paint_first_stops_the_latest_timer(qtbot):
    widget = QLabel("text")
    qtbot.addWidget(widget)
    calls: list[int] = []
    AfterPaint(widget, lambda: calls.append(1), latest_ms=100)
    widget.grab()
    qtbot.waitUntil(lambda: calls == [1], timeout=1_000)
    qtbot.wait(200)
    assert calls == [1]


def test_disarming_after_the_paint_cancels_the_call_on_its_way(qtbot):
    widget = QLabel("text")
    qtbot.addWidget(widget)
    calls: list[int] = []
    after = AfterPaint(widget, lambda: calls.append(1))
    widget.grab()  # the call is on its way
    after.disarm()
    qtbot.wait(50)
    assert calls == []
