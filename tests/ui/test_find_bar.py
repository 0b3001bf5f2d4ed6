"""The find bar through the real window: it goes on from the cursor, F3 steps, "tag all"
is one undo step, and a long article with 100,000 hits never blocks typing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.store.project import Project
from tests.helpers.projects import make_project

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

# Six "Kerry", one of them of "Kerry's", one inside "Kerrys".
ARTICLE = (
    "Kerry met Lavrov in Geneva. Kerry said they would talk.\n\n"
    "“We will talk,” Kerry told reporters; Kerry's aides agreed.\n"
    "The Kerrys flew home. Lavrov thanked Kerry.\n"
)
KERRYS = [i for i in range(len(ARTICLE)) if ARTICLE.startswith("Kerry", i)]


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "find.db", {"doc-1": ARTICLE, "doc-2": "Kerry again.\n"})
    yield project
    project.close()


def key(qtbot, window, k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key pressed where the focus is, as a user's would be."""
    qtbot.keyClick(window.focusWidget(), k, modifier)


def actors(project: Project) -> list[int]:
    return sorted(s.start for s in project.spans("doc-1", "alice") if s.label == "ACTOR")


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


def test_f3_after_opening_another_document_searches_it(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    key(qtbot, window, Qt.Key.Key_Escape)
    window.controller.open_document("doc-2")
    key(qtbot, window, Qt.Key.Key_F3)
    assert window.text_view.selected_range() == (0, 5)


def test_tag_every_hit_is_one_undo_step_and_skips_those_tagged(qtbot, window, ui_project):
    window.tag_range(KERRYS[1], KERRYS[1] + 5, "ACTOR")
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    key(qtbot, window, Qt.Key.Key_1, ALT)  # Alt+1: every hit as ACTOR
    assert len(actors(ui_project)) == len(KERRYS)
    message = window.statusBar().currentMessage()
    assert f"Tagged {len(KERRYS) - 1} hits as ACTOR; 1 was tagged ACTOR already" in message
    assert window.span_model.rowCount() == len(KERRYS)
    assert window.undo_action.text() == f"Undo Tag {len(KERRYS) - 1} hits as ACTOR"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # one step takes them all back
    assert actors(ui_project) == [KERRYS[1]]
    assert window.span_model.rowCount() == 1
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(actors(ui_project)) == len(KERRYS)
    key(qtbot, window, Qt.Key.Key_1, ALT)  # again: nothing left to tag, nothing pushed
    assert "are tagged ACTOR already" in window.statusBar().currentMessage()
    assert window.history.count() == 2


def test_tag_all_through_the_bar_menu(qtbot, window, ui_project):
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "lavrov")
    menu = window.find_bar.tag_all.menu()
    (quote,) = [a for a in menu.actions() if a.text().endswith("QUOTE")]
    quote.trigger()
    assert sorted(s.label for s in ui_project.spans("doc-1", "alice")) == ["QUOTE", "QUOTE"]


def test_tagging_more_hits_than_the_limit_asks_first(qtbot, window, ui_project, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui import find_actions

    monkeypatch.setattr(find_actions, "CONFIRM_ABOVE", 3)
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "kerry")
    for answer, expected in (
        (QMessageBox.StandardButton.No, 0),
        (QMessageBox.StandardButton.Yes, 6),
    ):
        key(qtbot, window, Qt.Key.Key_1, ALT)
        (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert "Tag 6 hits of “kerry” as ACTOR?" in box.text()
        qtbot.mouseClick(box.button(answer), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda b=box: not b.isVisible())
        assert len(actors(ui_project)) == expected


def test_hits_are_painted_on_the_article(qtbot, window):
    from PySide6.QtGui import QTextCursor

    view = window.text_view
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, "lavrov")
    key(qtbot, window, Qt.Key.Key_Return)  # the second is current, the first only found
    first = ARTICLE.index("Lavrov")
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(first))
    left = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    # Just inside the hit's top-left corner: the text's white, tinted yellow.
    color = image.pixelColor(left.x() + 2, left.top() + 1)
    assert color.blue() < color.red() - 40 and color.green() > color.blue(), color.name()
    outside = image.pixelColor(left.x() - 6, left.top() + 1)
    assert outside.blue() > 200, outside.name()  # not painted


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
    # Scrolling to the end shows the hits there.
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: any(start > len(view.text) - 5_000 for start, _ in view.hits_shown()))
    key(qtbot, window, Qt.Key.Key_Return, SHIFT)  # wraps to the last hit
    last = view.text.rindex("e")
    assert view.selected_range() == (last, last + 1)
    assert window.find_bar.count.text() == f"{total:,} of {total:,}"
