"""Schema 4's event labels (brat's [events]) and replacing a relation type, on a real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Label, RelationType
from annotator.store.project import create_project, open_project


def test_an_event_label_keeps_its_flag(tmp_path: Path):
    path = tmp_path / "p.db"
    with create_project(path) as project:
        project.add_label(Label("Attribution", "#112233", None, "an attribution", event=True))
    with open_project(path) as project:
        labels = {label.name: label for label in project.labels()}
    assert labels["Attribution"] == Label(
        "Attribution", "#112233", None, "an attribution", "", True
    )
    assert labels["ACTOR"].event is False


def test_a_relation_type_is_replaced_in_its_place(tmp_path: Path):
    path = tmp_path / "p.db"
    with create_project(path) as project:
        before = [kind.name for kind in project.relation_types()]
        source = project.relation_types()[0]
        wider = RelationType(
            source.name, ("QUOTE", "CLAIM"), ("ACTOR",), "#000000", "x", "who", "", False
        )
        project.update_relation_type(wider.name, wider)
    with open_project(path) as project:
        assert [kind.name for kind in project.relation_types()] == before
        assert project.relation_types()[0] == wider
        with pytest.raises(AnnotatorError, match="there is no relation type 'nope'"):
            project.update_relation_type("nope", RelationType("nope", (), (), "#000000"))
