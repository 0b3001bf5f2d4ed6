"""Starting the app: a project that cannot be opened is explained, in the terminal and in a
dialog (for someone who started the app from a menu), and nothing is touched."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from annotator.ui import app


def test_a_file_that_is_not_a_project_is_explained_in_a_dialog(tmp_path, monkeypatch, capsys):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    notes = tmp_path / "notes.db"
    notes.write_text("not a database", encoding="utf-8")
    assert app.run_app(notes, "alice") == 1
    assert shown == [
        f"{notes}: not an SQLite database (or one damaged past reading), so not an "
        "annotator project"
    ]
    assert f"annotator: error: {notes}: not an SQLite database" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "not a database"


def test_missing_display_libraries_are_named_instead_of_a_crash(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setattr(app, "XCB_CURSOR", "libannotator-nowhere.so.0")
    problem = app.display_problem()
    assert problem is not None and "apt-get install libxcb-cursor0" in problem


def test_the_library_check_asks_the_dynamic_linker():
    assert app.loads_library("libc.so.6") if app.sys.platform.startswith("linux") else True
    assert not app.loads_library("libannotator-nowhere.so.0")


def test_a_store_process_started_early_ends_when_the_display_is_missing(monkeypatch, capsys):
    from annotator.store.launch import start_store_process

    monkeypatch.setattr(app, "display_problem", lambda: "no display: set DISPLAY")
    started = start_store_process()
    assert app.run_app(None, "alice", started=started) == 1
    assert started.process.returncode == 0  # ended, not left behind
    assert "no display" in capsys.readouterr().err
