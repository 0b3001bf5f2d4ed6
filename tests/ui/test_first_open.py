"""The window's first document: read ahead by the store process while the window builds
itself, and its attribution line counted even when the window does not paint."""

from __future__ import annotations

from typing import Any

from annotator.core.model import Span
from annotator.store.reads import document_and_layer


def test_the_first_document_is_taken_from_the_read_ahead(qtbot, ui_project, settings, store_host):
    from annotator.ui.main_window import MainWindow

    ui_project.add_span(Span("doc-1", "alice", 0, 5, "ACTOR"))
    remote = store_host.open(ui_project.path)
    asked: list[Any] = []
    call = remote.call

    def recording(function: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(function)
        return call(function, *args, **kwargs)

    remote.call = recording  # type: ignore[method-assign]
    window = MainWindow(remote, "alice", settings)
    qtbot.addWidget(window)
    assert window.controller._ahead is not None  # sent while the window was built
    window.show()
    window.open_first_document()
    assert window.controller._ahead is None  # taken
    assert document_and_layer not in asked  # the window's own channel never read it
    assert window.controller.document is not None and window.controller.document.id == "doc-1"
    assert window.layer_model.spans() == ui_project.spans("doc-1", "alice")
    # Later opens read on the window's channel, as ever.
    window.controller.open_document("doc-2")
    assert document_and_layer in asked


def test_a_window_that_does_not_paint_still_counts_its_missing_sources(
    qtbot, ui_project, settings, store_host
):
    from annotator.ui.main_window import MainWindow

    ui_project.add_span(Span("doc-1", "alice", 0, 5, "QUOTE"))
    window = MainWindow(store_host.open(ui_project.path), "alice", settings)
    qtbot.addWidget(window)
    window.open_first_document()  # never shown: the text view never paints
    label = window.linking.attribution.label
    qtbot.waitUntil(lambda: "1 quote without a source" in label.text(), timeout=3_000)
