"""Projects and texts for the tests: made, filled, and dumped whole for comparison."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from annotator.core.model import Document, Span, Status, text_sha256
from annotator.store.project import Project, create_project
from annotator.store.sqlite import schema
from annotator.store.sqlite.schema import APPLICATION_ID

# The first document of tests/ui's `ui_project`.
ARTICLE = (
    "Kerry met Lavrov in Geneva.\n\n"
    "“We will talk,” Kerry said on Friday.\n"
    "Russia's minister agreed.\n"
)

# Texts that shift offsets in some unit or other, or that must never be read as markup.
TRICKY = {
    "emoji": "Kerry 😀 met Lavrov 🇺🇸🇷🇺 today.",
    "zwj": "The family 👩‍👩‍👧 and 👨🏽‍💻 arrived; Kerry spoke.",
    "combining": "Zoe\u0308 and Ame\u0301lie met Kerry in Qatar.",
    "crlf": "Kerry\r\nmet\r\n\r\nLavrov.\r\n",
    "lone-cr": "Kerry\rmet\rLavrov.\n\rend",
    "tabs": "Kerry\tmet\t\tLavrov.\v\f",
    "separators": "Kerry\u2028met\u2029Lavrov\x85and\x1ethem.",
    "rtl": "قال وزير الخارجية جون كيري إن ‏الولايات المتحدة‏ مستعدة. שלום Kerry",
    "cjk": "克里国务卿说，美国准备与俄罗斯讨论叙利亚问题。𠀋𡈽",
    "nul": "Kerry\x00met\x00 Lavrov\x7f.",
    "markup": "<b>Kerry</b> &amp; <script>alert('Lavrov')</script> &lt;i&gt;",
}


def dump_database(path: Path) -> list[str]:
    """Everything in the SQLite file at `path`, read through a separate connection.

    `iterdump()` gives the schema and every row; the pragmas it leaves out (the schema
    version and the application id) are added, so any change to the file's content shows.
    A text that is not valid UTF-8 (a damaged byte) is dumped too, its bad bytes escaped.
    """
    conn = sqlite3.connect(path)
    conn.text_factory = lambda data: data.decode("utf-8", "surrogateescape")
    try:
        lines = list(conn.iterdump())
        for pragma in ("user_version", "application_id"):
            lines.append(f"{pragma}={conn.execute(f'PRAGMA {pragma}').fetchone()[0]}")
        return lines
    finally:
        conn.close()


def make_project(path: Path, texts: dict[str, str]) -> Project:
    project = create_project(path)
    for doc_id, text in texts.items():
        project.add_document(Document(doc_id, text, text.splitlines()[0] if text else doc_id))
    return project


def make_v1_project(path: Path) -> None:
    """A project as version 1 of this program wrote it: its schema, and some work in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema._v1(sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO project_info VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO labels VALUES ('ACTOR', '#4c78a8', '1', '', 0)")
    conn.execute("INSERT INTO annotators VALUES ('alice', '2025-01-01')")
    conn.execute(
        "INSERT INTO documents (id, title, text, length, text_sha256, meta, created) "
        "VALUES ('d', 'd', 'Kerry met Lavrov.', 17, ?, '{}', '2025-01-01')",
        (text_sha256("Kerry met Lavrov."),),  # as version 1 stored it
    )
    conn.execute(
        'INSERT INTO spans (document_id, annotator, start, "end", label, note, created, '
        "updated) VALUES ('d', 'alice', 0, 5, 'ACTOR', 'a note', '2025', '2025')"
    )
    conn.execute("COMMIT")
    conn.close()


def fill_tricky(project: Project) -> None:
    """Several annotators per document, notes, statuses, a document nobody touched."""
    for number, (name, text) in enumerate(TRICKY.items()):
        meta = {"title": f"Tricky {name}", "source": {"url": f"https://x/{name}", "n": [1, 2.5]}}
        project.add_document(Document(f"doc-{name}", text, f"Tricky {name}", meta))
        if name == "markup":
            continue  # a document with no layers at all
        for annotator in ("alice", "bob", "ｃａｒｏｌ 😀")[: 1 + number % 3]:
            for start, end, label, note in _spans_for(text):
                project.add_span(Span(f"doc-{name}", annotator, start, end, label, note))
        if number % 2:
            project.set_status(f"doc-{name}", "alice", Status.DONE)
    project.set_status("doc-cjk", "dora", Status.IN_PROGRESS)  # a status and no spans


def _spans_for(text: str) -> list[tuple[int, int, str, str | None]]:
    spans = [(0, len(text), "EVENT", None), (0, 1, "CLAIM", "first code point")]
    for word in ("Kerry", "Lavrov", "👩‍👩‍👧", "e\u0301", "\r\n", "\t", "\u2028", "克里", "𠀋"):
        if word in text:
            start = text.index(word)
            end = start + len(word)
            spans.append((start, end, "ACTOR", f"note on {word!r}\nline two"))
            spans.append((start, end, "QUOTE", None))
    if "Kerry" in text and "Lavrov" in text:  # a span nesting two others
        spans.append((text.index("Kerry"), text.index("Lavrov") + 6, "QUOTE", None))
    return spans
