"""The one exception type for mistakes a user can fix: bad files, bad names, bad projects.

The CLI prints `str(error)` on one line and exits non-zero; the GUI shows it in a dialog.
Anything else that escapes is a programming error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class AnnotatorError(Exception):
    """A user-facing error. `str()` gives `FILE:LINE: reason` when a file and line are known."""

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None):
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Every subclass survives pickling (the app's store process sends errors back)
        # whatever its __init__ takes: rebuilt from its state, not by calling __init__.
        return (_restore, (type(self), self.args, self.__dict__))

    @property
    def message(self) -> str:
        if self.path is None:
            return self.reason
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}:{self.line}: {self.reason}"


def _restore(cls: type[AnnotatorError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ProjectError(AnnotatorError):
    """The project file cannot be opened or written: not a project, too new, read-only..."""


class InputError(AnnotatorError):
    """An input file (JSONL, text) is malformed; nothing from it was written."""
