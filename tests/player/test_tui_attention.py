"""What another terminal records for my group gets my attention: a notification, an unread
count in the header until the timeline is looked at, the bell if asked for. A note written
here is for everyone unless a group is chosen."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from tuikit import ID, Writer, app_for, notified, on_screen, ready, until

from runbook.clock import FrozenClock
from runbook.events import Actor
from runbook.playbook import Library
from tui.app import RunbookApp
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen
from tui.screens.timeline import TimelineScreen


def run(app: RunbookApp, scenario: Any, size: tuple[int, int] = (80, 24)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await scenario(pilot)

    asyncio.run(main())


def incident(app: RunbookApp) -> IncidentScreen:
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    return screen


def test_a_note_for_my_group_and_an_action_on_its_steps_are_announced_until_read(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID, name="lin", group="tech")  # 80x24
    rang: list[int] = []
    app.bell = lambda: rang.append(1)  # type: ignore[method-assign]

    async def scenario(pilot: Pilot[Any]) -> None:
        writer.actor = Actor("zhang", "office")
        writer.event("note", text="restart the gateway at 04:00", group="tech")
        writer.event("note", text="for operations only", group="ops")
        writer.step("verify", "done")  # the Office's step: not for Tech
        await until(pilot, lambda: len(incident(app).record) == 4)
        await until(pilot, lambda: bool(notified(app)))
        assert notified(app) == ["zhang·Office: note · restart the gateway at 04:00 · "
                                 "(Tech)"], notified(app)
        assert on_screen(app, "✉ 1 unread (t)")
        writer.step("tf.restore", "start")  # another terminal on a Tech step
        await until(pilot, lambda: len(notified(app)) == 2)
        assert "tf.restore" in notified(app)[1], notified(app)
        await until(pilot, lambda: on_screen(app, "✉ 2 unread (t)"))
        assert rang == []  # no bell unless asked for
        await pilot.press("t")  # the timeline is looked at
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        await pilot.pause()
        assert not on_screen(app, "unread")

    run(app, scenario)


def test_what_i_record_here_does_not_call_me_and_the_bell_rings_when_asked(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID, name="lin", group="tech", bell=True)
    rang: list[int] = []
    app.bell = lambda: rang.append(1)  # type: ignore[method-assign]

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = incident(app)
        screen.steps.set_cursor(screen.steps.index_of("tf.diagnose") or 0)
        await pilot.press("d")
        await until(pilot, lambda: screen.rows["tf.diagnose"].state == "done")
        assert notified(app) == [] and rang == []
        writer.actor = Actor("wang", "tech")
        writer.step("tf.restore", "start")
        await until(pilot, lambda: bool(notified(app)))
        assert rang == [1]

    run(app, scenario)


def test_a_note_is_for_everyone_unless_a_group_is_chosen(library: Library, db: Path,
                                                         clock: FrozenClock,
                                                         writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID, name="lin", group="tech")

    async def scenario(pilot: Pilot[Any]) -> None:
        assert incident(app).group == "tech"  # Tech's steps are shown
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await pilot.press(*"bridge call at 03:30")
        await pilot.press("enter")
        await until(pilot, lambda: len(writer.events()) == 2)
        note = writer.events()[-1]
        assert note.kind == "note" and "group" not in note.payload, note.payload

    run(app, scenario)
