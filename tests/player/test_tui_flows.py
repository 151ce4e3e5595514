"""Whole flows driven through the keyboard, checked against what the store holds."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from tuikit import app_for, ready, until

from runbook.clock import FrozenClock
from runbook.loader import load_library
from runbook.playbook import Library
from store import EventStore
from tui.app import RunbookApp
from tui.screens.fields import LineField, TextField
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen


class Keys:
    """Presses keys and counts them; typed text is counted apart (the target excludes it)."""

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        for key in keys:
            await self.pilot.press(key)
            await self.pilot.pause()

    async def type(self, text: str) -> None:
        """Typed text: set on the focused field directly (typing through Pilot is slow)."""
        focused = self.pilot.app.focused
        assert isinstance(focused, TextField | LineField), focused
        focused.value = text
        await self.pilot.pause()


def stored_kinds(db: Path, incident_id: str) -> list[str]:
    with EventStore.open(db, create=False) as store:
        return [e.kind for e in store.events(incident_id)]


async def on_incident(pilot: Pilot[Any]) -> IncidentScreen:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, IncidentScreen)
                and app.screen.model is not None)
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    return screen


async def settled(pilot: Pilot[Any], screen: IncidentScreen, events: int) -> None:
    """Wait until the screen shows `events` events (read back from the store)."""
    await until(pilot, lambda: screen.model is not None and len(screen.model.events) == events)


async def plain_step(keys: Keys, screen: IncidentScreen) -> None:
    """Move down to an open step that is not a decision (as a responder would, with ↓)."""
    for _ in range(10):
        row = screen.selected()
        if row is not None and row.is_open and row.step.decision is None:
            return
        await keys.press("down")
    raise AssertionError("no plain open step below the cursor")


async def declare_to_close(app: RunbookApp, db: Path) -> tuple[int, str]:
    async with app.run_test(size=(100, 30)) as pilot:
        keys = Keys(pilot)
        await ready(pilot)
        await keys.press("n")  # declare
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await keys.press("enter")  # type: the plan's first (technical fault), preselected
        await keys.press("enter")  # level II, preselected
        await keys.type("core payment API times out")
        await keys.press("enter")  # submit: asks to confirm
        await until(pilot, lambda: app.screen.id == "confirm")
        await keys.press("enter")  # confirm: the warning is issued (T0)
        screen = await on_incident(pilot)
        incident_id = screen.incident_id
        await keys.press("d")  # the step due next, done
        await settled(pilot, screen, 2)
        await plain_step(keys, screen)  # the cursor went to the next due: a decision here
        await keys.press("d")  # another step, done
        await settled(pilot, screen, 3)
        await keys.press("l")  # level: I is preselected (one up)
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await keys.type("outage will last beyond 2 hours")
        await keys.press("enter")
        await settled(pilot, screen, 4)
        await keys.press("D")  # decide: the regulator-report decision
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await keys.type("class-1 event: outage over 2 h")
        await keys.press("enter")
        await settled(pilot, screen, 5)
        await keys.press("c")  # close: post-incident steps are open, so it asks why
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await keys.type("drill of the flow: post-incident work tracked elsewhere")
        await keys.press("enter")
        await until(pilot, lambda: app.screen.id == "confirm-key")
        await keys.press("y")  # closing with work open: its own key, not a reflexive Enter
        await settled(pilot, screen, 6)
        assert screen.model is not None and screen.model.incident.is_closed
        return keys.count, incident_id


def test_declare_escalate_decide_close_in_at_most_20_keys(
        library: Library, db: Path, clock: FrozenClock) -> None:
    app = app_for(library, db, clock)
    count, incident_id = asyncio.run(declare_to_close(app, db))
    print(f"keystrokes beyond typed text: {count}")
    assert count <= 20, count
    assert stored_kinds(db, incident_id) == [
        "incident_declared", "step_done", "step_done", "level_changed", "decision_taken",
        "incident_closed"]
    with EventStore.open(db, create=False) as store:
        events = store.events(incident_id)
    declared, first, _second, level, decision, _closed = events
    assert declared.payload["type"] == "technical-fault"
    assert declared.payload["level"] == "II"
    assert declared.payload["title"] == "core payment API times out"
    assert declared.payload["drill"] is False
    assert declared.actor.name == "lin"
    assert first.payload["step"] == "verify"  # due first: Td + 15m
    assert level.payload == {"level": "I", "reason": "outage will last beyond 2 hours"}
    assert decision.payload["step"] == "report-decision"
    assert decision.payload["option"] == "report"
    assert decision.payload["rationale"] == "class-1 event: outage over 2 h"


def test_the_same_flow_on_the_shipped_playbooks(db: Path, clock: FrozenClock) -> None:
    shipped = load_library()
    app = app_for(shipped, db, clock)
    count, incident_id = asyncio.run(declare_to_close(app, db))
    print(f"keystrokes beyond typed text (shipped playbooks): {count}")
    assert count <= 20, count
    kinds = stored_kinds(db, incident_id)
    assert kinds[0] == "incident_declared" and kinds[-1] == "incident_closed"
    assert kinds.count("decision_taken") == 1 and kinds.count("level_changed") == 1
    with EventStore.open(db, create=False) as store:
        declared = store.events(incident_id)[0]
    assert declared.payload["type"] == "technical-fault"
