"""The document list model (annotator/ui/document_list.py) on a real project: a valid Qt
model through every change the window makes, read a page at a time."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import Span, Status
from annotator.ops.changes import Changes
from annotator.ui.document_list import DocumentListModel
from tests.helpers.projects import make_project


def test_the_document_list_is_a_valid_qt_model_through_every_change(
    qtmodeltester, tmp_path: Path
) -> None:
    # more documents than one page, so that rows come from two pages
    count = DocumentListModel.PAGE + 10
    texts = {f"doc-{n:03}": f"Article {n}: Kerry met Lavrov.\n" for n in range(count)}
    project = make_project(tmp_path / "list.db", texts)
    model = DocumentListModel(project, "alice")
    qtmodeltester.check(model)  # Qt's tester follows every change below too
    assert model.rowCount() == count
    assert model.index(count - 1, 0).data() == f"Article {count - 1}: Kerry met Lavrov."
    project.add_span(Span("doc-260", "alice", 0, 7, "ACTOR"))
    project.set_status("doc-260", "alice", Status.DONE)
    model.refresh_document("doc-260")
    assert model.index(model.row_of("doc-260"), 2).data() == 1
    model.set_filter(Status.DONE, "")
    assert model.rowCount() == 1 and model.document_id(0) == "doc-260"
    model.set_filter(None, "Article 1")
    assert model.rowCount() == len([t for t in texts.values() if t.startswith("Article 1")])
    model.set_annotator("bob")
    model.set_filter(Status.DONE, "")
    assert model.rowCount() == 0
    project.close()


def test_a_change_rereads_only_the_rows_it_touches_for_the_lists_annotator(
    qtbot, ui_project
) -> None:
    model = DocumentListModel(ui_project, "alice")
    theirs = Span("doc-2", "bob", 0, 6, "ACTOR", id=1)
    ours = Span("doc-1", "alice", 0, 5, "ACTOR", id=2)
    renamed = Span("doc-3", "alice", 0, 5, "QUOTE", id=3)
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.apply_changes(
            Changes(
                spans_added=(theirs, ours),
                spans_changed=((renamed, renamed),),  # no count, no status changes
                statuses=(("doc-1", "alice", Status.NEW, Status.IN_PROGRESS),),
            )
        )
    assert changed.args[0].row() == model.row_of("doc-1")
    with qtbot.assertNotEmitted(model.dataChanged):
        model.apply_changes(Changes(spans_added=(theirs,), spans_changed=((renamed, renamed),)))
