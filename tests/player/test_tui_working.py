"""Working a group's steps: the cursor stays in the group after `d`; the post-incident
steps have their own section once they show; Escape goes back one level in either layout."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tuikit import ID, Writer, app_for, ready, screen_lines, until

from runbook.clock import FrozenClock
from runbook.playbook import Library
from tui.app import RunbookApp
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


async def select(pilot: Pilot[Any], step_id: str) -> None:
    screen = incident(pilot.app)  # type: ignore[arg-type]
    index = screen.steps.index_of(step_id)
    assert index is not None, step_id
    screen.steps.set_cursor(index)
    await pilot.pause()


def test_after_done_the_cursor_stays_in_the_group(library: Library, db: Path,
                                                  clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        # The next due of all is the Office's `verify` (03:15); of Tech, `tf.restore`.
        await select(pilot, "tf.diagnose")
        await pilot.press("d")
        await until(pilot, lambda: len(writer.events()) == 2
                    and incident(app).rows["tf.diagnose"].state == "done")
        assert incident(app).steps.selected_step == "tf.restore"

    run(app, scenario)


def test_the_post_incident_steps_have_their_own_section(library: Library, db: Path,
                                                        clock: FrozenClock,
                                                        writer: Writer) -> None:
    writer.declare("II")
    writer.event("stand_down", reason="service restored")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        rows = screen_lines(app)
        where = {text: next((i for i, r in enumerate(rows) if text in r), -1)
                 for text in ("After the stand-down", "Strengthen direction",
                              "Hold the evaluation meeting", "Write the evaluation report")}
        assert -1 not in where.values(), where
        assert where["Strengthen direction"] < where["After the stand-down"]
        assert where["After the stand-down"] < where["Hold the evaluation meeting"]
        assert where["After the stand-down"] < where["Write the evaluation report"]

    run(app, scenario, size=(100, 40))


@pytest.mark.parametrize("size", [(160, 40), (80, 24)], ids=["wide", "narrow"])
def test_escape_from_the_timeline_goes_back_to_the_steps_in_both_layouts(
        library: Library, db: Path, clock: FrozenClock, writer: Writer,
        size: tuple[int, int]) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = incident(app)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen)
                    or screen.focused is screen.timeline)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.focused is screen.steps

    run(app, scenario, size=size)
