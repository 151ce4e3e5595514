"""The timeline draws only the lines on screen and reads only their pages, however long
the record."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from tuikit import START, until

from runbook.chain import chained
from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.playbook import Library
from runbook.workspace import Workspace
from store import EventStore
from store.bulk import bulk_load
from tui.event_pages import EventPages
from tui.eventrows import Filter
from tui.service import RecordService
from tui.widgets.timeline import TimelineView

N = 50_000


def many() -> list[Event]:
    """N notes by the technical group, every tenth addressed to operations; and one more
    by operations, written later."""
    actor = Actor("wang", "tech")
    return chained([
        *(Event("x", "note", actor, START + timedelta(seconds=i), START + timedelta(seconds=i),
                {"text": f"line {i}", **({"group": "ops"} if i % 10 == 0 else {})})
          for i in range(N)),
        Event("x", "note", Actor("li", "ops"), START, START, {"text": "new"})])


class Reading(EventStore):
    pages = 0

    def page(self, incident_id: str, first_seq: int, last_seq: int) -> list[Event]:
        Reading.pages += 1
        return super().page(incident_id, first_seq, last_seq)


class Counting(TimelineView):
    drawn = 0

    def render_row(self, index: int, width: int) -> Any:
        Counting.drawn += 1
        return super().render_row(index, width)


class One(App[None]):
    """One timeline, its pages read by a data service of its own."""

    def __init__(self, service: RecordService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        yield Counting("en", START, id="timeline")

    def on_load(self) -> None:
        self.service.bind(asyncio.get_running_loop())
        self.run_worker(lambda: self.service.run(lambda: False), thread=True)

    def on_unmount(self) -> None:
        self.service.stop()


def test_only_visible_lines_are_drawn(tmp_path: Path, library: Library) -> None:
    *events, newest = many()
    db = tmp_path / "long.db"
    bulk_load(db, events)
    workspace = Workspace(db, "en", Actor("wang", "tech"), FrozenClock(START),
                          load_library=lambda: library)
    service = RecordService(workspace, Quiet(), opener=Reading.open)
    record = EventPages(service, "x", N)
    app = One(service)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            view = app.query_one(Counting)
            view.focus()
            view.show(record, {})
            await pilot.pause()
            assert view.cursor == N - 1  # opens at the newest event
            await pilot.press("home")
            await pilot.press("pagedown", "pagedown", "end")
            await until(pilot, lambda: view.selected_event == events[-1])
            view.set_filter(Filter(group="ops"))
            await until(pilot, lambda: not view.filtering)
            assert view.line_count() == N // 10
            bulk_load(db, [newest])
            record.grow(N + 1)
            view.grew(N)
            await until(pilot, lambda: view.line_count() == N // 10 + 1)
            await until(pilot, lambda: view.selected_event == newest)  # it follows the newest

    asyncio.run(scenario())
    assert Counting.drawn < 24 * 12, Counting.drawn  # a few screens, not 50,000 lines
    assert Reading.pages < 12, Reading.pages  # and reads their pages, not 50,000 events


class Quiet:
    """Where the service would tell the app that the record cannot be read: nowhere."""

    def post_message(self, message: object) -> bool:
        return True


def test_a_search_reads_the_record_through_as_far_as_the_match(tmp_path: Path,
                                                                library: Library) -> None:
    """The pages not in memory are read as the search goes (here 25 of 250)."""
    *events, _newest = many()
    db = tmp_path / "long.db"
    bulk_load(db, events)
    workspace = Workspace(db, "en", Actor("wang", "tech"), FrozenClock(START),
                          load_library=lambda: library)
    service = RecordService(workspace, Quiet(), opener=EventStore.open)
    record = EventPages(service, "x", N)
    app = One(service)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            view = app.query_one(Counting)
            view.focus()
            view.show(record, {})
            await pilot.pause()
            view.search("LINE 5000")  # from the newest, round the end
            await until(pilot, lambda: view.selected_event is not None
                        and view.selected_event.payload["text"] == "line 5000", timeout=30)
            view.action_previous_match()  # the only one: it stays
            await pilot.pause()
            assert view.selected_event is not None
            assert view.selected_event.payload["text"] == "line 5000"

    asyncio.run(scenario())
