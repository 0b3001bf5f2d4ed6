"""The windows' layout comes back: splitter sizes, the guideline dock, column widths; in the
review windows, the splitters and the column widths their user set."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray

from tests.conftest import show_window
from tests.helpers.table_columns import columns_outside, drag_divider


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
    settings.setValue("layout/splitter", QByteArray(b"not a state"))
    win = show_window(qtbot, store_host.open(ui_project.path), settings)
    assert len(win.splitter.sizes()) == 3 and all(size > 0 for size in win.splitter.sizes())


# -- the review windows -------------------------------------------------------------------


def _two_layers(project) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.model import Span, Status

    for name, label in (("alice", "ACTOR"), ("bob", "EVENT"), ("carol", "CLAIM")):
        project.add_span(Span("doc-1", name, 0, 5, label))
        project.add_span(Span("doc-1", name, 10, 16, "ACTOR"))
        project.set_status("doc-1", name, Status.DONE)


def _compare(qtbot, window, annotators):  # type: ignore[no-untyped-def]
    compare = window.review.compare("doc-1", annotators)
    compare.resize(1280, 800)
    qtbot.waitExposed(compare)
    qtbot.waitUntil(lambda: compare.table.viewport().width() > 1000)
    return compare


def test_a_comparisons_split_and_the_widths_its_user_set_come_back(
    qtbot, window, ui_project, settings
):
    """Dragged by the user, remembered on close; the annotator's column keeps its width in a
    comparison of other annotators, and the other columns still fit around it."""
    _two_layers(ui_project)
    compare = _compare(qtbot, window, ["alice", "bob"])
    header = compare.table.horizontalHeader()
    alice = compare.model.columns.index("alice")
    drag_divider(compare.table, alice, -60)
    width = header.sectionSize(alice)
    assert compare.table_fit.user_widths == {"alice": width}
    compare.split.setSizes([300, 300, 150])
    sizes = compare.split.sizes()
    compare.close()  # deleted on close: the next is a new window
    qtbot.waitUntil(lambda: not window.review.comparisons)
    again = _compare(qtbot, window, ["alice", "bob"])
    assert again.split.sizes() == sizes
    assert again.table.horizontalHeader().sectionSize(alice) == width
    assert not columns_outside(again.table)
    again.close()  # deleted on close: the next is a new window
    qtbot.waitUntil(lambda: not window.review.comparisons)
    others = _compare(qtbot, window, ["carol", "alice"])
    column = others.model.columns.index("alice")
    assert others.table.horizontalHeader().sectionSize(column) == width
    assert not columns_outside(others.table)


def opened_agreement(qtbot, window):  # type: ignore[no-untyped-def]
    """The agreement view, computed, at a size that shows its document list."""
    agreement = window.review.open_agreement()
    with qtbot.waitSignal(agreement.computed, timeout=10000):
        pass
    agreement.resize(1200, 800)
    qtbot.waitUntil(lambda: agreement.document_view.viewport().width() > 800)
    return agreement


def test_the_agreement_views_splitters_and_column_widths_come_back(
    qtbot, window, ui_project, settings, store_host
):
    _two_layers(ui_project)
    agreement = opened_agreement(qtbot, window)
    view = agreement.document_view
    drag_divider(view, 7, 40)  # Gold wider
    gold = view.horizontalHeader().sectionSize(7)
    assert agreement.document_fit.user_widths == {"Gold": gold}
    agreement.main_split.setSizes([300, 900])
    main = agreement.main_split.sizes()
    window.close()  # closes the agreement view too: it saves then
    again = show_window(qtbot, store_host.open(ui_project.path), settings)
    agreement = opened_agreement(qtbot, again)
    view = agreement.document_view
    assert agreement.main_split.sizes() == main
    assert view.horizontalHeader().sectionSize(7) == gold
    assert not columns_outside(view)


@pytest.mark.parametrize("saved", ["not json", "[1, 2]", '{"alice": "wide", "bob": -5}'])
def test_damaged_saved_column_widths_are_ignored(qtbot, window, ui_project, settings, saved):
    _two_layers(ui_project)
    settings.setValue("layout/compare/spans-columns", saved)
    settings.setValue("layout/compare/split", QByteArray(b"not a state"))
    compare = _compare(qtbot, window, ["alice", "bob"])
    assert compare.table_fit.user_widths == {}
    assert not columns_outside(compare.table)
    assert all(size > 0 for size in compare.split.sizes())
