"""The home screen shows open and overdue action items across incidents (issue 13 s. 4),
overdue by the workspace's clock, and nothing when there are none."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from textual.widgets import Static
from tuikit import ID, Writer, app_for, ready, until

from runbook.actions import action_item, action_resolved
from runbook.clock import FrozenClock
from runbook.playbook import Library


def test_home_lists_open_and_overdue_action_items(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare()
    writer.declare(incident_id="20261126-cd34")
    writer.append(action_item(writer.author, ID, "Add a health alarm", "wang",
                              date(2026, 11, 20)))
    writer.append(action_item(writer.author, "20261126-cd34", "Rehearse failover", "li",
                              date(2026, 12, 20)))
    writer.append(action_item(writer.author, ID, "Finished one", "li", date(2026, 12, 1)))
    writer.append(action_resolved(writer.author, ID, 2, "done"))
    app = app_for(library, db, clock)

    async def scenario() -> str:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            shown = app.screen.query_one("#home-actions", Static)
            await until(pilot, lambda: shown.display)
            return str(shown.render())

    text = asyncio.run(scenario())
    assert "Action items: 2 open, 1 overdue" in text
    assert text.index("Add a health alarm") < text.index("Rehearse failover")
    assert "overdue" in text.split("Add a health alarm")[1].split("\n")[0]
    assert "Finished one" not in text


def test_home_says_nothing_of_action_items_when_there_are_none(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare()
    app = app_for(library, db, clock)

    async def scenario() -> bool:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            return bool(app.screen.query_one("#home-actions", Static).display)

    assert not asyncio.run(scenario())
