"""Every event of an incident, newest at the bottom, rendered only where it shows.

Reads the model's event list in place (it only grows), so 100,000 events cost nothing until
they scroll into view; a filter keeps a list of indexes, extended as events arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import ClassVar

from rich.text import Text

from runbook.events import Event
from runbook.i18n import Lang
from tui.eventrows import Filter, line, select
from tui.keys import LIST_KEYS, TIMELINE_KEYS, bindings
from tui.widgets.rowlist import RowList

FilterAsk = Callable[["TimelineView", str], None]
Opener = Callable[[Event], None]


class TimelineView(RowList):
    KEYS: ClassVar = TIMELINE_KEYS + LIST_KEYS
    BINDINGS: ClassVar = bindings(TIMELINE_KEYS)

    def __init__(self, lang: Lang, now: datetime, *, ask: FilterAsk | None = None,
                 open_event: Opener | None = None, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self.now = now
        self.events: list[Event] = []
        self.groups: Mapping[str, str] = {}
        self.filter = Filter()
        self._index: list[int] | None = None
        self._ask = ask
        self._open = open_event

    def show(self, events: list[Event], groups: Mapping[str, str]) -> None:
        """Display `events` (kept by reference: append to it, then call `grew`)."""
        self.events = events
        self.groups = groups
        self._index = select(events, self.filter, groups) if self.filter.active else None
        self.lines_changed(cursor=self.line_count() - 1)

    def grew(self, before: int) -> None:
        """Events were appended after index `before - 1`; follow them if at the bottom."""
        at_end = self.cursor >= self.line_count_before(before) - 1
        if self._index is not None:
            self._index.extend(select(self.events, self.filter, self.groups, start=before))
        self.lines_added()
        if at_end:
            self.set_cursor(self.line_count() - 1)

    def line_count_before(self, before: int) -> int:
        if self._index is None:
            return before
        return sum(1 for i in self._index if i < before)

    def set_filter(self, flt: Filter) -> None:
        keep = self.selected_event
        self.filter = flt
        self._index = select(self.events, flt, self.groups) if flt.active else None
        target = self.line_count() - 1
        if keep is not None:
            target = self._position_of(keep.seq, target)
        self.lines_changed(cursor=target)

    def _position_of(self, seq: int, default: int) -> int:
        positions = self._index if self._index is not None else range(len(self.events))
        for pos, i in enumerate(positions):
            if self.events[i].seq >= seq:
                return pos
        return default

    @property
    def selected_event(self) -> Event | None:
        return self.event_at(self.cursor)

    def event_at(self, pos: int) -> Event | None:
        if not 0 <= pos < self.line_count():
            return None
        i = self._index[pos] if self._index is not None else pos
        return self.events[i]

    def line_count(self) -> int:
        return len(self._index) if self._index is not None else len(self.events)

    def render_row(self, index: int, width: int) -> Text:
        event = self.event_at(index)
        if event is None:
            return Text("")
        digits = len(str(self.events[-1].seq)) if self.events else 1
        return line(event, width, self.lang, self.now, digits)

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
