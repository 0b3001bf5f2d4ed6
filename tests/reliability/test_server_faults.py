"""A shared project's server killed (SIGKILL) and restarted while people work: every edit
that returned is on the server after the restart, none twice; an import running when the
server died is all or nothing; the store says what happened and works again once the
server is back."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span
from annotator.store.locations import create_any, open_any
from tests.helpers.postgres import kill_server, restart_server


def test_edits_that_returned_survive_a_server_killed_mid_burst(pg_url):
    text = "Kerry met Lavrov in Geneva. " * 40
    with create_any(pg_url) as project:
        project.add_document(Document("d", text, "d"))
        returned, refused = [], 0
        for n in range(120):
            if n == 40:
                kill_server()
            if n == 80:
                restart_server()
            try:
                returned.append(project.add_span(Span("d", "alice", n, n + 3, "ACTOR")))
            except AnnotatorError as error:
                refused += 1
                assert "server" in str(error)  # said what happened
        assert refused >= 1 and len(returned) >= 40  # some refused while down, then on again
    with open_any(pg_url) as again:
        stored = again.spans("d", "alice")
    assert sorted(s.id for s in stored) == sorted(s.id for s in returned)  # all, none twice


def test_an_import_when_the_server_dies_is_all_or_nothing(pg_url, tmp_path):
    source = tmp_path / "many.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for n in range(20_000):
            line = {"id": f"n{n}", "text": f"Article {n}: Kerry met Lavrov.", "annotator": "a",
                    "spans": [{"start": 12, "end": 17, "label": "ACTOR"}]}  # fmt: skip
            out.write(json.dumps(line) + "\n")
    with create_any(pg_url):
        pass
    importing = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", pg_url, str(source)],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # the import is under way, inside its one transaction
    kill_server()
    _, err = importing.communicate(timeout=120)
    restart_server()
    assert importing.returncode == 1 and "Traceback" not in err, err
    assert "server" in err
    with open_any(pg_url) as project:
        assert project.document_count() in (0, 20_000)  # never a part
