"""The find bar through the real window: it goes on from the cursor, F3 steps (also with
the bar closed), and offsets stay code points."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from annotator.core.model import Document
from annotator.store.project import Project
from tests.helpers.find_article import ALT, ARTICLE, CTRL, KERRYS, SHIFT, actors, key
from tests.helpers.projects import make_project


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "find.db", {"doc-1": ARTICLE, "doc-2": "Kerry again.\n"})
    yield project
    project.close()


def test_ctrl_f_enter_esc_1_repeated_tags_each_successive_kerry(qtbot, window, ui_project):
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "Kerry")
    assert window.find_bar.count.text() == f"1 of {len(KERRYS)}"
    key(qtbot, window, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_1)
    assert actors(ui_project) == KERRYS[:1]
    for n in range(2, len(KERRYS) + 1):
        key(qtbot, window, Qt.Key.Key_F, CTRL)
        # Reopened, the bar's hit is the one at the cursor: the one just tagged.
        assert window.find_bar.count.text() == f"{n - 1} of {len(KERRYS)}"
        key(qtbot, window, Qt.Key.Key_Return)
        assert window.find_bar.count.text() == f"{n} of {len(KERRYS)}"
        key(qtbot, window, Qt.Key.Key_Escape)
        key(qtbot, window, Qt.Key.Key_1)
    # Each "Kerry" tagged once, snapped as a selection is ("Kerrys" whole, "Kerry" of
    # "Kerry's").
    spans = ui_project.spans("doc-1", "alice")
    assert len(spans) == len(KERRYS)
    texts = sorted(ARTICLE[s.start : s.end] for s in spans)
    assert texts == sorted(["Kerry"] * 5 + ["Kerrys"])


def test_reopening_counts_from_where_the_cursor_is(qtbot, window):
    view = window.text_view
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    key(qtbot, window, Qt.Key.Key_Escape)
    view.select_range(KERRYS[3] - 3, KERRYS[3] - 1)  # just before the fourth
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    assert window.find_bar.count.text() == f"4 of {len(KERRYS)}"
    assert view.selected_range() == (KERRYS[3], KERRYS[3] + 5)
    key(qtbot, window, Qt.Key.Key_Return, SHIFT)
    assert view.selected_range() == (KERRYS[2], KERRYS[2] + 5)
    assert window.find_bar.count.text() == f"3 of {len(KERRYS)}"


def test_typing_searches_from_the_cursor_not_the_top(qtbot, window):
    window.text_view.select_range(KERRYS[2], KERRYS[2] + 2)
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    window.find_bar.edit.clear()
    qtbot.keyClicks(window.find_bar.edit, "Ker")
    assert window.text_view.selected_range() == (KERRYS[2], KERRYS[2] + 3)
    qtbot.keyClicks(window.find_bar.edit, "ry")  # stays there as the phrase grows
    assert window.text_view.selected_range() == (KERRYS[2], KERRYS[2] + 5)


def test_f3_and_shift_f3_step_with_the_bar_open_and_closed(qtbot, window):
    view = window.text_view
    key(qtbot, window, Qt.Key.Key_F3)  # nothing searched yet: opens the bar
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "Lavrov")
    lavrovs = [i for i in range(len(ARTICLE)) if ARTICLE.startswith("Lavrov", i)]
    assert view.selected_range() == (lavrovs[0], lavrovs[0] + 6)
    key(qtbot, window, Qt.Key.Key_F3)
    assert view.selected_range() == (lavrovs[1], lavrovs[1] + 6)
    assert window.find_bar.count.text() == "2 of 2"
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert view.hits_shown() == []  # closed: no hits highlighted
    key(qtbot, window, Qt.Key.Key_F3)  # wraps to the top
    assert view.selected_range() == (lavrovs[0], lavrovs[0] + 6)
    assert "1 of 2" in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key.Key_F3, SHIFT)
    assert view.selected_range() == (lavrovs[1], lavrovs[1] + 6)
    assert not window.find_bar.isVisible()


def test_shift_f3_after_tagging_a_hit_goes_to_the_one_before(qtbot, window, ui_project):
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "Kerry")
    key(qtbot, window, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_Return)  # the third
    key(qtbot, window, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_1)
    assert actors(ui_project) == [KERRYS[2]]
    key(qtbot, window, Qt.Key.Key_F3, SHIFT)
    assert window.text_view.selected_range() == (KERRYS[1], KERRYS[1] + 5)
    key(qtbot, window, Qt.Key.Key_F3)
    key(qtbot, window, Qt.Key.Key_F3)
    assert window.text_view.selected_range() == (KERRYS[3], KERRYS[3] + 5)


def test_f3_after_opening_another_document_searches_it(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    key(qtbot, window, Qt.Key.Key_Escape)
    window.controller.open_document("doc-2")
    key(qtbot, window, Qt.Key.Key_F3)
    assert window.text_view.selected_range() == (0, 5)


def test_offsets_are_code_points_with_emoji_before_the_hits(qtbot, window, ui_project):
    from annotator.core.model import Document

    text = "👨‍👩‍👧 met 🇫🇷 Kerry; then Kerry left.\n"
    ui_project.add_document(Document("emoji", text, "emoji"))
    window.controller.open_document("emoji")
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    first = text.index("Kerry")
    assert window.text_view.selected_range() == (first, first + 5)
    assert window.text_view.hits_shown() == [
        (first, first + 5),
        (text.index("Kerry", first + 1), text.index("Kerry", first + 1) + 5),
    ]
    key(qtbot, window, Qt.Key.Key_1, ALT)
    assert sorted(s.start for s in ui_project.spans("emoji", "alice")) == [
        first,
        text.index("Kerry", first + 1),
    ]


def test_match_case_counts_and_tags_only_that_case(qtbot, window, ui_project):
    """Alt+Shift+C (the bar's "Aa"): "kerry" then finds no "Kerry", and Tag all takes only
    the hits of the case typed."""
    ui_project.call(
        lambda p: p.add_document(Document("doc-3", "Kerry and kerry, KERRY. Kerry.\n", "Case"))
    )
    window.external.check()
    window.controller.open_document("doc-3")
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "Kerry")
    assert window.find_bar.position_text() == "1 of 4"
    key(qtbot, window, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_Return)  # the third: "KERRY"
    assert window.text_view.selected_range() == (17, 22)
    key(qtbot, window, Qt.Key.Key_C, ALT | SHIFT)
    assert window.find_bar.match_case.isChecked()
    # It goes on from the hit in hand: "KERRY" is no hit now, the next "Kerry" is.
    assert window.find_bar.position_text() == "2 of 2"
    assert window.text_view.selected_range() == (24, 29)
    key(qtbot, window, Qt.Key.Key_1, ALT)  # every hit as ACTOR: the two "Kerry"
    starts = sorted(s.start for s in ui_project.spans("doc-3", "alice"))
    assert starts == [0, 24]
    (case_button,) = [b for b in window.find_bar.findChildren(QToolButton) if b.text() == "Aa"]
    assert case_button.isChecked() and "Alt+Shift+C" in case_button.toolTip()
