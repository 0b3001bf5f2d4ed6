"""The review windows of one main window: the agreement view and the comparisons opened
from it, and how they talk to the main window: edit gold there; a gold change made in a
comparison reaches the main window's views as its `Changes`, through the controller's one
`changes_applied` broadcast (as the window's own edits do), and every change broadcast
there (gold edited directly, say) reaches the open comparisons and the agreement view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR
from annotator.ops.changes import Changes
from annotator.store.interface import ProjectStore
from annotator.ui.plain import plain_message_box

if TYPE_CHECKING:  # imported when first opened: not on the app's start-up path
    from annotator.ui.agreement_view import AgreementWindow
    from annotator.ui.compare_view import ComparisonWindow
    from annotator.ui.controller import Controller


class Host(Protocol):
    """What the review windows need from the main window."""

    project: ProjectStore
    controller: Controller
    settings: QSettings  # where the review windows remember their layout

    def show_layer(self, annotator: str, document_id: str) -> None: ...


class Review(QObject):
    def __init__(self, host: Host, parent: QWidget):
        super().__init__(parent)
        self.host = host
        self.parent_widget = parent
        self.agreement: AgreementWindow | None = None
        self.comparisons: dict[tuple[str, tuple[str, ...], tuple[str, ...]], ComparisonWindow] = {}
        host.controller.changes_applied.connect(self._on_controller_changes_applied)

    def open_agreement(self) -> AgreementWindow:
        """Show the agreement window (one per main window) and compute if it is new."""
        if self.agreement is None:
            from annotator.ui.agreement_view import AgreementWindow

            self.agreement = AgreementWindow(self.host.project, settings=self.host.settings)
            self.agreement.document_requested.connect(self.compare)
            self.agreement.compute()
        else:
            self.agreement.fill_choices()
        self.agreement.show()
        self.agreement.raise_()
        self.agreement.activateWindow()
        return self.agreement

    def compare(
        self, document_id: str, annotators: Sequence[str], labels: Sequence[str] = ()
    ) -> ComparisonWindow | None:
        # The labels too: they decide which disagreements the window lists.
        key = (document_id, tuple(annotators), tuple(labels))
        window = self.comparisons.get(key)
        if window is None:
            from annotator.ui.compare_view import ComparisonWindow

            try:
                window = ComparisonWindow(
                    self.host.project, document_id, annotators, labels, settings=self.host.settings
                )
            except AnnotatorError as error:
                plain_message_box(  # the error names ids and annotators
                    QMessageBox.Icon.Warning, "Compare", str(error), self.parent_widget
                ).open()
                return None
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.edit_gold_requested.connect(self._on_comparison_edit_gold_requested)
            window.gold_changed.connect(self._on_comparison_gold_changed)
            window.destroyed.connect(lambda *_: self.comparisons.pop(key, None))
            self.comparisons[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _on_comparison_edit_gold_requested(self, document_id: str) -> None:
        self.host.show_layer(GOLD_ANNOTATOR, document_id)

    def _on_comparison_gold_changed(self, document_id: str, changes: Changes) -> None:
        # The main window's views take it span by span, as they take their own edits (and
        # this broadcast reaches the agreement view and the other comparisons too).
        self.host.controller.apply_changes(changes)

    def _on_controller_changes_applied(self, changes: Changes) -> None:
        for window in list(self.comparisons.values()):
            window.on_changes_applied(changes)
        if self.agreement is not None:
            for document_id, annotator, _, _ in changes.statuses:
                if annotator == GOLD_ANNOTATOR:
                    self.agreement.on_gold_changed(document_id)

    def close_all(self) -> None:
        """Close every review window (the main window switches project or closes)."""
        if self.agreement is not None:
            self.agreement.stop()  # its worker thread must end before the window goes
        for window in [*self.comparisons.values(), self.agreement]:
            if window is not None:
                window.close()
                window.deleteLater()
        self.comparisons.clear()
        self.agreement = None
