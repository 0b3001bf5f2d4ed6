"""The main window: document list | article | span list, with the toolbar and menus.

The window turns key presses and clicks into intents (tag this selection, delete that span),
runs them as operations (annotator.ops) recorded in the undo history, and lets the
controller's signals update the views.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QSettings,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QContextMenuEvent,
    QIcon,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.model import Document, Span, Status
from annotator.core.snapping import snap_to_words, trim_whitespace
from annotator.ops import spans as ops_spans
from annotator.ops.changes import Changes
from annotator.ops.history import History, HistoryLost
from annotator.store.backup import DAILY_KEEP
from annotator.store.exporter import export_jsonl
from annotator.store.importer import ImportReport, UnknownLabelError, import_paths
from annotator.store.interface import ProjectStore
from annotator.store.project import QUICK_CHECK_MAX_BYTES
from annotator.store.upkeep import backup_today, page_damage
from annotator.ui.controller import Controller
from annotator.ui.document_list import STATUS_TEXT, DocumentListModel
from annotator.ui.find_bar import FindBar
from annotator.ui.note_dialog import NoteDialog
from annotator.ui.plain import as_menu_text, as_tooltip, plain_label, plain_message_box
from annotator.ui.review import Review
from annotator.ui.span_panel import SpanTableModel
from annotator.ui.tasks import Job, Task
from annotator.ui.text_view import SpanTextView

GUI_BUSY_TIMEOUT_MS = 2_000
# How often the window asks whether another window or command changed the project (also on
# every activation): one `PRAGMA data_version`, no table read.
CHANGE_POLL_MS = 1_500
EXTERNAL_CHANGE = "Another window or command changed this document's spans"

# Windows opened from File > Open / New live here, so they outlive the window that made them.
OPEN_WINDOWS: list[MainWindow] = []

STATUS_FILTERS: list[tuple[str, Status | None]] = [
    ("All documents", None),
    ("New", Status.NEW),
    ("In progress", Status.IN_PROGRESS),
    ("Done", Status.DONE),
]


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class MainWindow(QMainWindow):
    backup_finished = Signal(str)  # a message for the status bar, from the backup thread
    damage_found = Signal(str)  # the background page check found the file damaged

    def __init__(self, project: ProjectStore, annotator: str, settings: QSettings):
        super().__init__()
        self.project = project
        # A span edit should not freeze the window for long while another program writes:
        # after this it gives up with "the project is busy", and nothing is changed.
        project.set_busy_timeout(GUI_BUSY_TIMEOUT_MS)
        self.settings = settings
        self.controller = Controller(project, annotator, self)
        self.history = History()  # the open document's span edits
        self.tasks: list[Task] = []
        self._syncing_span_list = False  # the window, not the user, moves the list's row
        self.review = Review(self, self)  # the agreement and comparison windows

        self.documents = DocumentListModel(project, self.controller.annotator)
        self.span_model = SpanTableModel()
        self._build_views()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._connect()
        self._restore_settings()
        self._update_title()
        self._data_version = project.data_version()
        self.change_timer = QTimer(self)
        self.change_timer.setInterval(CHANGE_POLL_MS)
        self.change_timer.timeout.connect(self.check_external_changes)
        self.change_timer.start()
        self.backup_thread: threading.Thread | None = None
        self._closing = False
        self.backup_finished.connect(self._on_backup_finished)
        self.damage_found.connect(self._on_damage_found)
        self.start_daily_backup()
        self.statusBar().showMessage(
            "Select text and press 1–4 to tag it. Ctrl+Enter: done and next document.", 8000
        )

    # -- construction ---------------------------------------------------------------------

    def _build_views(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by title or id…")
        self.filter_edit.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        for text, _ in STATUS_FILTERS:
            self.status_filter.addItem(text)
        self.document_view = QTableView()
        self.document_view.setModel(self.documents)
        self._setup_table(self.document_view)
        header = self.document_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.status_filter)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.document_view)

        self.text_view = SpanTextView()
        self.text_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.find_bar = FindBar(self.text_view)
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.setSpacing(0)
        center_layout.addWidget(self.text_view)
        center_layout.addWidget(self.find_bar)

        self.span_view = QTableView()
        self.span_view.setModel(self.span_model)
        self._setup_table(self.span_view)
        self.span_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        # Fixed widths: content-sized columns would be sized for the first document's spans.
        header = self.span_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        metrics = self.span_view.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("QUOTE") + 16)
        header.resizeSection(2, metrics.horizontalAdvance("000000–000000") + 8)
        header.resizeSection(3, metrics.horizontalAdvance("M") * 8)
        self.span_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.span_count = plain_label()  # names an annotator

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.span_count)
        right_layout.addWidget(self.span_view)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(center)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        # Keyboard users must see where the focus is: a highlight-coloured frame.
        for view in (self.document_view, self.text_view, self.span_view):
            view.setStyleSheet(
                f"{type(view).__name__}:focus {{ border: 2px solid palette(highlight); }}"
            )
        self.splitter.setSizes([280, 680, 440])
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        self.read_only_banner = plain_label(
            f"Read-only: {self.project.path} cannot be changed (the file is not writable). "
            "You can read, search and export it; edits are refused. To annotate, make the "
            "file writable or work on a copy, and open it again."
        )
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 6px; "
            "border-bottom: 1px solid #e0c060; }"
        )
        self.read_only_banner.setVisible(self.project.read_only)
        central_layout.addWidget(self.read_only_banner)
        # Shown once another program has deleted or replaced the project's files.
        self.lost_banner = plain_label("")
        self.lost_banner.setWordWrap(True)
        self.lost_banner.setStyleSheet(
            "QLabel { background: #f8d7da; color: #58151c; padding: 6px; "
            "border-bottom: 1px solid #d08890; }"
        )
        self.lost_banner.hide()
        central_layout.addWidget(self.lost_banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    @staticmethod
    def _setup_table(view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(22)
        view.setWordWrap(False)
        view.horizontalHeader().setHighlightSections(False)
        view.setTabKeyNavigation(False)

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcuts: Sequence[str] | QKeySequence.StandardKey = (),
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcuts, QKeySequence.StandardKey):
            action.setShortcut(shortcuts)
        elif shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_action = a("&New project…", self.new_project, QKeySequence.StandardKey.New)
        self.open_action = a("&Open project…", self.open_project, QKeySequence.StandardKey.Open)
        self.import_files_action = a("&Import documents…", self.import_files, ["Ctrl+I"])
        self.import_folder_action = a("Import a &folder…", self.import_folder, ["Ctrl+Shift+I"])
        self.export_action = a("&Export JSONL…", self.export, ["Ctrl+E"])
        self.quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit)

        # Our own actions rather than createUndoAction(): undo and redo write to the project
        # too, so they must wait while an import holds it, like every other edit.
        self.undo_action = a("&Undo", self.undo, ["Ctrl+Z"])
        self.redo_action = a("&Redo", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        self._on_history_changed()
        self.history.subscribe(self._on_history_changed)
        self.find_action = a("&Find…", self.find_bar.open_bar, ["Ctrl+F"])
        self.delete_action = a("&Delete span", self.delete_current_span, ["Delete", "Backspace"])
        self.note_action = a("Edit &note…", self.edit_note, ["F2"])
        self.menu_action = a("Span &menu", self.open_context_menu, ["Shift+F10"])

        self.zoom_in_action = a("Zoom &in", lambda: self.zoom(1), ["Ctrl+=", "Ctrl++"])
        self.zoom_out_action = a("Zoom &out", lambda: self.zoom(-1), ["Ctrl+-"])
        self.zoom_reset_action = a("&Reset zoom", lambda: self.zoom(0), ["Ctrl+0"])
        self.snap_action = a("Snap to words", self._on_snap_toggled)
        self.snap_action.setCheckable(True)
        self.snap_action.setToolTip(
            "Grow selections to whole words and trim spaces (off: character-exact spans)"
        )

        self.prev_action = a(
            "◀ Previous",
            lambda: self.step_document(-1),
            ["Alt+Left"],
            "Previous document (Alt+Left)",
        )
        self.next_action = a(
            "Next ▶", lambda: self.step_document(1), ["Alt+Right"], "Next document (Alt+Right)"
        )
        self.done_action = a(
            "✔ Done",
            self.mark_done_and_next,
            ["Ctrl+Return", "Ctrl+Enter"],
            "Mark this document done and go to the next (Ctrl+Enter)",
        )
        self.reopen_action = a("Mark in progress", self.reopen)
        self.agreement_action = a(
            "&Agreement and gold…",
            self.review.open_agreement,
            ["Ctrl+Shift+A"],
            "Agreement between annotators, side-by-side comparison, gold layer (Ctrl+Shift+A)",
        )

        self.label_actions: list[QAction] = []
        self._build_label_actions()

    def _build_label_actions(self) -> None:
        for action in self.label_actions:
            self.removeAction(action)
        self.label_actions = []
        for label in self.controller.labels:
            text = as_menu_text(f"{label.key} {label.name}" if label.key else label.name)
            tip = f"Tag the selection as {label.name}"
            if label.key:
                tip += f" ({label.key})"
            if label.description:
                tip += f": {label.description}"
            action = self._action(
                text,
                lambda checked=False, name=label.name: self.apply_label(name),
                [label.key] if label.key else [],
                as_tooltip(tip),  # a label's name and description come from files
            )
            action.setIcon(_swatch(label.color))
            self.label_actions.append(action)

    def _build_menus_and_toolbar(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addSeparator()
        file_menu.addActions(
            [self.import_files_action, self.import_folder_action, self.export_action]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.delete_action, self.note_action])
        self.label_menu = menu.addMenu("&Labels")
        self.label_menu.addActions(self.label_actions)
        view_menu = menu.addMenu("&View")
        view_menu.addActions(
            [self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action, self.snap_action]
        )
        go_menu = menu.addMenu("&Go")
        go_menu.addActions(
            [self.prev_action, self.next_action, self.done_action, self.reopen_action]
        )
        menu.addMenu("&Review").addAction(self.agreement_action)

        self.toolbar = self.addToolBar("Main")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addWidget(QLabel(" Annotator: "))
        self.annotator_box = QComboBox()
        self.annotator_box.setEditable(True)
        self.annotator_box.setMinimumWidth(120)
        self.annotator_box.setToolTip(
            "Your name: every span you make is yours. Type a new name "
            "and press Enter to add an annotator."
        )
        self._fill_annotators()
        self.toolbar.addWidget(self.annotator_box)
        self.toolbar.addSeparator()
        self.label_toolbar_anchor = self.toolbar.addSeparator()
        self.toolbar.insertActions(self.label_toolbar_anchor, self.label_actions)
        self.toolbar.addAction(self.snap_action)
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.prev_action, self.next_action, self.done_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.undo_action, self.redo_action])
        self.doc_status = plain_label()  # names a document id
        self.statusBar().addPermanentWidget(self.doc_status)

    def _fill_annotators(self) -> None:
        with QSignalBlocker(self.annotator_box):
            self.annotator_box.clear()
            self.annotator_box.addItems(self.project.annotators())
            self.annotator_box.setCurrentText(self.controller.annotator)

    def _connect(self) -> None:
        c = self.controller
        c.document_opened.connect(self._on_controller_document_opened)
        c.span_added.connect(self._on_controller_span_added)
        c.span_removed.connect(self._on_controller_span_removed)
        c.span_changed.connect(self._on_controller_span_changed)
        c.status_changed.connect(self._on_controller_status_changed)
        c.error_occurred.connect(self.show_error)
        c.labels_changed.connect(self._on_controller_labels_changed)
        self.document_view.selectionModel().currentRowChanged.connect(
            self._on_document_view_current_changed
        )
        self.span_view.selectionModel().selectionChanged.connect(
            self._on_span_view_selection_changed
        )
        self.span_view.customContextMenuRequested.connect(self._on_span_view_menu)
        for view in (self.span_view, self.text_view):  # the Menu key: see eventFilter
            view.installEventFilter(self)
        self.text_view.customContextMenuRequested.connect(self._on_text_view_menu)
        self.text_view.span_clicked.connect(self._on_text_view_span_clicked)
        self.span_model.note_edited.connect(self._on_span_model_note_edited)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.annotator_box.activated.connect(self._on_annotator_box_chosen)
        name_edit = self.annotator_box.lineEdit()
        assert name_edit is not None  # the box is editable
        name_edit.returnPressed.connect(self._on_annotator_box_chosen)

    def _restore_settings(self) -> None:
        self.snap_action.setChecked(bool(self.settings.value("snap_to_words", True, type=bool)))
        zoom = self.settings.value("zoom", 0, type=int)
        assert isinstance(zoom, int)
        self._zoom = 0
        self.zoom_to(zoom)
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)

    # -- documents ------------------------------------------------------------------------

    def open_first_document(self) -> None:
        """Open the document this project was left on, else the first not yet done (or the
        first of all)."""
        remembered = self.settings.value(self._last_document_key(), "", type=str)
        row = self.documents.row_of(str(remembered)) if remembered else None
        if row is None:
            row = self.documents.first_row_not_done()
        if row is None and self.documents.rowCount():
            row = 0
        if row is not None:
            self.select_document_row(row)
        else:
            self.statusBar().showMessage(
                "This project has no documents yet: File ▸ Import documents (Ctrl+I).", 0
            )

    def select_document_row(self, row: int) -> None:
        self.document_view.selectionModel().setCurrentIndex(
            self.documents.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.document_view.scrollTo(self.documents.index(row, 0))

    def _show_current_document_in_list(self) -> None:
        """Select the open document's row again after the list was reloaded (a filter, an
        import, another annotator), without opening it a second time."""
        row = self.current_document_row()
        if row is not None:
            with QSignalBlocker(self.document_view.selectionModel()):
                self.select_document_row(row)

    def current_document_row(self) -> int | None:
        doc = self.controller.document
        return None if doc is None else self.documents.row_of(doc.id)

    def step_document(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) document of the list; False at the end."""
        row = self.current_document_row()
        target = 0 if row is None else row + step
        if 0 <= target < self.documents.rowCount():
            self.select_document_row(target)
            return True
        self.statusBar().showMessage("No more documents in this list.", 4000)
        return False

    def mark_done_and_next(self) -> None:
        if self.controller.document is None or self._busy():
            return
        if self._run(lambda: self.controller.set_status(Status.DONE)):
            self.step_document(1)

    def reopen(self) -> None:
        if self.controller.document is not None and not self._busy():
            self._run(lambda: self.controller.set_status(Status.IN_PROGRESS))

    def _on_document_view_current_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        if current.isValid():
            doc_id = self.documents.document_id(current.row())
            if self.controller.document is None or self.controller.document.id != doc_id:
                self._run(lambda: self.controller.open_document(doc_id))

    def _last_document_key(self) -> str:
        return "last_document/" + str(Path(self.project.path).resolve()).replace("/", "|")

    def _on_controller_document_opened(self, document: Document, spans: list[Span]) -> None:
        self.history.clear()  # undo never reaches into another document
        self.settings.setValue(self._last_document_key(), document.id)
        labels = self.controller.labels
        self.text_view.set_document(document.text, spans, labels)
        self.span_model.set_spans(document.text, spans, labels)
        self.find_bar.refresh()
        self._update_title()
        self._update_counts()
        self.text_view.setFocus()

    def _apply_filter(self) -> None:
        _, status = STATUS_FILTERS[self.status_filter.currentIndex()]
        self.documents.set_filter(status, self.filter_edit.text())
        self._show_current_document_in_list()

    # -- annotators -----------------------------------------------------------------------

    def _on_annotator_box_chosen(self, *_: object) -> None:
        name = self.annotator_box.currentText().strip()
        if not name:
            self.statusBar().showMessage("An annotator needs a name.", 4000)
            self._fill_annotators()
            return
        if name != self.controller.annotator and not self._busy():
            self._run(lambda: self.set_annotator(name))

    def set_annotator(self, name: str, remember: bool = True) -> None:
        """Show and edit `name`'s layer; `remember` makes it the name the app starts with
        (not so for a curator visiting the gold layer)."""
        self.controller.set_annotator(name)
        if remember:
            self.settings.setValue("annotator", self.controller.annotator)
        self.documents.set_annotator(self.controller.annotator)
        self._fill_annotators()
        self._show_current_document_in_list()
        self._update_title()
        self._update_counts()

    # -- span edits -----------------------------------------------------------------------

    def apply_label(self, name: str) -> None:
        """Tag the selection with `name`; with no selection, relabel the current span."""
        if self.controller.document is None:
            return
        selected = self.text_view.selected_range()
        current = self.text_view.current
        if selected is not None:
            self.tag_range(*selected, name)
        elif current is not None:
            if current.label != name:
                self._relabel(current, name)
        else:
            self.statusBar().showMessage("Select some text first, then press a label key.", 4000)

    def tag_range(self, start: int, end: int, label: str) -> None:
        text = self.text_view.text
        snap = snap_to_words if self.snap_action.isChecked() else trim_whitespace
        snapped = snap(text, start, end)
        if snapped is None:
            self.statusBar().showMessage("Only spaces are selected: nothing to tag.", 4000)
            return
        start, end = snapped
        existing = next(
            (s for s in self.text_view.spans() if s.triple == (start, end, label)),
            None,
        )
        if existing is not None:
            self.statusBar().showMessage(f"That text is already tagged {label}.", 4000)
            self.select_span(existing)
            return
        assert self.controller.document is not None
        span = Span(self.controller.document.id, self.controller.annotator, start, end, label)
        changes = self._push(f"Add {label}", None, ops_spans.add_span, span)
        if changes is not None:
            self.text_view.clear_selection()
            self.select_span(changes.spans_added[0])

    def delete_current_span(self) -> None:
        span = self.text_view.current
        if span is None:
            self.statusBar().showMessage(
                "Click a span (or pick it in the list) to delete it.", 4000
            )
            return
        self._delete(span)

    def edit_note(self) -> None:
        span = self.text_view.current
        if span is None:
            self.statusBar().showMessage("Click a span first to attach a note to it.", 4000)
            return
        quoted = self.text_view.text[span.start : span.end][:60]
        text = NoteDialog.ask(self, f"Note on {span.label} “{quoted}”:", span.note or "")
        if text is not None and (text.strip() or None) != span.note:
            self._set_note(span, text)

    def _on_span_model_note_edited(self, span: Span, text: str) -> None:
        self._set_note(span, text)

    def _set_note(self, span: Span, text: str) -> None:
        assert span.id is not None
        note = text.strip() or None
        self._push("Edit note", (span, ("note",)), ops_spans.update_span, span.id, note=note)

    def select_span(self, span: Span | None) -> None:
        """Make `span` current: highlighted in the text and selected in the span list."""
        self.text_view.set_current_span(span)
        row = None if span is None else self.span_model.row_of(span)
        with self._syncing():
            selection = self.span_view.selectionModel()
            if row is None:  # keep Qt's current row, so arrow keys go on from there
                selection.clearSelection()
            else:
                selection.setCurrentIndex(
                    self.span_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.span_view.scrollTo(self.span_model.index(row, 0))

    @contextmanager
    def _syncing(self) -> Iterator[None]:
        """The span list's current row moves because of the window (a row removed, a span
        picked in the text), not the user: don't treat it as the user picking a span."""
        self._syncing_span_list = True
        try:
            yield
        finally:
            self._syncing_span_list = False

    def _on_span_view_selection_changed(self, selected: QItemSelection, _: object) -> None:
        # Only a row the user selects (click, arrow keys, Space) picks a span. Qt also moves
        # the list's current row by itself (focus arriving, a row removed); that picks
        # nothing, so a following label key or Delete cannot hit a span nobody chose.
        rows = {index.row() for index in selected.indexes()}
        if self._syncing_span_list or len(rows) != 1:
            return
        self.text_view.set_current_span(self.span_model.span_at(rows.pop()), scroll=True)

    def _on_text_view_span_clicked(self, span: Span | None) -> None:
        self.select_span(span)

    def _on_controller_span_added(self, span: Span) -> None:
        self.text_view.add_span(span)
        with self._syncing():
            self.span_model.add(span)
        self.select_span(self.text_view.current)  # the list follows the text, not Qt's guess
        self.documents.refresh_document(span.document_id)
        self._update_counts()

    def _on_controller_span_removed(self, span: Span) -> None:
        self.text_view.remove_span(span)
        with self._syncing():
            self.span_model.remove(span)
        self.select_span(self.text_view.current)
        self.documents.refresh_document(span.document_id)
        self._update_counts()

    def _on_controller_span_changed(self, old: Span, new: Span) -> None:
        was_current = self.text_view.current is not None and self.text_view.current.id == old.id
        self.text_view.change_span(old, new)
        with self._syncing():
            self.span_model.replace(old, new)
        self.select_span(new if was_current else self.text_view.current)

    def _on_controller_status_changed(self, document_id: str, status: Status) -> None:
        self.documents.refresh_document(document_id)
        self._update_counts()

    # -- context menus --------------------------------------------------------------------

    def _span_menu(self, menu: QMenu, span: Span) -> None:
        relabel = menu.addMenu(as_menu_text(f"Change label of {span.label}"))
        for label in self.controller.labels:
            act = relabel.addAction(_swatch(label.color), as_menu_text(label.name))
            act.setEnabled(label.name != span.label)
            act.triggered.connect(partial(self._relabel, span, label.name))
        menu.addAction("Edit note…", partial(self._edit_note_of, span))
        menu.addAction(as_menu_text(f"Delete {span.label}"), partial(self._delete, span))

    # The menu's actions pass `checked` along: the extra arguments are ignored.
    def _relabel(self, span: Span, label: str, *_: object) -> None:
        assert span.id is not None
        self._push(
            f"Relabel as {label}", (span, ("label",)), ops_spans.update_span, span.id, label=label
        )

    def _delete(self, span: Span, *_: object) -> None:
        assert span.id is not None
        self._push(f"Delete {span.label}", (span, None), ops_spans.delete_span, span.id)

    def _edit_note_of(self, span: Span, *_: object) -> None:
        self.select_span(span)
        self.edit_note()

    def _on_span_view_menu(self, point: QPoint) -> None:
        index = self.span_view.indexAt(point)
        if index.isValid():
            self._show_span_list_menu(index.row(), self.span_view.viewport().mapToGlobal(point))

    def _show_span_list_menu(self, row: int, where: QPoint) -> None:
        menu = QMenu(self)
        self._span_menu(menu, self.span_model.span_at(row))
        self._popup(menu, where)

    def _popup(self, menu: QMenu, where: QPoint) -> None:
        """Show a context menu and wait for the choice (tests replace this)."""
        menu.exec(where)

    def open_context_menu(self) -> None:
        """Shift+F10 / the Menu key: the menu of the pane that has the focus, for the span
        picked there (the mouse position has no meaning for a keyboard user)."""
        if self.span_view.hasFocus():
            row = self.span_view.currentIndex().row()
            if row >= 0:
                rect = self.span_view.visualRect(self.span_model.index(row, 1))
                self._show_span_list_menu(row, self.span_view.viewport().mapToGlobal(rect.center()))
        elif self.text_view.hasFocus():
            self._on_text_view_menu(self.text_view.cursorRect().center())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ContextMenu
            and isinstance(event, QContextMenuEvent)
            and event.reason() == QContextMenuEvent.Reason.Keyboard
        ):
            self.open_context_menu()
            return True
        return super().eventFilter(watched, event)

    def _on_text_view_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        if self.text_view.selected_range() is not None:
            tag = menu.addMenu("Tag selection as")
            tag.addActions(self.label_actions)
            menu.addSeparator()
        offset = self.text_view.offset_at(point)
        spans = list(reversed(self.text_view.spans_at(offset))) if offset is not None else []
        current = self.text_view.current  # Shift+F10 / the Menu key: the picked span
        if current is not None and current not in spans:
            spans.insert(0, current)
        for span in spans:
            quoted = self.text_view.text[span.start : span.end][:40]
            self._span_menu(menu.addMenu(as_menu_text(f"{span.label}: {quoted}")), span)
        if self.text_view.textCursor().hasSelection():
            menu.addSeparator()
            menu.addAction("Copy", self.text_view.copy)
        if not menu.isEmpty():
            self._popup(menu, self.text_view.viewport().mapToGlobal(point))

    # -- view -----------------------------------------------------------------------------

    def zoom(self, step: int) -> None:
        self.zoom_to(0 if step == 0 else self._zoom + step)

    def zoom_to(self, level: int) -> None:
        level = max(-3, min(20, level))  # below -3 the text is too small to read
        delta = level - self._zoom
        if delta > 0:
            self.text_view.zoomIn(delta)
        elif delta < 0:
            self.text_view.zoomOut(-delta)
        self._zoom = level
        self.settings.setValue("zoom", level)

    def _on_snap_toggled(self, checked: bool) -> None:
        self.settings.setValue("snap_to_words", checked)

    def _update_title(self) -> None:
        doc = self.controller.document
        name = Path(self.project.path).name
        title = f"{doc.title or doc.id} — " if doc else ""
        self.setWindowTitle(f"{title}{name} — annotator ({self.controller.annotator})")

    def _update_counts(self) -> None:
        doc = self.controller.document
        n = self.span_model.rowCount()
        self.span_count.setText(f" {n} span{'s' if n != 1 else ''} by {self.controller.annotator}")
        if doc is None:
            self.doc_status.setText("")
            return
        status = self.project.status(doc.id, self.controller.annotator)
        row = self.current_document_row()
        position = f"{row + 1} of {self.documents.rowCount()}" if row is not None else ""
        self.doc_status.setText(f"{doc.id} · {STATUS_TEXT[status]} · {position} ")

    # -- file operations ------------------------------------------------------------------

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New project", str(Path.home() / "project.db"), "Projects (*.db)"
        )
        if path:
            new = Path(path) if Path(path).suffix else Path(path).with_suffix(".db")
            self._run(lambda: self._switch_project(self.project.create_another(new)))

    def open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open project", str(Path(self.project.path).parent), "Projects (*.db)"
        )
        if path:
            self._run(lambda: self._switch_project(self.project.open_another(Path(path))))

    def _switch_project(self, project: ProjectStore) -> None:
        self.review.close_all()
        window = MainWindow(project, self.controller.annotator, self.settings)
        OPEN_WINDOWS.append(window)
        window.show()
        window.open_first_document()
        self.close()  # and so its project
        if self in OPEN_WINDOWS:
            OPEN_WINDOWS.remove(self)
        self.deleteLater()

    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import documents", "", "Articles and annotations (*.txt *.jsonl)"
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder of .txt / .jsonl files")
        if path:
            self.import_paths([Path(path)])

    def import_paths(self, paths: list[Path], add_labels: bool = False) -> Task:
        """Import in a worker thread with its own connection; the views reload afterwards.

        As on the command line, annotations whose line names no annotator belong to
        "imported", never silently to whoever is running the app.
        """

        def job(progress: Callable[[int, int], bool]) -> ImportReport:
            with self.project.reopen() as project:  # a connection of the worker's own
                return project.call(import_paths, paths, add_labels=add_labels, progress=progress)

        task = self._start_task("Importing…", job, self._on_import_finished, writes=True)
        task.on_failure = partial(self._on_import_failed, paths)
        return task

    def _on_import_failed(self, paths: list[Path], error: AnnotatorError) -> None:
        """Nothing was imported. For labels the project lacks, offer to add them."""
        if not isinstance(error, UnknownLabelError):
            self.show_error(str(error))
            return
        box = plain_message_box(
            QMessageBox.Icon.Question,
            "Import",
            f"{error.path}:{error.line}: the file uses the label {error.label!r}, which this "
            "project does not have. Nothing was imported.\n\nAdd the file's new labels to "
            "the project and import again?",
            self,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        box.buttonClicked.connect(
            lambda button: (
                box.standardButton(button) == QMessageBox.StandardButton.Yes
                and self.import_paths(paths, add_labels=True)
            )
        )
        box.open()

    def _on_import_finished(self, report: ImportReport) -> None:
        # Our own import's commit, reloaded just below: not another window's change.
        self._data_version = self.project.data_version()
        self._reload_views()
        self.statusBar().showMessage(f"Imported {report.summary()}", 10000)

    def export(self) -> None:
        default = str(Path(self.project.path).with_suffix(".jsonl"))
        path, _ = QFileDialog.getSaveFileName(self, "Export JSONL", default, "JSONL (*.jsonl)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path, annotators: list[str] | None = None) -> Task:
        def job(progress: Callable[[int, int], bool]) -> int:
            with self.project.reopen() as project:
                return project.call(export_jsonl, path, annotators, progress)

        return self._start_task(
            "Exporting…",
            job,
            lambda count: self.statusBar().showMessage(
                f"Exported {count} line(s) to {path}", 10000
            ),
        )

    def _start_task(
        self, title: str, job: Job, on_success: Callable[[Any], None], writes: bool = False
    ) -> Task:
        task = Task(self, title, job, on_success)
        task.writes = writes
        self.tasks.append(task)
        task.finished.connect(lambda: self.tasks.remove(task))
        return task

    # -- errors and closing ---------------------------------------------------------------

    def _busy(self) -> bool:
        """True (and says so) while an import holds the project's write lock: an edit now
        would freeze the window until the import ends. (An export only reads.)"""
        busy = any(task.writes for task in self.tasks)
        if busy:
            self.statusBar().showMessage(
                "An import is running: that edit was not made. Try again when it has finished.",
                5000,
            )
        return busy

    def undo(self) -> None:
        self._undo_or_redo("undone", self.history.undo_text(), self.history.undo)

    def redo(self) -> None:
        self._undo_or_redo("redone", self.history.redo_text(), self.history.redo)

    def _undo_or_redo(
        self, what: str, description: str, step: Callable[[ProjectStore], Changes]
    ) -> None:
        if self._busy():
            return
        changes = None
        try:
            # The write lock first: no other program can commit between the check for its
            # changes and the undo's own write (the history checks the change token again,
            # under the same lock).
            with self.project.transaction():
                if not self._history_lost(what) and description:
                    changes = step(self.project)
        except HistoryLost:
            self._history_lost_message(what)
        except ProjectError as error:  # the project is busy or read-only
            self.show_error(f"Nothing was {what}: {error}")
        except AnnotatorError as error:  # the span was changed elsewhere: the entry is gone
            self.show_error(f"Could not {description.replace(chr(10), ' ').lower()}: {error}")
        if changes is not None:
            self.controller.apply_changes(changes)

    def _history_lost(self, what: str) -> bool:
        """Pick up other instances' changes first. If they changed the open layer, the undo
        history was dropped (an undo must never overwrite their change): say so, True."""
        had_history = self.history.count() > 0
        if self.check_external_changes() and had_history:
            self._history_lost_message(what)
            return True
        return False

    def _history_lost_message(self, what: str) -> None:
        self.show_error(
            f"Nothing was {what}: {EXTERNAL_CHANGE.lower()} since your last edit. The "
            "document now shows their change, and your undo history was cleared so that "
            "undo cannot overwrite it."
        )

    def _on_history_changed(self) -> None:
        for action, prefix, can, text in (
            (self.undo_action, "Undo", self.history.can_undo(), self.history.undo_text()),
            (self.redo_action, "Redo", self.history.can_redo(), self.history.redo_text()),
        ):
            action.setEnabled(can)
            action.setText(f"{prefix} {as_menu_text(text)}" if text else prefix)

    def _push(
        self,
        description: str,
        shown: tuple[Span, tuple[str, ...] | None] | None,
        operation: Callable[..., Changes],
        *args: Any,
        **kwargs: Any,
    ) -> Changes | None:
        """Run a span edit and put it in the undo history; None (and nothing done, nothing
        in the history) if it was refused. `shown`: the span the edit acts on as the user
        saw it, and which of its fields must still be as shown (None: all of them)."""
        if self._busy():
            return None
        self.check_external_changes()
        # Also when a poll reloaded the document while this edit was being chosen (a note
        # dialog open, a menu up): the edit must be of the span as the user saw it.
        if shown is not None and not self._still_as_shown(*shown):
            self.show_error(
                f"That edit was not made: {EXTERNAL_CHANGE.lower()}, including this span. "
                "The document shows their change: check it and try again."
            )
            return None
        token = self._data_version  # what the window shows; our own write keeps it
        try:
            changes = self.controller.run(operation, *args, **kwargs)
        except AnnotatorError as error:
            self.show_error(str(error))
            return None
        self.history.push(description, changes, token)
        return changes

    def _still_as_shown(self, span: Span, fields: tuple[str, ...] | None) -> bool:
        """After a reload: is `span` still stored as the user saw it (in `fields`)?"""
        assert span.id is not None
        stored = self.text_view.span_by_id(span.id)
        if stored is None:
            return False
        if fields is None:
            return stored == span
        return all(getattr(stored, key) == getattr(span, key) for key in fields)

    # -- daily backup ---------------------------------------------------------------------

    def start_daily_backup(self) -> None:
        """In a thread of its own, so a large project never freezes the window: a full page
        check of a project too large to check on open (a damaged file gets a dialog, and no
        backup that would push a good one out), then today's copy in PROJECT.db.backups/
        (the newest `backups/keep` are kept; off when the setting `backups/daily` is false)."""
        daily = bool(self.settings.value("backups/daily", True, type=bool))
        keep = int(self.settings.value("backups/keep", DAILY_KEEP, type=int))  # type: ignore[call-overload]
        path = Path(self.project.path)
        check = path.stat().st_size > QUICK_CHECK_MAX_BYTES
        if not daily and not check:
            return

        def job() -> None:
            message = ""
            try:
                with self.project.reopen() as project:  # in the store process
                    damage = project.call(page_damage) if check else None
                    if damage is not None:
                        if not self._closing:
                            self.damage_found.emit(damage)
                        return
                    if daily:
                        made = project.call(backup_today, keep)
                        message = f"Today's backup: {made}" if made is not None else ""
            except (AnnotatorError, OSError) as error:
                message = f"The daily backup failed: {error}"
            if message and not self._closing:
                self.backup_finished.emit(message)

        self.backup_thread = threading.Thread(target=job, name="daily-backup", daemon=True)
        self.backup_thread.start()

    def _on_damage_found(self, message: str) -> None:
        self.show_error(
            f"{message}\n\nWork already saved in it may still be readable; do not go on "
            "annotating in this file. No daily backup was made today, so the older ones are "
            "all kept."
        )

    def _on_backup_finished(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # -- other instances' changes -----------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_external_changes()

    def check_external_changes(self) -> bool:
        """If another connection committed since the last look, reload what the window
        shows. Returns True if the open document's layer changed (its undo history is then
        gone: undo must not cross another instance's change)."""
        if any(task.writes for task in self.tasks):
            return False  # our own import: its end reloads the views
        try:
            lost = self.project.files_lost()
            if lost is not None:
                self._show_lost(lost)
                return False
            version = self.project.data_version()
        except AnnotatorError:  # a closed or vanished file: the next real action says so
            return False
        if version == self._data_version:
            return False
        self._data_version = version
        return self._reload_after_external_change()

    def _show_lost(self, reason: str) -> None:
        """Say, once and where it stays, that nothing more can be saved here."""
        if self.lost_banner.isVisible():
            return
        self.lost_banner.setText(f"Nothing can be saved here any more: {reason}.")
        self.lost_banner.show()
        self.statusBar().showMessage("Nothing can be saved here any more: see above.")

    def _reload_after_external_change(self) -> bool:
        changed = self._reload_views()
        self.statusBar().showMessage(
            f"{EXTERNAL_CHANGE}: reloaded (a fresh undo history)."
            if changed
            else "Another window or command changed this project: the list is up to date.",
            8000,
        )
        return changed

    def _reload_views(self) -> bool:
        """Show the project as stored after someone (an import, another program) wrote to
        it: labels, annotators, the list, and the open layer, keeping the user's place.
        Returns True if the open document's layer changed (its undo history is gone)."""
        if self.project.labels() != self.controller.labels:
            self.controller.reload_labels()
        if self.project.annotators() != [
            self.annotator_box.itemText(i) for i in range(self.annotator_box.count())
        ]:
            self._fill_annotators()
        scroll = self.document_view.verticalScrollBar().value()
        self.documents.reload()
        self._show_current_document_in_list()
        self.document_view.verticalScrollBar().setValue(scroll)
        document = self.controller.document
        changed = False
        if document is None:
            if self.documents.rowCount():
                self.open_first_document()
        elif set(self.project.spans(document.id, self.controller.annotator)) != set(
            self.text_view.spans()
        ):
            self._reload_open_document()
            changed = True
        else:  # the open layer is as shown: its undo history holds
            self.history.rebase(self._data_version)
        self._update_counts()
        return changed

    def _reload_open_document(self) -> None:
        """Show the open document's stored layer, keeping the user's place: the scroll
        position, the selection or cursor, the picked span (if it still exists), the focus."""
        document = self.controller.document
        assert document is not None
        focus = QApplication.focusWidget()
        scroll = self.text_view.verticalScrollBar().value()
        cursor = self.text_view.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        current = self.text_view.current
        self.controller.open_document(document.id)  # also clears the undo history
        cursor = self.text_view.textCursor()
        cursor.setPosition(anchor)
        cursor.setPosition(position, cursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)
        self.text_view.verticalScrollBar().setValue(scroll)
        if current is not None:
            fresh = next((s for s in self.text_view.spans() if s.id == current.id), None)
            self.select_span(fresh)
            self.text_view.verticalScrollBar().setValue(scroll)
        if focus is not None:
            focus.setFocus()

    def _run(self, action: Callable[[], object]) -> bool:
        """Do `action`; an AnnotatorError is shown, and False returned."""
        try:
            action()
        except AnnotatorError as error:
            self.show_error(str(error))
            return False
        return True

    def show_error(self, message: str) -> None:
        plain_message_box(QMessageBox.Icon.Warning, "annotator", message, self).open()

    def _on_controller_labels_changed(self) -> None:
        for action in self.label_actions:
            self.toolbar.removeAction(action)
            self.label_menu.removeAction(action)
        self._build_label_actions()
        self.toolbar.insertActions(self.label_toolbar_anchor, self.label_actions)
        self.label_menu.addActions(self.label_actions)
        self.text_view.set_labels(self.controller.labels)
        self.span_model.set_labels(self.controller.labels)

    # -- review windows -------------------------------------------------------------------

    def show_layer(self, annotator: str, document_id: str) -> None:
        """Show `annotator`'s layer of a document here (the curator edits gold directly)."""
        if self._busy():
            return
        if annotator != self.controller.annotator:
            self._run(lambda: self.set_annotator(annotator, remember=False))
            self.statusBar().showMessage(
                f"Editing the {annotator!r} layer; pick your own name in the toolbar to go back.",
                10000,
            )
        row = self.documents.row_of(document_id)
        if row is None:  # filtered out: show every document
            self.status_filter.setCurrentIndex(0)
            self.filter_edit.clear()
            row = self.documents.row_of(document_id)
        if row is not None:
            self.select_document_row(row)
        self.raise_()
        self.activateWindow()

    def layer_changed(self, annotator: str, document_id: str) -> None:
        """Another window of ours changed a layer: show it anew if it is the open one."""
        document = self.controller.document
        if annotator == self.controller.annotator and document and document.id == document_id:
            self._run(lambda: self.controller.open_document(document_id))
            self.documents.refresh_document(document_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.review.close_all()
        self.change_timer.stop()
        self._closing = True
        if self.backup_thread is not None:
            self.backup_thread.join()  # a copy is seconds at most; never cut it off
        for task in list(self.tasks):
            task.abort()  # no result may reach a window that is gone
        self.settings.setValue("geometry", self.saveGeometry())
        super().closeEvent(event)
        # The window owns its project: closing it checkpoints, so after a clean quit the
        # .db alone holds every change.
        self.project.close()
