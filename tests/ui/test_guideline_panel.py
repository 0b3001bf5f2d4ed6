"""The guideline panel: Markdown shown formatted, HTML from the data shown literally, and
the label it shows following the picked span and the hovered label button."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from annotator.core.model import Label, RelationType, Span
from annotator.ops import labels as ops
from annotator.ui.guideline_panel import GuidelinePanel, show_markdown

GUIDE = (
    "# Quotes\n\nMark the **words**, *not* the marks.\n\n- direct\n- reported\n\n"
    "<b>x</b> and <img src='https://example.com/a.png'> and ![pic](file:///etc/passwd)\n\n"
    "<script>alert(1)</script>"
)


def test_markdown_is_formatted_and_html_shows_literally(qtbot):
    panel = GuidelinePanel()
    qtbot.addWidget(panel)
    quote = Label("QUOTE", "#F28E2B", "2", "Words", GUIDE)
    panel.set_labels(
        [quote], [RelationType("source", ("QUOTE",), ("ACTOR",), "#000", guideline="Who *said* it")]
    )
    panel.show_label("QUOTE")
    text = panel.text()
    assert "<b>x</b>" in text
    assert "<img src='https://example.com/a.png'>" in text
    assert "![pic](file:///etc/passwd)" in text
    assert "<script>alert(1)</script>" in text
    assert "# Quotes" not in text and "Quotes" in text  # a heading, formatted
    assert "**" not in text.split("Relation")[0]
    html = panel.view.toHtml()
    assert "<img" not in html  # no image of any kind
    assert "font-weight" in html  # the bold words are bold
    assert "Relation source" in text and "Who said it" in text
    assert panel.title.text() == "QUOTE: Words"


def test_show_markdown_never_makes_images():
    document = QTextDocument()
    show_markdown(document, "![a](x.png) <img src=x.png>")
    assert "\ufffc" not in document.toPlainText()  # no object replacement character


def test_a_label_without_guideline_says_so_and_none_clears(qtbot):
    panel = GuidelinePanel()
    qtbot.addWidget(panel)
    panel.set_labels([Label("ACTOR", "#4E79A7")], [])
    panel.show_label("ACTOR")
    assert "No guideline yet" in panel.text()
    panel.show_label(None)
    assert panel.text() == "" and panel.title.text() == ""


def test_the_panel_follows_the_picked_span_and_the_hovered_label(qtbot, window, ui_project):
    ui_project.call(ops.set_label_guideline, "EVENT", "Events are *things that happen*.")
    window.external.check()  # another program's change: the window re-reads the labels
    qtbot.waitUntil(lambda: "things" in window.labels_menu.panel.labels["EVENT"].guideline)
    panel = window.labels_menu.panel
    button = window.toolbar.widgetForAction(window.label_actions[2])  # a new one: laid out?
    qtbot.waitUntil(lambda: button.isVisible() and button.x() > 0)
    qtbot.mouseMove(button)
    qtbot.waitUntil(lambda: panel.shown == "EVENT")
    assert "things that happen" in panel.text()
    window.label_actions[0].hover()
    assert panel.shown == "ACTOR"
    ui_project.add_span(Span("doc-1", "alice", 0, 3, "EVENT"))
    window.external.check()
    span = window.text_view.spans()[0]
    window.text_view.span_clicked.emit(span)
    assert panel.shown == "EVENT"
    window.label_actions[1].hover()
    window.span_view.clearSelection()
    window.span_view.selectRow(0)  # picked in the span list
    assert panel.shown == "EVENT"
