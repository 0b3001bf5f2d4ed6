"""The store process (annotator/store/host_server.py) as it runs, beyond what the import
contracts of pyproject.toml can see: what it really imports while it serves the app."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.core.model import Document, Span
from annotator.store.agreement import agreement_report
from annotator.store.exporter import export_jsonl
from annotator.store.gold import gold_statuses
from annotator.store.host import StoreHost
from annotator.store.importer import import_paths
from annotator.store.upkeep import background_upkeep


def test_the_store_process_never_imports_qt(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The process exists so that nothing but the store touches the project file (see its
    # docstring); Qt's plug-ins would. A module loaded lazily, or by unpickling a call the
    # app sends, escapes lint-imports: Python's own import log (`-X importtime`, on standard
    # error, which the process shares with this one) does not.
    monkeypatch.setenv("PYTHONPROFILEIMPORTTIME", "1")
    source = tmp_path / "in.jsonl"
    spans = [{"start": 0, "end": 6, "label": "ACTOR"}]
    record = {"id": "d2", "text": "Mr Ode said so.", "spans": spans}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    host = StoreHost()
    try:
        remote = host.create(tmp_path / "project.db")
        remote.add_document(Document("d", "Mayor Lee spoke.", "d"))
        remote.add_span(Span("d", "alice", 0, 9, "ACTOR"))
        remote.add_span(Span("d", "bob", 0, 5, "ACTOR"))
        # what the window asks of it: import, export, agreement, gold, upkeep
        remote.call(import_paths, [source], annotator="alice")
        remote.call(export_jsonl, tmp_path / "out.jsonl", None, None)
        remote.call(agreement_report, ["alice", "bob"])
        remote.call(gold_statuses, ["d", "d2"])
        remote.call(background_upkeep, True, 1)
        remote.close()
    finally:
        host.close()
    imported = re.findall(r"^import time:.*\|\s*(\S+)$", capfd.readouterr().err, re.MULTILINE)
    assert "annotator.store.host_server" in imported  # the log is the process's
    qt = [name for name in imported if name.split(".")[0] in {"PySide6", "shiboken6"}]
    assert qt == [], f"the store process imported {qt}"
