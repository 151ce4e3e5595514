"""The player and the other sites: the link's state (written beside the database by
`runbook sync`) and the conflicts between sites, in the incident's header."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from tuikit import ID, START, Writer, app_for, ready, screen_lines, until

from runbook.actions import Author, declaration, make_event, new_incident_id
from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.guard import Guard
from runbook.playbook import Library
from store import EventStore
from sync import status_file


def header(app: Any) -> str:
    return "\n".join(screen_lines(app)[:4])


def test_a_link_down_shows_in_the_header(library: Library, db: Path, clock: FrozenClock,
                                         writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            assert "⇄" not in header(app)  # no state file: nothing said of a link
            status_file.write(status_file.path_for(db), status_file.LinkStatus(
                site="dc1", written_at=START, stopped=False, up=False,
                since=START - timedelta(minutes=3), failures=4, last_error=None,
                peers=(status_file.PeerStatus(site="dr", lag=2),)))
            await until(pilot, lambda: "⇄ LINK DOWN since 02:57 (recording locally)"
                        in header(app))
            status_file.write(status_file.path_for(db), status_file.LinkStatus(
                site="dc1", written_at=START, stopped=False, up=True, since=START,
                peers=(status_file.PeerStatus(site="dr", lag=2),)))
            await until(pilot, lambda: "⇄ dc1 · dr 2 behind" in header(app))

    asyncio.run(scenario())


class Site:
    """One site's own store (origin = its name), as tests/test_origins.py makes them."""

    def __init__(self, path: Path, name: str, library: Library) -> None:
        self.name = name
        self.store = EventStore.open(path, create=True, origin=name)
        self.clock = FrozenClock(START)
        self.author = Author(Actor(f"lin-{name}", "office"), self.clock)
        self.guard = Guard(library)

    def append(self, event: Event) -> Event:
        return self.store.append(event, self.guard(event))

    def take_from(self, other: Site, incident_id: str) -> None:
        held = self.store.heads().get((incident_id, other.name))
        for event in other.store.own_events_after(incident_id, other.name,
                                                  held.count if held else 0):
            self.store.receive(event)


def test_a_level_set_differently_on_two_sites_shows_as_a_conflict(
        library: Library, db: Path, tmp_path: Path, clock: FrozenClock) -> None:
    incident_id = new_incident_id(START, "ab12", "dc1")
    one, two = Site(db, "dc1", library), Site(tmp_path / "dc2.db", "dc2", library)
    try:
        one.append(declaration(one.author, library, incident_id, type_id="technical-fault",
                               level="II", title="two sites", drill=False))
        two.take_from(one, incident_id)
        one.clock.moment = two.clock.moment = START + timedelta(minutes=1)
        one.append(make_event(one.author, incident_id, "level_changed",
                              {"level": "I", "reason": "dc1 escalates"}))
        two.append(make_event(two.author, incident_id, "level_changed",
                              {"level": "III", "reason": "dc2 de-escalates"}))
        one.take_from(two, incident_id)
    finally:
        one.store.close()
        two.store.close()
    app = app_for(library, db, clock, incident_id=incident_id, lang="zh")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            assert f"⚠ 站点之间有 1 处冲突：runbook resolve {incident_id}" in header(app)

    asyncio.run(scenario())
