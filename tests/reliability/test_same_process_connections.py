"""A second connection in the same process (the app's export, import and agreement
workers each open one) must not cost the first its locks.

POSIX file locks belong to the process, and closing *any* descriptor of the file drops all
of them. Had `open_project` read the file's header with a plain `open()`, the window's
connection would lose its locks whenever a worker opened the project; the next `annotator`
command would then think it was the file's only user, checkpoint and delete the WAL, and
every later edit in the window would go to a deleted file: lost, silently (found in a user
trial: gold curated after an `annotator export` vanished).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.core.model import Document, Span
from annotator.store.project import open_project


def test_edits_after_a_worker_connection_and_another_process_are_kept(
    project_path: Path,
) -> None:
    window = open_project(project_path)  # the app's own connection, kept open
    window.add_document(Document("d", "Mayor Lee spoke.", "d"))
    window.add_span(Span("d", "alice", 0, 9, "ACTOR"))
    # A worker thread opens and closes its own connection (export, agreement).
    open_project(project_path).close()
    # Another program opens the project and closes it: `annotator stats`.
    subprocess.run(
        [sys.executable, "-m", "annotator", "stats", str(project_path)],
        check=True,
        capture_output=True,
    )
    window.add_span(Span("d", "alice", 10, 15, "EVENT"))  # after all that: must be kept
    # Another program sees it while the window is still open (not a WAL of its own)...
    exported = subprocess.run(
        [sys.executable, "-m", "annotator", "export", str(project_path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert '"label": "EVENT"' in exported
    window.close()
    with open_project(project_path) as again:  # ...and so does everyone afterwards
        assert [(s.start, s.label) for s in again.spans("d", "alice")] == [
            (0, "ACTOR"),
            (10, "EVENT"),
        ]
