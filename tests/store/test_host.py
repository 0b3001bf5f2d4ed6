"""The store process: RemoteProject offers Project's interface, with each call made in
the process that holds every connection (store/host_server.py says why)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.model import Document, Span, Status
from annotator.store.gold import gold_statuses
from annotator.store.host import StoreHost
from annotator.store.host_server import StoreProcessError
from annotator.store.importer import UnknownLabelError, import_paths
from annotator.store.project import Project, open_project


@pytest.fixture
def host():
    started = StoreHost()
    yield started
    started.close()


def test_calls_run_in_the_store_process_and_return_plain_values(host, project_path: Path):
    remote = host.open(project_path)
    assert remote.path == project_path and remote.read_only is False
    remote.add_document(Document("d", "Mayor Lee spoke.", "d"))
    stored = remote.add_span(Span("d", "alice", 0, 9, "ACTOR"))
    assert stored.id is not None
    assert remote.spans("d", "alice") == [stored]
    assert remote.call(gold_statuses, ["d"]) == {"d": Status.NEW}
    remote.close()
    with open_project(project_path) as local:  # on disk, for everyone
        assert local.spans("d", "alice") == [stored]


def test_errors_come_back_with_their_type_and_details(host, project_path: Path, tmp_path):
    remote = host.open(project_path)
    remote.add_document(Document("d", "Mayor Lee spoke.", "d"))
    remote.add_span(Span("d", "alice", 0, 9, "ACTOR"))
    with pytest.raises(AnnotatorError, match=r"already has the span ACTOR \[0, 9\)"):
        remote.add_span(Span("d", "alice", 0, 9, "ACTOR"))
    with pytest.raises(ProjectError, match="no such project file"):
        host.open(tmp_path / "missing.db")
    source = tmp_path / "places.jsonl"
    record = '{"id": "p", "text": "In Geneva.", "spans": [{"start": 3, "end": 9, "label": "X"}]}'
    source.write_text(record + "\n", encoding="utf-8")
    with pytest.raises(UnknownLabelError) as caught:
        remote.call(import_paths, [source])
    assert caught.value.label == "X" and caught.value.line == 1
    assert caught.value.path == str(source)
    # A programming error keeps its type and says where it happened.
    with pytest.raises(TypeError) as bug:
        remote.spans("d")
    assert any("In the store process" in note for note in bug.value.__notes__)


def test_only_the_stores_functions_run_there(host, project_path: Path):
    remote = host.open(project_path)
    with pytest.raises(StoreProcessError, match="may not run in the store"):
        remote.call(os.getpid)
    with pytest.raises(AttributeError):
        remote._check_journal()  # private names are not offered
    with pytest.raises(StoreProcessError, match="not part of the project's interface"):
        remote.conn()  # nor what the SQLite class has beyond the interface


def test_a_callback_is_answered_by_the_caller_and_can_cancel(host, project_path, tmp_path):
    remote = host.open(project_path)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"a{i}.txt").write_text(f"Article {i}.\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []

    def cancel_at_once(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    with pytest.raises(AnnotatorError, match=r"[Cc]ancel"):
        remote.call(import_paths, [folder], progress=cancel_at_once)
    assert seen and remote.document_count() == 0  # all or nothing
    report = remote.call(import_paths, [folder], progress=lambda done, total: True)
    assert remote.document_count() == 30 and "30" in report.summary()


def test_a_transaction_spans_several_calls(host, project_path: Path):
    remote = host.open(project_path)
    remote.add_document(Document("d", "Mayor Lee spoke.", "d"))
    with pytest.raises(RuntimeError), remote.transaction():
        remote.add_span(Span("d", "alice", 0, 5, "ACTOR"))
        raise RuntimeError("changed my mind")
    assert remote.spans("d", "alice") == []
    with remote.transaction():
        remote.add_span(Span("d", "alice", 0, 5, "ACTOR"))
        remote.add_span(Span("d", "alice", 6, 9, "ACTOR"))
    assert len(remote.spans("d", "alice")) == 2


def test_each_thread_takes_a_channel_of_its_own(host, project_path: Path):
    remote = host.open(project_path)
    remote.add_document(Document("d", "Mayor Lee spoke.", "d"))
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            with remote.reopen() as mine:
                for start in range(5):
                    mine.add_span(Span("d", name, start, start + 3, "ACTOR"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert [len(remote.spans("d", n)) for n in ("a", "b", "c")] == [5, 5, 5]


def test_closing_leaves_the_db_alone_holding_everything(host, project_path: Path, tmp_path):
    remote = host.open(project_path)
    other = open_project(project_path)  # another program keeps the project (and its -wal)
    remote.add_document(Document("d", "Mayor Lee spoke.", "d"))
    remote.add_span(Span("d", "alice", 0, 9, "ACTOR"))
    remote.close()
    copy = tmp_path / "copy.db"
    copy.write_bytes(project_path.read_bytes())  # the .db alone, as people copy it
    assert not copy.with_name("copy.db-wal").exists()
    with open_project(copy) as copied:
        assert [s.label for s in copied.spans("d", "alice")] == ["ACTOR"]
    other.close()


def test_a_store_process_that_is_gone_is_a_clear_error(project_path: Path):
    host = StoreHost()
    remote = host.open(project_path)
    os.kill(host.pid, signal.SIGKILL)
    with pytest.raises(ProjectError, match="store process ended unexpectedly"):
        remote.add_document(Document("d", "x", "d"))
    host.close()


KILLED_APP = """
import os, signal, sys
from annotator.core.model import Document, Span
from annotator.store.host import StoreHost
host = StoreHost()
project = host.open(sys.argv[1])
project.add_document(Document("d", "Mayor Lee spoke to Kim.", "d"))
for start in range(10):
    project.add_span(Span("d", "alice", start, start + 5, "ACTOR"))
print(host.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_when_the_app_is_killed_the_store_process_saves_and_ends(project_path: Path):
    app = subprocess.run(
        [sys.executable, "-c", KILLED_APP, str(project_path)], capture_output=True, text=True
    )
    assert app.returncode == -signal.SIGKILL
    store_pid = int(app.stdout.split()[0])
    deadline = time.monotonic() + 20
    while _alive(store_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(store_pid)  # it saw its standard input close and ended
    # It closed the project cleanly: no -wal left, the .db holds every returned edit.
    assert not project_path.with_name(project_path.name + "-wal").exists()
    with open_project(project_path) as again:
        assert len(again.spans("d", "alice")) == 10


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (not reaped by its dead parent yet) counts as ended.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def test_a_local_project_offers_the_same_interface(project: Project, project_path: Path):
    assert project.call(gold_statuses, []) == {}
    with project.reopen() as again:
        assert again.path == project_path


def test_ctrl_c_in_the_apps_terminal_does_not_stop_the_store(host, project_path: Path):
    remote = host.open(project_path)
    os.kill(host.pid, signal.SIGINT)  # as a terminal's Ctrl+C would, were it in the group
    time.sleep(0.2)
    assert remote.document_count() == 0
    assert os.getpgid(host.pid) != os.getpgid(0)  # and a terminal's never reaches it


def test_a_module_in_the_working_folder_never_runs_in_the_store(
    project_path: Path, tmp_path: Path, monkeypatch
):
    folder = tmp_path / "cwd"
    folder.mkdir()
    (folder / "random.py").write_text("raise SystemExit(3)\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    started = StoreHost()
    try:
        assert started.open(project_path).document_count() == 0
    finally:
        started.close()


def test_a_failing_callback_fails_the_call_and_rolls_it_back(host, project_path, tmp_path):
    remote = host.open(project_path)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"a{i}.txt").write_text(f"Article {i}.\n", encoding="utf-8")

    def broken(done: int, total: int) -> bool:
        raise ValueError("the progress bar is gone")

    with pytest.raises(ValueError, match="the progress bar is gone"):
        remote.call(import_paths, [folder], progress=broken)
    # Nothing was imported, and the channel is in step: the next answer is its own.
    assert remote.document_count() == 0


def test_a_result_that_cannot_travel_is_an_error_and_the_channel_goes_on(host, project_path):
    remote = host.open(project_path)
    # Project.transaction() called as a plain method returns a context manager, which
    # cannot be pickled: the answer says so instead of cutting the channel.
    with pytest.raises(TypeError, match="cannot pickle"):
        remote._ask(("call", "transaction", (), {}))
    assert remote.document_count() == 0


def test_a_request_the_store_cannot_read_is_refused_and_the_channel_goes_on(
    host, project_path, tmp_path, monkeypatch
):
    # A function of a module only this process has: the request cannot be unpickled there
    # (once, this ended the channel with a traceback in the store's output).
    (tmp_path / "only_here.py").write_text("def count(project):\n    return 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import only_here  # type: ignore[import-not-found]

    remote = host.open(project_path)
    with pytest.raises(StoreProcessError, match=r"cannot read a request.*only_here"):
        remote.call(only_here.count)
    assert remote.document_count() == 0


def test_after_the_store_process_is_gone_every_call_says_why(project_path: Path):
    started = StoreHost()
    remote = started.open(project_path)
    os.kill(started.pid, signal.SIGKILL)
    for _ in range(2):
        with pytest.raises(ProjectError, match="store process ended unexpectedly"):
            remote.document_count()
    started.close()


def test_the_default_project_is_made_in_the_store_process(host, tmp_path: Path):
    path = tmp_path / "data" / "default.db"
    remote = host.open_sample(path)
    assert remote.document_count() == 1  # the sample article
    remote.close()
    assert host.open_sample(path).document_count() == 1  # opened, not seeded twice


def test_a_read_ahead_answers_on_a_channel_of_its_own_while_the_caller_goes_on(
    host, project_path: Path
):
    from annotator.store.reads import document_and_layer

    with open_project(project_path) as local:
        local.add_document(Document("d1", "Kerry said so.", "Title"))
        local.add_span(Span("d1", "alice", 0, 5, "ACTOR"))
    remote = host.open(project_path)
    ahead = remote.read_ahead(document_and_layer, "d1", "alice")
    assert ahead is not None
    assert remote.labels()  # the project's own channel is not held up meanwhile
    length, document, spans = ahead.result()
    assert (length, document, spans) == remote.call(document_and_layer, "d1", "alice")
    assert document.text == "Kerry said so." and [s.label for s in spans] == ["ACTOR"]
    with pytest.raises(ProjectError, match="discarded"):
        ahead.result()  # one answer; the channel is gone with it
    missing = remote.read_ahead(document_and_layer, "nope", "alice")
    assert missing is not None
    with pytest.raises(AnnotatorError, match="no document with id 'nope'"):
        missing.result()
    unread = remote.read_ahead(document_and_layer, "d1", "alice")
    assert unread is not None
    unread.discard()  # the store process ends the channel and closes its connection
    with pytest.raises(TypeError):
        remote.read_ahead(document_and_layer, "d1", print)
    remote.close()


def test_document_and_layer_does_not_read_a_document_too_long_to_open(
    project: Project, monkeypatch
):
    from annotator.store import reads

    project.add_document(Document("long", "x" * 50, "Long"))
    monkeypatch.setattr(reads, "MAX_DOCUMENT_BYTES", 10)
    assert reads.document_and_layer(project, "long", "alice") == (50, None, None)


def test_a_read_ahead_left_unread_neither_hangs_the_close_nor_prints(project_path, capfd):
    # An answer larger than the channel's buffer waits to be sent: dropped unread, the
    # store process ends the channel quietly; never taken, the host's close ends it.
    from annotator.store.reads import document_and_layer

    with open_project(project_path) as local:
        local.add_document(Document("big", "Kerry said so. " * 200_000, "Big"))
    host = StoreHost()
    remote = host.open(project_path)
    dropped = remote.read_ahead(document_and_layer, "big", "alice")
    assert dropped is not None
    time.sleep(0.3)  # the store process is sending by now
    dropped.discard()
    kept = remote.read_ahead(document_and_layer, "big", "alice")
    assert kept is not None
    time.sleep(0.3)
    remote.close()
    closing = threading.Thread(target=host.close)
    closing.start()
    closing.join(timeout=20)
    assert not closing.is_alive()
    assert "Traceback" not in capfd.readouterr().err
