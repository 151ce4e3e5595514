"""`/` searches the list in focus: the steps (title, id, state) or the timeline (text, who,
kind); `n`/`N` go to the next/previous match; Esc ends the search, and `n` is a note again."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tuikit import ID, Writer, app_for, notified, ready, screen_lines, until

from runbook.clock import FrozenClock
from runbook.playbook import Library
from tui.app import RunbookApp
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.keybar import KeyBar
from tui.widgets.search import SearchBar
from tui.widgets.timeline import TimelineView


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


async def search(pilot: Pilot[Any], words: str) -> None:
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(pilot.app.focused, SearchBar))
    await pilot.press(*words)
    await pilot.press("enter")
    await pilot.pause()


def footer(app: RunbookApp) -> str:
    region = app.screen.query_one(KeyBar).region
    return screen_lines(app)[region.y]


def test_the_steps_are_searched_and_n_goes_to_the_next(library: Library, db: Path,
                                                       clock: FrozenClock,
                                                       writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = incident(app)
        assert screen.steps.selected_step == "verify"  # the Office's, due first
        await search(pilot, "REGULATORS")  # case does not matter
        await until(pilot, lambda: screen.steps.selected_step == "regulator-brief")
        assert " n next match " in footer(app), footer(app)
        await pilot.press("n")  # round the end, to the Command Center's first
        await until(pilot, lambda: screen.steps.selected_step == "report-decision")
        await pilot.press("N")
        await until(pilot, lambda: screen.steps.selected_step == "regulator-brief")
        assert not isinstance(app.screen, FormDialog)
        await pilot.press("escape")  # ends the search, stays on the incident
        await pilot.pause()
        assert app.screen is screen and screen.steps.search_text == ""
        assert " n next match " not in footer(app)
        await pilot.press("n")  # a note again
        await until(pilot, lambda: isinstance(app.screen, FormDialog))

    run(app, scenario)


def test_a_search_that_finds_nothing_says_so(library: Library, db: Path,
                                             clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        before = incident(app).steps.selected_step
        await search(pilot, "zzzz")
        await until(pilot, lambda: bool(notified(app)))
        assert notified(app) == ["No match for “zzzz”."]
        assert incident(app).steps.selected_step == before

    run(app, scenario)


@pytest.mark.parametrize(("words", "seq"), [("4711", 3), ("zhang", 4), ("vendor contacted", 4)],
                         ids=["text", "who", "kind"])
def test_the_timeline_is_searched_by_text_who_and_kind(library: Library, db: Path,
                                                       clock: FrozenClock, writer: Writer,
                                                       words: str, seq: int) -> None:
    writer.declare("II")
    writer.step("verify", "done")
    writer.event("note", text="bridge call, NOC ticket 4711")
    writer.actor = writer.actor.__class__("zhang", "ops")
    writer.event("vendor_contacted", text="vendor says restart at 04:00")
    writer.event("note", text="the last word")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = incident(app)
        await pilot.press("t")
        await until(pilot, lambda: screen.focused is screen.timeline)
        await search(pilot, words)
        timeline = screen.timeline
        await until(pilot, lambda: timeline.selected_event is not None
                    and timeline.selected_event.seq == seq)

    run(app, scenario, size=(160, 40))


def test_the_timeline_on_its_own_screen_is_searched_through_a_long_record(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    writer.event("note", text="the needle: card scheme called")
    for i in range(1500):  # more pages than are read before the first frame's
        writer.event("note", text=f"hay {i}")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await search(pilot, "needle")
        view = app.screen.query_one(TimelineView)
        await until(pilot, lambda: view.selected_event is not None
                    and view.selected_event.seq == 2)
        await pilot.press("escape")  # ends the search first
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("escape")  # then back to the steps
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    run(app, scenario)


def test_what_the_search_matches_stands_out_in_the_rows(library: Library, db: Path,
                                                        clock: FrozenClock,
                                                        writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    def marked(screen: IncidentScreen) -> list[str]:
        """The text drawn reversed in the step list's visible rows."""
        steps = screen.steps
        found = []
        for y in range(steps.size.height):
            for segment in steps.render_line(y):
                if (segment.style is not None and segment.style.reverse
                        and any(c.isalpha() for c in segment.text)):  # not the cursor's ▶
                    found.append(segment.text)
        return found

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = incident(app)
        assert marked(screen) == []
        await search(pilot, "REGULATORS")
        await until(pilot, lambda: screen.steps.selected_step == "regulator-brief")
        assert marked(screen) and all(m.casefold() == "regulators" for m in marked(screen))
        await pilot.press("escape")
        await until(pilot, lambda: screen.steps.search_text == "")
        assert marked(screen) == []

    run(app, scenario)
