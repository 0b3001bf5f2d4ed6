"""Labels ▸ Edit labels…, driven through the real dialog on the real window: every edit
reaches the project file, the window's label buttons and spans follow, undo and redo work,
a removal says how many spans would go first (or, before any question, why it cannot be
done), and unsaved edits are never dropped without asking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from annotator.core.colors import delta_e
from annotator.core.model import Span, Status
from annotator.ops import labels as ops
from annotator.ui.label_editor import LabelEditor
from tests.helpers.projects import ARTICLE

SAVE = QMessageBox.StandardButton.Save
DISCARD = QMessageBox.StandardButton.Discard
CANCEL = QMessageBox.StandardButton.Cancel


class Questions:
    """The editor's questions about unsaved edits, answered in turn from `answers`; one
    more than expected fails the test (no dialog ever waits for a click that won't come)."""

    def __init__(self, editor: LabelEditor):
        self.asked: list[tuple[str, QMessageBox.StandardButton]] = []
        self.answers: list[QMessageBox.StandardButton] = []
        editor.ask_unsaved = self.ask  # type: ignore[method-assign]

    def ask(self, text: str, buttons: QMessageBox.StandardButton) -> QMessageBox.StandardButton:
        self.asked.append((text, buttons))
        if not self.answers:
            raise AssertionError(f"an unexpected question: {text}")
        return self.answers.pop(0)


def open_editor(window) -> LabelEditor:  # type: ignore[no-untyped-def]
    window.labels_menu.edit_action.trigger()
    editor = window.labels_menu.editor
    assert editor is not None and editor.isVisible()
    assert editor.focusWidget() is editor.labels_page.list  # arrow keys pick a label
    editor.questions = Questions(editor)  # type: ignore[attr-defined]
    return editor


def click_row(qtbot, page, name: str) -> None:  # type: ignore[no-untyped-def]
    row = [page.list.item(i).text() for i in range(page.list.count())].index(name)
    rect = page.list.visualItemRect(page.list.item(row))
    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def tag(window, ui_project, word: str, key: Qt.Key, qtbot) -> None:  # type: ignore[no-untyped-def]
    start = ARTICLE.index(word)
    window.text_view.select_range(start, start + len(word))
    qtbot.keyClick(window.text_view, key)


def test_the_labels_menu_opens_the_editor_with_the_projects_labels(window):
    assert window.labels_menu.edit_action in window.label_menu.actions()
    editor = open_editor(window)
    page = editor.labels_page
    assert [page.list.item(i).text() for i in range(page.list.count())] == [
        "ACTOR", "QUOTE", "EVENT", "CLAIM",
    ]  # fmt: skip
    assert page.name_edit.text() == "ACTOR" and page.key_edit.text() == "1"
    assert editor.relations_page.list.count() == 3


def test_rename_recolour_key_description_guideline_in_one_save(qtbot, window, ui_project):
    tag(window, ui_project, "Lavrov", Qt.Key.Key_1, qtbot)
    editor = open_editor(window)
    page = editor.labels_page
    page.name_edit.setText("PERSON")
    editor.choose_color = lambda initial: QColor("#123456")  # type: ignore[method-assign]
    qtbot.mouseClick(page.color_button, Qt.MouseButton.LeftButton)
    page.key_edit.setText("p")
    page.description_edit.setText("Someone")
    page.guideline_edit.setPlainText("Mark *people*.\n\n<b>not bold</b>")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    person = ui_project.labels()[0]
    assert (person.name, person.color, person.key, person.description) == (
        "PERSON", "#123456", "p", "Someone",
    )  # fmt: skip
    assert person.guideline == "Mark *people*.\n\n<b>not bold</b>"
    assert [s.label for s in ui_project.spans("doc-1", "alice")] == ["PERSON"]
    # The window follows: its label button, its key, the span table and the text view.
    assert window.label_actions[0].text() == "p PERSON"
    assert window.span_model.span_at(0).label == "PERSON"
    assert window.text_view.labels["PERSON"].color == "#123456"
    assert editor.undo_button.text() == "Undo Rename ACTOR"
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert ui_project.labels()[0].name == "ACTOR"
    assert window.span_model.span_at(0).label == "ACTOR"
    assert window.label_actions[0].text() == "1 ACTOR"
    qtbot.mouseClick(editor.redo_button, Qt.MouseButton.LeftButton)
    assert ui_project.labels()[0].name == "PERSON"


def test_a_refused_edit_says_why_under_its_form_and_changes_nothing(qtbot, window, ui_project):
    editor = open_editor(window)
    page = editor.labels_page
    page.key_edit.setText("2")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.problem.text() == "the key 2 is QUOTE's already" and page.problem.isVisible()
    assert page.problem.textFormat() == Qt.TextFormat.PlainText
    assert ui_project.labels()[0].key == "1"
    assert page.key_edit.text() == "2" and page.dirty()  # the edit waits to be put right
    page.key_edit.setText("7")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ui_project.labels()[0].key == "7" and not page.problem.isVisible()


def test_add_gives_a_distinct_colour_and_a_free_key_then_order(qtbot, window, ui_project):
    editor = open_editor(window)
    page = editor.labels_page
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    new = ui_project.labels()[-1]
    assert new.name == "NEW" and new.key == "5"
    assert all(delta_e(new.color, other.color) > 20 for other in ui_project.labels()[:-1])
    assert page.current_name() == "NEW" and editor.focusWidget() is page.name_edit
    page.name_edit.setText("PLACE")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert [label.name for label in ui_project.labels()] == [
        "ACTOR", "QUOTE", "EVENT", "PLACE", "CLAIM",
    ]  # fmt: skip
    assert [a.text() for a in window.label_actions][3] == "5 PLACE"
    assert page.current_name() == "PLACE"


def test_remove_says_how_many_spans_go_and_undo_brings_them_back(qtbot, window, ui_project):
    editor = open_editor(window)
    page = editor.labels_page
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)  # NEW, key 5
    window.activateWindow()
    tag(window, ui_project, "Lavrov", Qt.Key.Key_5, qtbot)
    assert [s.label for s in ui_project.spans("doc-1", "alice")] == ["NEW"]
    asked: list[str] = []
    editor.confirm = lambda text: asked.append(text) or False  # type: ignore[method-assign]
    page.select("NEW")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert asked[0] == (
        "Remove NEW?\n\n1 span labelled NEW will be removed too, with its relations. "
        "(Undo brings it back.)"
    )
    assert "NEW" in [label.name for label in ui_project.labels()]  # "Cancel": kept
    editor.confirm = lambda text: True  # type: ignore[method-assign]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert "NEW" not in [label.name for label in ui_project.labels()]
    assert ui_project.spans("doc-1", "alice") == []
    assert window.span_model.rowCount() == 0
    assert ui_project.status("doc-1", "alice") == Status.NEW  # the layer is empty again
    assert window.documents.summary(0).span_count == 0
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert [s.label for s in ui_project.spans("doc-1", "alice")] == ["NEW"]
    assert window.span_model.rowCount() == 1
    assert ui_project.status("doc-1", "alice") == Status.IN_PROGRESS


def test_an_unused_label_is_removed_without_a_question(qtbot, window, ui_project):
    editor = open_editor(window)
    page = editor.labels_page
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    editor.confirm = lambda text: pytest_fail()  # type: ignore[method-assign]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert [label.name for label in ui_project.labels()] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]


def pytest_fail() -> bool:
    raise AssertionError("no question for a label no span uses")


def test_relation_types_tab_edits_ends_required_and_renames_relations(qtbot, window, ui_project):
    quote = ui_project.add_span(Span("doc-1", "alice", 0, 3, "QUOTE"))
    actor = ui_project.add_span(Span("doc-1", "alice", 4, 8, "ACTOR"))
    assert quote.id is not None and actor.id is not None
    from annotator.core.model import Relation

    ui_project.add_relation(Relation("doc-1", "alice", quote.id, actor.id, "source"))
    editor = open_editor(window)
    editor.tabs.setCurrentIndex(1)
    page = editor.relations_page
    assert page.current_name() == "source" and page.required_box.isChecked()
    page.name_edit.setText("speaker")
    page.required_box.setChecked(False)
    page.tail_list.item(3).setCheckState(Qt.CheckState.Checked)  # CLAIM too
    page.guideline_edit.setPlainText("Who said it")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    kind = ui_project.relation_types()[0]
    assert (kind.name, kind.tail_labels, kind.required, kind.guideline) == (
        "speaker", ("ACTOR", "CLAIM"), False, "Who said it",
    )  # fmt: skip
    assert [r.label for r in ui_project.relations("doc-1", "alice")] == ["speaker"]
    question = (
        "Remove speaker?\n\n1 relation of the type speaker will be removed too. "
        "(Undo brings it back.)"
    )
    editor.confirm = lambda text: text == question  # type: ignore[method-assign]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert ui_project.relations("doc-1", "alice") == []
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert [r.label for r in ui_project.relations("doc-1", "alice")] == ["speaker"]


def test_the_editor_history_outlives_the_dialog(qtbot, window, ui_project):
    editor = open_editor(window)
    editor.labels_page.description_edit.setText("x")
    qtbot.mouseClick(editor.labels_page.save_button, Qt.MouseButton.LeftButton)
    editor.accept()
    qtbot.waitUntil(lambda: window.labels_menu.editor is None)
    again = open_editor(window)
    assert again.undo_button.isEnabled()
    qtbot.mouseClick(again.undo_button, Qt.MouseButton.LeftButton)
    assert ui_project.labels()[0].description.startswith("A person")


def test_enter_in_the_name_field_saves_and_adds_nothing(qtbot, window, ui_project):
    editor = open_editor(window)
    page = editor.labels_page
    page.name_edit.setText("PERSON")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert [label.name for label in ui_project.labels()] == ["PERSON", "QUOTE", "EVENT", "CLAIM"]
    assert editor.isVisible()


def test_names_from_the_data_show_as_typed(qtbot, window, ui_project):
    editor = open_editor(window)
    page = editor.labels_page
    page.name_edit.setText("<b>R&D</b>")
    page.description_edit.setText("<i>x</i>")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.list.item(0).text() == "<b>R&D</b>"
    assert (
        page.list.item(0).toolTip()
        == "<qt><span style='white-space:pre-wrap'>&lt;i&gt;x&lt;/i&gt;</span></qt>"
    )
    assert editor.undo_button.text() == "Undo Rename ACTOR"
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.redo_button, Qt.MouseButton.LeftButton)
    assert editor.message.text() == "Redone: Rename ACTOR"
    assert editor.message.textFormat() == Qt.TextFormat.PlainText
    assert window.labels_menu.panel.labels["<b>R&D</b>"].description == "<i>x</i>"


# -- a removal a relation type stands in the way of -------------------------------------


def test_a_label_a_relation_type_links_is_refused_before_any_question(qtbot, window, ui_project):
    for start in (0, 10, 20):
        ui_project.add_span(Span("doc-1", "alice", start, start + 5, "EVENT"))
    editor = open_editor(window)
    page = editor.labels_page
    told: list[str] = []
    editor.inform = told.append  # type: ignore[method-assign]
    editor.confirm = lambda text: pytest_fail()  # type: ignore[method-assign]
    click_row(qtbot, page, "EVENT")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert told == [
        "EVENT cannot be removed: the relation type “participant” links it. "
        "Take EVENT out of that relation type, or remove the type, first."
    ]
    assert [label.name for label in ui_project.labels()] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
    assert [s.label for s in ui_project.spans("doc-1", "alice")] == ["EVENT"] * 3
    assert not editor.undo_button.isEnabled()  # nothing was done
    assert page.current_name() == "EVENT"
    click_row(qtbot, page, "ACTOR")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert told[1] == (
        "ACTOR cannot be removed: the relation types “source”, “claimant” and “participant” "
        "link it. Take ACTOR out of those relation types, or remove them, first."
    )


def test_once_the_type_lets_go_the_question_counts_and_the_removal_happens(
    qtbot, window, ui_project
):
    for start in (0, 10):
        ui_project.add_span(Span("doc-1", "alice", start, start + 5, "EVENT"))
    editor = open_editor(window)
    editor.tabs.setCurrentIndex(1)
    kinds = editor.relations_page
    click_row(qtbot, kinds, "participant")
    kinds.head_list.item(2).setCheckState(Qt.CheckState.Unchecked)  # EVENT out
    kinds.head_list.item(0).setCheckState(Qt.CheckState.Checked)  # ACTOR in
    qtbot.mouseClick(kinds.save_button, Qt.MouseButton.LeftButton)
    editor.tabs.setCurrentIndex(0)
    page = editor.labels_page
    asked: list[str] = []
    editor.confirm = lambda text: asked.append(text) or True  # type: ignore[method-assign]
    click_row(qtbot, page, "EVENT")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert asked == [
        "Remove EVENT?\n\n2 spans labelled EVENT will be removed too, with their relations. "
        "(Undo brings them back.)"
    ]
    assert "EVENT" not in [label.name for label in ui_project.labels()]
    assert ui_project.spans("doc-1", "alice") == []
    # The relation types' tab shows the labels there are now as possible ends.
    assert [kinds.head_list.item(i).text() for i in range(kinds.head_list.count())] == [
        "ACTOR", "QUOTE", "CLAIM",
    ]  # fmt: skip


def test_a_relation_type_removed_elsewhere_is_said_before_any_question(qtbot, window, ui_project):
    editor = open_editor(window)
    editor.tabs.setCurrentIndex(1)
    page = editor.relations_page
    click_row(qtbot, page, "claimant")
    ui_project.remove_relation_type("claimant")  # another program's change
    told: list[str] = []
    editor.inform = told.append  # type: ignore[method-assign]
    editor.confirm = lambda text: pytest_fail()  # type: ignore[method-assign]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert told == ["there is no relation type 'claimant' (removed elsewhere?)"]


# -- unsaved edits ----------------------------------------------------------------------


def picked(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.text() for item in page.list.selectedItems()]


def refused_place(qtbot, editor: LabelEditor):  # type: ignore[no-untyped-def]
    """Add label, name PLACE, key 1, Save: refused (the key is ACTOR's)."""
    page = editor.labels_page
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    page.name_edit.setText("PLACE")
    page.key_edit.setText("1")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.problem.text() == "the key 1 is ACTOR's already"
    return page


def test_leaving_a_row_with_unsaved_edits_asks_and_cancel_keeps_them(qtbot, window, ui_project):
    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    page = refused_place(qtbot, editor)
    questions.answers = [CANCEL]
    click_row(qtbot, page, "QUOTE")
    text, buttons = questions.asked[0]
    assert text == "Save your changes to the label NEW?\n\nNot saved yet: name “PLACE”, key 1."
    assert buttons == SAVE | DISCARD | CANCEL
    # Still on the new row, as it was typed, with the reason it was not saved.
    assert page.current_name() == "NEW" and page.list.currentItem().text() == "NEW"
    qtbot.waitUntil(lambda: picked(page) == ["NEW"])  # once the click is done
    assert (page.name_edit.text(), page.key_edit.text()) == ("PLACE", "1")
    assert page.problem.text() == "the key 1 is ACTOR's already"
    # Save, while the key is still taken: refused again, and the row stays.
    questions.answers = [SAVE]
    click_row(qtbot, page, "QUOTE")
    assert page.current_name() == "NEW" and page.name_edit.text() == "PLACE"
    assert page.problem.text() == "the key 1 is ACTOR's already"
    # From the keyboard too: the question, and the row stays picked on Cancel.
    questions.answers = [CANCEL]
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Up)
    assert len(questions.asked) == 3 and page.current_name() == "NEW"
    qtbot.waitUntil(lambda: picked(page) == ["NEW"])
    assert page.list.currentItem().text() == "NEW" and page.name_edit.text() == "PLACE"
    # Put right, Save goes through and then shows the row clicked.
    page.key_edit.setText("6")
    questions.answers = [SAVE]
    click_row(qtbot, page, "QUOTE")
    assert page.current_name() == "QUOTE" and page.name_edit.text() == "QUOTE"
    assert page.problem.text() == ""
    assert (ui_project.labels()[-1].name, ui_project.labels()[-1].key) == ("PLACE", "6")
    assert picked(page) == ["QUOTE"]
    assert len(questions.asked) == 4


def test_discard_shows_the_other_row_without_the_old_rows_error(qtbot, window, ui_project):
    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    page = refused_place(qtbot, editor)
    questions.answers = [DISCARD]
    click_row(qtbot, page, "QUOTE")
    assert page.current_name() == "QUOTE" and page.key_edit.text() == "2"
    assert page.problem.text() == "" and not page.problem.isVisible()
    assert editor.message.text() == ""
    click_row(qtbot, page, "NEW")  # as stored: nothing unsaved, nothing asked
    assert (page.name_edit.text(), page.key_edit.text()) == ("NEW", "5")
    assert page.problem.text() == "" and len(questions.asked) == 1
    assert [label.name for label in ui_project.labels()][-1] == "NEW"


def test_a_row_shown_as_stored_asks_nothing(qtbot, window, ui_project):
    editor = open_editor(window)
    page = editor.labels_page
    page.name_edit.setText("PERSON")
    page.name_edit.setText("ACTOR")  # typed back: nothing to save
    click_row(qtbot, page, "CLAIM")
    editor.tabs.setCurrentIndex(1)
    assert editor.questions.asked == []  # type: ignore[attr-defined]
    assert page.current_name() == "CLAIM" and editor.tabs.currentIndex() == 1


def test_moving_a_row_keeps_its_unsaved_edits(qtbot, window, ui_project):
    editor = open_editor(window)
    page = editor.labels_page
    click_row(qtbot, page, "EVENT")
    page.description_edit.setText("Not saved yet")
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert [label.name for label in ui_project.labels()][1] == "EVENT"
    assert page.current_name() == "EVENT" and page.description_edit.text() == "Not saved yet"
    assert page.dirty()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ui_project.labels()[1].description == "Not saved yet"


def test_add_and_undo_ask_about_unsaved_edits_first(qtbot, window, ui_project):
    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    page = editor.labels_page
    page.description_edit.setText("x")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # something to undo
    page.name_edit.setText("PERSON")
    questions.answers = [CANCEL]
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert [label.name for label in ui_project.labels()] == ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
    assert page.name_edit.text() == "PERSON"
    questions.answers = [CANCEL]
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    text, buttons = questions.asked[1]
    assert text == (
        "Undo Edit ACTOR and discard your changes to the label ACTOR?\n\nNot saved: name “PERSON”."
    )
    assert buttons == DISCARD | CANCEL  # a save would be what the undo takes back
    assert ui_project.labels()[0].description == "x" and page.name_edit.text() == "PERSON"
    questions.answers = [DISCARD]
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert ui_project.labels()[0].description.startswith("A person")
    assert page.name_edit.text() == "ACTOR" and not page.dirty()


def test_switching_tabs_with_unsaved_edits_asks(qtbot, window, ui_project):
    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    editor.tabs.setCurrentIndex(1)
    kinds = editor.relations_page
    kinds.tail_list.item(3).setCheckState(Qt.CheckState.Checked)  # CLAIM as a source too
    questions.answers = [CANCEL]
    qtbot.mouseClick(editor.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=editor.tabs.tabBar().tabRect(0).center())  # fmt: skip
    assert questions.asked[0][0] == (
        "Save your changes to the relation type source?\n\nNot saved yet: tail labels."
    )
    assert editor.tabs.currentIndex() == 1 and kinds.dirty()
    # A row of this tab too: the same question.
    questions.answers = [SAVE]
    click_row(qtbot, kinds, "claimant")
    assert ui_project.relation_types()[0].tail_labels == ("ACTOR", "CLAIM")
    assert kinds.current_name() == "claimant"
    editor.tabs.setCurrentIndex(0)
    assert editor.tabs.currentIndex() == 0 and len(questions.asked) == 2


def test_closing_with_unsaved_edits_asks(qtbot, window, ui_project):
    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    page = editor.labels_page
    page.name_edit.setText("PERSON")
    questions.answers = [CANCEL]
    editor.close()  # the title bar's close
    assert editor.isVisible() and page.name_edit.text() == "PERSON"
    questions.answers = [CANCEL]
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()
    questions.answers = [CANCEL]
    window.close()  # quitting: the dialog would go with the window
    assert window.isVisible() and editor.isVisible()
    assert len(questions.asked) == 3
    assert questions.asked[0][0].startswith("Save your changes to the label ACTOR?")
    questions.answers = [SAVE]
    close = next(b for b in editor.findChildren(type(page.save_button)) if b.text() == "Close")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.labels_menu.editor is None)
    assert ui_project.labels()[0].name == "PERSON"


def test_closing_after_discard_leaves_the_labels_as_they_were(qtbot, window, ui_project):
    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    editor.tabs.setCurrentIndex(1)
    editor.relations_page.name_edit.setText("speaker")
    questions.answers = [DISCARD]
    editor.reject()
    qtbot.waitUntil(lambda: window.labels_menu.editor is None)
    assert ui_project.relation_types()[0].name == "source"


def test_opening_another_project_with_unsaved_edits_asks_and_cancel_stays(
    qtbot, window, ui_project, tmp_path
):
    from annotator.ui.open_windows import open_windows

    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    editor.labels_page.name_edit.setText("PERSON")
    questions.answers = [CANCEL]
    before = list(open_windows())
    window.files.switch_project(window.project.create_another(tmp_path / "other.db"))
    assert list(open_windows()) == before and window.isVisible() and editor.isVisible()
    assert editor.labels_page.name_edit.text() == "PERSON"
    questions.answers = [DISCARD]  # the window's close at the test's end asks too


def test_new_project_with_unsaved_edits_asks_first_and_cancel_makes_no_file(
    qtbot, window, ui_project, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    editor.labels_page.name_edit.setText("PERSON")
    chosen = tmp_path / "new.db"
    asked_for_a_file: list[str] = []

    def save_file_name(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked_for_a_file.append("asked")
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    questions.answers = [CANCEL]
    window.files.new_project()
    assert asked_for_a_file == [] and not chosen.exists()
    assert window.isVisible() and editor.labels_page.name_edit.text() == "PERSON"
    questions.answers = [DISCARD]  # the window's close at the test's end asks too


def test_picking_the_colour_a_label_has_is_no_edit(qtbot, window, ui_project):
    """The picker names colours in capitals; a label stored in small letters keeps its
    colour when it is picked again, and leaving the row asks nothing."""
    ui_project.call(ops.recolor_label, "QUOTE", "#e8a33d")
    window.external.check()
    editor = open_editor(window)
    questions = editor.questions  # type: ignore[attr-defined]
    page = editor.labels_page
    click_row(qtbot, page, "QUOTE")
    editor.choose_color = lambda initial: QColor(initial)  # type: ignore[method-assign]
    qtbot.mouseClick(page.color_button, Qt.MouseButton.LeftButton)
    assert page.edited_fields() == {}
    click_row(qtbot, page, "EVENT")
    assert questions.asked == [] and page.current_name() == "EVENT"
