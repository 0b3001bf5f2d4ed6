"""File ▸ Export through the real dialog: every format, the command line's selection, the
keyboard, progress and Cancel, and the same bytes as `annotator export`."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from annotator.cli import main
from annotator.core.formats import MODULES
from annotator.core.model import GOLD_ANNOTATOR, Document, Relation, Span, Status
from annotator.store.project import Project
from annotator.ui import tasks
from annotator.ui.export_dialog import ExportDialog

ALT = Qt.KeyboardModifier.AltModifier


def fill(project: Project) -> None:
    """Two annotators on doc-1 (a quote linked to its speaker), one marked done, and gold."""
    text = project.document("doc-1").text
    kerry = text.index("Kerry", 30)
    quote = text.index("We will talk")
    for annotator in ("alice", "bob", GOLD_ANNOTATOR):
        speaker = project.add_span(Span("doc-1", annotator, kerry, kerry + 5, "ACTOR", "a <b>note"))
        said = project.add_span(Span("doc-1", annotator, quote, quote + 12, "QUOTE"))
        assert said.id is not None and speaker.id is not None
        project.add_relation(Relation("doc-1", annotator, said.id, speaker.id, "source"))
    project.set_status("doc-1", "bob", Status.DONE)


def open_dialog(qtbot, window) -> ExportDialog:  # type: ignore[no-untyped-def]
    window.export_action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def run_export(qtbot, window, dialog: ExportDialog):  # type: ignore[no-untyped-def]
    """Press Enter in the dialog and wait for the export task to finish."""
    tasks_before = list(window.tasks)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tasks != tasks_before or not dialog.isVisible())
    new = [task for task in window.tasks if task not in tasks_before]
    if new:
        with qtbot.waitSignal(new[0].finished, timeout=20_000):
            pass


def cli_export(project: Path, out: Path, *args: str) -> bytes:
    assert main(["export", str(project), "-o", str(out), *args]) == 0
    return b"" if out.is_dir() else out.read_bytes()


def test_every_format_is_offered(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    names = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
    assert names == list(MODULES)
    for name in names:  # the target follows the format, a folder for brat
        dialog.set_format(name)
        target = Path(dialog.target_edit.text())
        assert target.parent == Path(window.project.path).parent
        assert (target.suffix == "") == (name == "brat")
        assert dialog.relations_check.isEnabled() == (name == "doccano")
    dialog.reject()


def test_the_keyboard_chooses_format_annotator_status_and_labels(
    qtbot, window, ui_project, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    fill(ui_project)
    dialog = open_dialog(qtbot, window)
    assert dialog.focusWidget() is dialog.format_box
    # Alt+F is the format box: type to pick Label Studio.
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    qtbot.keyClicks(dialog.format_box, "labelstudio")
    assert dialog.choice().format == "labelstudio"
    out = tmp_path / "gui.json"
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    assert dialog.focusWidget() is dialog.target_edit
    dialog.target_edit.selectAll()
    qtbot.keyClicks(dialog.target_edit, str(out))
    qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # the annotators: Down to bob, Space ticks
    assert dialog.focusWidget() is dialog.annotator_list
    names = [dialog.annotator_list.item(i).text() for i in range(dialog.annotator_list.count())]
    assert names == ["alice", "bob"]  # gold has its own box
    qtbot.keyClick(dialog.annotator_list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.annotator_list, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_G, ALT)  # and gold
    qtbot.waitUntil(dialog.gold_check.isChecked)  # a mnemonic clicks after a short delay
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)
    qtbot.keyClick(dialog.status_box, Qt.Key.Key_Down)  # "only new" ... the first after any
    assert dialog.status_box.currentData() == "new"
    qtbot.keyClick(dialog.status_box, Qt.Key.Key_Up)  # back to any status
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)
    qtbot.keyClick(dialog.label_list, Qt.Key.Key_Space)  # ACTOR
    qtbot.keyClick(dialog.label_list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.label_list, Qt.Key.Key_Space)  # QUOTE
    choice = dialog.choice()
    assert (choice.annotators, choice.gold, choice.status) == (["bob"], True, None)
    assert choice.labels == ["ACTOR", "QUOTE"]
    run_export(qtbot, window, dialog)
    expected = cli_export(
        ui_project.path, tmp_path / "cli.json", "--format", "labelstudio", "--annotator", "bob",
        "--gold", "--labels", "ACTOR,QUOTE",
    )  # fmt: skip
    assert out.read_bytes() == expected
    tasks = json.loads(out.read_text(encoding="utf-8"))
    users = [a["created_username"] for t in tasks for a in t["annotations"]]
    assert users == ["bob", GOLD_ANNOTATOR]  # by name
    relations = [r for t in tasks for a in t["annotations"] for r in a["result"]
                 if r["type"] == "relation"]  # fmt: skip
    assert [r["labels"] for r in relations] == [["source"], ["source"]]
    assert "as labelstudio to" in window.statusBar().currentMessage()


@pytest.mark.parametrize(("name", "args"), [("doccano", ["--relations"]), ("conll", [])])
def test_what_a_format_leaves_out_is_said(qtbot, window, ui_project, tmp_path, name, args) -> None:  # type: ignore[no-untyped-def]
    fill(ui_project)
    dialog = open_dialog(qtbot, window)
    dialog.set_format(name)
    if args:
        qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)
        qtbot.waitUntil(dialog.relations_check.isChecked)
    out = tmp_path / f"gui.{name}"
    dialog.target_edit.setText(str(out))
    run_export(qtbot, window, dialog)
    assert out.read_bytes() == cli_export(
        ui_project.path, tmp_path / "cli", "--format", name, *args
    )
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    if name == "conll":  # three relations have no place in CoNLL: a box says so
        assert len(boxes) == 1
        assert "3 relation(s) of the exported layers are not in this export" in boxes[0].text()
        assert boxes[0].textFormat() == Qt.TextFormat.PlainText
        boxes[0].accept()
    else:
        assert not boxes


def test_a_cancelled_export_writes_nothing(
    qtbot, window, ui_project, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    with ui_project.transaction():
        for number in range(450):  # the export reports progress every 200 documents
            ui_project.add_document(Document(f"more-{number}", f"Article {number}.", "t"))
    # The worker's first progress report waits until Cancel has been pressed, so the
    # export cannot finish first.
    pressed = threading.Event()
    report = tasks._Worker._progress
    monkeypatch.setattr(
        tasks._Worker, "_progress", lambda self, *a: pressed.wait(20) and report(self, *a)
    )
    dialog = open_dialog(qtbot, window)
    dialog.set_format("prodigy")
    out = tmp_path / "cancelled.jsonl"
    dialog.target_edit.setText(str(out))
    tasks_before = list(window.tasks)
    dialog.accept()
    [task] = [t for t in window.tasks if t not in tasks_before]
    assert task.dialog.labelText() == "Exporting…"
    with qtbot.waitSignal(task.finished, timeout=30_000):
        [cancel] = task.dialog.findChildren(QPushButton)
        assert cancel.text() == "Cancel"
        cancel.click()  # the progress dialog's Cancel
        pressed.set()
    assert not out.exists()
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert any("export cancelled; nothing was written" in b.text() for b in boxes)


def test_an_error_is_shown_and_nothing_written(qtbot, window, ui_project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    dialog.set_format("labelstudio")
    assert not dialog.gold_check.isEnabled()  # no gold layer yet
    out = tmp_path / "missing-folder" / "out.json"
    dialog.target_edit.setText(str(out))
    run_export(qtbot, window, dialog)
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)))
    assert not out.exists()


def test_data_strings_are_plain_text(qtbot, window, ui_project) -> None:  # type: ignore[no-untyped-def]
    ui_project.add_span(Span("doc-1", "<b>bold</b> &amp;", 0, 5, "ACTOR"))
    dialog = open_dialog(qtbot, window)
    names = [dialog.annotator_list.item(i).text() for i in range(dialog.annotator_list.count())]
    assert "<b>bold</b> &amp;" in names  # item views show text as it is
    dialog.reject()


def test_tab_walks_the_dialog_in_reading_order(qtbot, window, ui_project) -> None:  # type: ignore[no-untyped-def]
    fill(ui_project)  # a gold layer: its box takes the focus too
    dialog = open_dialog(qtbot, window)
    dialog.set_format("doccano")  # the relations box too
    seen = [dialog.focusWidget()]
    for _ in range(8):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        seen.append(dialog.focusWidget())
    assert seen == [
        dialog.format_box,
        dialog.target_edit,
        dialog.browse_button,
        dialog.annotator_list,
        dialog.gold_check,
        dialog.status_box,
        dialog.label_list,
        dialog.relations_check,
        dialog.buttons.button(dialog.buttons.StandardButton.Ok),
    ]
    dialog.reject()


def contents(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()}
    return {"": path.read_bytes()}


@pytest.mark.parametrize("name", list(MODULES))
def test_each_format_exports_what_the_command_line_does(
    qtbot, window, ui_project, tmp_path, name
) -> None:  # type: ignore[no-untyped-def]
    if name == "spacy":
        pytest.importorskip("spacy")
    fill(ui_project)
    dialog = open_dialog(qtbot, window)
    dialog.set_format(name)
    out = tmp_path / "gui" / Path(dialog.target_edit.text()).name
    out.parent.mkdir()
    dialog.target_edit.setText(str(out))
    run_export(qtbot, window, dialog)
    for box in window.findChildren(QMessageBox):
        box.accept()  # the notes of formats that leave something out
    cli = tmp_path / "cli" / out.name
    cli.parent.mkdir()
    cli_export(ui_project.path, cli, "--format", name)
    assert contents(out) == contents(cli)
