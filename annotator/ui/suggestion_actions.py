"""The Suggestions menu and its keys: step through the open document's suggestions, accept
one into my layer, reject it, accept every one of a label; suggest again (this document,
the whole project), import a gazetteer, choose the suggesters. View ▸ Show suggestions.

Keys: N / Shift+N the next / previous suggestion (scrolled to and marked current), A
accept it (a quote with its speaker's ACTOR span and the `source` relation), X reject it,
Shift+A accept every suggestion of its label in the document. Each is an operation
(`ops.suggestions`) run through the window's edits: one `changes_applied`, one undo step
(Ctrl+Z takes the span and relation back and shows the suggestion again).

The operations' module is imported when first used (it brings the known-actors automaton):
the window's start imports no suggester.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from annotator.core.errors import AnnotatorError
from annotator.core.model import Suggestion
from annotator.ops.changes import Changes
from annotator.ui.after_paint import AfterPaint
from annotator.ui.suggestion_display import SuggestionDisplay, describe
from annotator.ui.suggestion_model import SuggestionModel, order
from annotator.ui.tasks import Task

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.suggest_settings import SuggestSettingsDialog
    from annotator.ui.suggest_task import SuggestRunner

SHOW_KEY = "suggest/show"  # View ▸ Show suggestions, in the app's settings


def install(window: MainWindow) -> Suggestions:
    """Build the window's suggestions: model, display, runs, actions and menus."""
    return Suggestions(window)


class Suggestions(QObject):
    next_action: QAction
    previous_action: QAction
    accept_action: QAction
    reject_action: QAction
    accept_label_action: QAction
    suggest_again_action: QAction
    suggest_project_action: QAction
    gazetteer_action: QAction
    settings_action: QAction
    show_action: QAction

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.model = SuggestionModel(window.layer_model)
        self.display = SuggestionDisplay(window, self.model)
        self._runner: SuggestRunner | None = None  # made at the first run, after the paint
        # The open document's run, after its first paint: the text comes first, the
        # suggestions a moment later (and the runner, with its modules, is made then).
        self._after_paint = AfterPaint(
            window.text_view.viewport(), lambda: self.runner.suggest_open_document(), False
        )
        self._build_actions()
        self.display.set_visible(self.show_action.isChecked())
        c = window.controller
        c.document_opened.connect(self._on_controller_document_opened)
        c.changes_applied.connect(self._on_controller_changes_applied)

    @property
    def runner(self) -> SuggestRunner:
        """The runs of the suggesters; their modules are imported at the first run, which
        comes after the window's first paint (not on the start's path)."""
        if self._runner is None:
            from annotator.ui.suggest_task import SuggestRunner

            self._runner = SuggestRunner(self.window, self.model)
        return self._runner

    def _build_actions(self) -> None:
        from annotator.ui.window_actions import add_action

        w = self.window
        a = partial(add_action, w)
        self.next_action = a(
            "&Next suggestion", lambda: self.step(1), ["N"], "Go to the next suggestion (N)"
        )
        self.previous_action = a(
            "&Previous suggestion", lambda: self.step(-1), ["Shift+N"], "The previous (Shift+N)"
        )
        self.accept_action = a(
            "&Accept the suggestion",
            self.accept,
            ["A"],
            "Put the current suggestion into your layer, a quote with its speaker (A)",
        )
        self.reject_action = a(
            "&Reject the suggestion", self.reject, ["X"], "Reject the current suggestion (X)"
        )
        self.accept_label_action = a(
            "Accept every suggestion of its &label",
            self.accept_label,
            ["Shift+A"],
            "Accept every suggestion of the current one's label in this document (Shift+A)",
        )
        self.suggest_again_action = a("Suggest this &document again", self.suggest_again)
        self.suggest_project_action = a("Suggest the whole &project…", self.suggest_project)
        self.gazetteer_action = a("Import a &gazetteer…", lambda: self.import_gazetteer())
        self.settings_action = a("&Settings…", lambda: self.open_settings())
        self.show_action = a("Show s&uggestions", self._on_show_toggled)
        self.show_action.setCheckable(True)
        self.show_action.setChecked(bool(w.settings.value(SHOW_KEY, True, type=bool)))
        menu = w.menuBar().addMenu("&Suggestions")
        menu.addActions(
            [
                self.next_action,
                self.previous_action,
                self.accept_action,
                self.reject_action,
                self.accept_label_action,
            ]
        )
        menu.addSeparator()
        menu.addActions(
            [self.suggest_again_action, self.suggest_project_action, self.gazetteer_action]
        )
        menu.addSeparator()
        menu.addActions([self.settings_action, self.show_action])
        w.view_menu.addAction(self.show_action)

    # -- keeping up -----------------------------------------------------------------------

    def _on_controller_document_opened(self, *_: object) -> None:
        self._after_paint.arm()
        self.window.text_view.viewport().update()

    def _on_controller_changes_applied(self, changes: Changes) -> None:
        before = self.model.current
        self.model.apply_changes(changes)
        self.runner.on_changes_applied(changes)
        key = self.model.key
        if key is None or before is not None:
            return
        # An undo of a decision: the suggestion it restored is the current one again.
        restored = [i for i, d, who, _, new in changes.decisions if (d, who) == key and new is None]
        back = [s for i in restored if (s := self.model.suggestion(i)) is not None]
        if back:
            self._go(min(back, key=order), scroll=True)

    def _on_show_toggled(self, checked: bool) -> None:
        self.window.settings.setValue(SHOW_KEY, checked)
        if not checked:
            self.model.current = None
        self.display.set_visible(checked)

    # -- stepping -------------------------------------------------------------------------

    def _usable(self) -> bool:
        w = self.window
        if w.controller.document is None:
            return False
        if not self.show_action.isChecked():
            w.statusBar().showMessage("Suggestions are hidden: View ▸ Show suggestions.", 5000)
            return False
        if not self.model.loaded:
            w.statusBar().showMessage("The suggestions of this document are on their way.", 4000)
            return False
        return True

    def _cursor_offset(self) -> int:
        view = self.window.text_view
        return view.offsets.from_qt(view.textCursor().selectionStart())

    def step(self, step: int) -> Suggestion | None:
        """N / Shift+N: the next (previous) suggestion from the current one, or from the
        text cursor; past the last, round to the first."""
        if not self._usable():
            return None
        w = self.window
        if not len(self.model):
            w.statusBar().showMessage("No suggestions left in this document.", 5000)
            return None
        current = self.model.current
        if current is not None:
            target = self.model.neighbour(current, step)
        else:
            offset = self._cursor_offset()
            target = self.model.next_after(offset - 1 if step > 0 else offset, step)
        wrapped = target is None
        if target is None:
            shown = self.model.shown()
            target = shown[0] if step > 0 else shown[-1]
        self._go(target, scroll=True)
        if wrapped:
            where = "first" if step > 0 else "last"
            w.statusBar().showMessage(f"Back to the {where} suggestion. {self._hint()}", 6000)
        return target

    def _go(self, suggestion: Suggestion | None, scroll: bool) -> None:
        """Make `suggestion` current: shown, its keys said; the picked span let go (its
        keys would act on a span out of sight)."""
        w = self.window
        self.model.set_current(suggestion)
        if suggestion is None:
            return
        if w.text_view.current is not None:
            w.select_span(None)
        view = w.text_view
        cursor = view.textCursor()
        cursor.setPosition(view.offsets.to_qt(suggestion.start))
        view.setTextCursor(cursor)
        if scroll:
            view.show_range(suggestion.start, suggestion.end)
        position = self.model.position(suggestion) + 1
        w.statusBar().showMessage(
            f"{describe(suggestion, view.text)} — {position} of {len(self.model)}. {self._hint()}",
            8000,
        )

    def _hint(self) -> str:
        return "A accepts, X rejects, Shift+A accepts every one of its label, N goes on."

    def _target(self) -> Suggestion | None:
        """The suggestion the keys act on: the current one, else the one at the cursor."""
        if not self._usable():
            return None
        current = self.model.suggestion(self.model.current.id if self.model.current else None)
        if current is not None:
            return current
        found = self.model.at(self._cursor_offset())
        if found:
            return min(found, key=lambda s: s.end - s.start)
        self.window.statusBar().showMessage(
            "No suggestion is picked: N goes to the next one (or click one).", 5000
        )
        return None

    # -- deciding -------------------------------------------------------------------------

    def accept(self) -> Changes | None:
        """A: the current suggestion into my layer (a quote with its speaker and `source`
        relation), then the next one."""
        from annotator.ops.suggestions import accept_suggestion

        def said(suggestion: Suggestion, changes: Changes) -> str:
            linked = " and its speaker, linked" if changes.relations_added else ""
            return f"Accepted {suggestion.label}{linked} ({len(changes.spans_added)} new)"

        return self._decide("Accept", accept_suggestion, said)

    def reject(self) -> Changes | None:
        """X: the current suggestion is not shown to me again (Ctrl+Z brings it back)."""
        from annotator.ops.suggestions import reject_suggestion

        return self._decide("Reject", reject_suggestion, lambda s, _: f"Rejected {s.label}")

    def _decide(
        self,
        verb: str,
        operation: Callable[..., Changes],
        said: Callable[[Suggestion, Changes], str],
    ) -> Changes | None:
        """Accept or reject the target suggestion as one undo step, then go on to the
        next one, saying `said`."""
        suggestion = self._target()
        if suggestion is None:
            return None
        w = self.window
        changes = w.edits.push(
            f"{verb} suggested {suggestion.label}",
            None,
            operation,
            suggestion.id,
            w.controller.annotator,
        )
        if changes is not None:
            self._then_next(suggestion, said(suggestion, changes))
        return changes

    def accept_label(self) -> Changes | None:
        """Shift+A: every suggestion of the current one's label in this document, as one
        change (one Ctrl+Z)."""
        from annotator.ops import suggestions as ops_suggestions

        suggestion = self._target()
        if suggestion is None:
            return None
        w = self.window
        label = suggestion.label
        count = sum(1 for s in self.model.shown() if s.label == label)
        assert w.controller.document is not None
        changes = w.edits.push(
            f"Accept {count} suggested {label}",
            None,
            ops_suggestions.accept_label,
            w.controller.document.id,
            w.controller.annotator,
            label,
        )
        if changes is not None:
            self.model.set_current(None)
            w.statusBar().showMessage(
                f"Accepted {count:,} suggested {label}: {len(changes.spans_added):,} new spans, "
                f"{len(changes.relations_added):,} links. Ctrl+Z undoes them all.",
                10000,
            )
        return changes

    def _then_next(self, decided: Suggestion, message: str) -> None:
        following = self.model.neighbour(decided, 1)
        if following is None:
            self.model.set_current(None)
            self.window.statusBar().showMessage(f"{message}. No suggestion after it.", 6000)
            return
        self._go(following, scroll=True)
        self.window.statusBar().showMessage(
            f"{message}. Next: {describe(following, self.window.text_view.text)}. {self._hint()}",
            8000,
        )

    def suggest_again(self) -> None:
        w = self.window
        if w.controller.document is None:
            return
        self.runner.suggest_open_document()
        w.statusBar().showMessage("Suggesting this document again…", 4000)

    # -- gazetteer and settings -----------------------------------------------------------

    def import_gazetteer(self, path: Path | None = None) -> int | None:
        """Add a gazetteer file's names (one a line, or `name<TAB>alias`) to the project's
        known actors, then suggest the open document again; the number of new rows, None
        if nothing was imported (a bad file says where: FILE:LINE, and adds nothing)."""
        w = self.window
        from annotator.core.suggest.gazetteer import read_gazetteer  # only when asked

        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                w, "Import a gazetteer", "", "Gazetteers (*.txt *.tsv);;All files (*)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            rows = read_gazetteer(path)
            added = w.project.add_gazetteer(rows)
        except AnnotatorError as error:
            w.show_error(str(error))
            return None
        w.statusBar().showMessage(
            f"Gazetteer {path.name}: {len(rows):,} names read, {added:,} new. Suggesting again.",
            8000,
        )
        self.runner.suggest_open_document()
        return added

    def open_settings(self) -> SuggestSettingsDialog:
        from annotator.ui.suggest_settings import SuggestSettingsDialog

        dialog = SuggestSettingsDialog(self.window.settings, self.window)
        dialog.accepted.connect(lambda: self.runner.suggest_open_document())
        dialog.open()
        return dialog

    def suggest_project(self) -> Task | None:
        return self.runner.suggest_project()
