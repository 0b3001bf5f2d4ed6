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
