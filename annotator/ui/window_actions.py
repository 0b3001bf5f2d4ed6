"""The main window's actions, its menus and its toolbar: built here, kept as attributes of
the window (`window.undo_action`, `window.label_actions`, ...), which wires them.

What an action does lives in the module named for it (`edit_actions`, `file_actions`,
`navigation`, `span_menus`, `review`); an action here only names it and its keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel

from annotator.ui import boundaries, find_actions
from annotator.ui.plain import as_menu_text, as_tooltip, plain_label
from annotator.ui.shared_open import open_shared_project
from annotator.ui.shortcut_sheet import SHEET_NAME
from annotator.ui.span_menus import swatch

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def add_action(
    window: MainWindow,
    text: str,
    slot: Callable[..., object],
    shortcuts: Sequence[str] | QKeySequence.StandardKey = (),
    tip: str = "",
) -> QAction:
    """A window-wide action calling `slot`, with its keys and tooltip."""
    action = QAction(text, window)
    if isinstance(shortcuts, QKeySequence.StandardKey):
        action.setShortcut(shortcuts)
    elif shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if tip:
        action.setToolTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """Every action of the window, the label actions among them (before the menus)."""
    a = partial(add_action, window)
    window.new_action = a("&New project…", window.files.new_project, QKeySequence.StandardKey.New)
    window.open_shared_action = a(
        "Open &shared project…", lambda: open_shared_project(window), ["Ctrl+Shift+O"]
    )
    window.open_action = a(
        "&Open project…", window.files.open_project, QKeySequence.StandardKey.Open
    )
    window.import_files_action = a("&Import…", window.files.import_files, ["Ctrl+I"])
    window.import_folder_action = a(
        "Import a &folder…", window.files.import_folder, ["Ctrl+Shift+I"]
    )
    window.export_action = a("&Export…", window.files.export, ["Ctrl+E"])
    window.quit_action = a("&Quit", window.close, QKeySequence.StandardKey.Quit)

    # Our own actions rather than createUndoAction(): undo and redo write to the project
    # too, so they must wait while an import holds it, like every other edit.
    window.undo_action = a("&Undo", window.edits.undo, ["Ctrl+Z"])
    window.redo_action = a("&Redo", window.edits.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
    for name, each in (("Undo", window.undo_action), ("Redo", window.redo_action)):
        each.setProperty(SHEET_NAME, name)  # its text names the step to undo
    window.edits.on_history_changed()
    window.history.subscribe(window.edits.on_history_changed)
    window.find_action = a("&Find…", window.find_bar.open_bar, ["Ctrl+F"])
    window.search_action = a("&Search documents…", window.search_panel.open_panel, ["Ctrl+Shift+F"])
    window.find_next_action = a("Find &next", partial(find_actions.find_next, window), ["F3"])
    window.find_previous_action = a(
        "Find pre&vious", partial(find_actions.find_next, window, True), ["Shift+F3"]
    )
    find_actions.install(window)
    window.delete_action = a(
        "&Delete span", window.edits.delete_current_span, ["Delete", "Backspace"]
    )
    window.note_action = a("Edit &note…", window.edits.edit_note, ["F2"])
    window.menu_action = a("Span &menu", window.menus.open_context_menu, ["Shift+F10"])

    window.zoom_in_action = a("Zoom &in", lambda: window.zoom(1), ["Ctrl+=", "Ctrl++"])
    window.zoom_out_action = a("Zoom &out", lambda: window.zoom(-1), ["Ctrl+-"])
    window.zoom_reset_action = a("&Reset zoom", lambda: window.zoom(0), ["Ctrl+0"])
    window.snap_action = a("Snap to words", window._on_snap_toggled)
    window.snap_action.setCheckable(True)
    window.snap_action.setToolTip(
        "Grow selections to whole words and trim spaces (off: character-exact spans)"
    )

    window.prev_action = a(
        "◀ Previous",
        lambda: window.navigation.step_document(-1),
        ["Alt+Left"],
        "Previous document (Alt+Left)",
    )
    window.next_action = a(
        "Next ▶",
        lambda: window.navigation.step_document(1),
        ["Alt+Right"],
        "Next document (Alt+Right)",
    )
    window.done_action = a(
        "✔ Done",
        window.edits.mark_done_and_next,
        ["Ctrl+Return", "Ctrl+Enter"],
        "Mark this document done and go to the next (Ctrl+Enter)",
    )
    window.reopen_action = a("Mark in progress", window.edits.reopen)
    window.agreement_action = a(
        "&Agreement and gold…",
        window.review.open_agreement,
        ["Ctrl+Shift+A"],
        "Agreement between annotators, side-by-side comparison, gold layer (Ctrl+Shift+A)",
    )

    window.progress_action = a(
        "&Progress…", window.team.open_progress, ["Ctrl+Shift+P"], "Where the team stands"
    )
    window.assign_action = a("Assign &documents…", window.team.open_assign_dialog)
    window.merge_action = a("&Merge packages…", window.team.choose_packages)

    window.label_actions = []
    build_label_actions(window)


def build_label_actions(window: MainWindow) -> None:
    """One action per label of the project, in place of the previous ones."""
    for action in window.label_actions:
        window.removeAction(action)
    window.label_actions = []
    for label in window.controller.labels:
        text = as_menu_text(f"{label.key} {label.name}" if label.key else label.name)
        tip = f"Tag the selection as {label.name}"
        if label.key:
            tip += f" ({label.key})"
        if label.description:
            tip += f": {label.description}"
        action = add_action(
            window,
            text,
            lambda checked=False, name=label.name: window.edits.apply_label(name),
            [label.key] if label.key else [],
            as_tooltip(tip),  # a label's name and description come from files
        )
        action.setIcon(swatch(label.color))
        window.label_actions.append(action)


def build_menus_and_toolbar(window: MainWindow) -> None:
    """The menu bar, the toolbar (with the annotator box) and the status bar's document
    status, from the actions `build_actions` made."""
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addActions([window.new_action, window.open_action, window.open_shared_action])
    file_menu.addSeparator()
    file_menu.addActions(
        [window.import_files_action, window.import_folder_action, window.export_action]
    )
    file_menu.addAction(window.merge_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = menu.addMenu("&Edit")
    edit_menu.addActions([window.undo_action, window.redo_action])
    edit_menu.addSeparator()
    edit_menu.addActions(
        [
            window.find_action,
            window.find_next_action,
            window.find_previous_action,
            window.search_action,
        ]
    )
    edit_menu.addActions([window.delete_action, window.note_action])
    window.boundaries = boundaries.install(window, edit_menu)
    window.label_menu = menu.addMenu("&Labels")
    window.label_menu.addActions(window.label_actions)
    view_menu = window.view_menu = menu.addMenu("&View")
    view_menu.addActions(
        [
            window.zoom_in_action,
            window.zoom_out_action,
            window.zoom_reset_action,
            window.snap_action,
        ]
    )
    go_menu = menu.addMenu("&Go")
    go_menu.addActions(
        [window.prev_action, window.next_action, window.done_action, window.reopen_action]
    )
    menu.addMenu("&Review").addActions(
        [window.agreement_action, window.progress_action, window.assign_action]
    )

    window.toolbar = window.addToolBar("Main")
    window.toolbar.setObjectName("main-toolbar")
    window.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.toolbar.addWidget(QLabel(" Annotator: "))
    window.annotator_box = QComboBox()
    window.annotator_box.setEditable(True)
    window.annotator_box.setMinimumWidth(120)
    window.annotator_box.setToolTip(
        "Your name: every span you make is yours. Type a new name "
        "and press Enter to add an annotator."
    )
    if window.controller.fixed_annotator is not None:
        window.annotator_box.setEnabled(False)  # the login: nothing to choose
        window.annotator_box.setToolTip(
            "A shared project: you work as your database login; every span you make is "
            "yours, and the server keeps the others' layers for them."
        )
    window.navigation.fill_annotators()
    window.toolbar.addWidget(window.annotator_box)
    window.toolbar.addSeparator()
    window.label_toolbar_anchor = window.toolbar.addSeparator()
    window.toolbar.insertActions(window.label_toolbar_anchor, window.label_actions)
    window.toolbar.addAction(window.snap_action)
    window.toolbar.addSeparator()
    window.toolbar.addActions([window.prev_action, window.next_action, window.done_action])
    window.toolbar.addSeparator()
    window.toolbar.addActions([window.undo_action, window.redo_action])
    window.doc_status = plain_label()  # names a document id
    window.statusBar().addPermanentWidget(window.doc_status)


def replace_label_actions(window: MainWindow) -> None:
    """After the label set changed: new label actions, in the menu and the toolbar."""
    for action in window.label_actions:
        window.toolbar.removeAction(action)
        window.label_menu.removeAction(action)
    build_label_actions(window)
    window.toolbar.insertActions(window.label_toolbar_anchor, window.label_actions)
    window.label_menu.addActions(window.label_actions)
