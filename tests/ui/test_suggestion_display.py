"""Suggestions in the text view (annotator/ui/suggestion_display.py): the hover names the
suggesters and the speaker, as plain text; a click picks a suggestion; the status bar
counts them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.model import Suggestion
from annotator.ui.suggestion_display import describe
from tests.conftest import show_window
from tests.helpers.projects import make_project

LEFT = Qt.MouseButton.LeftButton
MARKUP = "“Hello there, friends,” <b>Kerry</b> said &amp; left.\n"


def ready(qtbot, window):  # type: ignore[no-untyped-def]
    s = window.suggestions
    qtbot.waitUntil(lambda: s.model.loaded and not s.runner.running, timeout=20_000)
    return s


def point_of(window, offset: int) -> QPoint:  # type: ignore[no-untyped-def]
    view = window.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(offset) + 1)
    return view.cursorRect(cursor).center()


def hover(window, offset: int) -> str:  # type: ignore[no-untyped-def]
    viewport = window.text_view.viewport()
    point = point_of(window, offset)
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    return QToolTip.text()


def test_describe_names_the_suggesters_and_the_speaker():
    text = "“We will talk,” Kerry said."
    quote = Suggestion("d", 1, 13, "QUOTE", ("quotes", "speakers"), speaker=(16, 21))
    assert describe(quote, text) == "Suggested QUOTE (quotes, speakers): said by Kerry"
    actor = Suggestion("d", 16, 21, "ACTOR", ("actors",))
    assert describe(actor, text) == "Suggested ACTOR (actors)"


def test_the_hover_is_plain_text(qtbot, tmp_path: Path, settings, store_host):
    path = tmp_path / "m.db"
    project = make_project(path, {"m": MARKUP})
    speaker = (MARKUP.index("<b>"), MARKUP.index("</b>") + 4)
    window = show_window(qtbot, store_host.open(path), settings)
    s = ready(qtbot, window)
    project.store_suggestions(
        "m",
        [
            Suggestion("m", 1, 21, "QUOTE", ("quotes", "speakers"), speaker=speaker),
            Suggestion("m", *speaker, "ACTOR", ("speakers",)),
        ],
    )
    project.close()
    s.runner.suggest_open_document(run=False)  # read what another program stored
    qtbot.waitUntil(lambda: len(s.model) == 2 and not s.runner.running)
    shown = hover(window, 5)
    assert "Suggested QUOTE (quotes, speakers): said by &lt;b&gt;Kerry&lt;/b&gt;" in shown
    assert "<b>Kerry</b>" not in shown  # escaped, never read as markup
    assert "Suggested ACTOR (speakers)" in hover(window, speaker[0] + 4)


def test_the_hover_adds_to_a_span_s_and_leaves_other_places_alone(qtbot, window):
    s = ready(qtbot, window)
    text = window.text_view.text
    window.tag_range(0, 5, "QUOTE")  # "Kerry", a span (and not the ACTOR suggested later)
    shown = hover(window, text.index("We will"))
    assert "Suggested QUOTE (quotes)" in shown
    span_tip = hover(window, 1)
    assert "QUOTE" in span_tip and "Suggested" not in span_tip
    assert s.display.tooltip_html(text.index("Russia")) == ""


def test_a_click_picks_the_suggestion_under_it(qtbot, window):
    s = ready(qtbot, window)
    text = window.text_view.text
    qtbot.mouseClick(window.text_view.viewport(), LEFT, pos=point_of(window, text.index("will")))
    assert s.model.current is not None and s.model.current.label == "QUOTE"
    qtbot.mouseClick(window.text_view.viewport(), LEFT, pos=point_of(window, text.index("met")))
    assert s.model.current is None


def test_the_count_follows_the_suggestions(qtbot, window):
    s = ready(qtbot, window)
    assert s.display.count_label.text() == "2 suggestions"
    window.tag_range(30, 42, "QUOTE")
    assert s.display.count_label.text() == "1 suggestion"
    window.select_document_row(2)  # another document: none counted until its own come
    assert s.display.count_label.text() == ""
    qtbot.waitUntil(lambda: s.model.loaded)
    assert s.display.count_label.text() == "0 suggestions"
