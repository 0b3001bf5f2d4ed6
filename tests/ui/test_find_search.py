"""The search of a long article in slices, in the real window: typing never waits for it,
and only the hits on screen are highlighted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.store.project import Project
from tests.helpers.find_article import CTRL, SHIFT, key
from tests.helpers.projects import make_project


@pytest.fixture
def long_project(tmp_path: Path) -> Iterator[Project]:
    # About 1 MB with 100,000+ hits of "e".
    paragraph = "Kerry met Lavrov in Geneva; the talks were long and tense. " * 20 + "\n"
    text = paragraph * (1_000_000 // len(paragraph))
    project = make_project(tmp_path / "long.db", {"long": text})
    yield project
    project.close()


def test_a_long_article_is_searched_in_slices_highlighting_only_the_screen(
    qtbot, long_project, settings, store_host
):
    from tests.conftest import show_window

    window = show_window(qtbot, store_host.open(long_project.path), settings)
    view = window.text_view
    total = view.text.count("e")
    assert total > 100_000
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_E)
    # The first hit is selected at once; the count is still filling in.
    assert view.selected_range() == (view.text.index("e"), view.text.index("e") + 1)
    assert window.find_bar.count.text().endswith("+")
    qtbot.waitUntil(lambda: window.find_bar.count.text() == f"1 of {total:,}", timeout=20_000)
    on_screen = len(view.hits_shown())
    assert 0 < on_screen < 2_000  # not 100,000 highlights
    # A scroll shows the hits on the new screen at once (valueChanged once restarted the
    # refresh with the scroll bar's value as its delay: half a second in the middle here,
    # many seconds further down a longer text).
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert bar.value() >= 500
    start, end = view.visible_range()
    qtbot.waitUntil(lambda: any(start <= s < end for s, _ in view.hits_shown()), timeout=250)
    # Scrolling to the end shows the hits there.
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: any(start > len(view.text) - 5_000 for start, _ in view.hits_shown()))
    key(qtbot, window, Qt.Key.Key_Return, SHIFT)  # wraps to the last hit
    last = view.text.rindex("e")
    assert view.selected_range() == (last, last + 1)
    assert window.find_bar.count.text() == f"{total:,} of {total:,}"
