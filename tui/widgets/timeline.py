"""Every event of an incident, newest at the bottom, rendered only where it shows.

Reads the incident's `EventPages`, which fetches from the file only the pages that scroll into
view, so 100,000 events cost nothing until they show; a filter keeps the positions SQLite
says pass it, extended as events arrive.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import ClassVar, Final

from rich.text import Text

from runbook.events import Event
from runbook.i18n import Lang, Msg
from tui.event_pages import EventPages
from tui.eventrows import Filter, line
from tui.keys import LIST_KEYS, TIMELINE_KEYS, bindings
from tui.widgets.rowlist import RowList

FilterAsk = Callable[["TimelineView", str], None]
Opener = Callable[[Event], None]
MISSING: Final = Msg("{seq}  not in the file: run `runbook verify` ({error})",
                     "{seq}  文件中缺少此记录：请运行 `runbook verify`（{error}）")


class TimelineView(RowList):
    KEYS: ClassVar = TIMELINE_KEYS + LIST_KEYS
    BINDINGS: ClassVar = bindings(TIMELINE_KEYS)

    def __init__(self, lang: Lang, now: datetime, *, ask: FilterAsk | None = None,
                 open_event: Opener | None = None, id: str | None = None) -> None:
        super().__init__(lang, id=id)
        self.now = now
        self.record = EventPages(None, "")
        self.groups: Mapping[str, str] = {}
        self.filter = Filter()
        self._index: list[int] | None = None
        self._ask = ask
        self._open = open_event

    def show(self, record: EventPages, groups: Mapping[str, str]) -> None:
        """Display `record` (kept by reference: grow it, then call `grew`)."""
        self.record = record
        self.groups = groups
        self._index = record.matching(self.filter, groups) if self.filter.active else None
        self.lines_changed(cursor=self.line_count() - 1)

    def regroup(self, groups: Mapping[str, str]) -> None:
        """The playbook is known now (a long record is folded after its timeline opens)."""
        self.groups = groups
        if self.filter.active:
            self.set_filter(self.filter)

    def grew(self, before: int) -> None:
        """The record grew from `before` events; follow the new ones if at the bottom."""
        at_end = self.cursor >= self.line_count_before(before) - 1
        if self._index is not None:
            self._index.extend(self.record.matching(self.filter, self.groups, start=before))
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
        self._index = self.record.matching(flt, self.groups) if flt.active else None
        target = self.line_count() - 1
        if keep is not None:
            target = min(self.line_count_before(keep), target)
        self.lines_changed(cursor=target)

    def cursor_position(self) -> int | None:
        """The record position under the cursor (None on an empty list)."""
        if not 0 <= self.cursor < self.line_count():
            return None
        return self._index[self.cursor] if self._index is not None else self.cursor

    @property
    def selected_event(self) -> Event | None:
        return self.event_at(self.cursor)

    def event_at(self, pos: int) -> Event | None:
        if not 0 <= pos < self.line_count():
            return None
        return self.record.get(self._index[pos] if self._index is not None else pos)

    def line_count(self) -> int:
        return len(self._index) if self._index is not None else len(self.record)

    def render_row(self, index: int, width: int) -> Text:
        event = self.event_at(index)
        if event is None:
            if not 0 <= index < self.line_count():
                return Text("")
            position = self._index[index] if self._index is not None else index
            error = self.record.error.text(self.lang) if self.record.error else "—"
            return Text(MISSING.format(seq=str(position + 1), error=error)(self.lang),
                        style="bold red", no_wrap=True, overflow="ellipsis")
        return line(event, width, self.lang, self.now, len(str(len(self.record))))

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
