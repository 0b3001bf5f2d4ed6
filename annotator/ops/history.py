"""Undo and redo of operations, without Qt.

`History` is a stack of (description, Changes): `push` what an operation returned, `undo`
applies the inverse of the entry before the cursor, `redo` the entry after it; a push drops
what could be redone. The rule: undo never crosses another program's change. Every entry
was made on the project as of one change token (`ProjectStore.change_token()`, which this
connection's own writes leave alone); `undo` and `redo` check the token inside the write
transaction of their own change and, if another connection committed in between, change
nothing, clear the history and raise HistoryLost. A caller that has looked at another
program's change and found it leaves the history's spans alone says so with `rebase`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.ops.changes import Changes
from annotator.ops.spans import apply

if TYPE_CHECKING:
    from annotator.store.interface import ProjectStore


class HistoryLost(AnnotatorError):
    """Another program changed the project since the history's last step: nothing was done,
    and the history is cleared so that undo cannot overwrite that change."""


@dataclass(frozen=True, slots=True)
class Entry:
    description: str  # "Add ACTOR": what the menu shows after "Undo " / "Redo "
    changes: Changes
    # Where the user was when the operation was made (a disagreement's row, say): opaque to
    # the history; a view goes back there on undo and redo.
    place: Any = None


class History:
    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._index = 0  # entries before it are done, from it on undone
        self._token: int | None = None
        self._listeners: list[Callable[[], None]] = []

    # -- what the menu shows ---------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener()` whenever what can be undone or redone changed."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        """No more calls to `listener` (one that `subscribe` was given)."""
        self._listeners.remove(listener)

    def count(self) -> int:
        return len(self._entries)

    def text(self, index: int) -> str:
        return self._entries[index].description

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._entries)

    def undo_text(self) -> str:
        """The description of what undo would undo ("" when nothing)."""
        return self._entries[self._index - 1].description if self.can_undo() else ""

    def redo_text(self) -> str:
        return self._entries[self._index].description if self.can_redo() else ""

    def undo_entry(self) -> Entry | None:
        """The entry undo would undo (None when nothing)."""
        return self._entries[self._index - 1] if self.can_undo() else None

    def redo_entry(self) -> Entry | None:
        return self._entries[self._index] if self.can_redo() else None

    # -- changing it -----------------------------------------------------------------------

    def push(self, description: str, changes: Changes, token: int, place: Any = None) -> None:
        """Record an operation's `changes`, made on the project at change token `token`
        (read before the operation: its own write leaves the token as it was), with the
        `place` the caller returns to on its undo and redo."""
        if not changes:
            return
        if self._token is not None and token != self._token:
            self._entries.clear()
            self._index = 0
        del self._entries[self._index :]
        self._entries.append(Entry(description, changes, place))
        self._index += 1
        self._token = token
        self._notify()

    def rebase(self, token: int) -> None:
        """The caller has seen another program's change, at `token`, and it touches nothing
        the history would write: the history goes on from there."""
        if self._entries:
            self._token = token

    def follow_rename(self, kind: str, old: str, new: str) -> None:
        """The label (`kind` "label") or relation type ("relation_type") `old` was renamed
        `new` (every span or relation of it follows, in the store): the entries follow too,
        so that undo and redo find their spans as stored and write the name in use."""
        # The descriptions name it too ("Add EVENT", "Tag 4 hits as EVENT"), as a word.
        name = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)")
        self._entries = [
            replace(
                entry,
                description=name.sub(lambda _: new, entry.description),
                changes=entry.changes.renamed(kind, old, new),
            )
            for entry in self._entries
        ]
        self._notify()  # the menu's "Undo Add EVENT" names it anew

    def clear(self) -> None:
        had = bool(self._entries)
        self._entries.clear()
        self._index = 0
        self._token = None
        if had:
            self._notify()

    def undo(self, project: ProjectStore) -> Changes:
        """Undo the last done entry; returns what that changed in the store."""
        if not self.can_undo():
            raise AnnotatorError("there is nothing to undo")
        entry = self._entries[self._index - 1]
        changes = self._step(project, entry.changes.inverse(), self._index - 1)
        self._index -= 1
        self._notify()
        return changes

    def redo(self, project: ProjectStore) -> Changes:
        if not self.can_redo():
            raise AnnotatorError("there is nothing to redo")
        changes = self._step(project, self._entries[self._index].changes, self._index)
        self._index += 1
        self._notify()
        return changes

    def _step(self, project: ProjectStore, changes: Changes, index: int) -> Changes:
        assert self._token is not None
        try:
            return project.call(apply_unless_changed, changes, self._token)
        except HistoryLost:
            self.clear()
            raise
        except ProjectError:  # busy, read-only, gone: the entry may work later
            raise
        except AnnotatorError:  # the store is not as the entry left it: drop the entry
            del self._entries[index]
            if index < self._index:
                self._index -= 1
            self._notify()
            raise

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()


def apply_unless_changed(project: ProjectStore, changes: Changes, token: int) -> Changes:
    """`apply(project, changes)` if no other connection committed since change token
    `token`, checked under the write lock; otherwise HistoryLost and nothing written."""
    with project.transaction():
        if project.change_token() != token:
            raise HistoryLost(
                "another window or command changed the project since your last edit: "
                "nothing was changed, and the undo history was cleared"
            )
        return apply(project, changes)
