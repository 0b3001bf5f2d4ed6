"""Every string from the data shows as typed: the helpers of `annotator.ui.plain`, and a walk
over every tooltip, label, cell, header, action and dialog of the main, agreement and
comparison windows on a project whose names, labels, titles, ids and notes are markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QPoint, Qt
from PySide6.QtGui import QAction, QTextDocument, QUndoCommand
from PySide6.QtGui import Qt as GuiQt  # Qt.mightBeRichText lives in QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QWidget,
)

from annotator.core.model import Document, Label, Span, Status
from annotator.store.project import Project, create_project
from annotator.ui.plain import (
    as_html,
    as_menu_text,
    as_tooltip,
    as_undo_text,
    plain_label,
    plain_message_box,
)
from annotator.ui.text_view import SpanTextView

LINK = '<a href="file:///etc/passwd">passwd</a>'
IMAGE = '<img src="/usr/share/icons/x.png">'
BOLD = "<b>bold</b>"
AMPERSAND = "R&D"
ENTITY = "AT&amp;T"
NEWLINE = "Eins\nZwei"
# Each string's mark survives any escaping (HTML, `&&`): wherever a mark is, the whole string
# must show. (Short enough that no list or menu cuts them.)
MARKS = {
    LINK: "passwd",
    IMAGE: "share/icons",
    BOLD: "bold",
    AMPERSAND: "R&",
    ENTITY: "AT&",
    NEWLINE: "Zwei",
}
HOSTILE = list(MARKS)
ANNOTATORS = [LINK, IMAGE, AMPERSAND, NEWLINE]
TEXT = f"Kerry said {BOLD} to {AMPERSAND} and {ENTITY}: {LINK}, {IMAGE}.\n"


def at(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


# -- what Qt shows of a string -----------------------------------------------------------


def rendered(rich: str) -> tuple[str, list[str]]:
    """The text Qt shows of rich text, and the markup it acted on (links, images)."""
    document = QTextDocument()
    document.setHtml(rich)
    acted = []
    block = document.begin()
    while block.isValid():
        for fragment in _fragments(block):
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                acted.append(f"an image {fmt.toImageFormat().name()!r}")
            if fmt.isAnchor():
                acted.append(f"a link {fmt.anchorHref()!r}")
        block = block.next()
    return document.toPlainText(), acted


def _fragments(block: Any) -> Iterator[Any]:
    it = block.begin()
    while not it.atEnd():
        yield it.fragment()
        it += 1


def shown(text: str, how: str) -> tuple[str, list[str]]:
    """What the user sees of `text` shown `how`: "plain" (cells, headers, PlainText labels),
    "auto" (tooltips, AutoText labels: HTML if Qt guesses so), "rich", or "mnemonic" (action,
    menu and button texts, where `&x` marks a shortcut and `&&` is one ampersand)."""
    if how == "mnemonic":
        return re.sub("&(.)", r"\1", text), []
    if how == "rich" or (how == "auto" and GuiQt.mightBeRichText(text)):
        return rendered(text)
    return text, []


@dataclass
class Shown:
    where: str
    text: str
    how: str

    def problems(self) -> list[str]:
        seen, acted = shown(self.text, self.how)
        found = [f"{self.where}: Qt acts on {what} in {self.text!r}" for what in acted]
        for hostile, mark in MARKS.items():
            if mark in self.text and hostile not in seen:
                found.append(f"{self.where}: {hostile!r} shows as {seen!r} (from {self.text!r})")
        return found


# -- walking the widgets -----------------------------------------------------------------


def walk(top: QWidget) -> list[Shown]:
    """Every string `top` and the widgets in it show, with how Qt shows it."""
    found: list[Shown] = []
    actions: dict[int, QAction] = {}
    for widget in [top, *top.findChildren(QWidget)]:
        name = widget.objectName() or widget.accessibleName()
        if not name and isinstance(widget, QLabel):
            name = repr(widget.text()[:40])
        where = f"{type(widget).__name__} {name}"
        found.append(Shown(f"{where} tooltip", widget.toolTip(), "auto"))
        if isinstance(widget, QLabel):
            found.append(Shown(f"{where} text", widget.text(), label_format(widget)))
        if isinstance(widget, QAbstractButton):
            found.append(Shown(f"{where} text", widget.text(), "mnemonic"))
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            found += walk_model(where, widget.model())
        if isinstance(widget, QComboBox):
            found += walk_model(where, widget.model())
        if isinstance(widget, SpanTextView) and widget.spans():  # its own tooltip event
            found.append(
                Shown(f"{where} span tooltip", widget.tooltip_html(widget.spans()), "auto")
            )
        for action in widget.actions():
            actions[id(action)] = action
    for action in actions.values():
        found.append(Shown(f"action {action.text()!r}", action.text(), "mnemonic"))
    for menu in [top, *top.findChildren(QMenu)]:  # a tool button's tooltip is its own
        if isinstance(menu, QMenu) and menu.toolTipsVisible():
            for action in menu.actions():
                found.append(Shown(f"action {action.text()!r} tooltip", action.toolTip(), "auto"))
    return found


def label_format(label: QLabel) -> str:
    if label.buddy() is not None:
        return "mnemonic"
    return {
        Qt.TextFormat.PlainText: "plain",
        Qt.TextFormat.RichText: "rich",
        Qt.TextFormat.AutoText: "auto",
    }[label.textFormat()]


def walk_model(where: str, model: QAbstractItemModel | None) -> list[Shown]:
    if model is None:
        return []
    found = []
    roles = ((Qt.ItemDataRole.DisplayRole, "plain"), (Qt.ItemDataRole.ToolTipRole, "auto"))
    rows = model.rowCount()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
    for role, how in roles:
        for row in range(rows):
            for column in range(columns):
                value = model.index(row, column).data(role)
                found.append(Shown(f"{where} cell {row},{column}", str(value or ""), how))
        for orientation, count in (
            (Qt.Orientation.Horizontal, columns),
            (Qt.Orientation.Vertical, rows),
        ):
            for section in range(count):
                value = model.headerData(section, orientation, role)
                found.append(Shown(f"{where} header {section}", str(value or ""), how))
    return found


def check(top: QWidget) -> None:
    """Every string of `top` shows as typed, and the walk met every hostile string."""
    strings = walk(top)
    problems = [problem for string in strings for problem in string.problems()]
    assert not problems, "\n".join(problems)
    missing = [h for h in HOSTILE if not any(h in shown(s.text, s.how)[0] for s in strings)]
    assert not missing, f"the walk never met {missing}"


# -- a project that is all markup --------------------------------------------------------


def hostile_project(path: Path) -> Project:
    project = create_project(path)
    project.add_label(Label(AMPERSAND, "#aa3300", "5", f"research {LINK}\n{IMAGE}"))
    # A colour is data too: it must not break out of the tooltip's style attribute.
    project.add_label(
        Label(BOLD, "#0033aa'><img src='/usr/share/icons/y.png'><b x='", "6", NEWLINE)
    )
    project.add_label(Label(ENTITY, "#00aa33", "7", BOLD))
    project.add_document(Document(BOLD, TEXT, f"{LINK} {NEWLINE}"))
    project.add_document(Document(ENTITY, TEXT, IMAGE))
    layers = {
        LINK: [(BOLD, AMPERSAND, f"{LINK} {NEWLINE}"), (LINK, BOLD, BOLD)],
        IMAGE: [(BOLD, BOLD, None), (IMAGE, AMPERSAND, IMAGE)],
        AMPERSAND: [(AMPERSAND, AMPERSAND, ENTITY), (ENTITY, BOLD, None)],
        NEWLINE: [(BOLD, AMPERSAND, NEWLINE), (LINK, ENTITY, AMPERSAND)],
    }
    for annotator, spans in layers.items():
        for document_id in (BOLD, ENTITY):
            for part, label, note in spans:
                project.add_span(Span(document_id, annotator, *at(part), label, note))
            project.set_status(document_id, annotator, Status.DONE)
    return project


@pytest.fixture
def hostile(qtbot, tmp_path, settings, monkeypatch):  # type: ignore[no-untyped-def]
    """The main window on the hostile project as the annotator `LINK`, after an edit, both
    context menus, the note dialog and an error box (kept open for the walk)."""
    from annotator.ui.main_window import MainWindow
    from annotator.ui.note_dialog import NoteDialog

    project = hostile_project(tmp_path / "hostile.db")
    window = MainWindow(project, LINK, settings)
    qtbot.addWidget(window)
    window.show()
    window.open_first_document()
    window.tag_range(*at("Kerry"), AMPERSAND)
    assert window.history.text(0) == "Add R&D"
    menus: list[QMenu] = []
    monkeypatch.setattr(window, "_popup", lambda menu, where: menus.append(menu))
    window.menus.show_span_list_menu(1, QPoint())
    window.select_span(window.span_model.span_at(1))
    window.menus.on_text_view_menu(QPoint(1, 1))
    monkeypatch.setattr(NoteDialog, "exec", lambda dialog: 0)  # stays for the walk
    window.edit_note()
    window.review.compare(f"gone {BOLD}", ANNOTATORS)  # no such document: a message box
    assert len(menus) == 2 and window.findChildren(NoteDialog)
    assert any(box.isVisible() for box in window.findChildren(QMessageBox))
    yield window
    window.close()
    project.close()


@pytest.fixture
def agreement(qtbot, hostile):  # type: ignore[no-untyped-def]
    """Review ▸ Agreement, computed, with a pair picked."""
    hostile.agreement_action.trigger()
    window = hostile.review.agreement
    qtbot.waitUntil(lambda: window.report is not None, timeout=10_000)
    window.select_pair(LINK, IMAGE)
    return window


@pytest.fixture
def comparison(agreement, hostile):  # type: ignore[no-untyped-def]
    """The first document of the agreement, compared across all four, one version accepted."""
    agreement.clear_pair()
    agreement.open_document(0)
    (window,) = hostile.review.comparisons.values()
    assert len(window.annotators) == 4
    window.go_to(next(row for row, d in enumerate(window.disagreements) if d.spans_of(AMPERSAND)))
    window.accept(AMPERSAND)
    assert window.history.undo_text() == "Accept R&D's version"
    return window


def test_the_main_window_shows_every_string_as_typed(hostile):
    check(hostile)


def test_the_agreement_window_shows_every_string_as_typed(agreement):
    check(agreement)


def test_the_comparison_window_shows_every_string_as_typed(comparison):
    check(comparison)


# -- the helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE, "two  spaces", "\tindented\n\nlast line\n"])
def test_a_tooltip_shows_its_text_as_typed(text):
    assert shown(as_tooltip(text), "auto") == (text, [])
    assert rendered(f"<p>{as_html(text)}</p>") == (text, [])


def test_no_text_no_tooltip():
    assert as_tooltip("") == ""


def test_menu_texts_keep_their_ampersands():
    assert shown(as_menu_text("Accept R&D's &amp; && version"), "mnemonic")[0] == (
        "Accept R&D's &amp; && version"
    )


def test_an_undo_command_keeps_its_text_and_shows_it_as_typed():
    command = QUndoCommand(as_undo_text(f"Accept {AMPERSAND} {NEWLINE}"))
    assert command.text() == "Accept R&D Eins Zwei"  # for messages: one line
    assert shown(command.actionText(), "mnemonic")[0] == f"Accept {AMPERSAND} {NEWLINE}"


def test_a_plain_label_stays_plain(qtbot):
    label = plain_label(BOLD)
    qtbot.addWidget(label)
    label.setText(LINK)
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == LINK


def test_a_plain_message_box_shows_its_texts_as_typed(qtbot):
    box = plain_message_box(QMessageBox.Icon.Warning, "Import", LINK)
    qtbot.addWidget(box)
    box.setInformativeText(IMAGE)
    labels = [label for label in box.findChildren(QLabel) if label.text()]
    assert sorted(label.text() for label in labels) == sorted([LINK, IMAGE])
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
