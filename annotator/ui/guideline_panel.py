"""The guideline panel: the annotation guideline of the label in question (the picked
span's, or the label button under the mouse), and of the relation types that link it.

A guideline is plain text or Markdown, shown formatted, never as HTML from the data: the
Markdown is read with Qt's `MarkdownNoHTML` (raw HTML shows as the characters typed), an
image (`![...](...)`) shows as its text and nothing is fetched, and links are not followed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from annotator.core.model import Label, RelationType
from annotator.ui.plain import plain_label

MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownNoHTML
    | QTextDocument.MarkdownFeature.MarkdownDialectGitHub
)
_IMAGE = re.compile(r"!\[")


def show_markdown(document: QTextDocument, text: str) -> None:
    """`text` (Markdown or plain text) formatted into `document`, HTML and images kept as
    the characters they are."""
    document.setMarkdown(_IMAGE.sub(r"!\\[", text), MARKDOWN)


class _Browser(QTextBrowser):
    def loadResource(self, kind: int, name: QUrl | str) -> object:  # Qt override
        return None  # nothing a guideline names is ever fetched


class GuidelinePanel(QWidget):
    """Shows one label's guideline (and its description), with the relation types that
    link it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = plain_label("")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.view = _Browser()
        self.view.setOpenLinks(False)
        self.view.setOpenExternalLinks(False)
        self.view.setPlaceholderText("Pick a span or point at a label.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        self.labels: dict[str, Label] = {}
        self.relation_types: list[RelationType] = []
        self.shown: str | None = None

    def set_labels(self, labels: list[Label], relation_types: list[RelationType]) -> None:
        self.labels = {label.name: label for label in labels}
        self.relation_types = list(relation_types)
        shown, self.shown = self.shown, None
        self.show_label(shown)

    def show_label(self, name: str | None) -> None:
        """The guideline of the label `name` (None, or a label gone: nothing)."""
        if name == self.shown:
            return
        label = self.labels.get(name) if name is not None else None
        self.shown = label.name if label is not None else None
        if label is None:
            self.title.setText("")
            self.view.clear()
            return
        self.title.setText(
            f"{label.name}: {label.description}" if label.description else label.name
        )
        parts = [label.guideline.strip() or "*No guideline yet (Labels ▸ Edit labels…).*"]
        for kind in self.relation_types:
            if label.name in kind.head_labels + kind.tail_labels and kind.guideline.strip():
                parts.append(f"---\n\n**Relation {_escaped(kind.name)}**\n\n{kind.guideline}")
        show_markdown(self.view.document(), "\n\n".join(parts))

    def text(self) -> str:
        """What the panel shows, as plain text (for tests and screen readers)."""
        return self.view.toPlainText()


def _escaped(text: str) -> str:
    """A name put into Markdown shows as typed (no emphasis, no link)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)
