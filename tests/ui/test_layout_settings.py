"""The window's layout comes back: splitter sizes, the guideline dock, column widths."""

from __future__ import annotations

from tests.conftest import show_window


def test_splitter_and_column_widths_are_restored(qtbot, window, ui_project, settings, store_host):
    window.resize(780, 560)  # within the offscreen screen, which restoreGeometry keeps to
    qtbot.waitUntil(lambda: window.width() == 780)
    window.splitter.setSizes([150, 250, 120])
    sizes = window.splitter.sizes()
    window.document_view.horizontalHeader().resizeSection(1, 111)
    window.span_view.horizontalHeader().resizeSection(0, 77)
    window.close()
    again = show_window(qtbot, store_host.open(ui_project.path), settings)
    assert again.splitter.sizes() == sizes
    assert again.document_view.horizontalHeader().sectionSize(1) == 111
    assert again.span_view.horizontalHeader().sectionSize(0) == 77
    again.labels_menu.dock.hide()
    again.close()
    third = show_window(qtbot, store_host.open(ui_project.path), settings)
    assert not third.labels_menu.dock.isVisible()


def test_a_damaged_saved_layout_is_ignored(qtbot, ui_project, settings, store_host):
    from PySide6.QtCore import QByteArray

    settings.setValue("layout/splitter", QByteArray(b"not a state"))
    win = show_window(qtbot, store_host.open(ui_project.path), settings)
    assert len(win.splitter.sizes()) == 3 and all(size > 0 for size in win.splitter.sizes())
