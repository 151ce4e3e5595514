"""The one thread that talks to the database: it loads, polls, and writes.

It owns its own `EventStore` (SQLite connections stay in the thread that opened them).
Screens ask it to watch the home list or one incident; it posts what it reads to the
watching screen, and, every `poll` seconds, asks SQLite (`PRAGMA data_version`) whether
another terminal wrote, reading only the events after the last one it sent. Writes go
through the same thread with the rules' `Guard` inside the write transaction; each writer
gets back the event as stored, or the error that kept it off the record.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from runbook import collector
from runbook.clock import Clock
from runbook.errors import NotFound, RunbookError, StoreError
from runbook.events import Event
from runbook.i18n import Msg
from runbook.playbook import Library
from runbook.state import IncidentState
from store import EventStore
from tui.messages import (
    EventsArrived,
    IncidentLoaded,
    IncidentMissing,
    IncidentsListed,
    RecordTrouble,
)
from tui.texts import INTERNAL, LINK_DOWN

if TYPE_CHECKING:
    from runbook.guard import Guard
    from tui.home_feed import HomeFeed

LAST_SEQ = 2**62  # "to the end" in a range of seqs

Reply = Callable[[Event | RunbookError], None]


class Target(Protocol):
    def post_message(self, message: Message) -> bool: ...


@dataclass(frozen=True)
class WatchHome:
    target: Target


@dataclass(frozen=True)
class WatchIncident:
    """Send the incident to `target`: whole, or only what follows `after_seq` (the screen
    read the first part itself)."""

    incident_id: str
    target: Target
    after_seq: int | None = None


@dataclass(frozen=True)
class Append:
    event: Event
    reply: Reply


@dataclass(frozen=True)
class Stop:
    pass


Request = WatchHome | WatchIncident | Append | Stop
Opener = Callable[[Path], EventStore]


def open_store(path: Path) -> EventStore:
    return EventStore.open(path, create=True)


class StoreLink:
    def __init__(self, path: Path, library: Library, clock: Clock, notify: Target, *,
                 poll: float = 0.5, home_every: float = 15.0, retry: float = 2.0,
                 opener: Opener = open_store) -> None:
        self.path = path
        self.library = library
        self.clock = clock
        self.notify = notify
        self.poll = poll
        self.home_every = home_every
        self.retry = retry
        self.opener = opener
        self.alive = True
        self._queue: queue.Queue[Request] = queue.Queue()
        self._store: EventStore | None = None
        self._watch: WatchHome | WatchIncident | None = None
        self._sent: int | None = None  # last seq sent to the incident watcher
        self._catch_up = False
        self._prepared: tuple[str | None] | None = None  # what prepare_writes last readied
        self._home_at = 0.0
        self._opened_at = float("-inf")
        self._trouble: RunbookError | None = None
        self._guards: dict[str, Guard] = {}
        self._feed: HomeFeed | None = None

    def submit(self, request: Request) -> None:
        self._queue.put(request)

    # --- the thread ---------------------------------------------------------------------

    def run(self, cancelled: Callable[[], bool]) -> None:
        """The thread's body: until Stop or cancelled."""
        try:
            while not cancelled():
                request = self._next()
                if isinstance(request, Stop):
                    return
                self._step(request)
                if request is None and self._store is not None:
                    self._prepare_writes(self._store)
        finally:
            self.alive = False
            self._drain()
            if self._store is not None:
                self._store.close()

    def _prepare_writes(self, store: EventStore) -> None:
        """Idle: load now what the first write will need, not before the first frame."""
        watch = self._watch
        incident_id = watch.incident_id if isinstance(watch, WatchIncident) else None
        if self._prepared == (incident_id,):
            return
        self._prepared = (incident_id,)
        with suppress(RunbookError):  # the write itself will say what is wrong
            store.prepare_writes(incident_id)

    def _next(self) -> Request | None:
        try:
            return self._queue.get(timeout=self.poll)
        except queue.Empty:
            return None

    def _step(self, request: Request | None) -> None:
        if isinstance(request, WatchHome | WatchIncident):
            self._watch = request
            self._sent = request.after_seq if isinstance(request, WatchIncident) else None
            self._catch_up = True  # whatever was written since the watcher last read
            self._home_at = float("-inf")
        store = self._store or self._open()
        if store is None:
            if isinstance(request, Append):
                request.reply(self._trouble or _unavailable())
            return
        try:
            wrote = isinstance(request, Append) and self._append(store, request)
            self._publish(store, wrote)
        except RunbookError as error:
            self._report(error)
        else:
            self._report(None)

    def _open(self) -> EventStore | None:
        if time.monotonic() - self._opened_at < self.retry:
            return None
        self._opened_at = time.monotonic()
        try:
            self._store = self.opener(self.path)
        except RunbookError as error:
            self._report(error)
            return None
        self._report(None)
        return self._store

    def _append(self, store: EventStore, request: Append) -> bool:
        event = request.event
        guard = self._guards.get(event.incident_id)
        if guard is None:
            from runbook.guard import Guard  # the rules are needed from the first write on

            guard = self._guards[event.incident_id] = Guard(self.library)
        try:
            stored = store.append(event, guard(event))
        except RunbookError as error:
            request.reply(error)
            return False
        except Exception as error:  # a bug: say so to the one waiting, keep the thread up
            request.reply(RunbookError(INTERNAL.format(detail=repr(error))))
            return False
        request.reply(stored)
        return True

    def _publish(self, store: EventStore, wrote: bool) -> None:
        changed = store.changed()
        watch = self._watch
        if isinstance(watch, WatchIncident):
            self._publish_incident(store, watch, changed or wrote or self._catch_up)
            self._catch_up = False
        elif isinstance(watch, WatchHome):
            stale = time.monotonic() - self._home_at >= self.home_every
            if changed or wrote or stale:
                self._home_at = time.monotonic()
                feed = self._home_feed()
                rows = feed.summaries(store, self.clock.now())
                watch.target.post_message(IncidentsListed(rows, feed.broken))

    def _home_feed(self) -> HomeFeed:
        if self._feed is None:
            from tui.home_feed import HomeFeed  # only for the home list

            self._feed = HomeFeed(self.library)
        return self._feed

    def _publish_incident(self, store: EventStore, watch: WatchIncident, dirty: bool) -> None:
        if self._sent is None:
            events = store.events(watch.incident_id)
            if not events:
                self._sent = 0
                watch.target.post_message(IncidentMissing(watch.incident_id, _missing(
                    watch.incident_id)))
                return
            state = IncidentState(self.library)
            try:
                with collector.paused():
                    state.sync(events)
            except RunbookError as error:
                self._sent = events[-1].seq
                watch.target.post_message(IncidentMissing(watch.incident_id, error))
                return
            self._sent = events[-1].seq
            watch.target.post_message(IncidentLoaded(watch.incident_id, events, state))
        elif dirty:
            # Only the new rows: the whole history is read for the guard when idle.
            new = store.page(watch.incident_id, self._sent + 1, LAST_SEQ)
            if new:
                self._sent = new[-1].seq
                watch.target.post_message(EventsArrived(watch.incident_id, new))

    def _report(self, error: RunbookError | None) -> None:
        """Tell the app once when the record becomes unreadable, and once when it recovers."""
        before = self._trouble
        if (error is None and before is None) or (
                error is not None and before is not None and str(error) == str(before)):
            return
        self._trouble = error
        self.notify.post_message(RecordTrouble(error))

    def _drain(self) -> None:
        """Nobody waits forever: writes still queued when the thread ends are refused."""
        while True:
            try:
                request = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(request, Append):
                request.reply(RunbookError(LINK_DOWN.format(detail="stopped")))


def _missing(incident_id: str) -> NotFound:
    return NotFound(Msg(f"There is no incident {incident_id!r} in this database.",
                        f"该数据库中没有事件 {incident_id!r}。"))


def _unavailable() -> StoreError:
    return StoreError(Msg("The database is not open yet; try again in a moment.",
                          "数据库尚未打开；请稍后重试。"))
