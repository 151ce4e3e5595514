"""A long record: its timeline can be read while the record's thread still reads and folds
it, and the footer's keys answer a click as they answer a key."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tuikit import ID, Writer, app_for, until

from runbook.clock import FrozenClock
from runbook.events import Actor
from runbook.playbook import Library
from store import EventStore
from tui.eventrows import Filter
from tui.screens import incident as incident_screen
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen
from tui.screens.timeline import TimelineScreen
from tui.service import RecordService
from tui.widgets.keybar import KeyBar
from tui.widgets.textpane import TextPane


def test_the_timeline_opens_before_a_long_record_is_folded(
        library: Library, db: Path, clock: FrozenClock, writer: Writer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    writer.actor = Actor("zhao", "office")  # so only a step's own group ties it to tech
    writer.declare("II")
    writer.at(1).step("verify", "done")
    writer.at(2).event("note", text="ops only", group="ops")
    writer.at(3).step("tf.diagnose", "start")
    monkeypatch.setattr(incident_screen, "READ_AT_ONCE", 2)  # "long": more than 2 events
    gate = threading.Event()
    read = RecordService._read

    def held_back(self: RecordService, store: EventStore, watch: Any) -> Iterator[None]:
        """The record is read only once the test lets it; the thread answers meanwhile."""
        while not gate.is_set():
            time.sleep(0.005)
            yield
        yield from read(self, store, watch)

    monkeypatch.setattr(RecordService, "_read", held_back)
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
            screen = app.screen
            assert isinstance(screen, IncidentScreen)
            assert screen.model is None
            detail = screen.query_one("#detail-pane", TextPane)
            assert "Reading the record: 4 events" in detail.text.plain
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
            timeline = app.screen
            assert isinstance(timeline, TimelineScreen)
            view = timeline.view
            assert view.line_count() == 4
            # Its pages come from the record's thread while the record is still being read.
            await until(pilot, lambda: all(view.event_at(i) for i in range(4)))
            assert screen.model is None
            assert [view.event_at(i).kind for i in range(4)] == [  # type: ignore[union-attr]
                "incident_declared", "step_done", "note", "step_started"]
            gate.set()
            await until(pilot, lambda: screen.model is not None)
            view.set_filter(Filter(group="tech"))  # the steps' groups are known now
            await until(pilot, lambda: not view.filtering)
            shown = [view.event_at(i) for i in range(view.line_count())]
            assert [e.seq for e in shown if e is not None] == [4]  # the diagnosis step

    asyncio.run(scenario())


def test_a_click_on_the_footer_acts_like_its_key(library: Library, db: Path,
                                                 clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen)
                        and app.screen.model is not None)
            bar = app.screen.query_one(KeyBar)
            note = [(start, key) for start, _end, key in bar._spans if key == "n"]
            assert note, bar._spans
            await pilot.click(KeyBar, offset=(note[0][0] + 1, 0))
            await until(pilot, lambda: isinstance(app.screen, FormDialog))

    asyncio.run(scenario())
