"""Counts read as English counts them: one event, two events; one step, two steps."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Static
from tuikit import ID, Writer, app_for, on_screen, ready, screen_lines, until

from runbook.clock import FrozenClock
from runbook.playbook import Library
from tui.screens.form import FormDialog
from tui.screens.timeline import TimelineScreen


def test_one_event_is_one_event(library: Library, db: Path, clock: FrozenClock,
                                writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
            await until(pilot, lambda: on_screen(app, "Timeline of"))
            assert on_screen(app, "1 event"), screen_lines(app)
            assert not on_screen(app, "1 events")

    asyncio.run(scenario())


def test_one_open_step_at_the_stand_down_is_one_step(library: Library, db: Path,
                                                      clock: FrozenClock,
                                                      writer: Writer) -> None:
    writer.declare("IV")  # at level IV only `verify` and the post-incident steps apply
    writer.step("verify", "done")
    writer.step("evaluate", "skip", note="held with the last drill's")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("S")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            words = " ".join(str(s.content) for s in app.screen.query(Static))
            assert "1 step is still open, 0 overdue." in words, words

    asyncio.run(scenario())


def test_the_sequence_numbers_keep_their_column_as_the_record_grows(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    for i in range(8):
        writer.event("note", text=f"note {i}")
    app = app_for(library, db, clock, incident_id=ID)

    def column_of_first_time() -> int:
        row = next(r for r in screen_lines(app) if "note 0" in r)
        return row.index("03:00")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("t")
            await until(pilot, lambda: on_screen(app, "note 7"))
            before = column_of_first_time()
            writer.event("note", text="the tenth")
            await until(pilot, lambda: on_screen(app, "the tenth"))
            assert column_of_first_time() == before

    asyncio.run(scenario())
