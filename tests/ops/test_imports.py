"""Import as an operation: what it reports and what the views must re-read."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.ops.changes import Changes
from annotator.ops.imports import import_files


def test_an_import_says_documents_and_new_labels_changed(project, tmp_path: Path):
    source = tmp_path / "in.jsonl"
    line = {"id": "d", "text": "Kerry spoke.", "annotator": "bob",
            "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}  # fmt: skip
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report, changes = import_files(project, [source], add_labels=True)
    assert report.documents_added == 1 and report.labels_added == ["PERSON"]
    assert changes == Changes(documents=True, labels=True)
    again, unchanged_labels = import_files(project, [source])
    assert again.documents_merged == 1 and unchanged_labels == Changes(documents=True)
