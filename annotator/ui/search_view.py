"""Edit ▸ Search documents… (Ctrl+Shift+F): search every document's text, step through the
hits in context, open one at its place, tag the selected ones with a label.

A dock at the bottom of the window. The query runs in a worker (ui/tasks.py) on a
connection of its own, so the window never waits for it; the store answers with the first
hits in project order (core/search.py says what a query means). Down goes from the query
to the results (Up from the first hit back); in the results, Up and Down step, Shift and
Ctrl select several, Enter (or a double click) opens the document with the hit selected in
the text, so a label key tags it there; "Tag selected" tags every selected hit for the
current annotator in one undoable step (ops/search_tags.py). Esc closes the panel
(Ctrl+Shift+F brings it back with its results).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Span
from annotator.core.search import DEFAULT_LIMIT, Hit, SearchResult, parse_query
from annotator.ops.bulk import add_spans
from annotator.ui.plain import plain_label
from annotator.ui.search_model import SearchResultsModel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class SearchPanel(QDockWidget):
    """The corpus search dock of one window."""

    def __init__(self, window: MainWindow, limit: int = DEFAULT_LIMIT):
        super().__init__("Search documents", window)
        self.setObjectName("search_documents")
        self.window_ = window
        self.limit = limit
        self.running = False
        self.last_result: SearchResult | None = None
        self._asked = 0  # the number of the latest search: an older one's answer is dropped

        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(
            'Search every document: words, "a phrase", prefix*  (Enter)'
        )
        self.query_edit.setClearButtonEnabled(True)
        self.exact_box = QCheckBox("Match case and accents")
        self.summary = plain_label()
        self.model = SearchResultsModel()
        self.results = QTableView()
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.verticalHeader().setDefaultSectionSize(22)
        self.results.setWordWrap(False)
        self.results.setTabKeyNavigation(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.results.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("M") * 14)
        header.resizeSection(1, metrics.horizontalAdvance("m") * 34)
        header.resizeSection(2, metrics.horizontalAdvance("m") * 12)
        self.label_box = QComboBox()
        self.tag_button = QPushButton("Tag sele&cted")  # Alt+T opens Relations
        self.tag_button.setToolTip("Tag every selected hit with this label (one undo step)")

        top = QHBoxLayout()
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.exact_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(plain_label("Label:"))
        bottom.addWidget(self.label_box)
        bottom.addWidget(self.tag_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        layout.addLayout(bottom)
        self.setWidget(body)

        self.query_edit.returnPressed.connect(self.search)
        self.exact_box.toggled.connect(self._on_exact_toggled)
        self.results.activated.connect(self._on_results_activated)
        self.results.installEventFilter(self)
        self.query_edit.installEventFilter(self)
        self.tag_button.clicked.connect(self.tag_selected)
        window.controller.labels_changed.connect(self.fill_labels)
        self.fill_labels()
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        self.hide()

    # -- opening and searching ------------------------------------------------------------

    def open_panel(self) -> None:
        """Show the panel with the query selected, ready to type."""
        self.show()
        self.raise_()
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    def search(self) -> None:
        """Run the query in a worker; the results replace the list when it answers."""
        text = self.query_edit.text()
        try:
            query = parse_query(text, exact=self.exact_box.isChecked())
        except AnnotatorError as error:
            self.summary.setText(str(error))
            return
        own, limit = self.window_.project, self.limit

        def job(progress: Callable[[int, int], bool]) -> SearchResult:
            progress(0, 1)
            with own.reopen() as project:  # a connection of the worker's own
                return project.search(query, limit)

        self._asked += 1
        asked = self._asked
        self.running = True
        self.summary.setText(f"Searching for {text}…")
        task = self.window_.files.start_task(
            "Searching…", job, lambda result: self._show(result, asked)
        )
        task.on_failure = lambda error: self._failed(error, asked)

    def _show(self, result: SearchResult, asked: int) -> None:
        if asked != self._asked:
            return  # a later search is on its way
        self.running = False
        self.last_result = result
        self.model.set_hits(list(result.hits))
        self.summary.setText(f"{result.query}: {result.summary()}")
        if result.hits:
            self.results.setCurrentIndex(self.model.index(0, 2))

    def _failed(self, error: AnnotatorError, asked: int) -> None:
        if asked != self._asked:
            return
        self.running = False
        self.summary.setText(str(error))

    def _on_exact_toggled(self, _: bool) -> None:
        if self.query_edit.text().strip():
            self.search()

    # -- the results ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if watched is self.results and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current_hit()
            return True
        # Down from the query goes into the results, at the current hit; Up from the first
        # hit goes back to the query.
        if watched is self.query_edit and event.key() == Qt.Key.Key_Down and self.model.hits():
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.model.index(0, 2))
            self.results.setFocus()
            return True
        if (
            watched is self.results
            and event.key() == Qt.Key.Key_Up
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.results.currentIndex().row() <= 0
        ):
            self.query_edit.setFocus()
            return True
        if event.key() == Qt.Key.Key_Escape:  # from the query or the results: back to the text
            self.hide()
            self.window_.text_view.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _on_results_activated(self, index: QModelIndex) -> None:
        self.open_hit(self.model.hit(index.row()))

    def open_current_hit(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self.open_hit(self.model.hit(index.row()))

    def open_hit(self, hit: Hit) -> None:
        """Open the hit's document (its row in the list, when the filter shows it) with the
        hit selected in the text, and give the text the keys."""
        w = self.window_
        if w.controller.document is None or w.controller.document.id != hit.document_id:
            row = w.documents.row_of(hit.document_id)
            if row is not None:
                w.navigation.select_document_row(row)
            else:
                w._run(lambda: w.controller.open_document(hit.document_id))
        document = w.controller.document
        if document is None or document.id != hit.document_id:
            return  # refused (too long, gone): the error was shown
        if hit.end > len(document.text):
            w.statusBar().showMessage("That hit is no longer in the document.", 5000)
            return
        w.text_view.select_range(hit.start, hit.end)
        w.text_view.setFocus()

    def selected_hits(self) -> list[Hit]:
        rows = sorted({index.row() for index in self.results.selectionModel().selectedRows()})
        return [self.model.hit(row) for row in rows]

    # -- tagging ----------------------------------------------------------------------------

    def fill_labels(self) -> None:
        chosen = self.label_box.currentData()
        self.label_box.clear()
        for label in self.window_.controller.labels:
            self.label_box.addItem(label.name, label.name)  # item text is shown as typed
        found = self.label_box.findData(chosen)
        if found >= 0:
            self.label_box.setCurrentIndex(found)

    def tag_selected(self) -> None:
        """Tag every selected hit with the chosen label for the current annotator: one
        transaction, one undo step; hits already tagged so are left as they are."""
        w = self.window_
        hits = self.selected_hits()
        label = self.label_box.currentData()
        if not hits or not label:
            w.statusBar().showMessage("Select the hits to tag first.", 4000)
            return
        annotator = w.controller.annotator
        spans = [Span(hit.document_id, annotator, hit.start, hit.end, label) for hit in hits]
        many = f"{len(hits)} hit{'s' if len(hits) != 1 else ''}"
        changes = w.edits.push(f"Tag {many} {label}", None, add_spans, spans)
        if changes is None:
            return
        added = len(changes.spans_added)
        documents = len({span.document_id for span in changes.spans_added})
        message = f"Tagged {added} of {many} {label} in {documents} document"
        message += "s" if documents != 1 else ""
        if added < len(hits):
            message += f" ({len(hits) - added} already were)"
        w.statusBar().showMessage(message + ". Ctrl+Z undoes it.", 8000)
