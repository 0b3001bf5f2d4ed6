"""Starting the app: check that Qt can show a window, open the project, show the window.

The store process starts first (`StoreHost`), and only then is Qt and the window imported:
it gets ready meanwhile. This module imports nothing heavy at its top for that reason (the
store's SQLite modules and the importer are the store process's, and the window's import
them when it needs them).
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.store.host import StoreHost
from annotator.store.launch import StartedStore

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore

XCB_PACKAGES = (
    "libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
    "libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1 libxcb-shape0"
)


XCB_CURSOR = "libxcb-cursor.so.0"  # what Qt's xcb plug-in needs and distributions lack


def loads_library(name: str) -> bool:
    """Can the dynamic linker load the shared library `name` (a file name)? Asked of the
    linker itself: `ctypes.util.find_library` runs `ldconfig -p` (and imports tempfile and
    shutil) at every start."""
    import ctypes

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def display_problem() -> str | None:
    """Why Qt will fail to open a window here (instead of letting it abort), or None."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform in ("offscreen", "minimal", "wayland"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return "no display: set DISPLAY (or run under a desktop session) to open the app"
    if os.environ.get("DISPLAY") and not loads_library(XCB_CURSOR):
        return (
            "Qt needs the system's xcb libraries to open a window. On Debian/Ubuntu:\n"
            f"  sudo apt-get install {XCB_PACKAGES}"
        )
    return None


def run_app(
    project_path: Path | None, annotator: str | None, started: StartedStore | None = None
) -> int:
    """Open the app on `project_path` (default: the sample project in the data folder).
    `started`: the store process, if the caller started it already (`python -m annotator`
    does, before importing this module)."""
    problem = display_problem()
    if problem:
        if started is not None:
            started.stop()
        print(f"annotator: {problem}", file=sys.stderr)
        return 1
    # Every SQLite connection lives in the store process (store/host_server.py says why);
    # it starts while Qt does.
    host = StoreHost(started)
    try:
        return _run_window(host, project_path, annotator)
    finally:
        host.close()  # once every project is closed: the .db alone then holds everything


def _run_window(host: StoreHost, project_path: Path | None, annotator: str | None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator.ui import first_run
    from annotator.ui.first_paint import report_first_paint
    from annotator.ui.main_window import MainWindow
    from annotator.ui.open_windows import open_windows
    from annotator.ui.plain import plain_message_box
    from annotator.ui.theme import follow_system_scheme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    assert isinstance(app, QApplication)
    follow_system_scheme(app)  # a dark desktop gives a dark window
    try:
        project = _open(host, project_path)
    except AnnotatorError as error:
        # One line for a terminal, and a dialog for someone who started it from a menu.
        print(f"annotator: error: {error}", file=sys.stderr)
        plain_message_box(QMessageBox.Icon.Critical, "annotator", str(error)).exec()
        return 1
    settings = QSettings()
    name = first_run.choose_annotator(settings, project, annotator)  # asks on a first open
    window = MainWindow(project, name, settings)
    open_windows().append(window)
    sys.excepthook = _show_unexpected_error
    window.show()
    # What the start made (modules, Qt's wrappers, the window's widgets) lives as long as
    # the app: out of every later collection, which then scans only what came since (the
    # open document's 20,000 spans set off collections that cost 15 ms more otherwise).
    # Garbage in cycles made by then is kept too: a few objects of the start, not worth a
    # full collection (tens of ms) on its path.
    gc.freeze()
    window.open_first_document()
    report_first_paint(window.text_view.viewport())  # for benchmarks/bench_startup.py
    return app.exec()


def _show_unexpected_error(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """A bug in a slot must not vanish into stderr while the user thinks the action worked."""
    traceback.print_exception(kind, error, tb)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator.store.project import damage_message
    from annotator.ui.plain import plain_message_box

    if isinstance(error, AnnotatorError):  # a user's error a slot did not catch: say it
        plain_message_box(
            QMessageBox.Icon.Warning, "annotator", str(error), QApplication.activeWindow()
        ).exec()
        return
    damage = damage_message(error)
    if damage is not None:  # a file damaged where the check on open did not look
        plain_message_box(
            QMessageBox.Icon.Critical,
            "annotator: damaged project",
            damage,
            QApplication.activeWindow(),
        ).exec()
        return

    box = plain_message_box(
        QMessageBox.Icon.Critical,
        "annotator: unexpected error",
        f"{kind.__name__}: {error}\n\nThe action did not complete. Everything finished "
        "before it is saved in the project. Please report this with the details below.",
        QApplication.activeWindow(),
    )
    box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
    box.exec()


def _open(host: StoreHost, path: Path | None) -> ProjectStore:
    from annotator.store.defaults import default_project_path

    if path is None:
        return host.open_sample(default_project_path())
    from annotator.store.locations import connect_name, is_url

    if is_url(path):  # a shared project: the store process connects to its server
        return host.open(connect_name(path))
    if not path.exists():
        raise AnnotatorError("no such project file (create one with `annotator init`)", path)
    return host.open(path)
