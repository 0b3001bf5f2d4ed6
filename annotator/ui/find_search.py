"""The find bar's search of the open article, which never blocks typing.

A `FindSearch` runs a `core.text_search.TextSearch` over the text view's text a slice at a
time (at most `SLICE_SECONDS` per turn of the event loop, on a zero timer), so keys typed
meanwhile are handled between slices and the count fills in as it goes. The current hit is
found straight away (a direct search from the cursor, whether the scan got there or not),
and only the hits on screen are highlighted: scrolling or resizing shows the new ones.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from annotator.core.text_search import TextSearch
from annotator.ui.text_view import SpanTextView

FIRST_SLICE_SECONDS = 0.002  # in the key's own handling
SLICE_SECONDS = 0.005  # per turn of the event loop: well under a frame and a key repeat


class FindSearch(QObject):
    """One text view's search: its hits, the current one, the highlights on screen."""

    progressed = Signal()  # more hits counted, or another current hit

    def __init__(self, view: SpanTextView):
        super().__init__(view)
        self.view = view
        self.search: TextSearch | None = None
        self.current: tuple[int, int] | None = None
        self.highlight = False  # show the hits (the bar is open)
        self._none = False
        self._shown: tuple[int, int, int, tuple[int, int] | None] | None = None
        self._scan_timer = QTimer(self)
        self._scan_timer.setInterval(0)
        self._scan_timer.timeout.connect(self._on_scan_timer_timeout)
        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(0)
        self._visible_timer.timeout.connect(self.show_visible)
        # Not connected to start() itself: valueChanged's value would be taken for
        # start(msec), and the hits would show that many milliseconds after a scroll.
        view.verticalScrollBar().valueChanged.connect(lambda _: self._visible_timer.start())
        view.viewport().installEventFilter(self)
        view.layer_model.was_reset.connect(self._on_layer_was_reset)

    # -- searching ------------------------------------------------------------------------

    @property
    def needle(self) -> str:
        return self.search.needle if self.search is not None else ""

    def is_stale(self) -> bool:
        """No search, or one of a text no longer shown."""
        return self.search is None or self.search.text is not self.view.text

    def start(
        self, needle: str, origin: int | None = None, match_case: bool = False
    ) -> tuple[int, int] | None:
        """Search for `needle` (in any case unless `match_case`); with `origin`, make the
        hit at or after it (the one the cursor touches first) current and select it.
        Returns that hit."""
        self.search = TextSearch(self.view.text, needle, match_case)
        self.current = None
        self._none = False  # known to have no hit at all
        if origin is not None and needle:
            self.current = self.search.next_from(max(0, origin - len(needle)))
            self._none = self.current is None  # that search wrapped round the whole text
            self._select_current()
        self._shown = None
        # A short first slice (a short article is done at once); the rest on later turns of
        # the event loop, so the key that started this search is painted first.
        self.search.scan(FIRST_SLICE_SECONDS)
        if not self.search.done:
            self._scan_timer.start()
        self.show_visible()
        self.progressed.emit()
        return self.current

    def stop(self) -> None:
        self._scan_timer.stop()
        self.search, self.current = None, None
        self.show_visible()

    def step(self, backwards: bool = False) -> tuple[int, int] | None:
        """Select the next (previous) hit: after the current one if it is still selected,
        else after (before) the cursor, wrapping around."""
        if self.search is None:
            return None
        selected = self.view.selected_range()
        if self.current is not None and selected == self.current:
            start = self.current[0]
            found = (
                self.search.previous_from(start) if backwards else self.search.next_from(start + 1)
            )
        else:
            cursor = self.view.textCursor()
            if backwards:
                position = self.view.offsets.from_qt(cursor.selectionStart())
                current = self.current
                if current is not None and current[0] < position <= current[1]:
                    position = current[0]  # the caret at the hit just tagged: before it
                found = self.search.previous_from(position)
            else:
                found = self.search.next_from(self.view.offsets.from_qt(cursor.selectionEnd()))
        if found is not None:
            self.current = found
            self._select_current()
            self.show_visible()
            self.progressed.emit()
        return found

    def all_hits(self) -> list[tuple[int, int]]:
        """Every hit (the scan is finished first: a command, not typing)."""
        if self.search is None:
            return []
        self.search.scan()
        self._scan_timer.stop()
        n = self.search.length
        return [(start, start + n) for start in self.search.starts]

    def position_text(self) -> str:
        """The count: "3 of 26", "3 of 1,024+" while counting, "no matches", or "" (no search)."""
        search = self.search
        if search is None or not search.needle:
            return ""
        if self.current is None and (self._none or (search.done and not search.count())):
            return "no matches"
        total = f"{search.count():,}" + ("" if search.done else "+")
        if self.current is None:
            return f"{total} matches"
        number = search.number_of(self.current[0])
        return f"{'…' if number is None else f'{number:,}'} of {total}"

    def _select_current(self) -> None:
        if self.current is not None:
            self.view.select_range(*self.current)
        elif self.view.textCursor().hasSelection():
            # The hit of what was typed so far ("Russians " of "Russians in Kyiv") must not
            # stay selected: a label key would tag it although nothing matches.
            self.view.clear_selection()

    def _scan(self) -> None:
        assert self.search is not None
        before = self.search.scanned
        done = self.search.scan(SLICE_SECONDS)
        if done:
            self._scan_timer.stop()
        elif not self._scan_timer.isActive():
            self._scan_timer.start()
        start, end = self.view.visible_range()
        if self._shown is None or (before < end and self.search.scanned > start):
            self.show_visible()
        self.progressed.emit()

    def _on_scan_timer_timeout(self) -> None:
        if self.is_stale():
            self._scan_timer.stop()
        else:
            self._scan()

    def _on_layer_was_reset(self) -> None:
        # Another document: the text view dropped its highlights; a search of the old text
        # is of no use (the find bar searches the new one when it is open).
        self._scan_timer.stop()
        self.search, self.current, self._shown = None, None, None

    # -- highlights -----------------------------------------------------------------------

    def show_visible(self) -> None:
        """Highlight the hits on screen (and no others)."""
        if not self.highlight or self.is_stale():
            if self._shown != (0, 0, 0, None):
                self.view.set_hits([], None)
                self._shown = (0, 0, 0, None)
            return
        assert self.search is not None
        start, end = self.view.visible_range()
        hits = self.search.hits_in(start, end)
        current = self.current
        if current is not None and current not in hits and current[0] < end and current[1] > start:
            hits.append(current)  # the scan has not got there yet
            hits.sort()
        shown = (start, end, len(hits), self.current)
        if shown != self._shown:
            self.view.set_hits(hits, self.current)
            self._shown = shown

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._visible_timer.start()
        return False
