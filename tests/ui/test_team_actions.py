"""A package annotated in the app itself and merged back through File ▸ Merge packages…:
the real windows on both files, real key presses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.cli import main
from annotator.core.model import Status
from annotator.ops.assignments import assign
from tests.conftest import show_window

CTRL = Qt.KeyboardModifier.ControlModifier


def test_annotate_a_package_in_the_app_and_merge_it_back(  # type: ignore[no-untyped-def]
    qtbot, ui_project, settings, store_host, tmp_path: Path, monkeypatch
):
    assign(ui_project, ["alice", "bob"], 1)
    mine = [d for d, _, _ in ui_project.assignment_rows("alice")]
    package = tmp_path / "alice.db"
    assert main(["package", str(ui_project.path), "--annotator", "alice", "-o", str(package)]) == 0

    offline = show_window(qtbot, store_host.open(package), settings)  # alice, offline
    assert offline.queue_switch.box.isChecked()
    assert [offline.documents.document_id(r) for r in range(offline.documents.rowCount())] == mine
    first = offline.controller.document.id
    text = offline.text_view.text
    offline.text_view.select_range(0, text.index(" "))
    qtbot.keyClick(offline.text_view, Qt.Key.Key_1)  # ACTOR
    qtbot.keyClick(offline.text_view, Qt.Key.Key_Return, CTRL)  # done, next in the queue
    assert offline.windowTitle().endswith(f"— 1 of {len(mine)} done")
    offline.close()

    window = show_window(qtbot, store_host.open(ui_project.path), settings)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box))
    task = window.team.merge([package])
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert shown and "1 span(s) added" in shown[0].text()
    spans = ui_project.spans(first, "alice")
    assert [(s.start, s.end, s.label) for s in spans] == [(0, text.index(" "), "ACTOR")]
    assert ui_project.status(first, "alice") is Status.DONE
    assert not any(ui_project.spans(d, "bob") for d in mine)
