"""The home screen lists, across every open incident, the steps overdue or due within 15
minutes, the most urgent first; of one group only when the player is started for a group."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from tuikit import ID, START, Writer, app_for, ready, screen_lines

from runbook.clock import FrozenClock
from runbook.playbook import Library

OTHER = "20261126-cd34"


def rows_at(library: Library, db: Path, clock: FrozenClock, group: str | None,
            size: tuple[int, int] = (120, 40)) -> list[str]:
    app = app_for(library, db, clock, group=group)

    async def scenario() -> list[str]:
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await pilot.pause()
            return screen_lines(app)

    return asyncio.run(scenario())


def declared(writer: Writer) -> None:
    """Two open incidents and a closed one, declared at 03:00 (level II)."""
    writer.declare("II")
    writer.declare("III", incident_id=OTHER, title="card scheme link slow")
    writer.declare("II", incident_id="20261126-ef56", title="closed one")
    writer.event("incident_closed", incident_id="20261126-ef56", force=True,
                 reason="false alarm")


def test_the_late_and_the_soon_of_every_open_incident(library: Library, db: Path,
                                                      clock: FrozenClock,
                                                      writer: Writer) -> None:
    declared(writer)
    writer.step("verify", "done", incident_id=OTHER)
    clock.moment = START + timedelta(minutes=20)  # 03:20
    rows = rows_at(library, db, clock, None)
    text = "\n".join(rows)
    start = next((i for i, r in enumerate(rows) if "Overdue or due within 15m" in r), None)
    assert start is not None, "\n".join(rows)
    listed = rows[start + 1:]
    # Overdue: `verify` (03:15) of the first, `report-decision` of the other (15m after its
    # `verify`, done at 03:00); due soon: the first's `regulator-brief` (03:30).
    def where(incident: str, title: str) -> int:
        return next(i for i, r in enumerate(listed) if incident in r and title in r)

    late = where(ID, "Verify and report to the head")
    assert "overdue +5m" in listed[late], text
    soon = where(ID, "Send the brief report to regulators")
    assert "in 10m · 03:30" in listed[soon], text
    decision = where(OTHER, "Decide whether to report to regulators")
    assert "overdue +5m" in listed[decision], text
    assert max(late, decision) < soon  # the overdue first
    assert not any("20261126-ef56" in r for r in listed), text  # closed: not listed
    assert not any("Restore key payment functions first" in r for r in listed)  # 05:00

    rows = rows_at(library, db, clock, "office")  # started for the Office
    start = next(i for i, r in enumerate(rows)
                 if "Office: overdue or due within 15m" in r)
    listed = [r for r in rows[start + 1:] if "20261126-" in r]
    assert listed and all("Office" in r for r in listed), "\n".join(rows)
    assert not any("Decide whether to report" in r for r in listed)  # the Command Center's


def test_nothing_pressing_says_so(library: Library, db: Path, clock: FrozenClock,
                                  writer: Writer) -> None:
    writer.declare("IV")
    writer.step("verify", "done")  # at level IV nothing else is due before the stand-down
    clock.moment = START
    rows = rows_at(library, db, clock, None)
    assert any("Nothing overdue or due within 15m in the open incidents." in r for r in rows)
