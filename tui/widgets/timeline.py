"""Every event of an incident, newest at the bottom, rendered only where it shows.

Reads the incident's `EventPages`, which asks for only the pages that scroll into view, so
100,000 events cost nothing until they show; a line whose page is still on its way shows a
placeholder, drawn again when the page comes. A filter keeps the positions SQLite says pass
it, extended as events arrive.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import ClassVar, Final

from rich.text import Text

from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.playbook import Playbook
from tui.cells import right
from tui.event_pages import PAGE, PENDING, EventPages, Row
from tui.eventrows import Filter, line, seq_width
from tui.keys import LIST_KEYS, SEARCH_KEYS, TIMELINE_KEYS, bindings
from tui.search import event_matches
from tui.widgets.search import Searchable

FilterAsk = Callable[["TimelineView", str], None]
Opener = Callable[[Event], None]
MISSING: Final = Msg("{seq}  not in the file: run `runbook verify` ({error})",
                     "{seq}  文件中缺少此记录：请运行 `runbook verify`（{error}）")


class TimelineView(Searchable):
    KEYS: ClassVar = TIMELINE_KEYS + LIST_KEYS + SEARCH_KEYS
    HINT = Msg("Search the timeline (text, who, kind): Enter finds, Esc cancels",
               "搜索时间线（内容、记录人、类型）：Enter 查找，Esc 取消")
    BINDINGS: ClassVar = bindings(TIMELINE_KEYS)

    def __init__(self, lang: Lang, now: datetime, *, ask: FilterAsk | None = None,
                 open_event: Opener | None = None, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self.now = now
        self.record = EventPages(None, "")
        self.groups: Mapping[str, str] = {}
        self.book: Playbook | None = None  # names the steps and options in each row
        self.filter = Filter()
        self._index: list[int] | None = None
        self._asked = 0  # the filter asked for last; an answer to an earlier one is dropped
        self._answered = 0  # the filter whose positions `_index` holds
        self._ask = ask
        self._open = open_event

    def show(self, record: EventPages, groups: Mapping[str, str], *,
             index: list[int] | None = None, book: Playbook | None = None) -> None:
        """Display `record` (kept by reference: grow it, then call `grew`); with the filter
        set, the positions that pass it (`index`, asked for if not given)."""
        self.record.unlisten(self._arrived)
        self.record = record
        record.listen(self._arrived)
        self.groups = groups
        self.book = book
        self._index = None
        if self.filter.active:
            self._index = [] if index is None else list(index)
            if index is None:
                self._refilter(None)
        self.lines_changed(cursor=self.line_count() - 1)

    def on_unmount(self) -> None:
        self.record.unlisten(self._arrived)

    @property
    def filtering(self) -> bool:
        """Whether the positions of the filter last set are still being asked for."""
        return self._answered != self._asked

    @property
    def index(self) -> list[int] | None:
        """The positions shown (None: all of them), once the filter's answer is in."""
        return None if self.filtering else self._index

    def regroup(self, groups: Mapping[str, str], book: Playbook | None = None) -> None:
        """The playbook is known now (a long record is folded after its timeline opens)."""
        self.groups = groups
        self.book = book
        self.refresh()
        if self.filter.active:
            self.set_filter(self.filter)

    def grew(self, before: int) -> None:
        """The record grew from `before` events; follow the new ones if at the bottom."""
        if self.filter.active:
            asked = self._asked
            found = self.record.matching(self.filter, self.groups, start=before)
            found.add_done_callback(lambda done: self._extended(asked, done))
            return
        at_end = self.cursor >= before - 1
        self.lines_added()
        if at_end:
            self.set_cursor(self.line_count() - 1)

    def _extended(self, asked: int, done: asyncio.Future[list[int]]) -> None:
        if asked != self._asked or self._index is None or not self.is_mounted:
            return  # the filter changed meanwhile: its own answer covers these events
        at_end = self.cursor >= self.line_count() - 1
        self._index.extend(done.result())
        self.lines_added()
        if at_end:
            self.set_cursor(self.line_count() - 1)

    def line_count_before(self, before: int) -> int:
        if self._index is None:
            return before
        return bisect_left(self._index, before)

    def set_filter(self, flt: Filter) -> None:
        keep = self.cursor_position()
        self.filter = flt
        if flt.active:
            self._refilter(keep)
            return
        self._asked = self._answered = self._asked + 1
        self._index = None
        self._placed(keep)

    def _refilter(self, keep: int | None) -> None:
        """Ask which events pass the filter; until the answer, the lines shown stay."""
        self._asked += 1
        asked = self._asked
        found = self.record.matching(self.filter, self.groups)
        found.add_done_callback(lambda done: self._filtered(asked, keep, done))

    def _filtered(self, asked: int, keep: int | None, done: asyncio.Future[list[int]]) -> None:
        if asked != self._asked or not self.is_mounted:
            return
        self._answered = asked
        self._index = done.result()
        self._placed(keep)

    def _placed(self, keep: int | None) -> None:
        """Redraw, the cursor on the event it was on (or the nearest before it)."""
        target = self.line_count() - 1
        if keep is not None:
            target = min(self.line_count_before(keep), target)
        self.lines_changed(cursor=target)

    def _arrived(self, positions: range) -> None:
        """Events the timeline asked for came: draw their lines again."""
        if not self.is_mounted:
            return
        self._cache.clear()
        self.refresh()
        here = self.cursor_position()
        if here is not None and here in positions:
            self.post_message(self.Highlighted(self, self.cursor))

    def cursor_position(self) -> int | None:
        """The record position under the cursor (None on an empty list)."""
        if not 0 <= self.cursor < self.line_count():
            return None
        return self._index[self.cursor] if self._index is not None else self.cursor

    @property
    def selected_event(self) -> Event | None:
        return self.event_at(self.cursor)

    def event_at(self, pos: int) -> Event | None:
        """The event on line `pos`; None if there is none, or not yet."""
        row = self._row(pos)
        return row if isinstance(row, Event) else None

    def _row(self, pos: int) -> Row:
        if not 0 <= pos < self.line_count():
            return None
        return self.record.get(self._index[pos] if self._index is not None else pos)

    async def match_from(self, start: int, direction: int) -> int | None:
        """Reads the record through from `start`, a page at a time, as far as the match:
        the events are not all in memory (the store cannot search their words)."""
        for looked, pos in enumerate(self.positions(start, direction)):
            index = self._index[pos] if self._index is not None else pos
            event = await self.record.load(index)
            if event is not None and event_matches(event, self.search_text, self.lang):
                return pos
            if looked % PAGE == PAGE - 1:
                await asyncio.sleep(0)  # let the screen draw and take keys meanwhile
        return None

    def line_count(self) -> int:
        return len(self._index) if self._index is not None else len(self.record)

    def render_row(self, index: int, width: int) -> Text:
        row = self._row(index)
        digits = seq_width(len(self.record))
        if isinstance(row, Event):
            return line(row, width, self.lang, self.now, digits, self.book)
        if not 0 <= index < self.line_count():
            return Text("")
        position = self._index[index] if self._index is not None else index
        if row is PENDING:  # its page is on its way: drawn again when it comes
            placeholder = right(str(position + 1), digits)
            placeholder.append("  …")
            placeholder.stylize("dim")
            return placeholder
        error = self.record.error.text(self.lang) if self.record.error else "—"
        return Text(MISSING.format(seq=str(position + 1), error=error)(self.lang),
                    style="bold red", no_wrap=True, overflow="ellipsis")

    def action_filter_group(self) -> None:
        if self._ask is not None:
            self._ask(self, "group")

    def action_details(self) -> None:
        event = self.selected_event
        if event is not None and self._open is not None:
            self._open(event)

    def action_filter_kind(self) -> None:
        if self._ask is not None:
            self._ask(self, "kind")
