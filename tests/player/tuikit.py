"""Building apps and records for the player's tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from runbook.actions import Author, declaration, make_event, step_action
from runbook.chain import chained
from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.guard import Guard
from runbook.i18n import Lang
from runbook.playbook import Library
from runbook.workspace import Workspace
from store import EventStore
from tui.app import RunbookApp, make_app
from tui.screens.home import HomeScreen
from tui.screens.incident import IncidentScreen

HERE = Path(__file__).parent
BOOK = HERE / "fixtures" / "book"
CST = timezone(timedelta(hours=8))
START = datetime(2026, 11, 26, 3, 0, tzinfo=CST)  # a Thursday, 03:00 in Shanghai
ID = "20261126-ab12"


def app_for(library: Library, db: Path, clock: FrozenClock, *, lang: Lang = "en",
            incident_id: str | None = None, group: str | None = None,
            name: str = "lin", new_id: str = "20261126-new1", poll: float = 0.05,
            **kw: Any) -> RunbookApp:
    workspace = Workspace(db, lang, Actor(name, group), clock, load_library=lambda: library)
    app = make_app(workspace, incident_id=incident_id, group=group, poll=poll,
                   new_id=lambda: new_id, **kw)
    app.animation_level = "none"
    return app


async def until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `check()` holds (the store thread answers asynchronously)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {check}")
        await pilot.pause(0.02)
    await pilot.pause()


def loaded(app: RunbookApp) -> bool:
    screen = app.screen
    if isinstance(screen, IncidentScreen):
        return screen.model is not None
    if isinstance(screen, HomeScreen):
        return screen.query_one("#incidents").line_count() > 0  # type: ignore[attr-defined]
    return True


def screen_lines(app: RunbookApp) -> list[str]:
    """The screen as the responder sees it: its rows of characters, as drawn now."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def on_screen(app: RunbookApp, text: str) -> bool:
    """Whether `text` is on one row of the screen, whole."""
    return any(text in row for row in screen_lines(app))


def notified(app: RunbookApp) -> list[str]:
    """The notifications on show (`App.notify`), oldest first: Textual keeps them in a
    private collection, read here alone (toasts are not drawn under `run_test` unless it
    is given `notifications=True`)."""
    return [n.message for n in app._notifications]


async def ready(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, RunbookApp)
    await until(pilot, lambda: loaded(app))


@dataclass
class Writer:
    """Writes as another terminal would: its own store connection, the rules' guard."""

    library: Library
    store: EventStore
    clock: FrozenClock = field(default_factory=lambda: FrozenClock(START))
    actor: Actor = field(default_factory=lambda: Actor("wang", "tech"))

    @classmethod
    @contextmanager
    def open(cls, library: Library, db: Path) -> Iterator[Writer]:
        store = EventStore.open(db, create=True)
        try:
            yield cls(library, store)
        finally:
            store.close()

    @property
    def author(self) -> Author:
        return Author(self.actor, self.clock)

    def at(self, minutes: float) -> Writer:
        self.clock.moment = START + timedelta(minutes=minutes)
        return self

    def append(self, event: Event) -> Event:
        stored: Event = self.store.append(event, Guard(self.library)(event))
        return stored

    def declare(self, level: str = "II", *, incident_id: str = ID,
                type_id: str = "technical-fault", title: str = "payment gateway down",
                drill: bool = False, reported_at: datetime | None = None) -> Event:
        return self.append(declaration(
            Author(Actor("lin", "office"), self.clock), self.library, incident_id,
            type_id=type_id, level=level, title=title, drill=drill, reported_at=reported_at))

    def step(self, step_id: str, verb: str, incident_id: str = ID, **kw: Any) -> Event:
        return self.append(step_action(self.author, incident_id, step_id, verb, **kw))

    def event(self, kind: str, incident_id: str = ID, **payload: Any) -> Event:
        return self.append(make_event(self.author, incident_id, kind, payload))

    def events(self, incident_id: str = ID) -> list[Event]:
        found: list[Event] = self.store.events(incident_id)
        return found


def seed(writer: Writer, level: str = "II", *, drill: bool = False) -> None:
    """A quarter of an hour of an incident, written by several people."""
    writer.at(0).declare(level, drill=drill, reported_at=START - timedelta(minutes=5))
    writer.at(4).step("verify", "done")
    if level != "IV":
        writer.at(6).step("tf.diagnose", "start")
    writer.at(7).event("note", text="vendor confirms a database failover in progress")
    if level in ("I", "II", "III"):
        writer.at(9).step("report-decision", "done", decision="report",
                          note="payments down for all merchants")
    if level in ("I", "II"):
        writer.at(11).step("customer-update", "done", note="banner on the app")
        writer.at(13).step("risk.watch", "block", note="finance lead unreachable")
    writer.at(14).event("report_sent", to="head", text="first brief by phone")


def long_record(library: Library, n: int, incident_id: str = ID) -> list[Event]:
    """A Level II technical fault of `n` events, chained as the store chains them (for
    `store.bulk.bulk_load`): steps done and reopened in turn, a note every seventh event,
    one a second from START."""
    clock = FrozenClock(START, timedelta(seconds=1))
    author = Author(Actor("zhao", "office"), clock)
    book = library.playbook("technical-fault")
    assert book is not None
    steps = [s for s in book.steps if s.applies_at("II") and s.decision is None]
    events = [declaration(author, library, incident_id, type_id="technical-fault",
                          level="II", title="a long one", drill=False)]
    i = 0
    while len(events) < n:
        step = steps[i % len(steps)]
        verb = "done" if (i // len(steps)) % 2 == 0 else "reopen"
        if i % 7 == 0:
            events.append(make_event(author, incident_id, "note", {"text": f"note {i}"}))
        else:
            events.append(step_action(author, incident_id, step.id, verb, note="again"))
        i += 1
    return chained(events[:n])


def static_text(widget: Any) -> str:
    """What a Static shows, its lines joined by spaces (as a reader reads a wrapped text)."""
    strips = widget.render_lines(widget.region.reset_offset)
    return " ".join(strip.text.strip() for strip in strips if strip.text.strip())
