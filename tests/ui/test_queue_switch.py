"""The annotator's queue in the real window: the list shows it by default, in queue order;
Ctrl+Enter and "next" go to the next document of the queue; the title says how far they
are; the switch shows every document; a project without assignments is as before."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import Document, Status
from annotator.ops.assignments import set_annotators_of, unassign
from tests.conftest import show_window

CTRL = Qt.KeyboardModifier.ControlModifier


def rows(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.documents.document_id(r) for r in range(window.documents.rowCount())]


def queue_project(ui_project):  # type: ignore[no-untyped-def]
    ui_project.add_document(Document("doc-4", "Fourth article.\n", "Fourth article."))
    ui_project.add_document(Document("doc-5", "Fifth article.\n", "Fifth article."))
    for document_id in ("doc-3", "doc-1", "doc-5"):  # alice's queue, in this order
        set_annotators_of(ui_project, [document_id], ["alice"])
    set_annotators_of(ui_project, ["doc-2"], ["bob"])


def test_the_queue_in_order_next_in_queue_and_the_title(qtbot, ui_project, settings, store_host):  # type: ignore[no-untyped-def]
    queue_project(ui_project)
    ui_project.set_status("doc-1", "alice", Status.DONE)
    window = show_window(qtbot, store_host.open(ui_project.path), settings)
    assert window.queue_switch.box.isVisible() and window.queue_switch.box.isChecked()
    assert rows(window) == ["doc-3", "doc-5"]  # assigned, not done, in queue order
    assert window.controller.document.id == "doc-3"
    assert window.windowTitle().endswith("— 1 of 3 done")
    qtbot.keyClick(window.text_view, Qt.Key.Key_Return, CTRL)
    assert ui_project.status("doc-3", "alice") is Status.DONE
    assert window.controller.document.id == "doc-5"
    assert window.windowTitle().endswith("— 2 of 3 done")
    # back and forth skip what is done
    qtbot.keyClick(window.text_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.controller.document.id == "doc-5"
    window.queue_switch.box.setChecked(False)  # every document
    assert rows(window) == ["doc-1", "doc-2", "doc-3", "doc-4", "doc-5"]
    assert window.controller.document.id == "doc-5"
    qtbot.keyClick(window.text_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.controller.document.id == "doc-4"
    window.queue_switch.box.setChecked(True)
    assert rows(window) == ["doc-5"]


def test_another_annotators_queue_and_assignments_from_the_app(
    qtbot, ui_project, settings, store_host
):  # type: ignore[no-untyped-def]
    queue_project(ui_project)
    window = show_window(qtbot, store_host.open(ui_project.path), settings)
    window.set_annotator("bob")
    assert rows(window) == ["doc-2"] and window.windowTitle().endswith("— 0 of 1 done")
    window.set_annotator("carol")  # nothing assigned: every document, no switch
    assert len(rows(window)) == 5 and not window.queue_switch.box.isVisible()
    assert "done" not in window.windowTitle()
    window.controller.run(set_annotators_of, ["doc-4"], ["carol"])  # assigned from the app
    assert rows(window) == ["doc-4"] and window.queue_switch.box.isChecked()
    assert window.windowTitle().endswith("— 0 of 1 done")
    window.controller.run(unassign, ["doc-4"])  # nothing assigned again: every document
    assert len(rows(window)) == 5 and not window.queue_switch.box.isVisible()


def test_without_assignments_the_list_is_every_document(qtbot, window):  # type: ignore[no-untyped-def]
    assert rows(window) == ["doc-1", "doc-2", "doc-3"]
    assert not window.queue_switch.box.isVisible()
    assert "done" not in window.windowTitle()


def test_the_queue_list_is_a_valid_qt_model(qtmodeltester, qtbot, ui_project, settings, store_host):  # type: ignore[no-untyped-def]
    queue_project(ui_project)
    window = show_window(qtbot, store_host.open(ui_project.path), settings)
    qtmodeltester.check(window.documents)
    window.queue_switch.box.setChecked(False)
    window.queue_switch.box.setChecked(True)


def test_an_assignment_made_elsewhere_shows_the_queue(qtbot, window, ui_project):  # type: ignore[no-untyped-def]
    """The lead assigns from the command line while alice has the app open: her queue
    appears when the window picks up the change; a switch she made stays as she made it."""
    assert not window.queue_switch.box.isVisible()
    set_annotators_of(ui_project, ["doc-2"], ["alice"])  # another program's connection
    window.check_external_changes()
    assert rows(window) == ["doc-2"] and window.queue_switch.box.isChecked()
    window.queue_switch.box.setChecked(False)
    set_annotators_of(ui_project, ["doc-3"], ["alice"])
    window.check_external_changes()
    assert len(rows(window)) == 3 and not window.queue_switch.box.isChecked()
