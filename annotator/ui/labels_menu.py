"""The window's label management: Labels ▸ Edit labels… (the label editor, with an undo
history of its own that outlives the dialog), and the Guideline panel (a dock) showing the
guideline of the picked span's label or of the label button under the mouse.

A label edit reaches the window as `Changes` through the controller (`apply_changes`: the
label actions, the highlighter and the span list re-read the labels); a rename or a removal
changes the spans of layers in place, so the open layer is read again when its stored spans
no longer match the ones shown (which, like any reload, starts a fresh span undo history).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from annotator.ops.changes import Changes
from annotator.ops.history import History
from annotator.ui.guideline_panel import GuidelinePanel
from annotator.ui.theme import SpanRepaint

if TYPE_CHECKING:
    from annotator.ui.label_editor import LabelEditor
    from annotator.ui.main_window import MainWindow


class LabelsMenu:
    def __init__(self, window: MainWindow):
        self.window = window
        self.history = History()  # label edits: project-wide, not the open document's
        self.editor: LabelEditor | None = None
        self.edit_action = QAction("&Edit labels…", window)
        self.edit_action.setShortcut("Ctrl+Shift+L")
        self.edit_action.setToolTip(
            "Add, rename, recolour, re-key, describe, order and remove labels and relation "
            "types; write their guidelines (Ctrl+Shift+L)"
        )
        self.edit_action.triggered.connect(self.open_editor)
        window.addAction(self.edit_action)
        actions = window.label_menu.actions()  # the labels'
        first = actions[0] if actions else window.label_menu.addSeparator()
        window.label_menu.insertAction(first, self.edit_action)
        window.label_menu.insertSeparator(first)

        self.panel = GuidelinePanel()
        self.dock = QDockWidget("Guideline", window)
        self.dock.setObjectName("guideline-dock")  # saveState() needs a name
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.resizeDocks([self.dock], [250], Qt.Orientation.Horizontal)
        self.toggle_panel_action = self.dock.toggleViewAction()
        self.toggle_panel_action.setText("&Guideline panel")
        window.label_menu.insertAction(first, self.toggle_panel_action)

        # The span colours depend on the background: a new palette (dark mode) re-formats.
        self.repaint = SpanRepaint(
            window, lambda: window.text_view.set_labels(window.controller.labels)
        )
        window.controller.labels_changed.connect(self.on_labels_changed)
        window.text_view.span_clicked.connect(self.on_span_picked)
        window.controller.changes_applied.connect(self._on_changes_applied)
        window.controller.document_opened.connect(self._on_changes_applied)  # nothing picked
        window.span_view.selectionModel().selectionChanged.connect(self.on_span_list_picked)
        self.on_labels_changed()

    # -- the editor -----------------------------------------------------------------------

    def open_editor(self) -> LabelEditor | None:
        """Show the label editor (not while an import holds the project: None)."""
        if self.window.edits.busy():
            return None
        if self.editor is None:
            # On demand: not on the window's start.
            from annotator.ui.label_editor import LabelEditor

            self.editor = LabelEditor(self.window.project, self.history, self.window)
            self.editor.applied.connect(self.on_applied)
            self.editor.finished.connect(self._on_editor_finished)
        self.editor.show()
        self.editor.raise_()
        self.editor.activateWindow()
        return self.editor

    def settle_editor(self) -> bool:
        """Leave no unsaved edits in the label editor, if it is open (saved or discarded as
        the user answers); False when the user chose to go on editing."""
        return self.editor is None or not self.editor.isVisible() or self.editor.settle()

    def _on_editor_finished(self) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = None

    def on_applied(self, changes: Changes) -> None:
        """A label edit (or its undo): the window's views follow, and so does the window's
        undo history (a rename renames the spans it holds: it stays usable)."""
        w = self.window
        w.controller.apply_changes(changes)  # labels re-read, removed spans gone
        for kind, old, new in changes.renames():
            w.history.follow_rename(kind, old, new)
            # The open layer's spans (relations) of the old name, as the store has them now.
            if kind == "label":
                spans = [s for s in w.layer_model.spans() if s.label == old]
                follow = Changes(spans_changed=tuple((s, replace(s, label=new)) for s in spans))
            else:
                relations = [r for r in w.layer_model.relations() if r.label == old]
                follow = Changes(
                    relations_changed=tuple((r, replace(r, label=new)) for r in relations)
                )
            if follow:
                w.controller.apply_changes(follow)

    # -- the guideline panel --------------------------------------------------------------

    def on_labels_changed(self) -> None:
        w = self.window
        self.panel.set_labels(w.controller.labels, w.project.relation_types())
        for action, label in zip(w.label_actions, w.controller.labels, strict=False):
            action.hovered.connect(lambda name=label.name: self.panel.show_label(name))

    def on_span_picked(self, span: object) -> None:
        self.panel.show_label(getattr(span, "label", None))  # None: "Pick a span…"

    def _on_changes_applied(self, *_: object) -> None:
        # The picked span may be gone (undone, deleted) or relabelled, or another document or
        # layer open.
        current = self.window.text_view.current
        self.panel.show_label(current.label if current is not None else None)

    def on_span_list_picked(self, *_: object) -> None:
        current = self.window.text_view.current
        if current is not None:
            self.panel.show_label(current.label)
