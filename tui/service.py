"""The player's one connection to the database, and the one thread that uses it.

Everything the player reads or writes goes through here: the first look at an incident,
the pages and filters of its timeline, every append (the rules' `Guard` inside the write
transaction), the home list, the review across incidents, and the polling that notices
what other terminals wrote (`PRAGMA data_version`). The `EventStore` is opened, used and
closed on this thread alone; the screens' thread never touches SQLite. The screens await
what they ask for (an asyncio future, settled on their own loop), and the screen that
watches an incident or the home list is sent messages (`tui.messages`) as the record grows.

Requests are served in the order they come. While none waits, the thread reads on in a
record too long to read before its first frame (once that frame is drawn), `CHUNK` events
at a time, so that the timeline's pages are answered in between; when it has nothing else
to do, it polls. It opens the database as soon as it starts, while Textual lays out the
first screen, and the first screen's question is asked from the app's `on_load`.
"""

from __future__ import annotations

import asyncio
import queue
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from msgspec import Struct
from textual.message import Message

from runbook.errors import NotFound, RunbookError, StoreError
from runbook.events import Event
from runbook.i18n import Msg
from runbook.state import IncidentState
from runbook.versions import kept, named_in
from runbook.workspace import Workspace
from store import EventStore
from tui.messages import (
    EventsArrived,
    IncidentLoaded,
    IncidentMissing,
    IncidentsListed,
    LinkState,
    Notice,
    RecordTrouble,
)
from tui.texts import INTERNAL, LINK_DOWN

if TYPE_CHECKING:
    from runbook.guard import Guard
    from runbook.playbook import Library
    from tui.home_feed import HomeFeed

T = TypeVar("T")
LAST_SEQ = 2**62  # "to the end" in a range of seqs
CHUNK = 500  # events read and folded between two answers (about 5 ms)
_UNSENT = object()  # no link state sent yet (None is one: there is no state file)

Opener = Callable[[Path], EventStore]
Settle = Callable[[Any, RunbookError | None], None]


def open_store(path: Path, origin: str = "") -> EventStore:
    return EventStore.open(path, create=True, origin=origin)


class Target(Protocol):
    def post_message(self, message: Message) -> bool: ...


# What the screens are answered and what they ask.
class Opened(Struct, frozen=True):
    """What an incident's screen is told at once: how long the record is and, when it is
    short enough to read before the first frame, its events, folded."""

    length: int
    events: list[Event] | None = None
    state: IncidentState | None = None


class ForReview(Struct, frozen=True):
    """What the review across incidents is worked out from, read on the thread: every
    incident's events, and the versions of the plan kept whole (`EventStore.kept_versions`;
    `kept.get` is the review's `versions`, asked off the thread without the database)."""

    incidents: list[list[Event]]
    kept: dict[str, Library]


class _Call(Struct, frozen=True):
    work: Callable[[EventStore], object]
    settle: Settle
    writes: bool = False


class _WatchHome(Struct, frozen=True):
    target: Target


class _WatchIncident(Struct, frozen=True):
    incident_id: str
    target: Target
    read_at_once: int
    settle: Settle


class _ReadOn(Struct, frozen=True):
    incident_id: str


class _Stop(Struct, frozen=True):
    pass


_Request = _Call | _WatchHome | _WatchIncident | _ReadOn | _Stop


class RecordService:
    def __init__(self, workspace: Workspace, notify: Target, *, poll: float = 0.5,
                 home_every: float = 15.0, retry: float = 2.0,
                 opener: Opener | None = None) -> None:
        self.path = workspace.db_path
        self.workspace = workspace
        self.library = workspace.library
        self.clock = workspace.clock
        self.notify = notify
        self.poll = poll
        self.home_every = home_every
        self.retry = retry
        # The workspace's site records as its origin (a test's own opener says its own).
        self.opener: Opener = opener or partial(open_store, origin=workspace.site)
        self.alive = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: queue.Queue[_Request] = queue.Queue()
        # The thread's own: nothing below is touched from the screens' thread.
        self._store: EventStore | None = None
        self._watch: _WatchHome | _WatchIncident | None = None
        self._sent: int | None = None  # last seq sent to the incident's screen
        self._catch_up = False
        self._reading: Iterator[None] | None = None  # a long record, read a part at a time
        self._may_read = False  # whether its screen has drawn its first frame
        self._prepared: tuple[str | None] | None = None  # what prepare_writes last readied
        self._home_at = 0.0
        self._opened_at = float("-inf")
        self._trouble: RunbookError | None = None
        self._guards: dict[str, Guard] = {}
        self._feed: HomeFeed | None = None
        self._link_at = float("-inf")  # when the link's state file was last read
        self._link_sent: object = _UNSENT  # the state the incident's screen was last sent

    # --- asked from the screens' thread ---------------------------------------------------

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Answers are settled on `loop` (the screens'); call before `run` starts."""
        self._loop = loop
        self.alive = True

    def stop(self) -> None:
        self._queue.put(_Stop())

    def call(self, work: Callable[[EventStore], T], *, writes: bool = False
             ) -> asyncio.Future[T]:
        """`work(store)`, run on the thread: its result, or the RunbookError it raised (any
        other exception becomes one saying it is internal)."""
        future, settle = self._future()
        if not self.alive:
            settle(None, _stopped())
        else:
            self._queue.put(_Call(work, settle, writes))
        return future

    def append(self, event: Event) -> asyncio.Future[Event]:
        """The event as stored (committed), or the RunbookError that kept it off the record."""
        return self.call(lambda store: self._append(store, event), writes=True)

    def page(self, incident_id: str, first_seq: int, last_seq: int
             ) -> asyncio.Future[list[Event]]:
        return self.call(lambda store: store.page(incident_id, first_seq, last_seq))

    def matching(self, incident_id: str, *, kind: str | None, group: str | None,
                 steps: Collection[str], after_seq: int) -> asyncio.Future[list[int]]:
        return self.call(lambda store: store.matching(
            incident_id, kind=kind, group=group, steps=steps, after_seq=after_seq))

    def for_review(self) -> asyncio.Future[ForReview]:
        """Every incident's events (read without keeping them) and the versions of the plan
        they are put on, those kept whole: what the review across incidents is worked out
        from."""
        def read(store: EventStore) -> ForReview:
            incidents = [store.page(incident_id, 1, LAST_SEQ)
                         for incident_id in store.incident_ids()]
            played = set().union(*map(named_in, incidents))
            return ForReview(incidents, store.kept_versions(played))

        return self.call(read)

    def watch_home(self, target: Target) -> None:
        """Send the home list to `target` now and whenever it changes."""
        self._queue.put(_WatchHome(target))

    def open_incident(self, incident_id: str, target: Target, read_at_once: int
                      ) -> asyncio.Future[Opened]:
        """Watch the incident for `target`: at once its length and, up to `read_at_once`
        events, its events folded; a longer record follows as `IncidentLoaded`, read once
        `read_on` is called; then what is written after, as `EventsArrived`."""
        future, settle = self._future()
        self._queue.put(_WatchIncident(incident_id, target, read_at_once, settle))
        return future

    def read_on(self, incident_id: str) -> None:
        """The incident's screen has drawn its first frame: read the rest of a long record
        now (not before: reading holds the interpreter while the frame is drawn)."""
        self._queue.put(_ReadOn(incident_id))

    def _future(self) -> tuple[asyncio.Future[Any], Settle]:
        loop = self._loop
        if loop is None:
            raise RuntimeError("RecordService.bind was not called")
        future: asyncio.Future[Any] = loop.create_future()

        def settle(result: object, error: RunbookError | None) -> None:
            with suppress(RuntimeError):  # the loop has closed: nobody waits any more
                loop.call_soon_threadsafe(_settle, future, result, error)

        return future, settle

    # --- the thread -----------------------------------------------------------------------

    def run(self, cancelled: Callable[[], bool]) -> None:
        """The thread's body: until stopped or cancelled."""
        try:
            self._open()  # at once: the first screen is being laid out meanwhile
            while not cancelled():
                request = self._next()
                if isinstance(request, _Stop):
                    return
                if request is None and self._reading is not None:
                    self._read_on()
                else:
                    self._step(request)
                    if request is None and self._store is not None:
                        self._prepare_writes(self._store)
                self._look_at_link()
        finally:
            self.alive = False
            self._drain()
            if self._store is not None:
                self._store.close()

    def _next(self) -> _Request | None:
        try:
            if self._reading is not None:  # read on at once unless someone waits
                return self._queue.get_nowait()
            return self._queue.get(timeout=self.poll)
        except queue.Empty:
            return None

    def _step(self, request: _Request | None) -> None:
        if isinstance(request, _WatchHome | _WatchIncident):
            self._watch = request
            self._sent = None
            self._link_sent = _UNSENT  # the new watcher is told the link's state at once
            self._link_at = float("-inf")
            self._reading = None
            self._may_read = False
        elif isinstance(request, _ReadOn) and isinstance(self._watch, _WatchIncident):
            self._may_read = request.incident_id == self._watch.incident_id
            self._catch_up = True  # whatever was written since the watcher last read
            self._home_at = float("-inf")
        store = self._store or self._open()
        if store is None:
            if isinstance(request, _Call | _WatchIncident):
                request.settle(None, self._trouble or _unavailable())
            return
        wrote = False
        if isinstance(request, _Call):
            wrote = self._serve(store, request)
        elif isinstance(request, _WatchIncident):
            self._first_look(store, request)
            return  # what others wrote meanwhile: once the screen has drawn (read_on)
        try:
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

    def _serve(self, store: EventStore, call: _Call) -> bool:
        """Run one call; whether it wrote to the record."""
        try:
            result = call.work(store)
        except RunbookError as error:
            call.settle(None, error)
            return False
        except Exception as error:  # a bug: say so to the one waiting, keep the thread up
            call.settle(None, RunbookError(INTERNAL.format(detail=repr(error))))
            return False
        call.settle(result, None)
        return call.writes

    def _prepare_writes(self, store: EventStore) -> None:
        """Idle: load now what the first write will need, not before the first frame."""
        watch = self._watch
        incident_id = watch.incident_id if isinstance(watch, _WatchIncident) else None
        if self._prepared == (incident_id,):
            return
        self._prepared = (incident_id,)
        with suppress(RunbookError):  # the write itself will say what is wrong
            store.prepare_writes(incident_id)

    def _append(self, store: EventStore, event: Event) -> Event:
        guard = self._guards.get(event.incident_id)
        if guard is None:
            from runbook.guard import Guard  # the rules are needed from the first write on

            guard = self._guards[event.incident_id] = Guard(self.library, store.version)
        store.seal_with(self.workspace.sealer())  # a store opened again has none
        trouble = self.workspace.sealing_trouble()
        if trouble is not None:
            self.notify.post_message(Notice(trouble))
        stored: Event = store.append(event, guard(event), kept(event, self.library))
        return stored

    def _first_look(self, store: EventStore, request: _WatchIncident) -> None:
        """A short record, read and folded at once; of a long one, only its length."""
        length = 0
        try:
            length = store.last_seq(request.incident_id)
            if 0 < length <= request.read_at_once:
                events = store.events(request.incident_id)  # kept: the guard's history
                state = IncidentState(self.library, store.version)
                state.sync(events)
                self._sent = events[-1].seq
                request.settle(Opened(length, events, state), None)
                return
        except RunbookError:
            pass  # read again in the background, which says what is wrong
        request.settle(Opened(length), None)

    def _publish(self, store: EventStore, wrote: bool) -> None:
        changed = store.changed()
        watch = self._watch
        if isinstance(watch, _WatchIncident):
            self._publish_incident(store, watch, changed or wrote or self._catch_up)
            self._catch_up = False
        elif isinstance(watch, _WatchHome):
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

    def _publish_incident(self, store: EventStore, watch: _WatchIncident, dirty: bool) -> None:
        if self._sent is None:
            if self._reading is None and self._may_read:
                self._reading = self._read(store, watch)
        elif dirty:
            # Only the new rows: the whole history is read for the guard when idle.
            new = store.page(watch.incident_id, self._sent + 1, LAST_SEQ)
            if new:
                self._sent = new[-1].seq
                watch.target.post_message(EventsArrived(watch.incident_id, new))

    def _read(self, store: EventStore, watch: _WatchIncident) -> Iterator[None]:
        """Read and fold the whole record, `CHUNK` events at a time (the store keeps them:
        they are the guard's history), pausing after each part; then send it."""
        incident_id = watch.incident_id
        state = IncidentState(self.library, store.version)
        last = store.last_seq(incident_id)
        upto = 0
        try:
            while upto + CHUNK < last:
                state.add(store.events(incident_id, after_seq=upto, until_seq=upto + CHUNK))
                upto += CHUNK
                yield
            events = store.events(incident_id)
            if not events:
                self._sent = 0
                watch.target.post_message(IncidentMissing(incident_id, _missing(incident_id)))
                return
            state.sync(events)
        except StoreError:
            raise  # the file cannot be read now: said once, tried again at the next poll
        except RunbookError as error:  # the record does not fold
            self._sent = last
            watch.target.post_message(IncidentMissing(incident_id, error))
            return
        self._sent = events[-1].seq
        watch.target.post_message(IncidentLoaded(incident_id, events, state))

    def _read_on(self) -> None:
        reading = self._reading
        assert reading is not None
        try:
            next(reading)
        except StopIteration:
            self._reading = None
        except RunbookError as error:
            self._reading = None
            self._report(error)

    def _look_at_link(self) -> None:
        """The link's state, as `runbook sync` keeps it beside the database, read at most
        once a poll and sent to the incident's screen when it differs from what was sent."""
        watch = self._watch
        if not isinstance(watch, _WatchIncident) or time.monotonic() - self._link_at < self.poll:
            return
        self._link_at = time.monotonic()
        from sync import status_file  # only while an incident is shown

        state = status_file.read(status_file.path_for(self.path))
        if state != self._link_sent:
            self._link_sent = state
            watch.target.post_message(LinkState(state))

    def _report(self, error: RunbookError | None) -> None:
        """Tell the app once when the record becomes unreadable, and once when it recovers."""
        before = self._trouble
        if (error is None and before is None) or (
                error is not None and before is not None and str(error) == str(before)):
            return
        self._trouble = error
        self.notify.post_message(RecordTrouble(error))

    def _drain(self) -> None:
        """Nobody waits forever: what is still asked when the thread ends is refused."""
        while True:
            try:
                request = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(request, _Call | _WatchIncident):
                request.settle(None, _stopped())


def _settle(future: asyncio.Future[Any], result: object, error: RunbookError | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


def _stopped() -> RunbookError:
    return RunbookError(LINK_DOWN.format(detail="stopped"))


def _missing(incident_id: str) -> NotFound:
    return NotFound(Msg(f"There is no incident {incident_id!r} in this database.",
                        f"该数据库中没有事件 {incident_id!r}。"))


def _unavailable() -> StoreError:
    return StoreError(Msg("The database is not open yet; try again in a moment.",
                          "数据库尚未打开；请稍后重试。"))
