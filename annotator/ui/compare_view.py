"""Side-by-side comparison of one document's layers, and adjudication into gold.

The article is shown once per compared annotator, plus the gold layer, in columns that
scroll together. Every disagreement (see `annotator.core.disagreements`) is underlined in
the colour of its kind in every column and listed below; the curator steps through them with
F8 / Shift+F8 (or the list), and presses 1-9 to accept that column's annotator's version into
gold, which then moves on to the next disagreement. Relation disagreements (only some linked
it, the relation label differs) are listed below them (`compare_relations`); F9 / Shift+F9
step through those, and 1-9 accept a version of the links while that list is the one in use.
Each list has the window's whole width, so that every annotator's version and gold's fit
beside the kind (`column_fit`); the split between the columns and the lists, and the
column widths the curator sets, are remembered (`layout_settings`).
Every gold change is sent on as its `Changes` (`gold_changed`), so the main window shows it
as it shows its own edits. Ctrl+Z / Ctrl+Shift+Z undo and redo: the
gold operations (`annotator.ops.gold`) go into an ops `History`, whose rule is that undo
never crosses another program's change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QWidget,
)

from annotator.core.coefficients import AgreementSpan
from annotator.core.disagreements import find_disagreements
from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.model import GOLD_ANNOTATOR, Relation, Span, Status
from annotator.ops import gold as ops_gold
from annotator.ops.changes import Changes
from annotator.ops.history import Entry, History, HistoryLost
from annotator.store.gold import GOLD_STATE_NAMES, skipped_links, span_key
from annotator.store.interface import ProjectStore
from annotator.ui import layout_settings
from annotator.ui.column_fit import ColumnFit
from annotator.ui.compare_actions import build_comparison_actions
from annotator.ui.compare_layout import build_comparison_layout
from annotator.ui.compare_relations import RelationList
from annotator.ui.disagreement_model import KIND_COLORS, MAX_COLUMNS, DisagreementModel, plural
from annotator.ui.plain import as_menu_text, plain_message_box
from annotator.ui.text_view import SpanTextView


class ComparisonWindow(QMainWindow):
    """Compares `annotators`' layers of one document and builds its gold layer."""

    edit_gold_requested = Signal(str)  # document id: open it in the main window as gold
    gold_changed = Signal(str, object)  # document id, the Changes made to gold
    # Built by compare_actions.build_comparison_actions.
    start_action: QAction
    undo_action: QAction
    redo_action: QAction
    # Built by compare_layout.build_comparison_layout.
    views: dict[str, SpanTextView]  # each annotator's layer, and gold's last
    headers: dict[str, QLabel]
    model: DisagreementModel
    table: QTableView
    table_fit: ColumnFit
    legend: QLabel
    relation_list: RelationList
    split: QSplitter

    def __init__(
        self,
        project: ProjectStore,
        document_id: str,
        annotators: Sequence[str],
        labels: Sequence[str] | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ):
        super().__init__(parent)
        names = [name for name in annotators if name != GOLD_ANNOTATOR]
        if len(names) < 2:
            raise AnnotatorError("a comparison needs at least two annotators")
        if len(names) > MAX_COLUMNS:  # keys 1-9 pick a version: never hide a tenth column
            raise AnnotatorError(
                f"a comparison shows at most {MAX_COLUMNS} annotators side by side, not "
                f"{len(names)}: pick a pair in the matrix, or fewer annotators"
            )
        self.project = project
        self.annotators = names
        self.document = project.document(document_id)
        self.labels = project.labels()
        # Disagreements are listed for these labels only (as in the agreement figures); the
        # columns show every span.
        self._every_label = not labels  # a label added later is compared too
        self.compared_labels = set(labels) if labels else {label.name for label in self.labels}
        # The gold operations made here, for undo; the change token is the project's as of
        # the window's last look at the stored gold layer (`_catch_up`).
        self.history = History()
        self._change_token = project.change_token()
        self.setWindowTitle(f"Compare: {self.document.title or self.document.id}")
        layout_settings.resize_within_screen(self, 1300, 850)
        self._syncing_scroll = False
        self._relations: dict[str, list[Relation]] = {}  # each layer's, as shown
        build_comparison_layout(self)
        self._build_actions()
        # None: nothing remembered (a window made only to read its actions, say).
        self.settings = settings
        self.remembered = layout_settings.ReviewLayout(
            "compare",
            {"split": self.split},
            {"spans": self.table_fit, "relations": self.relation_list.fit},
        )
        if settings is not None:
            layout_settings.restore_review(settings, self.remembered)
        self.reload()

    # -- building -------------------------------------------------------------------------

    def _build_actions(self) -> None:
        build_comparison_actions(self)
        self._on_history_changed()
        self.history.subscribe(self._on_history_changed)

    # -- content --------------------------------------------------------------------------

    def reload(
        self,
        layers: dict[str, list[Span]] | None = None,
        relations: dict[str, list[Relation]] | None = None,
    ) -> None:
        """Show every layer as stored (read now, unless `layers` was just read)."""
        text = self.document.text
        if layers is None:
            layers = self._stored_layers()
        if relations is None:
            relations = self._stored_relations()
        self._relations = relations
        triples = {
            name: [span_key(s) for s in spans if s.label in self.compared_labels]
            for name, spans in layers.items()
            if name != GOLD_ANNOTATOR
        }
        self.disagreements = find_disagreements(triples)
        marks = [(d.start, d.end, KIND_COLORS[d.kind]) for d in self.disagreements]
        for name, view in self.views.items():
            view.set_document(text, layers[name], self.labels)
            view.set_marks(marks)
        current = self.current_row()
        gold = self._gold_triples()
        self.model.set_rows(self.disagreements, text, gold)
        self.relation_list.show(text, layers, relations, self.compared_labels, gold is not None)
        self._update_headers()
        if self.disagreements:
            self.go_to(min(max(current, 0), len(self.disagreements) - 1))

    def _gold_triples(self) -> set[AgreementSpan] | None:
        view = self.views[GOLD_ANNOTATOR]
        status = self.project.status(self.document.id, GOLD_ANNOTATOR)
        if not view.spans() and status == Status.NEW:
            return None
        return {span_key(s) for s in view.spans()}

    def _update_headers(self) -> None:
        for number, name in enumerate(self.annotators, start=1):
            status = self.project.status(self.document.id, name)
            count = plural(len(self.views[name].spans()), "span")
            self.headers[name].setText(f"{number} · {name} ({status.value}, {count})")
        gold = self.project.status(self.document.id, GOLD_ANNOTATOR)
        state = GOLD_STATE_NAMES[gold]
        count = plural(len(self.views[GOLD_ANNOTATOR].spans()), "span")
        self.headers[GOLD_ANNOTATOR].setText(f"gold ({state}, {count})")
        self.statusBar().showMessage(
            f"{plural(len(self.disagreements), 'disagreement')} between "
            f"{', '.join(self.annotators)}, "
            f"{plural(len(self.relation_list.disagreements), 'relation disagreement')}. "
            f"F8 / Shift+F8 step (F9 relations), 1–{len(self.annotators)} "
            "accept a version into gold, Ctrl+Z undo."
        )

    # -- stepping -------------------------------------------------------------------------

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def go_to(self, row: int) -> None:
        """Make disagreement `row` current: selected in the list, shown in every column."""
        self.table.setCurrentIndex(self.model.index(row, 0))

    def step(self, direction: int) -> None:
        if self.disagreements:
            row = self.current_row()
            self.go_to((row + direction) % len(self.disagreements) if row >= 0 else 0)

    def step_relations(self, direction: int) -> None:
        self.relation_list.step(direction)

    def _on_relation_table_current_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        found = self.relation_list.current()
        if not current.isValid() or found is None:
            return
        self.relation_list.active = True
        self.statusBar().showMessage(
            f"Relation disagreement {current.row() + 1} of "
            f"{len(self.relation_list.disagreements)}: 1–{len(self.annotators)} accept that "
            "annotator's links into gold (F8 goes back to the span disagreements)."
        )
        self._syncing_scroll = True
        try:
            for view in self.views.values():
                view.show_range(found.start, found.end)
        finally:
            self._syncing_scroll = False

    def _on_table_current_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        if not current.isValid():
            return
        self.relation_list.active = False
        disagreement = self.disagreements[current.row()]
        self._syncing_scroll = True  # columns of different widths wrap differently
        try:
            for view in self.views.values():
                view.set_current_mark(current.row())
                view.show_range(disagreement.start, disagreement.end)
        finally:
            self._syncing_scroll = False

    def _on_view_scrolled(self, _: int) -> None:
        """Scrolling one column scrolls the others to the same paragraph at the top (the
        columns may differ in width, so the same scroll value can be another line)."""
        if self._syncing_scroll:
            return
        source = self.sender()
        self._syncing_scroll = True
        try:
            leader = next(v for v in self.views.values() if v.verticalScrollBar() is source)
            block = leader.firstVisibleBlock().blockNumber()
            for view in self.views.values():
                if view is not leader:
                    line = view.document().findBlockByNumber(block).firstLineNumber()
                    view.verticalScrollBar().setValue(line)
        finally:
            self._syncing_scroll = False

    # -- curating -------------------------------------------------------------------------

    def start(self) -> bool:
        """Create gold from the agreed spans if it does not exist yet; True if gold exists."""
        if self.model.gold is not None:
            return True
        token = self._catch_up()
        try:
            changes = self.project.call(ops_gold.start_gold, self.document.id, self.annotators)
        except AnnotatorError as error:
            self._error(f"Could not start the gold layer: {error}")
            return False
        self.history.push("Start gold", changes, token, self.current_row())
        self._show_gold(changes)  # as stored: another window may have started it already
        return True

    def accept(self, annotator: str) -> None:
        """Accept `annotator`'s version of the current disagreement (of the list in use),
        then move on."""
        if self.relation_list.active:
            self.accept_links(annotator)
            return
        row = self.current_row()
        if row < 0 or not self.start():
            return
        token = self._catch_up()
        try:
            changes = self.project.call(
                ops_gold.accept_version, self.document.id, self.disagreements[row], annotator
            )
        except AnnotatorError as error:
            self._error(f"Could not accept {annotator}'s version: {error}")
            return
        if changes:
            self.history.push(f"Accept {annotator}'s version", changes, token, row)
            self._show_gold(changes)
        if row + 1 < len(self.disagreements):
            self.go_to(row + 1)

    def accept_links(self, annotator: str) -> None:
        """Accept `annotator`'s links of the current relation disagreement, then move on.
        Links whose ends gold lacks are not made: the status bar says how many."""
        row = self.relation_list.current_row()
        found = self.relation_list.current()
        if found is None or not self.start():
            return
        token = self._catch_up()
        try:
            changes = self.project.call(ops_gold.accept_links, self.document.id, found, annotator)
            skipped = self.project.call(
                skipped_links, self.document.id, list(found.links_of(annotator))
            )
        except AnnotatorError as error:
            self._error(f"Could not accept {annotator}'s links: {error}")
            return
        if changes:
            self.history.push(f"Accept {annotator}'s links", changes, token, None)
            self._show_gold(changes)
        if skipped:
            self.statusBar().showMessage(
                f"{plural(len(skipped), 'link')} of {annotator}'s not made: gold lacks "
                "its ends (accept those spans first).",
                10000,
            )
        if row + 1 < len(self.relation_list.disagreements):
            self.relation_list.go_to(row + 1)

    def mark_curated(self) -> None:
        if not self.start():
            return
        if self.project.status(self.document.id, GOLD_ANNOTATOR) == Status.DONE:
            return
        token = self._catch_up()
        try:
            changes = self.project.call(ops_gold.mark_curated, self.document.id)
        except AnnotatorError as error:
            self._error(f"Could not mark gold done: {error}")
            return
        self.history.push("Mark gold done", changes, token)  # undo stays where it is
        self._show_gold(changes)
        self.statusBar().showMessage("Gold marked done.", 5000)

    # -- undo and redo --------------------------------------------------------------------

    def undo(self) -> None:
        self._undo_or_redo("undone", self.history.undo_entry(), self.history.undo)

    def redo(self) -> None:
        self._undo_or_redo("redone", self.history.redo_entry(), self.history.redo)

    def _undo_or_redo(
        self, what: str, entry: Entry | None, step: Callable[[ProjectStore], Changes]
    ) -> None:
        """Undo or redo `entry`, then go back to the disagreement it was made on."""
        if entry is None:
            return
        done: Changes | None = None
        try:
            # The write lock first: no other program can commit between the look at the
            # stored layers and the step's own write (the history checks the change token
            # again, under the same lock).
            with self.project.transaction():
                if not self.refresh():
                    done = step(self.project)
                else:
                    self._history_lost_message(what)
        except HistoryLost:
            self._history_lost_message(what)
            self.reload()
        except ProjectError as error:  # busy, read-only, gone: the entry is kept
            self._error(f"Nothing was {what}: {error}")
        except AnnotatorError as error:  # the store is not as the entry left it: dropped
            self._error(
                f"Could not {entry.description.replace(chr(10), ' ').lower()}: {error}. "
                "The gold layer was changed elsewhere; it is shown as it is now."
            )
            self.reload()
        if done is not None:
            self._show_gold(done)
            if entry.place is not None and 0 <= entry.place < len(self.disagreements):
                self.go_to(entry.place)

    def _history_lost_message(self, what: str) -> None:
        self._error(
            f"Nothing was {what}: the gold layer was changed in another window or program "
            "since your last step here. It is shown as it is now, and this comparison's "
            "undo history was cleared so that undo cannot overwrite that change."
        )

    def _on_history_changed(self) -> None:
        for action, prefix, can, text in (
            (self.undo_action, "Undo", self.history.can_undo(), self.history.undo_text()),
            (self.redo_action, "Redo", self.history.can_redo(), self.history.redo_text()),
        ):
            action.setEnabled(can)
            action.setText(f"{prefix} {as_menu_text(text)}" if text else prefix)

    def _catch_up(self) -> int:
        """The change token to record a gold operation at, made now. If another connection
        committed since the window last looked and the stored gold layer is not the one
        shown, the undo history is cleared (it was made on a gold layer that is gone);
        otherwise it goes on from the new token. (The operation then shows gold as stored.)"""
        version = self.project.change_token()  # before the read: a later commit is seen
        if version != self._change_token:
            self._change_token = version
            stored = self.project.spans(self.document.id, GOLD_ANNOTATOR)
            if set(stored) != set(self.views[GOLD_ANNOTATOR].spans()):
                self._clear_history()
            else:
                self.history.rebase(version)
        return version

    def _show_gold(self, changes: Changes | None = None) -> None:
        """Show the gold layer as stored (another window may have joined its own edits to
        ours): only the spans that differ are redrawn. `changes`: what this window just did
        to gold, sent on (`gold_changed`) for the main window to show."""
        view = self.views[GOLD_ANNOTATOR]
        shown = {span.id: span for span in view.spans()}
        stored = {span.id: span for span in self.project.spans(self.document.id, GOLD_ANNOTATOR)}
        for span_id, span in shown.items():
            if stored.get(span_id) != span:
                view.remove_span(span)
        for span_id, span in stored.items():
            if shown.get(span_id) != span:
                view.add_span(span)
        self.model.set_gold(self._gold_triples())
        self._relations[GOLD_ANNOTATOR] = self.project.relations(self.document.id, GOLD_ANNOTATOR)
        layers = {name: view.spans() for name, view in self.views.items()}
        self.relation_list.show_gold(layers, self._relations)
        self._update_headers()
        if changes:
            self.gold_changed.emit(self.document.id, changes)

    def on_changes_applied(self, changes: Changes) -> None:
        """Another window of ours (the main window, editing gold, a layer or the labels)
        changed the project: show the layers it touched as they are now."""
        if changes.label_edits:
            self._follow_labels(changes)
        elif any(changes.touches(self.document.id, name) for name in self.views):
            self.refresh()

    def _follow_labels(self, changes: Changes) -> None:
        """The labels or relation types changed: a renamed one is renamed in what is shown,
        in the labels compared and in the undo history, which stays usable (as the main
        window's does); then every layer is shown with the labels as they are now."""
        for kind, old, new in changes.renames():
            self.history.follow_rename(kind, old, new)
            if kind == "label":
                self.compared_labels = {new if n == old else n for n in self.compared_labels}
                for view in self.views.values():
                    for span in [s for s in view.spans() if s.label == old]:
                        view.remove_span(span)
                        view.add_span(replace(span, label=new))
            else:
                self._relations = {
                    name: [replace(r, label=new) if r.label == old else r for r in shown]
                    for name, shown in self._relations.items()
                }
        self.labels = self.project.labels()
        names = {label.name for label in self.labels}
        self.compared_labels = names if self._every_label else self.compared_labels & names
        self.refresh()  # another program's edit of gold still clears the history
        self.reload()  # the labels' colours, and the disagreements of those compared

    def gold_spans(self) -> list[Span]:
        return sorted(self.views[GOLD_ANNOTATOR].spans(), key=self._sort_key)

    def _error(self, message: str) -> None:
        plain_message_box(QMessageBox.Icon.Warning, "Gold layer", message, self).open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.settings is not None:
            layout_settings.save_review(self.settings, self.remembered)
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        # Any layer may have been edited in the main window or another program meanwhile:
        # show them as they are, so an accepted version is always one the annotator has.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh()
        super().changeEvent(event)

    def refresh(self) -> bool:
        """Reload if any shown layer differs from the store, with a fresh undo history if
        gold does (the history no longer matches it): True then, if there was a history.
        Another program's change that leaves gold as shown keeps the history."""
        version = self.project.change_token()  # before the read: a later commit is seen
        layers = self._stored_layers()
        relations = self._stored_relations()
        changed = [
            name
            for name, view in self.views.items()
            if set(layers[name]) != set(view.spans())
            or set(relations[name]) != set(self._relations.get(name, ()))
        ]
        if version != self._change_token:
            self._change_token = version
            if GOLD_ANNOTATOR not in changed:
                self.history.rebase(version)
        if not changed:
            self._update_headers()  # statuses (gold marked curated elsewhere, say)
            return False
        self.reload(layers, relations)
        if GOLD_ANNOTATOR in changed and self.history.count():
            self._clear_history()
            return True
        return False

    def _clear_history(self) -> None:
        if not self.history.count():
            return
        self.history.clear()
        self.statusBar().showMessage(
            "The gold layer was changed in another window: this comparison's undo "
            "history no longer applies and was cleared.",
            15000,
        )

    def _stored_layers(self) -> dict[str, list[Span]]:
        return {name: self.project.spans(self.document.id, name) for name in self.views}

    def _stored_relations(self) -> dict[str, list[Relation]]:
        return {name: self.project.relations(self.document.id, name) for name in self.views}

    @staticmethod
    def _sort_key(span: Span) -> tuple[int, int, str, int]:
        return (span.start, span.end, span.label, span.id or 0)
