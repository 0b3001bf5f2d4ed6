"""Work is never lost to dropped locks or a deleted -wal (issue 9).

POSIX locks belong to the process: closing any descriptor of the project file drops every
lock the process holds on it. A Qt file dialog listing the folder did exactly that in the
window's process; the next command to close the project then deleted the -wal the window
still wrote to, and everything after it was lost. The app's connections now live in the
store process, so nothing the window's process does to the file can touch them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QFile, QIODevice, QMimeDatabase, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QMessageBox

from annotator.core.model import Span
from annotator.store.project import Project, open_project

LINUX = sys.platform.startswith("linux")


def locks(pid: int, path: Path) -> int:
    """How many POSIX locks process `pid` holds on the file at `path` (Linux)."""
    st = os.stat(path)
    device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    with open("/proc/locks", encoding="ascii") as fh:
        rows = [line.split() for line in fh]
    # "1: POSIX  ADVISORY  READ 1234 08:01:5678 128 128" (a "->" marks a blocked request)
    return sum(1 for row in rows if "->" not in row and row[4] == str(pid) and row[5] == device)


def tag(qtbot, window, word: str, label_key: Qt.Key = Qt.Key.Key_1) -> None:
    start = window.text_view.text.index(word)
    window.text_view.select_range(start, start + len(word))
    qtbot.keyClick(window.text_view, label_key)


def stored(path: Path, annotator: str = "alice") -> list[tuple[int, int, str]]:
    """The spans another program finds in the file now."""
    import json

    result = subprocess.run(
        [sys.executable, "-m", "annotator", "export", str(path), "--annotator", annotator],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted(
        (s["start"], s["end"], s["label"])  # in the order of the text
        for line in result.splitlines()
        for s in json.loads(line)["spans"]
    )


@pytest.mark.skipif(not LINUX, reason="reads /proc/locks")
def test_an_open_and_close_in_the_process_drops_a_connections_locks(project: Project):
    # The hazard itself, which is why no connection lives in the window's process.
    project.spans("doc", "alice")  # a read: WAL mode then holds its locks
    held = locks(os.getpid(), project.path)
    assert held > 0
    open(project.path, "rb").close()
    assert locks(os.getpid(), project.path) == 0


@pytest.mark.skipif(not LINUX, reason="reads /proc/locks")
def test_a_file_dialog_on_the_folder_drops_a_local_connections_locks(qtbot, project: Project):
    # What the trial found: Qt's own file dialog, listing the project's folder, opens and
    # closes the .db, and a connection in the same process loses its locks.
    project.spans("doc", "alice")
    assert locks(os.getpid(), project.path) > 0
    dialog = QFileDialog(None, "Export JSONL", str(project.path.parent))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.open()
    qtbot.wait_until(lambda: locks(os.getpid(), project.path) == 0, timeout=10_000)
    dialog.reject()


@pytest.mark.skipif(not LINUX, reason="reads /proc/locks")
def test_dialogs_and_sniffers_in_the_windows_process_lose_nothing(
    qtbot, window, ui_project: Project, store_host
):
    path = ui_project.path
    ui_project.close()  # only the window (in the store process) has the project open now
    tag(qtbot, window, "Kerry")
    assert locks(os.getpid(), path) == 0  # the window's process holds no lock at all
    held = locks(store_host.pid, path)
    assert held > 0
    # Everything that opens and closes the files in the window's process: a plain open(),
    # QFile, a type sniffer reading the contents, and a file dialog listing the folder.
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        open(path.with_name(name), "rb").close()
        qfile = QFile(str(path.with_name(name)))
        assert qfile.open(QIODevice.OpenModeFlag.ReadOnly)
        qfile.close()
        QMimeDatabase().mimeTypeForFile(str(path.with_name(name)))
    dialog = QFileDialog(window, "Export JSONL", str(path.parent))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    model = dialog.findChild(QFileSystemModel)
    with qtbot.waitSignal(model.directoryLoaded, timeout=10_000):
        dialog.open()
    qtbot.wait_until(lambda: model.rowCount(model.index(str(path.parent))) >= 1)
    dialog.reject()
    window.activateWindow()  # the label keys are the window's shortcuts
    qtbot.wait_until(lambda: QApplication.activeWindow() is window)
    assert locks(store_host.pid, path) == held
    # Another program opens and closes the project: it must not think it is the last.
    subprocess.run(
        [sys.executable, "-m", "annotator", "stats", str(path)], check=True, capture_output=True
    )
    assert path.with_name(path.name + "-wal").exists()
    tag(qtbot, window, "Lavrov")
    tag(qtbot, window, "Geneva", Qt.Key.Key_3)
    assert [label for _, _, label in stored(path)] == ["ACTOR", "ACTOR", "EVENT"]
    window.close()
    # A clean quit: the .db alone (as people copy it) holds every span.
    assert not path.with_name(path.name + "-wal").exists()
    copy = path.with_name("copy.db")
    shutil.copyfile(path, copy)
    with open_project(copy) as copied:
        assert len(copied.spans("doc-1", "alice")) == 3


def test_after_a_clean_quit_the_db_alone_holds_everything_while_another_program_has_it_open(
    qtbot, window, ui_project: Project, tmp_path: Path
):
    ui_project.spans("doc-1", "alice")  # another program keeps the project and its -wal
    tag(qtbot, window, "Kerry")
    tag(qtbot, window, "Geneva", Qt.Key.Key_3)
    window.close()
    assert ui_project.path.with_name("ui.db-wal").exists()  # still in use by the other
    copy = tmp_path / "copy.db"
    shutil.copyfile(ui_project.path, copy)  # the .db alone
    with open_project(copy) as copied:
        assert sorted(s.label for s in copied.spans("doc-1", "alice")) == ["ACTOR", "EVENT"]


def test_a_wal_deleted_under_the_app_is_said_before_another_edit_and_nothing_is_lost(
    qtbot, window, ui_project: Project
):
    path = ui_project.path
    ui_project.close()
    # The daily backup reads the project when the window opens; a reader on an older
    # snapshot makes the passive checkpoint after an edit stop short, and the .db alone is
    # then whole only with its -wal. The rescue copy holds everything either way; the .db
    # alone, below, once no reader holds it back.
    qtbot.waitUntil(lambda: not window.backup.running)
    tag(qtbot, window, "Kerry")
    tag(qtbot, window, "Lavrov")
    wal = path.with_name(path.name + "-wal")
    wal.unlink()  # a sync client or a clean-up script
    tag(qtbot, window, "Geneva", Qt.Key.Key_3)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    message = boxes[0].text()
    assert "another program deleted or replaced this project's journal (ui.db-wal" in message
    assert "nothing more can be saved to it from here" in message
    assert window.lost_banner.isVisible()  # and it stays said
    assert "Nothing can be saved here any more" in window.lost_banner.text()
    (rescue,) = path.parent.glob("ui.db.rescued-*.db")
    assert str(rescue) in message
    shown = window.text_view.spans()
    assert sorted(window.text_view.text[s.start : s.end] for s in shown) == ["Kerry", "Lavrov"]
    boxes[0].close()
    # Every span that was confirmed is in the .db itself and in the rescue copy.
    text = window.text_view.text
    for copy in (path, rescue):
        with open_project(copy) as kept:
            spans = kept.spans("doc-1", "alice")
            assert sorted(text[s.start : s.end] for s in spans) == ["Kerry", "Lavrov"]
    # The next edit is refused as well, with the same reason.
    tag(qtbot, window, "Friday", Qt.Key.Key_3)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert any("nothing more can be saved to it from here" in b.text() for b in boxes)


def test_a_project_refuses_writes_once_its_wal_is_replaced(project: Project):
    from annotator.core.errors import ProjectError
    from annotator.core.model import Document

    project.add_document(Document("d", "Mayor Lee spoke.", "d"))
    wal = project.path.with_name(project.path.name + "-wal")
    wal.unlink()
    wal.write_bytes(b"")  # another file under the same name
    with pytest.raises(ProjectError, match="another program deleted or replaced"):
        project.add_span(Span("d", "alice", 0, 5, "ACTOR"))
    with pytest.raises(ProjectError, match="nothing more can be saved to it from here"):
        project.add_span(Span("d", "alice", 6, 9, "ACTOR"))


def test_when_the_store_process_dies_the_window_says_so_and_still_closes(
    qtbot, ui_project: Project, settings
):
    import signal

    from annotator.store.host import StoreHost
    from tests.conftest import show_window

    host = StoreHost()
    try:
        window = show_window(qtbot, host.open(ui_project.path), settings)
        tag(qtbot, window, "Kerry")
        os.kill(host.pid, signal.SIGKILL)
        qtbot.keyClick(window.text_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert boxes and all("store process ended unexpectedly" in b.text() for b in boxes)
        for box in boxes:
            box.close()
        window.close()
        assert not window.isVisible()
    finally:
        host.close()
    with open_project(ui_project.path) as kept:  # what was confirmed is in the file
        assert [s.label for s in kept.spans("doc-1", "alice")] == ["ACTOR"]


def test_the_window_says_a_wal_was_deleted_before_any_edit(qtbot, window, ui_project: Project):
    path = ui_project.path
    ui_project.close()
    tag(qtbot, window, "Kerry")
    path.with_name(path.name + "-wal").unlink()
    window.check_external_changes()  # what the 1.5 s timer does
    assert window.lost_banner.isVisible()
    (rescue,) = path.parent.glob("ui.db.rescued-*.db")
    assert str(rescue) in window.lost_banner.text()
