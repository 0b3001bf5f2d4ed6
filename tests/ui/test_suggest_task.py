"""Suggestion runs off the GUI thread (annotator/ui/suggest_task.py): the open document after
its first paint, in a worker on a connection of its own, the window answering meanwhile;
the whole project with progress and Cancel; our own runs' writes are not taken for another
program's change (the undo history holds)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QPushButton

from annotator.core.model import Document, Suggestion
from annotator.ops.suggest_runs import BATCH
from annotator.store.reads import read_suggestions
from annotator.ui.suggest_task import suggest_document_job
from tests.conftest import show_window
from tests.helpers.projects import make_project
from tests.helpers.window_keys import CTRL, press

PARAGRAPH = "“We are ready to talk about it,” Kerry said. Lavrov met him in Geneva.\n\n"


def ready(qtbot, window):  # type: ignore[no-untyped-def]
    s = window.suggestions
    qtbot.waitUntil(lambda: s.model.loaded and not s.runner.running, timeout=60_000)
    return s


def test_the_job_suggests_on_its_own_connection_and_reads_back(ui_project):
    job = suggest_document_job(ui_project, "doc-1", "alice", ("quotes",), None)
    loaded = job(lambda done, total: True)
    assert [s.label for s in loaded.suggestions] == ["QUOTE"]
    assert loaded.decisions == {} and (loaded.document_id, loaded.annotator) == ("doc-1", "alice")
    # Without suggesters: only what is stored is read.
    ui_project.store_suggestions("doc-1", [])
    assert suggest_document_job(ui_project, "doc-1", "alice", None, None)(lambda *_: True) == (
        read_suggestions(ui_project, "doc-1", "alice")
    )


def test_a_megabyte_article_is_suggested_while_the_window_answers(
    qtbot, tmp_path: Path, settings, store_host
):
    path = tmp_path / "big.db"
    text = PARAGRAPH * (1_000_000 // len(PARAGRAPH))
    project = make_project(path, {})
    project.add_document(Document("big", text, "A long one"))
    project.close()
    from annotator.ui.main_window import MainWindow

    # As the app starts it (show_window would wait for the suggestions).
    window = MainWindow(store_host.open(path), "alice", settings)
    qtbot.addWidget(window)
    window.show()
    window.open_first_document()
    s = window.suggestions
    qtbot.waitUntil(lambda: s.runner.task is not None, timeout=20_000)
    # The text is shown and painted before the suggestions come; the run is a worker's.
    assert window.text_view.text == text and not s.model.loaded
    assert s.runner.task.worker_thread is not QThread.currentThread()
    press(qtbot, window, Qt.Key.Key_N)  # the window answers meanwhile
    assert "on their way" in window.statusBar().currentMessage()
    ready(qtbot, window)
    quotes = [x for x in s.model.shown() if x.label == "QUOTE"]
    assert len(quotes) == text.count("“")
    assert s.display.count_label.text() == f"{len(s.model):,} suggestions"


def test_a_background_run_keeps_the_undo_history(qtbot, window):
    s = ready(qtbot, window)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_A)  # a QUOTE and its speaker ACTOR: a run follows
    assert len(window.layer_model.spans()) == 2
    assert s.runner.again_timer.isActive()  # the run that follows an ACTOR span ...
    # ... has started once the timer has fired (it may have ended already: a short text)
    qtbot.waitUntil(lambda: not s.runner.again_timer.isActive(), timeout=10_000)
    ready(qtbot, window)
    assert "Another window" not in window.statusBar().currentMessage()
    assert window.history.can_undo()
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert window.layer_model.spans() == []
    # Back, and the run's new one: the first Kerry, a known actor since the accept.
    text = window.text_view.text
    assert [(x.label, text[x.start : x.end], x.start) for x in s.model.shown()] == [
        ("ACTOR", "Kerry", 0),
        ("QUOTE", "We will talk,", 30),
        ("ACTOR", "Kerry", 45),
    ]


def test_runs_asked_for_during_a_run_happen_once_after_it(qtbot, window, monkeypatch):
    s = ready(qtbot, window)
    started: list[object] = []  # every run that starts (the queued one starts itself)
    start = s.runner.suggest_open_document

    def recorded(run: bool = True) -> object:
        task = start(run)
        if task is not None:
            started.append(task)
        return task

    monkeypatch.setattr(s.runner, "suggest_open_document", recorded)
    first = s.runner.suggest_open_document()
    assert first is not None
    assert s.runner.suggest_open_document() is None  # queued
    assert s.runner.suggest_open_document() is None  # the same queued one
    # (a run on this short text may start and end between two looks: count, do not watch)
    qtbot.waitUntil(lambda: len(started) == 2 and s.runner.task is None, timeout=20_000)
    ready(qtbot, window)
    assert started[0] is first and len(started) == 2


def many(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "many.db"
    texts = {
        f"d-{n:03}": f"“Talks will go on, as planned,” Kerry said in round {n}.\n"
        for n in range(count)
    }
    make_project(path, texts).close()
    return path


def test_suggest_the_whole_project_with_progress(qtbot, tmp_path, settings, store_host):
    window = show_window(qtbot, store_host.open(many(tmp_path, BATCH * 2 + 10)), settings)
    ready(qtbot, window)
    task = window.suggestions.suggest_project()
    assert task is not None and task.dialog is not None
    values: list[int] = []
    task.worker.progressed.connect(values.append)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    # Reported batch by batch (the store process passes one report each 50 ms at most).
    assert values and values == sorted(values) and 0 < values[0] < 1000
    message = window.statusBar().currentMessage()
    assert message.startswith("Suggested 110 documents: 220 suggestions")
    assert window.project.suggestions("d-109")
    assert "Another window" not in message


def test_cancel_stops_after_the_batch_in_hand(qtbot, tmp_path, settings, store_host):
    window = show_window(qtbot, store_host.open(many(tmp_path, BATCH * 3)), settings)
    ready(qtbot, window)
    task = window.suggestions.suggest_project()
    assert task is not None and task.dialog is not None
    cancel = task.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()  # before its first batch can end
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    message = window.statusBar().currentMessage()
    assert f"Suggested {BATCH} documents" in message and "cancelled" in message
    assert window.project.suggestions(f"d-{BATCH - 1:03}")
    assert window.project.suggestions(f"d-{BATCH * 3 - 1:03}") == []
    assert window.suggestions.runner.project_task is None


def test_a_failed_background_run_says_so_in_the_status_bar(
    qtbot, local_window, monkeypatch, capsys
):
    import annotator.ops.suggest_runs as runs

    window = local_window
    ready(qtbot, window)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a suggester's bug")

    monkeypatch.setattr(runs, "suggest_project", broken)
    task = window.suggestions.runner.suggest_open_document()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    message = window.statusBar().currentMessage()
    assert message.startswith("Suggestions not updated: the suggesters failed: RuntimeError(")
    assert "a suggester's bug" in capsys.readouterr().err  # the traceback, for a report
    assert window.suggestions.model.loaded  # what was shown stays


def test_a_decision_made_while_a_run_reads_is_kept(qtbot, local_window, monkeypatch):
    import threading

    import annotator.ui.suggest_task as suggest_task

    window = local_window
    s = ready(qtbot, window)
    read, decided = threading.Event(), threading.Event()
    reading = suggest_task.read_suggestions

    def read_then_wait(*args):  # type: ignore[no-untyped-def]
        loaded = reading(*args)  # before the rejection below
        read.set()
        decided.wait(10)
        return loaded

    monkeypatch.setattr(suggest_task, "read_suggestions", read_then_wait)
    task = s.runner.suggest_open_document()
    assert task is not None
    assert read.wait(20)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_X)  # rejected after the run read the decisions
    decided.set()
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert [x.label for x in s.model.shown()] == ["ACTOR"]  # the quote stays rejected


def test_undo_right_after_an_actor_waits_for_the_run_it_started(qtbot, window):
    """Tag an ACTOR and undo at once: the run the ACTOR started commits on its own
    connection; the undo takes that commit for ours and undoes the ACTOR."""
    s = ready(qtbot, window)
    start = window.text_view.text.index("Lavrov")
    window.tag_range(start, start + len("Lavrov"), "ACTOR")
    s.runner.again_timer.stop()
    task = s.runner.suggest_open_document()  # what the timer would start
    assert task is not None
    assert task._ended.wait(20)  # committed, its result not taken in yet
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert window.layer_model.spans() == []
    assert window.project.spans("doc-1", "alice") == []
    assert "Another window" not in window.statusBar().currentMessage()
    assert s.runner.task is None and window.history.can_redo()


def test_another_programs_run_reaches_the_open_document(qtbot, window, ui_project):
    """A suggestion run of another program (the command line's `annotator suggest`, a
    teammate's on a shared project) changes no layer: the open document's suggestions are
    read again all the same, and the undo history holds."""
    s = ready(qtbot, window)
    text = window.text_view.text
    window.tag_range(0, len("Kerry"), "ACTOR")
    ready(qtbot, window)
    start = text.index("Geneva")
    stored = [x for x in ui_project.suggestions("doc-1") if x.start != start]
    added = Suggestion("doc-1", start, start + len("Geneva"), "ACTOR", ("spacy",))
    ui_project.store_suggestions("doc-1", [*stored, added])  # another connection's commit
    assert window.external.check() is False  # the layer is as shown
    qtbot.waitUntil(lambda: any(x.start == start for x in s.model.shown()), timeout=20_000)
    ready(qtbot, window)
    assert window.history.can_undo()


def test_a_whole_project_run_shows_the_open_documents_new_suggestions(qtbot, window):
    s = ready(qtbot, window)
    text = window.text_view.text
    assert not any(text[x.start : x.end] == "Lavrov" for x in s.model.shown())
    window.project.add_gazetteer([("Sergei Lavrov", "Lavrov")])  # a known actor now
    task = window.suggestions.suggest_project()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    qtbot.waitUntil(
        lambda: any(text[x.start : x.end] == "Lavrov" for x in s.model.shown()), timeout=20_000
    )
    assert window.statusBar().currentMessage().startswith("Suggested 3 documents")
