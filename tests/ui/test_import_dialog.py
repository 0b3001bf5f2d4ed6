"""File ▸ Import through the real dialog: every format the command line reads, the
annotator for layers that name none, adding labels, from the keyboard; bad files change
nothing and say FILE:LINE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.cli import main
from annotator.core.model import Document, Span
from annotator.store.importer import readable_formats
from annotator.store.project import create_project
from annotator.ui import file_actions, import_dialog
from annotator.ui.import_dialog import ImportDialog
from tests.helpers.projects import dump_database

ALT = Qt.KeyboardModifier.AltModifier
TEXT = "Kerry met Lavrov in Geneva."


def doccano_file(path: Path, label: str = "ACTOR", relation: dict | None = None) -> Path:
    """One doccano line, entities/relations variant, naming no annotator."""
    obj = {
        "id": "geneva",
        "text": TEXT,
        "entities": [
            {"id": 1, "label": label, "start_offset": 0, "end_offset": 5},
            {"id": 2, "label": label, "start_offset": 10, "end_offset": 16},
        ],
        "relations": [relation or {"id": 3, "from_id": 1, "to_id": 2, "type": "met"}],
    }
    path.write_text(json.dumps(obj) + "\n", encoding="utf-8")
    return path


def open_dialog(qtbot, window, action=None) -> ImportDialog:  # type: ignore[no-untyped-def]
    (action or window.import_files_action).trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def run_import(qtbot, window, dialog: ImportDialog):  # type: ignore[no-untyped-def]
    tasks_before = list(window.tasks)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    [task] = [t for t in window.tasks if t not in tasks_before]
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass


def visible_boxes(window) -> list[QMessageBox]:  # type: ignore[no-untyped-def]
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_every_readable_format_is_offered(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    names = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
    assert names[:2] == ["auto", "jsonl"]
    assert sorted(names[2:]) == sorted(f.name for f in readable_formats() if f.name != "jsonl")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # no file
    dialog.reject()


def test_the_keyboard_imports_relations_under_the_annotator_it_names(
    qtbot, window, ui_project, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    source = doccano_file(tmp_path / "geneva.jsonl", label="PLACE")
    monkeypatch.setattr(
        import_dialog.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(source)], "")
    )
    dialog = open_dialog(qtbot, window)
    assert dialog.focusWidget() is dialog.add_files_button
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)  # Add files… (a mnemonic clicks after a delay)
    qtbot.waitUntil(lambda: dialog.paths_as_text() == [str(source)])
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # the format box: type to choose
    qtbot.keyClicks(dialog.format_box, "doccano")
    qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)
    qtbot.keyClicks(dialog.annotator_edit, "carol")
    qtbot.keyClick(dialog, Qt.Key.Key_D, ALT)  # add the labels the file uses
    qtbot.waitUntil(dialog.add_labels_check.isChecked)
    choice = dialog.choice()
    assert (choice.format, choice.annotator, choice.add_labels) == ("doccano", "carol", True)
    run_import(qtbot, window, dialog)
    spans = ui_project.spans("geneva", "carol")
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 5, "PLACE"), (10, 16, "PLACE")]
    [link] = ui_project.relations("geneva", "carol")
    assert (link.head_span_id, link.tail_span_id, link.label) == (spans[0].id, spans[1].id, "met")
    assert "PLACE" in [label.name for label in ui_project.labels()]
    assert "1 relation(s) added" in window.statusBar().currentMessage()
    assert window.documents.rowCount() == 4


def test_an_unknown_label_asks_and_imports_again_with_the_same_choices(
    qtbot, window, ui_project, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    source = doccano_file(tmp_path / "geneva.jsonl", label="PLACE")
    dialog = open_dialog(qtbot, window)
    dialog.add_path(source)
    dialog.set_format("doccano")
    dialog.annotator_edit.setText("dora")
    run_import(qtbot, window, dialog)
    assert ui_project.spans("geneva", "dora") == []  # nothing imported yet
    [box] = visible_boxes(window)
    assert "the file uses the label 'PLACE'" in box.text()
    tasks_before = list(window.tasks)
    box.button(QMessageBox.StandardButton.Yes).click()
    [task] = [t for t in window.tasks if t not in tasks_before]
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert len(ui_project.spans("geneva", "dora")) == 2  # the same format and annotator
    assert len(ui_project.relations("geneva", "dora")) == 1


def test_a_bad_relation_changes_nothing_and_names_the_line(
    qtbot, window, ui_project, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    source = doccano_file(
        tmp_path / "bad.jsonl", relation={"id": 3, "from_id": 1, "to_id": 9, "type": "met"}
    )
    before = dump_database(ui_project.path)
    dialog = open_dialog(qtbot, window)
    dialog.add_path(source)
    dialog.set_format("auto")
    run_import(qtbot, window, dialog)
    [box] = visible_boxes(window)
    assert box.text() == f"{source}:1: relation 0: to_id 9 names no entity of this line"
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.accept()
    assert dump_database(ui_project.path) == before


def test_the_folder_action_opens_the_dialog_with_the_folder(
    qtbot, window, ui_project, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "geneva.txt").write_text(TEXT, encoding="utf-8")
    (folder / "geneva.ann").write_text("T1\tACTOR 0 5\tKerry\n", encoding="utf-8")
    monkeypatch.setattr(
        file_actions.QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder)
    )
    dialog = open_dialog(qtbot, window, window.import_folder_action)
    assert dialog.paths_as_text() == [str(folder)]
    assert dialog.focusWidget() is dialog.format_box
    dialog.set_format("brat")
    dialog.annotator_edit.setText("erin")
    run_import(qtbot, window, dialog)
    assert [(s.start, s.end) for s in ui_project.spans("geneva", "erin")] == [(0, 5)]


def test_delete_removes_a_path(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    dialog.add_path(tmp_path / "a.jsonl")
    dialog.add_path(tmp_path / "b.jsonl")
    dialog.path_list.setFocus()
    qtbot.keyClick(dialog.path_list, Qt.Key.Key_Delete)
    assert dialog.paths_as_text() == [str(tmp_path / "a.jsonl")]
    dialog.reject()


def test_tab_walks_the_dialog_in_reading_order(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    dialog.add_path(tmp_path / "a.jsonl")
    dialog.path_list.setFocus()
    seen = [dialog.focusWidget()]
    for _ in range(8):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        seen.append(dialog.focusWidget())
    assert seen == [
        dialog.path_list,
        dialog.add_files_button,
        dialog.add_folder_button,
        dialog.remove_button,
        dialog.format_box,
        dialog.annotator_edit,
        dialog.add_labels_check,
        dialog.encoding_box,
        dialog.buttons.button(dialog.buttons.StandardButton.Ok),
    ]
    dialog.reject()


@pytest.mark.parametrize("name", [f.name for f in readable_formats()])
def test_each_format_imports_what_the_command_line_exports(
    qtbot, window, ui_project, tmp_path, name
) -> None:  # type: ignore[no-untyped-def]
    source_db = tmp_path / "source.db"
    with create_project(source_db) as source:
        source.add_document(Document("geneva", TEXT, "Geneva"))
        source.add_span(Span("geneva", "frank", 0, 5, "ACTOR"))
        source.add_span(Span("geneva", "frank", 10, 16, "ACTOR"))
    suffix = {"labelstudio": ".json", "conll": ".conll", "brat": ""}.get(name, ".jsonl")
    out = tmp_path / f"export{suffix}"
    assert main(["export", str(source_db), "-o", str(out), "--format", name]) == 0
    dialog = open_dialog(qtbot, window)
    dialog.add_path(out)
    dialog.set_format(name)
    run_import(qtbot, window, dialog)
    for box in window.findChildren(QMessageBox):
        box.accept()
    assert [(s.start, s.end, s.label) for s in ui_project.spans("geneva", "frank")] == [
        (0, 5, "ACTOR"),
        (10, 16, "ACTOR"),
    ]
