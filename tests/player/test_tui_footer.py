"""The footer offers the keys that apply to the incident as it stands, the likely next one
first; a key that does not apply says why in one line; the help still lists every key."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from tuikit import ID, Writer, app_for, notified, ready, screen_lines, until

from runbook.clock import FrozenClock
from runbook.playbook import Library
from tui.app import RunbookApp
from tui.keys import INCIDENT_KEYS
from tui.screens.form import FormDialog
from tui.screens.help import HelpScreen
from tui.screens.incident import IncidentScreen
from tui.widgets.keybar import KeyBar


def footer(app: RunbookApp) -> str:
    region = app.screen.query_one(KeyBar).region
    return screen_lines(app)[region.y]


def order(row: str, *entries: str) -> bool:
    """Whether every entry is in the footer, in this order."""
    places = [row.find(f" {entry} ") for entry in entries]
    return all(p >= 0 for p in places) and places == sorted(places)


async def select(pilot: Pilot[Any], step_id: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, IncidentScreen)
    index = screen.steps.index_of(step_id)
    assert index is not None, step_id
    screen.steps.set_cursor(index)
    await pilot.pause()


def run(app: RunbookApp, scenario: Any, size: tuple[int, int] = (80, 24)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await scenario(pilot)

    asyncio.run(main())


def test_a_pending_step_offers_done_start_skip_block_then_the_incident_keys(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        await select(pilot, "tf.restore")
        row = footer(app)
        assert order(row, "d done", "i start", "s skip", "b blocked", "n note", "r report"), row
        assert row.rstrip().endswith("? help") or "? help" in row, row
        await select(pilot, "report-decision")  # a decision: decided, not done
        row = footer(app)
        assert order(row, "D decide", "i start", "s skip"), row
        assert " d done " not in row, row

    run(app, scenario)


def test_a_done_step_offers_reopen_and_no_done(library: Library, db: Path,
                                                clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    writer.step("tf.restore", "done")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        await select(pilot, "tf.restore")
        row = footer(app)
        assert order(row, "o reopen", "n note"), row
        assert " d done " not in row and " s skip " not in row, row

    run(app, scenario)


def test_a_proposed_level_puts_the_level_key_first(library: Library, db: Path,
                                                   clock: FrozenClock,
                                                   writer: Writer) -> None:
    writer.declare("II")
    clock.moment = clock.moment.replace(hour=5, minute=30)  # 2 h 30 min of outage
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        await select(pilot, "tf.restore")
        assert order(footer(app), "b blocked", "l level", "n note"), footer(app)

    run(app, scenario)


def test_after_the_stand_down_evaluation_and_close(library: Library, db: Path,
                                                   clock: FrozenClock,
                                                   writer: Writer) -> None:
    writer.declare("II")
    writer.event("stand_down", reason="service restored")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        row = footer(app)
        assert " e evaluation " in row and " c close " in row, row
        assert " S stand down " not in row, row

    run(app, scenario, size=(100, 30))


def test_after_the_close_export_comes_first(library: Library, db: Path, clock: FrozenClock,
                                            writer: Writer) -> None:
    writer.declare("II")
    writer.event("incident_closed", force=True, reason="tracked elsewhere")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        row = footer(app)
        assert row.startswith(" x export summary "), row
        assert order(row, "x export summary", "e evaluation", "n note"), row
        assert " d done " not in row, row

    run(app, scenario, size=(120, 30))


def test_a_key_that_does_not_apply_says_why(library: Library, db: Path, clock: FrozenClock,
                                            writer: Writer) -> None:
    writer.declare("II")
    writer.step("tf.restore", "done")
    writer.event("incident_closed", force=True, reason="tracked elsewhere")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        await select(pilot, "tf.diagnose")
        await pilot.press("d")
        await until(pilot, lambda: bool(notified(app)))
        messages = notified(app)
        assert messages == [f"Incident {ID} is closed. Reopen it first (runbook reopen) if "
                            "the work goes on."], messages
        await pilot.press("s")  # no dialog asks for a reason that would be refused
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        await pilot.press("S")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        assert len(writer.events()) == 3

    run(app, scenario)


def test_a_step_key_on_a_finished_step_says_why(library: Library, db: Path,
                                                clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    writer.step("tf.restore", "done")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        await select(pilot, "tf.restore")
        await pilot.press("s")
        await until(pilot, lambda: bool(notified(app)))
        assert notified(app) == [
            "Step tf.restore is done; it cannot be skipped now. Reopen it first."]
        assert not isinstance(app.screen, FormDialog)

    run(app, scenario)


def test_the_help_lists_every_key_whatever_applies(library: Library, db: Path,
                                                   clock: FrozenClock,
                                                   writer: Writer) -> None:
    writer.declare("II")
    writer.event("incident_closed", force=True, reason="tracked elsewhere")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        text = " ".join(screen_lines(app))
        for key in INCIDENT_KEYS:
            assert key.help("en")[:30] in text, key.id

    run(app, scenario, size=(120, 60))
