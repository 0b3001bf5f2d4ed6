"""The note dialog (annotator/ui/note_dialog.py): a note is written and finished from the
keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.ui.note_dialog import NoteDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def test_note_dialog_is_finished_from_the_keyboard(qtbot):
    dialog = NoteDialog(None, "Note on ACTOR", "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.edit.setFocus()
    qtbot.keyClicks(dialog.edit, "two")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Tab)
    assert dialog.text() == "two"  # Tab moved the focus on instead of typing a tab
    dialog.edit.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == NoteDialog.DialogCode.Accepted
