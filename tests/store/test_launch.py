"""Starting the store process ahead of the window (store/launch.py): `StoreHost` adopts a
process started before Qt was imported, and one nobody adopted is ended cleanly."""

from __future__ import annotations

from annotator.core.model import Document
from annotator.store.host import StoreHost
from annotator.store.launch import start_store_process
from annotator.store.project import create_project


def test_a_process_started_early_is_the_host_s(tmp_path):
    path = tmp_path / "p.db"
    with create_project(path) as made:
        made.add_document(Document("a", "Lavrov spoke.", "a"))
    started = start_store_process()
    host = StoreHost(started)
    try:
        assert host.pid == started.process.pid
        project = host.open(path)
        assert project.document("a").text == "Lavrov spoke."
        project.close()
    finally:
        host.close()
    assert started.process.returncode == 0


def test_a_process_nobody_took_over_is_stopped():
    started = start_store_process()
    started.stop()
    assert started.process.returncode == 0
