"""The main window: document list | article | span list, with the toolbar and menus.

The window builds the views and wires them; its actions, menus and toolbar are built in
`window_actions`. What the actions do lives in modules named for it: span edits and undo in
`edit_actions`, the File menu in `file_actions`, other programs' changes in
`external_changes`, moving between documents and annotators in `navigation`, the current
span in `current_span`, the context menus in `span_menus`, the daily backup in
`daily_backup`. The public methods kept here delegate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QSettings,
    Qt,
)
from PySide6.QtGui import QAction, QCloseEvent, QContextMenuEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span
from annotator.ops.history import History
from annotator.store.interface import ProjectStore
from annotator.ui import (
    label_tags,
    layout_settings,
    shortcut_sheet,
    suggestion_actions,
    window_actions,
)
from annotator.ui.boundaries import Boundaries
from annotator.ui.controller import Controller
from annotator.ui.current_span import CurrentSpan
from annotator.ui.daily_backup import DailyBackup
from annotator.ui.document_list import STATUS_TEXT, DocumentListModel
from annotator.ui.edit_actions import EditActions
from annotator.ui.external_changes import ExternalChanges
from annotator.ui.file_actions import FileActions
from annotator.ui.find_bar import FindBar
from annotator.ui.first_run import KeyHint
from annotator.ui.labels_menu import LabelsMenu
from annotator.ui.layer_model import LayerModel
from annotator.ui.linking import Linking
from annotator.ui.navigation import STATUS_FILTERS, Navigation
from annotator.ui.plain import plain_label, plain_message_box
from annotator.ui.queue_switch import QueueSwitch
from annotator.ui.review import Review
from annotator.ui.search_view import SearchPanel
from annotator.ui.span_menus import SpanMenus
from annotator.ui.span_panel import SpanTableModel
from annotator.ui.tasks import Task
from annotator.ui.team_actions import TeamActions
from annotator.ui.text_view import SpanTextView
from annotator.ui.theme import SpanRepaint, notice_style

GUI_BUSY_TIMEOUT_MS = 2_000


class MainWindow(QMainWindow):
    # Built by window_actions: the actions, and the menus and toolbar that hold them.
    new_action: QAction
    open_action: QAction
    open_shared_action: QAction
    import_files_action: QAction
    import_folder_action: QAction
    export_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    find_action: QAction
    search_action: QAction
    find_next_action: QAction
    find_previous_action: QAction
    delete_action: QAction
    note_action: QAction
    menu_action: QAction
    zoom_in_action: QAction
    zoom_out_action: QAction
    zoom_reset_action: QAction
    snap_action: QAction
    prev_action: QAction
    next_action: QAction
    done_action: QAction
    reopen_action: QAction
    agreement_action: QAction
    progress_action: QAction  # the team's: team_actions.py
    assign_action: QAction
    merge_action: QAction
    label_actions: list[QAction]
    boundary_actions: list[QAction]
    boundaries: Boundaries
    label_menu: QMenu
    view_menu: QMenu
    toolbar: QToolBar
    label_toolbar_anchor: QAction
    annotator_box: QComboBox
    doc_status: QLabel

    def __init__(self, project: ProjectStore, annotator: str, settings: QSettings):
        super().__init__()
        self.project = project
        # A span edit should not freeze the window for long while another program writes:
        # after this it gives up with "the project is busy", and nothing is changed.
        project.set_busy_timeout(GUI_BUSY_TIMEOUT_MS)
        self.settings = settings
        shown_token = project.change_token()  # before anything shown is read
        self.controller = Controller(project, annotator, self)
        self.history = History()  # the open document's span edits
        self.tasks: list[Task] = []
        self.review = Review(self, self)  # the agreement and comparison windows
        self.edits = EditActions(self)
        self.files = FileActions(self)
        self.team = TeamActions(self)
        self.menus = SpanMenus(self)
        self.navigation = Navigation(self)
        self.current_span = CurrentSpan(self)

        self.documents = DocumentListModel(project, self.controller.annotator)
        # The first document's row, and its read while the rest of the window is built.
        self._first_row = self.navigation.first_document_row()
        if self._first_row is not None:
            self.controller.read_ahead(self.documents.document_id(self._first_row))
        # The open layer, one record: the span table and the text view adapt to it.
        self.layer_model = LayerModel()
        self.span_model = SpanTableModel(self.layer_model)
        self._build_views()
        self.search_panel = SearchPanel(self)  # Edit ▸ Search documents: a dock
        window_actions.build_actions(self)
        window_actions.build_menus_and_toolbar(self)
        self.linking.build_actions()
        self._connect()
        self._restore_settings()
        self.labels_menu = LabelsMenu(self)  # Labels ▸ Edit labels…, the guideline panel
        self.label_tags, self.label_names_action = label_tags.install(self)
        layout_settings.restore(self)
        self._update_title()
        self.external = ExternalChanges(self, shown_token)
        self.change_timer = self.external.timer
        self.backup = DailyBackup(project, settings, self)
        self.backup.finished.connect(self._on_backup_finished)
        self.backup.damage_found.connect(self._on_backup_damage_found)
        self.backup.start(after_paint_of=self.text_view.viewport())  # off the start's path
        # The Suggestions menu and keys; the open document's come after its first paint.
        self.suggestions = suggestion_actions.install(self)
        # The keys until the first span (a widget: the backup's message cannot replace it),
        # and Help ▸ Keyboard shortcuts (F1).
        self.key_hint = KeyHint(self)
        shortcut_sheet.install(self)

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
        self.queue_switch = QueueSwitch(self)  # the annotator's queue or every document
        filters.addWidget(self.queue_switch.box)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.document_view)

        self.text_view = SpanTextView(layer=self.layer_model)
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
        self.linking = Linking(self)  # relations: link mode, overlay, list, attribution
        right_layout.addWidget(self.linking.place(self.span_view))

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
        self.read_only_banner.setVisible(self.project.read_only)
        central_layout.addWidget(self.read_only_banner)
        # Shown once another program has deleted or replaced the project's files.
        self.lost_banner = plain_label("")
        self.lost_banner.setWordWrap(True)
        self.lost_banner.hide()
        central_layout.addWidget(self.lost_banner)
        self._style_banners()
        self._banner_palette = SpanRepaint(self, self._style_banners)  # light or dark
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

    def _connect(self) -> None:
        c = self.controller
        c.document_opened.connect(self._on_controller_document_opened)
        # The open layer first (its text view and span table follow its events), then the
        # other views, each taking what touches it; then the window, which keeps the span
        # list's row on the text's current span and the counts up to date.
        c.changes_applied.connect(self.current_span.on_changes_applied_to_layer)
        c.changes_applied.connect(self.documents.apply_changes)
        c.changes_applied.connect(self.current_span.on_changes_applied)
        c.error_occurred.connect(self.show_error)
        c.labels_changed.connect(self._on_controller_labels_changed)
        self.document_view.selectionModel().currentRowChanged.connect(
            self.navigation.on_document_view_current_changed
        )
        self.span_view.selectionModel().selectionChanged.connect(
            self.current_span.on_span_view_selection_changed
        )
        self.span_view.customContextMenuRequested.connect(self.menus.on_span_view_menu)
        for view in (self.span_view, self.text_view):  # the Menu key: see eventFilter
            view.installEventFilter(self)
        self.text_view.customContextMenuRequested.connect(self.menus.on_text_view_menu)
        self.text_view.span_clicked.connect(self.current_span.on_text_view_span_clicked)
        self.span_model.note_edited.connect(self.edits.set_note)
        self.filter_edit.textChanged.connect(self.navigation.apply_filter)
        self.status_filter.currentIndexChanged.connect(self.navigation.apply_filter)
        self.annotator_box.activated.connect(self.navigation.on_annotator_box_chosen)
        name_edit = self.annotator_box.lineEdit()
        assert name_edit is not None  # the box is editable
        name_edit.returnPressed.connect(self.navigation.on_annotator_box_chosen)

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

    def _on_controller_document_opened(self, document: Document, spans: list[Span]) -> None:
        self.history.clear()  # undo never reaches into another document
        self.settings.setValue(self.navigation.last_document_key(), document.id)
        labels = self.controller.labels
        layer = (document.id, self.controller.annotator)
        self.span_model.set_labels(labels)
        # resets the layer model, which the span table shares
        self.text_view.set_document(document.text, spans, labels, layer)
        self.find_bar.refresh()
        self._update_title()
        self._update_counts()
        self.text_view.setFocus()

    # -- span edits -----------------------------------------------------------------------

    def select_span(self, span: Span | None) -> None:
        self.current_span.select(span)

    # -- context menus --------------------------------------------------------------------

    def _popup(self, menu: QMenu, where: QPoint) -> None:
        """Show a context menu and wait for the choice (tests replace this)."""
        menu.exec(where)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ContextMenu
            and isinstance(event, QContextMenuEvent)
            and event.reason() == QContextMenuEvent.Reason.Keyboard
        ):
            self.menus.open_context_menu()
            return True
        return super().eventFilter(watched, event)

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
        progress = self.queue_switch.refresh()  # "7 of 20 done", with documents assigned
        progress = f" — {progress}" if progress else ""
        self.setWindowTitle(f"{title}{name} — annotator ({self.controller.annotator}){progress}")

    def _update_counts(self) -> None:
        doc = self.controller.document
        n = self.span_model.rowCount()
        self.span_count.setText(f" {n} span{'s' if n != 1 else ''} by {self.controller.annotator}")
        if doc is None:
            self.doc_status.setText("")
            return
        status = self.project.status(doc.id, self.controller.annotator)
        row = self.navigation.current_document_row()
        position = f"{row + 1} of {self.documents.rowCount()}" if row is not None else ""
        self.doc_status.setText(f"{doc.id} · {STATUS_TEXT[status]} · {position} ")

    # -- errors and closing ---------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.external.check()

    def _run(self, action: Callable[[], object]) -> bool:
        """Do `action`; an AnnotatorError is shown, and False returned."""
        try:
            action()
        except AnnotatorError as error:
            self.show_error(str(error))
            return False
        return True

    def _style_banners(self) -> None:
        """The read-only and lost-file banners, in the colours of a light or dark window."""
        self.read_only_banner.setStyleSheet(notice_style("warning", "6px", border=True))
        self.lost_banner.setStyleSheet(notice_style("error", "6px", border=True))

    def show_error(self, message: str) -> None:
        plain_message_box(QMessageBox.Icon.Warning, "annotator", message, self).open()

    def _on_controller_labels_changed(self) -> None:
        window_actions.replace_label_actions(self)
        self.text_view.set_labels(self.controller.labels)
        self.span_model.set_labels(self.controller.labels)

    def _on_backup_damage_found(self, message: str) -> None:
        self.show_error(
            f"{message}\n\nWork already saved in it may still be readable; do not go on "
            "annotating in this file. No daily backup was made today, so the older ones are "
            "all kept."
        )

    def _on_backup_finished(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # -- what the actions do (the tests and scripts call these on the window) ------------

    def open_first_document(self) -> None:
        row, self._first_row = self._first_row, None  # found at construction: once
        self.navigation.open_first_document(row)
        self.controller.drop_read_ahead()  # not taken (no document, or another opened)

    def select_document_row(self, row: int) -> None:
        self.navigation.select_document_row(row)

    def set_annotator(self, name: str, remember: bool = True) -> None:
        self.navigation.set_annotator(name, remember)

    def apply_label(self, name: str) -> None:
        self.edits.apply_label(name)

    def tag_range(self, start: int, end: int, label: str) -> None:
        self.edits.tag_range(start, end, label)

    def delete_current_span(self) -> None:
        self.edits.delete_current_span()

    def edit_note(self) -> None:
        self.edits.edit_note()

    def mark_done_and_next(self) -> None:
        self.edits.mark_done_and_next()

    def undo(self) -> None:
        self.edits.undo()

    def redo(self) -> None:
        self.edits.redo()

    def new_project(self) -> None:
        self.files.new_project()

    def import_paths(self, paths: list[Path], add_labels: bool = False) -> Task:
        return self.files.import_paths(paths, add_labels)

    def export_to(self, path: Path, annotators: list[str] | None = None) -> Task:
        return self.files.export_to(path, annotators)

    def check_external_changes(self) -> bool:
        return self.external.check()

    # -- review windows (review.Host) -----------------------------------------------------

    def show_layer(self, annotator: str, document_id: str) -> None:
        self.navigation.show_layer(annotator, document_id)

    def layer_changed(self, annotator: str, document_id: str) -> None:
        self.external.layer_changed(annotator, document_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.drop_read_ahead()
        self.review.close_all()
        self.team.close()
        self.external.close()
        self.backup.close()
        for task in list(self.tasks):
            task.abort()  # no result may reach a window that is gone
        self.settings.setValue("geometry", self.saveGeometry())
        layout_settings.save(self)
        super().closeEvent(event)
        # The window owns its project: closing it checkpoints, so after a clean quit the
        # .db alone holds every change.
        self.project.close()
