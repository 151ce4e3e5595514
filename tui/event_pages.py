"""An incident's events as the timeline reads them: counted at once, fetched a page at a time.

Reading and decoding 100,000 events takes seconds; a screenful takes a millisecond. So the
timeline never holds the whole record: it asks the record's thread (`PageSource`, the data
service) for the pages that scroll into view, keeps the most recent ones, and asks SQLite,
not Python, which events pass a filter. Nothing here waits: a page not yet in memory is
`PENDING` (the timeline draws a placeholder) and the listeners are told when it comes.

Positions are seq - 1: the store numbers each incident's events 1, 2, 3… without gaps, so a
row whose event is not in the file (a record someone cut) shows as missing, in place.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from typing import Final, Literal, Protocol

from runbook.errors import RunbookError
from runbook.events import Event
from tui.eventrows import Filter

PAGE = 200
KEPT_PAGES = 64  # 12,800 events: a few screens either way of every place visited lately
RETRY_AFTER = 2.0  # seconds before a page that could not be read is asked for again


class Awaited(enum.Enum):
    PENDING = "pending"


PENDING: Final = Awaited.PENDING
Row = Event | Literal[Awaited.PENDING] | None
Listener = Callable[[range], None]


class PageSource(Protocol):
    def page(self, incident_id: str, first_seq: int, last_seq: int
             ) -> asyncio.Future[list[Event]]: ...

    def matching(self, incident_id: str, *, kind: str | None, group: str | None,
                 steps: Collection[str], after_seq: int) -> asyncio.Future[list[int]]: ...


class EventPages:
    def __init__(self, source: PageSource | None, incident_id: str, length: int = 0) -> None:
        self.source = source
        self.incident_id = incident_id
        self.length = length
        self.error: RunbookError | None = None  # the last read that failed, if any
        # Page number -> (the last seq asked for, the events read).
        self._pages: OrderedDict[int, tuple[int, dict[int, Event]]] = OrderedDict()
        self._asked: set[int] = set()
        self._failed: dict[int, float] = {}  # page number -> when its read failed
        self._listeners: list[Listener] = []

    def __len__(self) -> int:
        return self.length

    def listen(self, listener: Listener) -> None:
        """`listener(positions)` is called when the events at those positions arrive."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unlisten(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def grow(self, length: int) -> None:
        """The record now has `length` events (its last page is read again)."""
        if length > self.length:
            self._pages.pop((self.length - 1) // PAGE, None)
            self.length = length

    def remember(self, events: list[Event]) -> None:
        """Keep the newest whole pages among `events` (just read for another purpose)."""
        by_seq = {e.seq: e for e in events}
        pages = (self.length + PAGE - 1) // PAGE
        for number in range(max(0, pages - KEPT_PAGES), pages):
            first, last = self._bounds(number)
            seqs = range(first, last + 1)
            if all(seq in by_seq for seq in seqs):
                self._pages[number] = (last, {seq: by_seq[seq] for seq in seqs})

    def get(self, index: int) -> Row:
        """The event at `index` (seq - 1); PENDING while its page is being read; None if
        the file does not hold it (or its page could not be read: see `error`)."""
        if not 0 <= index < self.length:
            return None
        number = index // PAGE
        kept = self._pages.get(number)
        if kept is not None and kept[0] > index:  # read up to this event's seq
            self._pages.move_to_end(number)
            return kept[1].get(index + 1)
        failed = self._failed.get(number)
        if failed is not None and time.monotonic() - failed < RETRY_AFTER:
            return None
        self._ask(number)
        return PENDING

    async def load(self, index: int) -> Event | None:
        """The event at `index`, its page read now if it is not kept (a search reads the
        record through; `get` only asks). None if the file does not hold it."""
        row = self.get(index)
        if row is not PENDING:
            return row
        number = index // PAGE
        first, last = self._bounds(number)
        assert self.source is not None  # else `get` would not be waiting
        try:
            events = await self.source.page(self.incident_id, first, last)
        except RunbookError as error:
            self.error = error
            return None
        self._keep(number, last, events)
        return self._pages[number][1].get(index + 1)

    def _bounds(self, number: int) -> tuple[int, int]:
        first = number * PAGE + 1
        return first, min(first + PAGE - 1, self.length)

    def _ask(self, number: int) -> None:
        if number in self._asked or self.source is None:
            return
        self._asked.add(number)
        first, last = self._bounds(number)
        future = self.source.page(self.incident_id, first, last)
        future.add_done_callback(lambda done: self._arrived(number, last, done))

    def _arrived(self, number: int, last: int, done: asyncio.Future[list[Event]]) -> None:
        self._asked.discard(number)
        if done.cancelled():
            return
        error = done.exception()
        if error is not None:
            self.error = error if isinstance(error, RunbookError) else None
            self._failed[number] = time.monotonic()
        else:
            self.error = None
            self._failed.pop(number, None)
            self._keep(number, last, done.result())
        first = number * PAGE
        for listener in list(self._listeners):
            listener(range(first, last))

    def _keep(self, number: int, last: int, events: list[Event]) -> None:
        self._pages[number] = (last, {e.seq: e for e in events})
        self._pages.move_to_end(number)
        if len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)

    def matching(self, flt: Filter, groups: Mapping[str, str], start: int = 0
                 ) -> asyncio.Future[list[int]]:
        """Positions (from `start` to the current length) of the events that pass `flt`;
        see `EventStore.matching` for when an event concerns a group. A read that fails
        gives none, and leaves the error in `error`."""
        length = self.length
        steps = sorted(step for step, group in groups.items() if group == flt.group)
        found: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        if self.source is None:
            found.set_result([])
            return found

        def settle(done: asyncio.Future[list[int]]) -> None:
            if found.done():
                return
            error = None if done.cancelled() else done.exception()
            if done.cancelled() or error is not None:
                self.error = error if isinstance(error, RunbookError) else None
                found.set_result([])
                return
            found.set_result([seq - 1 for seq in done.result() if seq <= length])

        self.source.matching(self.incident_id, kind=flt.kind, group=flt.group, steps=steps,
                             after_seq=start).add_done_callback(settle)
        return found
