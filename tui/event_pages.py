"""An incident's events as the timeline reads them: counted at once, decoded a page at a time.

Reading and decoding 100,000 events takes seconds; a screenful takes a millisecond. So the
timeline never holds the whole record: it asks the file (through a store connection of the
screens' own thread, used only to read) for the pages that scroll into view, keeps the most
recent ones, and asks SQLite, not Python, which events pass a filter.

Positions are seq - 1: the store numbers each incident's events 1, 2, 3… without gaps, so a
row whose event is not in the file (a record someone cut) shows as missing, in place.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

from runbook.errors import RunbookError
from runbook.events import Event
from store import EventStore
from tui.eventrows import Filter

PAGE = 200
KEPT_PAGES = 64  # 12,800 events: a few screens either way of every place visited lately


class EventPages:
    def __init__(self, store: EventStore | None, incident_id: str, length: int = 0) -> None:
        self.store = store
        self.incident_id = incident_id
        self.length = length
        self.error: RunbookError | None = None  # the last read that failed, if any
        self._pages: OrderedDict[int, dict[int, Event]] = OrderedDict()

    def __len__(self) -> int:
        return self.length

    def grow(self, length: int) -> None:
        """The record now has `length` events (the last page is read again)."""
        if length > self.length:
            self._pages.pop((self.length - 1) // PAGE, None)
            self.length = length

    def remember(self, events: list[Event]) -> None:
        """Keep the newest whole pages among `events` (just read for another purpose)."""
        by_seq = {e.seq: e for e in events}
        pages = (self.length + PAGE - 1) // PAGE
        for number in range(max(0, pages - KEPT_PAGES), pages):
            first = number * PAGE + 1
            seqs = range(first, min(first + PAGE - 1, self.length) + 1)
            if all(seq in by_seq for seq in seqs):
                self._pages[number] = {seq: by_seq[seq] for seq in seqs}

    def get(self, index: int) -> Event | None:
        """The event at `index` (seq index + 1), or None if the file does not hold it."""
        if not 0 <= index < self.length:
            return None
        number = index // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._read(number)
        else:
            self._pages.move_to_end(number)
        return page.get(index + 1)

    def _read(self, number: int) -> dict[int, Event]:
        first = number * PAGE + 1
        last = min(first + PAGE - 1, self.length)
        if self.store is None:
            return {}
        try:
            page = {e.seq: e for e in self.store.page(self.incident_id, first, last)}
        except RunbookError as error:
            self.error = error
            return {}  # not kept: the next look tries the file again
        self.error = None
        self._pages[number] = page
        if len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)
        return page

    def matching(self, flt: Filter, groups: Mapping[str, str], start: int = 0) -> list[int]:
        """Positions (from `start`) of the events that pass `flt`; see `EventStore.matching`
        for when an event concerns a group."""
        if self.store is None:
            return []
        steps = sorted(step for step, group in groups.items() if group == flt.group)
        try:
            seqs = self.store.matching(self.incident_id, kind=flt.kind, group=flt.group,
                                       steps=steps, after_seq=start)
        except RunbookError as error:
            self.error = error
            return []
        return [seq - 1 for seq in seqs if seq <= self.length]
