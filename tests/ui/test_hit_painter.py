"""The hits painted over the article: the real viewport's pixels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.store.project import Project
from tests.helpers.find_article import ARTICLE, CTRL, key
from tests.helpers.projects import make_project


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "find.db", {"doc-1": ARTICLE, "doc-2": "Kerry again.\n"})
    yield project
    project.close()


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
