"""The record is the truth: other terminals' writes appear, failed writes keep the text,
refused actions say why, and a restarted player shows exactly what is on disk."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from tuikit import ID, Writer, app_for, ready, static_text, until

from runbook.clock import FrozenClock
from runbook.events import Event
from runbook.fold import fold
from runbook.playbook import Library
from runbook.status import statuses
from store import DiskFull, EventStore
from tui.screens.fields import TextField
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen


def incident_screen(app: Any) -> IncidentScreen:
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    return screen


def test_another_terminals_writes_appear_within_two_seconds(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID, poll=0.5)  # the shipped poll interval

    async def scenario() -> float:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            screen = incident_screen(app)
            screen.steps.set_cursor(screen.steps.index_of("tf.diagnose") or 0)
            await pilot.pause()
            before = screen.steps.selected_step
            start = time.monotonic()
            writer.at(2).step("verify", "done")
            writer.at(3).event("note", text="vendor engineer on site")
            await until(pilot, lambda: screen.model is not None
                        and len(screen.model.events) == 3, timeout=2.0)
            elapsed = time.monotonic() - start
            assert screen.rows["verify"].state == "done"
            assert screen.timeline.line_count() == 3
            assert screen.steps.selected_step == before  # the cursor stays where it was
            return elapsed

    assert asyncio.run(scenario()) < 2.0


def test_a_failed_write_keeps_the_dialog_and_its_text(
        library: Library, db: Path, clock: FrozenClock, writer: Writer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)
    real_append = EventStore.append
    failing = {"on": True}

    def append(self: EventStore, event: Event, guard: Any = None,
               version: Any = None) -> Event:
        if failing["on"]:
            raise DiskFull(self.path)
        return real_append(self, event, guard, version)

    monkeypatch.setattr(EventStore, "append", append)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            screen = incident_screen(app)
            await pilot.press("n")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            dialog = app.screen
            field = dialog.query_one("#field-text", TextField)
            field.value = "gateway restarted by vendor"
            await pilot.press("enter")
            await until(pilot, lambda: "full" in static_text(
                dialog.query_one("#error", Static)))
            assert app.screen is dialog  # still open
            assert field.value == "gateway restarted by vendor"  # still typed
            assert screen.model is not None and len(screen.model.events) == 1
            failing["on"] = False
            await pilot.press("enter")  # try again
            await until(pilot, lambda: app.screen is screen)
            await until(pilot, lambda: len(screen.model.events) == 2)  # type: ignore[union-attr]

    asyncio.run(scenario())
    kinds = [(e.kind, dict(e.payload)) for e in writer.events()]
    assert kinds[-1] == ("note", {"text": "gateway restarted by vendor"})
    assert len(kinds) == 2


def test_a_refused_action_says_why(library: Library, db: Path, clock: FrozenClock,
                                   writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID, poll=30)  # no polling: a stale view

    async def scenario() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            screen = incident_screen(app)
            step = screen.steps.selected_step
            assert step == "verify"
            writer.at(1).step("verify", "done")  # another terminal was quicker
            await pilot.press("d")
            await until(pilot, lambda: app.screen.id == "error-dialog")
            text = static_text(app.screen.query_one("#intro", Static))
            await pilot.press("enter")
            return text

    text = asyncio.run(scenario())
    assert "verify" in text and "done" in text
    assert [e.kind for e in writer.events()] == ["incident_declared", "step_done"]


def test_reopening_shows_the_incident_exactly_as_recorded(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    writer.at(1).step("verify", "done")
    writer.at(2).step("tf.diagnose", "block", note="vendor unreachable")
    writer.at(3).step("report-decision", "done", decision="no-report", note="internal only")
    writer.at(4).event("level_changed", level="I", reason="worse")

    def shown() -> dict[str, str]:
        app = app_for(library, db, clock, incident_id=ID)

        async def scenario() -> dict[str, str]:
            async with app.run_test(size=(80, 24)) as pilot:
                await ready(pilot)
                screen = incident_screen(app)
                await pilot.press("d")  # verify is done: the cursor is on the next due step
                await until(pilot, lambda: len(screen.model.events) == 6)  # type: ignore[union-attr]
                return {sid: row.state for sid, row in screen.rows.items()}

        return asyncio.run(scenario())

    first = shown()  # records one more step, then the app is gone (as after a crash)
    events = writer.events()
    incident = fold(events)
    book = library.playbook("technical-fault")
    assert book is not None
    expected = {r.step.id: r.state for r in statuses(incident, book, clock.now()) if r.applies}
    assert first == expected
    app = app_for(library, db, clock, incident_id=ID)

    async def reopened() -> dict[str, str]:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            return {sid: row.state for sid, row in incident_screen(app).rows.items()}

    assert asyncio.run(reopened()) == expected
