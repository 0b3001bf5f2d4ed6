"""The window on a shared (PostgreSQL) project, through the store process as the app runs
it: the annotator is the login, spans are made from the keyboard, another member's change
shows up, and choosing another's name is refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.cli import main
from annotator.core.model import Document, Span
from annotator.store.locations import open_any
from annotator.ui.main_window import MainWindow


def as_login(url: str, login: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{login}@{rest.split('@', 1)[1]}"


@pytest.fixture
def shared(pg_url: str) -> str:
    assert main(["init", pg_url]) == 0
    assert main(["team", "add", pg_url, "alice"]) == 0
    with open_any(pg_url) as owner:
        owner.add_document(Document("doc-1", "Kerry met Lavrov in Geneva.", "Kerry"))
    return as_login(pg_url, "alice")


@pytest.fixture
def shared_window(qtbot, shared: str, settings, store_host):
    project = store_host.open(shared)
    window = MainWindow(project, "somebody-else", settings)
    qtbot.addWidget(window)
    window.show()
    window.open_first_document()
    yield window
    window.close()


def test_the_annotator_is_the_login_and_spans_reach_the_server(qtbot, shared_window, shared):
    window = shared_window
    assert window.controller.annotator == "alice"
    assert "shared project" in window.annotator_box.toolTip()
    window.text_view.select_range(0, 5)
    qtbot.keyClick(window.text_view, Qt.Key.Key_1)
    with open_any(shared) as alice:
        assert [(s.start, s.end, s.label) for s in alice.spans("doc-1", "alice")] == [
            (0, 5, "ACTOR")
        ]


def test_another_connection_s_change_shows_up(qtbot, shared_window, shared):
    with open_any(shared) as elsewhere:  # alice in another window, on another machine
        elsewhere.add_span(Span("doc-1", "alice", 10, 16, "ACTOR"))
    qtbot.waitUntil(
        lambda: {(s.start, s.end) for s in shared_window.text_view.spans()} == {(10, 16)},
        timeout=10_000,
    )


def test_working_under_another_name_is_refused(qtbot, shared_window):
    window = shared_window
    assert not window.annotator_box.isEnabled()  # nothing to choose; and if it were:
    window.annotator_box.setCurrentText("bob")
    window.navigation.on_annotator_box_chosen()
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)))
    (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "you work as your database login, alice" in box.text()
    box.close()
    assert window.controller.annotator == "alice"


def test_file_open_shared_project_asks_for_the_url_and_keeps_no_password(
    qtbot, window, shared, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    from annotator.ui.open_windows import open_windows
    from annotator.ui.shared_open import LAST_URL

    with_password = shared.replace("alice@", "alice:secret@")  # trust: any password does
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (with_password, True))
    window.open_shared_action.trigger()
    (opened,) = [w for w in open_windows() if w is not window]
    qtbot.addWidget(opened)
    try:
        assert str(opened.project.path) == shared and "secret" not in str(opened.project.path)
        assert opened.controller.annotator == "alice"
        assert window.settings.value(LAST_URL) == shared
    finally:
        open_windows().remove(opened)
        opened.close()


def test_another_member_s_change_shows_without_waiting_for_the_timer(qtbot, shared_window, shared):
    window = shared_window
    assert window.external.live is not None and window.external.live.isRunning()
    window.change_timer.stop()  # only the server's notification can bring it now
    with open_any(shared) as elsewhere:
        elsewhere.add_span(Span("doc-1", "alice", 20, 26, "ACTOR"))
    qtbot.waitUntil(
        lambda: {(s.start, s.end) for s in window.text_view.spans()} == {(20, 26)},
        timeout=5_000,
    )


def test_another_member_s_suggestion_run_is_noticed_at_once(qtbot, shared_window, shared):
    from annotator.core.model import Suggestion

    window = shared_window
    assert window.external.live is not None
    window.change_timer.stop()
    with (
        qtbot.waitSignal(window.external.live.noticed, timeout=5_000),
        open_any(shared.replace("alice@", "postgres@")) as owner,  # another member
    ):
        owner.store_suggestions("doc-1", [Suggestion("doc-1", 0, 5, "ACTOR", ("actors",))])


def test_a_project_file_gets_no_watcher(window):
    assert window.external.live is None


def test_an_edit_while_the_server_is_down_is_refused_then_the_next_one_works(
    qtbot, shared_window, shared
):
    from tests.helpers.postgres import kill_server, restart_server

    window = shared_window
    window.external.close()  # no watcher or timer racing the edit for the message
    kill_server()
    try:
        window.text_view.select_range(0, 5)
        qtbot.keyClick(window.text_view, Qt.Key.Key_1)
        qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)))
        (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert "server" in box.text()
        box.close()
    finally:
        restart_server()
    window.text_view.select_range(0, 5)
    qtbot.keyClick(window.text_view, Qt.Key.Key_1)  # the server is back: this one is saved
    with open_any(shared) as alice:
        assert [(s.start, s.end) for s in alice.spans("doc-1", "alice")] == [(0, 5)]
