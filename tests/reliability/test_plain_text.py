"""Promise 6: nothing runs from the data. Article text, titles, ids, annotator names, notes
and label descriptions are shown as typed (no HTML, no images loaded, no links), and the
JSONL export writes only the file chosen, inside the chosen folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit

from annotator.core.model import Document, Label, Span
from annotator.store.exporter import export_jsonl
from annotator.store.project import Project, create_project, open_project

MARKUP = '<b>bold</b> <img src="file:///etc/hosts"> <a href="https://example.com/">link</a> &amp;'
TEXT = f"Kerry said {MARKUP} in Geneva.\n"
NOTE = '<img src="https://example.com/track.png"><script>alert(1)</script> <a href="x">see</a>'
EVIL_NAME = "<i>eve</i>"


def rendered(rich: str) -> str:
    """What a user sees of `rich` where Qt shows it as rich text (tooltips)."""
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


@pytest.fixture
def hostile(qtbot, tmp_path, settings):  # type: ignore[no-untyped-def]
    from annotator.ui.main_window import MainWindow

    project = create_project(tmp_path / "hostile.db")
    project.add_label(Label("<u>PLACE</u>", "#123456", None, f"places {MARKUP}"))
    project.add_document(Document("<b>id</b>", TEXT, f"<h1>{MARKUP}</h1>"))
    start = TEXT.index("<b>")
    project.add_span(Span("<b>id</b>", EVIL_NAME, start, start + len(MARKUP), "QUOTE", NOTE))
    window = MainWindow(project, EVIL_NAME, settings)
    qtbot.addWidget(window)
    window.show()
    window.open_first_document()
    yield window
    window.close()
    project.close()


def test_the_article_is_plain_text(hostile):
    assert isinstance(hostile.text_view, QPlainTextEdit)  # no rich text, no link following
    assert hostile.text_view.toPlainText() == TEXT
    assert not hostile.text_view.document().allFormats() or all(
        not fmt.isImageFormat() for fmt in hostile.text_view.document().allFormats()
    )


def test_the_span_list_and_its_tooltips_show_markup_literally(hostile):
    model = hostile.span_model
    assert model.data(model.index(0, 1)) == MARKUP
    assert model.data(model.index(0, 3)) == NOTE
    assert MARKUP in rendered(model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole))
    assert NOTE in rendered(model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole))


def test_the_article_tooltip_shows_text_and_note_literally(hostile):
    shown = rendered(hostile.text_view.tooltip_html(hostile.text_view.spans()))
    assert MARKUP[:77] in shown and NOTE in shown and EVIL_NAME in shown  # 80 shown at most


def test_the_document_list_title_and_tooltip_are_literal(hostile):
    docs = hostile.documents
    assert docs.data(docs.index(0, 0)) == f"<h1>{MARKUP}</h1>"
    tip = rendered(docs.data(docs.index(0, 0), Qt.ItemDataRole.ToolTipRole))
    assert f"<h1>{MARKUP}</h1>" in tip and "id: <b>id</b>" in tip


def test_labels_in_the_window_are_plain_text(hostile):
    for label in hostile.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert EVIL_NAME in hostile.span_count.text() and "<b>id</b>" in hostile.doc_status.text()
    (place,) = [a for a in hostile.label_actions if "PLACE" in a.text()]
    assert f"places {MARKUP}" in rendered(place.toolTip())


def test_the_note_dialog_quotes_the_article_as_plain_text(hostile, monkeypatch):
    from annotator.ui.note_dialog import NoteDialog

    seen = {}

    def inspect(dialog):  # instead of waiting for the user
        seen["labels"] = [(lab.text(), lab.textFormat()) for lab in dialog.findChildren(QLabel)]
        seen["note"] = dialog.edit.toPlainText()
        return 0

    monkeypatch.setattr(NoteDialog, "exec", inspect)
    hostile.select_span(hostile.text_view.spans()[0])
    hostile.edit_note()
    ((text, text_format),) = seen["labels"]
    assert MARKUP[:40] in text and text_format == Qt.TextFormat.PlainText
    assert seen["note"] == NOTE


def test_error_dialogs_are_plain_text(hostile):
    hostile.show_error(f"about {MARKUP}")
    (box,) = [b for b in hostile.findChildren(QMessageBox) if b.isVisible()]
    assert box.textFormat() == Qt.TextFormat.PlainText and MARKUP in box.text()
    box.close()


# -- the JSONL export stays where it was told ------------------------------------------------


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture
def traversal_project(tmp_path: Path) -> Project:
    project = create_project(tmp_path / "p.db")
    for doc_id in ("../../escape", "/etc/passwd", "..", "a/b\\c"):
        project.add_document(Document(doc_id, f"Text of {doc_id}.", doc_id))
        project.add_span(Span(doc_id, "alice", 0, 4, "ACTOR"))
    return project


def test_jsonl_export_writes_only_the_chosen_file(traversal_project: Project, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    before = tree(tmp_path)
    export_jsonl(traversal_project, out / "export.jsonl")
    assert tree(tmp_path) - before == {"out/export.jsonl"}  # ids are data, never paths
    text = (out / "export.jsonl").read_text(encoding="utf-8")
    assert '"id": "../../escape"' in text


def test_jsonl_export_over_a_symlink_replaces_the_link_not_its_target(
    traversal_project: Project, tmp_path: Path
):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "export.jsonl").symlink_to(outside)
    export_jsonl(traversal_project, out / "export.jsonl")
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert not (out / "export.jsonl").is_symlink()
    assert [p.name for p in out.iterdir()] == ["export.jsonl"]


def test_a_failed_jsonl_export_leaves_no_temporary_file(traversal_project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()

    def failing(documents, stream, report):
        stream.write("partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("annotator.store.exporter.write_stream", failing)
    with pytest.raises(OSError):
        export_jsonl(traversal_project, out / "export.jsonl")
    assert os.listdir(out) == []
    with open_project(traversal_project.path) as again:
        assert again.document_count() == 4
