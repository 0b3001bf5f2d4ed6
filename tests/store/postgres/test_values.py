"""Values a shared project's server cannot store are refused with a message, and nothing
is written; the event flag of a label survives every edit and the labels file."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.label_files import label_file_text, read_label_file
from annotator.core.model import Label
from annotator.ops import labels as label_ops
from annotator.store.locations import create_any


def test_a_nul_in_a_label_description_is_refused_cleanly(pg_url):
    with create_any(pg_url) as project:
        before = project.labels()
        with pytest.raises(AnnotatorError, match="cannot store a value"):
            project.add_label(Label("PLACE", "#123456", None, "a\x00b"))
        assert project.labels() == before


@pytest.mark.parametrize("where", ["file", "shared"])
def test_the_event_flag_survives_edits_and_the_labels_file(where, tmp_path, request):
    name = str(tmp_path / "p.db") if where == "file" else request.getfixturevalue("pg_url")
    with create_any(name) as project:
        project.add_label(Label("Attribution", "#123456", None, "", "", True))
        label_ops.update_label(project, "Attribution", description="a PARC attribution")
        (attribution,) = [label for label in project.labels() if label.name == "Attribution"]
        assert attribution.event and attribution.description == "a PARC attribution"
        path = tmp_path / "labels.json"
        path.write_text(label_file_text(project.labels(), project.relation_types()), "utf-8")
        labels, _ = read_label_file(path)
        assert [label.event for label in labels if label.name == "Attribution"] == [True]
