"""The find tests' article (six "Kerry", one of "Kerry's", one inside "Kerrys") and keys."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store.project import Project

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

# Six "Kerry", one of them of "Kerry's", one inside "Kerrys".
ARTICLE = (
    "Kerry met Lavrov in Geneva. Kerry said they would talk.\n\n"
    "“We will talk,” Kerry told reporters; Kerry's aides agreed.\n"
    "The Kerrys flew home. Lavrov thanked Kerry.\n"
)
KERRYS = [i for i in range(len(ARTICLE)) if ARTICLE.startswith("Kerry", i)]


def key(qtbot, window, k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key pressed where the focus is, as a user's would be."""
    qtbot.keyClick(window.focusWidget(), k, modifier)


def actors(project: Project) -> list[int]:
    return sorted(s.start for s in project.spans("doc-1", "alice") if s.label == "ACTOR")
