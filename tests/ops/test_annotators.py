"""Registering the annotator one works under."""

from __future__ import annotations

from annotator.ops.annotators import use_annotator


def test_use_annotator_registers_a_new_name_once(project):
    assert use_annotator(project, "  carol ") == "carol"
    assert use_annotator(project, "carol") == "carol"
    assert project.annotators().count("carol") == 1
