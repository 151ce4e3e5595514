"""The player with a roster (issue 15): who acts is the roster's, asked of nobody; what the
login's roles may not do is refused before any dialog, naming who may."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from msgspec.structs import replace
from textual.pilot import Pilot
from tuikit import ID, Writer, ready, screen_lines, until

from runbook.clock import FrozenClock
from runbook.events import Actor
from runbook.playbook import Library
from runbook.roster import Person, Roster
from runbook.workspace import Workspace
from tui.app import make_app
from tui.screens.fields import LineField, TextField
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen

ROSTER = Roster(people=(
    Person("boss", "张伟", ("command",), ("commander",)),
    Person("intern", "实习生", ("ops",), ("member",)),
    Person("auditor", "审计员", ("office",), ("observer",)),
))


async def fill(pilot: Pilot[Any], name: str, value: str) -> None:
    """Type `value` into the open dialog's field `name`, and confirm with Enter."""
    widget = pilot.app.screen.query_one(f"#field-{name}")
    assert isinstance(widget, TextField | LineField), widget
    widget.value = value
    await pilot.press("enter")


def intern_app(library: Library, db: Path, clock: FrozenClock, login: str = "intern") -> Any:
    """The player as the login `intern` (a member of ops) with the roster: nobody said who
    acts (a shared account), so without a roster the player would ask."""
    workspace = Workspace(db, "en", Actor("root", None), clock,
                          load_library=lambda: replace(library, roster=ROSTER),
                          actor_given=False, login=login)
    app = make_app(workspace, incident_id=ID, poll=0.05, new_id=lambda: "20261126-new1")
    app.animation_level = "none"
    return app


def test_the_roster_says_who_acts_and_the_roles_hold(library: Library, db: Path,
                                                     clock: FrozenClock,
                                                     writer: Writer) -> None:
    writer.declare("II")
    app = intern_app(library, db, clock)
    told: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            app.notify = lambda message, **kw: told.append(str(message))  # type: ignore[method-assign]
            await pilot.press("l")  # lower the level: the commander's
            await pilot.pause()
            assert isinstance(app.screen, IncidentScreen), told
            assert any("may not change the level" in t and "张伟 (boss)" in t for t in told)
            await pilot.press("n")  # a note: straight to it, nobody asked who acts
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            assert app.screen.id != "identity"
            await type_in(pilot, "at the counter")
            await pilot.press("enter")
            await until(pilot, lambda: len(writer.events()) == 2)

    asyncio.run(scenario())
    note = writer.events()[-1]
    assert note.actor == Actor("实习生", "ops", "intern")


async def type_in(pilot: Pilot[Any], text: str) -> None:
    for key in text:
        await pilot.press("space" if key == " " else key)


def test_an_emergency_override_in_the_player_records_one_action_with_its_reason(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    """The commander cannot be reached: the intern arms an override (`!`) with a reason, the
    stand-down is then recorded as an override, and the next action is not one."""
    writer.declare("II")
    app = intern_app(library, db, clock)
    told: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            app.notify = lambda message, **kw: told.append(str(message))  # type: ignore[method-assign]
            await pilot.press("S")  # the commander's: refused, and the player says what to do
            await pilot.pause()
            assert isinstance(app.screen, IncidentScreen)
            assert any("may not stand down" in t and "! records the next action" in t
                       for t in told), told
            await pilot.press("exclamation_mark")
            await until(pilot, lambda: app.screen.id == "override")
            await fill(pilot, "reason", "commander unreachable, phone off")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
            assert any("EMERGENCY OVERRIDE armed" in line for line in screen_lines(app))
            await pilot.press("S")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await fill(pilot, "reason", "service restored")
            await until(pilot, lambda: app.screen.id == "confirm-key")
            await pilot.press("y")
            await until(pilot, lambda: len(writer.events()) == 2)
            await until(pilot, lambda: not any("EMERGENCY OVERRIDE" in line
                                               for line in screen_lines(app)))
            await pilot.press("n")  # a note is the intern's own: no override on it
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await fill(pilot, "text", "told the office")
            await until(pilot, lambda: len(writer.events()) == 3)

    asyncio.run(scenario())
    stand_down, note = writer.events()[1:]
    assert (stand_down.kind, stand_down.payload.get("override")) == (
        "stand_down", "commander unreachable, phone off")
    assert "override" not in note.payload


def test_who_acts_is_not_asked_again_when_the_roster_says(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = intern_app(library, db, clock)
    told: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            app.notify = lambda message, **kw: told.append(str(message))  # type: ignore[method-assign]
            await pilot.press("u")
            await pilot.pause()
            assert isinstance(app.screen, IncidentScreen)  # no identity dialog
            assert any("The roster says who acts here: the login intern" in t for t in told)

    asyncio.run(scenario())


def test_an_armed_override_holds_for_the_next_action_only_even_one_the_roles_allow(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = intern_app(library, db, clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            await pilot.press("exclamation_mark")
            await until(pilot, lambda: app.screen.id == "override")
            await fill(pilot, "reason", "commander unreachable")
            await until(pilot, lambda: any("EMERGENCY OVERRIDE armed" in line
                                           for line in screen_lines(app)))
            await pilot.press("n")  # a note: the intern's own, no override needed
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await fill(pilot, "text", "told the office")
            await until(pilot, lambda: len(writer.events()) == 2)
            await until(pilot, lambda: not any("EMERGENCY OVERRIDE" in line
                                               for line in screen_lines(app)))

    asyncio.run(scenario())
    assert "override" not in writer.events()[-1].payload


def test_an_observer_is_not_offered_an_override(library: Library, db: Path,
                                                clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = intern_app(library, db, clock, login="auditor")
    told: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            app.notify = lambda message, **kw: told.append(str(message))  # type: ignore[method-assign]
            await pilot.press("S")
            await until(pilot, lambda: bool(told))
            assert "An observer only reads" in told[0] and "!" not in told[0], told

    asyncio.run(scenario())
