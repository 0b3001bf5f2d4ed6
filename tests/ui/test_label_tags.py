"""View ▸ Show label names: a tag per span on screen, remembered in the settings."""

from __future__ import annotations

from annotator.core.model import Span
from tests.conftest import show_window


def test_tags_name_the_spans_on_screen_and_the_choice_is_remembered(
    qtbot, window, ui_project, settings, store_host
):
    ui_project.add_span(Span("doc-1", "alice", 0, 3, "ACTOR"))
    ui_project.add_span(Span("doc-1", "alice", 0, 8, "QUOTE"))
    window.external.check()
    tags = window.label_tags
    assert not tags.isVisible()
    window.label_names_action.trigger()
    assert tags.isVisible()
    shown = tags.tags()
    assert [name for _, name, _ in shown] == ["QUOTE", "ACTOR"]  # outer first, side by side
    (first, _, _), (second, _, _) = shown
    assert second.left() >= first.right()
    assert tags.grab().width() > 0  # paints
    window.close()
    again = show_window(qtbot, store_host.open(ui_project.path), settings)
    assert again.label_names_action.isChecked() and again.label_tags.isVisible()
