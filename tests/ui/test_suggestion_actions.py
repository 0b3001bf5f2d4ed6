"""Suggestions in the real window (annotator/ui/suggestion_actions.py): the open document is
suggested after it is shown, and N / Shift+N, A, X and Shift+A step, accept (the span and
the speaker's relation appear, the suggestion goes), reject and accept all, each one undo
step; a span hides the suggestion under it at once; the keys are on the F1 sheet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import Status
from annotator.store.project import Project
from annotator.ui import shortcut_sheet
from tests.conftest import show_window
from tests.helpers.projects import make_project
from tests.helpers.window_keys import CTRL, press, tag

SHIFT = Qt.KeyboardModifier.ShiftModifier
KERRYS = (
    "Kerry met Lavrov in Geneva.\n\n"
    "“We are ready to talk,” Kerry said on Friday.\n\n"
    "Later Kerry flew home, and Kerry slept.\n"
)


def ready(qtbot, window):  # type: ignore[no-untyped-def]
    """The window's suggestions, once the open document's run has ended."""
    s = window.suggestions
    qtbot.waitUntil(lambda: s.model.loaded and not s.runner.running, timeout=20_000)
    return s


def labels_shown(s) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    text = s.window.text_view.text
    return [(x.label, text[x.start : x.end]) for x in s.model.shown()]


@pytest.fixture
def kerrys(qtbot, tmp_path: Path, settings, store_host):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "k.db", {"k-1": KERRYS, "k-2": "Kerry again.\n"})
    project.close()
    return show_window(qtbot, store_host.open(tmp_path / "k.db"), settings)


def test_the_open_document_is_suggested_once_shown(qtbot, window):
    s = ready(qtbot, window)
    assert labels_shown(s) == [("QUOTE", "We will talk,"), ("ACTOR", "Kerry")]
    assert s.display.count_label.text() == "2 suggestions"
    # Nobody's layer: no span was made, no annotator added.
    assert window.layer_model.spans() == []
    assert window.project.annotators() == ["alice"]


def test_step_accept_with_speaker_and_undo(qtbot, window):
    s = ready(qtbot, window)
    press(qtbot, window, Qt.Key.Key_N)
    quote = s.model.current
    assert quote is not None and quote.label == "QUOTE" and quote.speaker is not None
    assert "said by Kerry" in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_N)
    assert s.model.current is not None and s.model.current.label == "ACTOR"
    press(qtbot, window, Qt.Key.Key_N, SHIFT)
    assert s.model.current == quote

    press(qtbot, window, Qt.Key.Key_A)
    spans = {(x.label, x.start, x.end) for x in window.layer_model.spans()}
    assert spans == {("QUOTE", quote.start, quote.end), ("ACTOR", *quote.speaker)}
    (relation,) = window.layer_model.relations()
    assert relation.label == "source"
    assert window.layer_model.span(relation.head_span_id).label == "QUOTE"  # type: ignore[union-attr]
    assert s.model.shown() == []  # the quote decided, the speaker's ACTOR under a span
    assert s.display.count_label.text() == "0 suggestions"
    assert window.project.suggestion_decisions("doc-1", "alice") == {
        quote.id: "accepted",
        s.model.all()[1].id: "accepted",
    }

    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert window.layer_model.spans() == [] and window.layer_model.relations() == []
    assert labels_shown(s) == [("QUOTE", "We will talk,"), ("ACTOR", "Kerry")]
    assert s.model.current == quote  # back where the undone decision was
    assert window.project.suggestion_decisions("doc-1", "alice") == {}

    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL | SHIFT)  # redo
    assert len(window.layer_model.spans()) == 2 and s.model.shown() == []


def test_reject_and_undo(qtbot, window):
    s = ready(qtbot, window)
    press(qtbot, window, Qt.Key.Key_N)
    quote = s.model.current
    assert quote is not None
    press(qtbot, window, Qt.Key.Key_X)
    assert labels_shown(s) == [("ACTOR", "Kerry")]
    assert s.model.current is not None and s.model.current.label == "ACTOR"  # the next one
    assert window.layer_model.spans() == []
    assert window.project.suggestion_decisions("doc-1", "alice") == {quote.id: "rejected"}
    assert window.undo_action.text() == "Undo Reject suggested QUOTE"
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert labels_shown(s) == [("QUOTE", "We will talk,"), ("ACTOR", "Kerry")]


def test_a_span_hides_the_suggestion_under_it_at_once(qtbot, window):
    s = ready(qtbot, window)
    tag(qtbot, window, "We will talk", Qt.Key.Key_2)  # QUOTE
    assert labels_shown(s) == [("ACTOR", "Kerry")]  # no wait: the same turn of the loop
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert labels_shown(s) == [("QUOTE", "We will talk,"), ("ACTOR", "Kerry")]


def test_an_actor_span_suggests_its_other_mentions_and_shift_a_accepts_them_all(qtbot, kerrys):
    window = kerrys
    s = ready(qtbot, window)
    assert [label for label, _ in labels_shown(s)] == ["QUOTE", "ACTOR"]  # the speaker
    tag(qtbot, window, "Kerry", Qt.Key.Key_1)  # the first Kerry, as ACTOR
    # The document is suggested again: every other Kerry is a known actor now.
    qtbot.waitUntil(lambda: len([x for x in s.model.shown() if x.label == "ACTOR"]) == 3)
    assert s.model.shown()[0].suggesters == ("quotes",)
    actor = next(x for x in s.model.shown() if x.label == "ACTOR")
    assert "actors" in actor.suggesters
    window.suggestions._go(actor, scroll=True)
    before = len(window.layer_model.spans())
    press(qtbot, window, Qt.Key.Key_A, SHIFT)
    assert len(window.layer_model.spans()) == before + 3
    assert [label for label, _ in labels_shown(s)] == ["QUOTE"]
    assert "Accepted 3 suggested ACTOR" in window.statusBar().currentMessage()
    assert window.project.status("k-1", "alice") == Status.IN_PROGRESS
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)  # one step undoes them all
    assert len(window.layer_model.spans()) == before
    assert [label for label, _ in labels_shown(s)] == ["QUOTE", "ACTOR", "ACTOR", "ACTOR"]


def test_keys_without_a_suggestion_say_what_to_do(qtbot, window):
    s = ready(qtbot, window)
    press(qtbot, window, Qt.Key.Key_A)
    assert "N goes to the next one" in window.statusBar().currentMessage()
    assert window.layer_model.spans() == []
    # Past the last suggestion N goes round to the first.
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_N)
    assert s.model.current == s.model.shown()[0]
    assert "Back to the first suggestion" in window.statusBar().currentMessage()


def test_show_suggestions_hides_them_and_is_remembered(qtbot, window, settings):
    s = ready(qtbot, window)
    assert s.show_action.isChecked()
    s.show_action.trigger()
    assert s.display.count_label.text() == "2 suggestions (hidden)"
    press(qtbot, window, Qt.Key.Key_N)
    assert s.model.current is None
    assert "hidden" in window.statusBar().currentMessage()
    assert settings.value("suggest/show", type=bool) is False
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert s.show_action in view_menu.actions()


def test_the_f1_sheet_lists_the_keys(qtbot, window):
    rows = shortcut_sheet.rows_of(window)
    for what, keys in (
        ("Next suggestion", "N"),
        ("Previous suggestion", "Shift+N"),
        ("Accept the suggestion", "A"),
        ("Reject the suggestion", "X"),
        ("Accept every suggestion of its label", "Shift+A"),
    ):
        assert ("Suggestions", what, keys) in rows
    every_key = [keys for _, _, keys in rows if keys]
    for key in ("N", "Shift+N", "A", "X", "Shift+A"):
        assert every_key.count(key) == 1, key  # no other action has it


def test_a_read_only_project_shows_what_is_stored(qtbot, tmp_path, settings, store_host):
    path = tmp_path / "ro.db"
    project = make_project(path, {"d": "“We will talk,” Kerry said.\n"})
    from annotator.ops.suggest_runs import suggest_project

    suggest_project(project)
    project.close()
    path.chmod(0o444)
    try:
        window = show_window(qtbot, store_host.open(path), settings)
        assert window.project.read_only
        s = ready(qtbot, window)
        assert [label for label, _ in labels_shown(s)] == ["QUOTE", "ACTOR"]
    finally:
        path.chmod(0o644)


def test_the_window_s_start_imports_no_suggester():
    """The suggesters (and pyahocorasick, spaCy) load after the first paint, in use."""
    code = (
        "import sys, annotator.ui.app, annotator.ui.main_window\n"
        "print([m for m in ('ahocorasick', 'spacy', 'annotator.ops.suggestions',"
        " 'annotator.core.suggest.actors') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_agreement_and_layers_ignore_suggestions(qtbot, window, ui_project: Project):
    """Suggestions are nobody's layer: after the window suggested (and alice accepted one),
    the agreement report and the list of layers are as before, but for alice's span."""
    from annotator.core.model import Span
    from annotator.store.agreement import agreement_report

    for who in ("bob", "carol"):
        ui_project.add_span(Span("doc-1", ui_project.ensure_annotator(who), 0, 5, "ACTOR"))
    before = agreement_report(ui_project, include_unfinished=True)
    s = ready(qtbot, window)
    assert ui_project.suggestions("doc-1")
    assert agreement_report(ui_project, include_unfinished=True) == before
    assert ui_project.annotators_with_layers() == ["bob", "carol"]
    assert "suggestions" not in ui_project.annotators()
    assert s.model.shown()


def test_import_a_gazetteer_suggests_its_names(qtbot, window, tmp_path):
    pytest.importorskip("annotator.core.suggest.gazetteer")  # engineer C's reader
    s = ready(qtbot, window)
    path = tmp_path / "actors.txt"
    path.write_text("Sergei Lavrov\tLavrov\nGeneva\n", encoding="utf-8")
    assert s.import_gazetteer(path) == 2
    assert sorted(window.project.gazetteer()) == [("Geneva", ""), ("Sergei Lavrov", "Lavrov")]
    qtbot.waitUntil(lambda: ("ACTOR", "Lavrov") in labels_shown(s), timeout=20_000)
    assert ("ACTOR", "Geneva") in labels_shown(s)


def test_a_bad_gazetteer_says_file_and_line_and_adds_nothing(qtbot, window, tmp_path):
    pytest.importorskip("annotator.core.suggest.gazetteer")
    s = ready(qtbot, window)
    path = tmp_path / "actors.tsv"
    path.write_text("Sergei Lavrov\tLavrov\nGeneva\tGenf\tGinevra\n", encoding="utf-8")
    assert s.import_gazetteer(path) is None
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1 and boxes[0].text().startswith(f"{path}:2: ")
    assert boxes[0].textFormat() == Qt.TextFormat.PlainText
    assert window.project.gazetteer() == []
    boxes[0].close()


def test_suggest_this_document_again_replaces_what_another_program_stored(
    qtbot, window, ui_project
):
    s = ready(qtbot, window)
    ui_project.store_suggestions("doc-1", [])  # another program's run found nothing
    s.suggest_again_action.trigger()
    assert "Suggesting this document again" in window.statusBar().currentMessage()
    ready(qtbot, window)
    assert [label for label, _ in labels_shown(s)] == ["QUOTE", "ACTOR"]
    assert len(ui_project.suggestions("doc-1")) == 2
