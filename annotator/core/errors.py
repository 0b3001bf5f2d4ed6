"""The one exception type for mistakes a user can fix: bad files, bad names, bad projects.

The CLI prints `str(error)` on one line and exits non-zero; the GUI shows it in a dialog.
Anything else that escapes is a programming error.
"""

from __future__ import annotations

from pathlib import Path


class AnnotatorError(Exception):
    """A user-facing error. `str()` gives `FILE:LINE: reason` when a file and line are known."""

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None):
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.path is None:
            return self.reason
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}:{self.line}: {self.reason}"


class ProjectError(AnnotatorError):
    """The project file cannot be opened or written: not a project, too new, read-only..."""


class InputError(AnnotatorError):
    """An input file (JSONL, text) is malformed; nothing from it was written."""
