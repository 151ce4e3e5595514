"""Every key records exactly one event, with what the responder chose and typed."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tuikit import ID, Writer, app_for, ready, until

from runbook.clock import FrozenClock
from runbook.playbook import Library
from tui.app import RunbookApp
from tui.screens.form import FormDialog
from tui.screens.home import HomeScreen
from tui.screens.incident import IncidentScreen


def screen_of(app: RunbookApp) -> IncidentScreen:
    for screen in app.screen_stack:
        if isinstance(screen, IncidentScreen):
            return screen
    raise AssertionError("no incident screen")


async def dialog(pilot: Pilot[Any], *keys: str, text: dict[str, str] | None = None,
                 confirm: bool = False) -> None:
    """Press `keys`, fill the dialog's text fields, press Enter (twice if it confirms)."""
    app = pilot.app
    before = len(screen_of(app).model.events)  # type: ignore[arg-type, union-attr]
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(app.screen, FormDialog))
    form = app.screen
    for name, value in (text or {}).items():
        form.query_one(f"#field-{name}", Input).value = value
    await pilot.press("enter")
    if confirm:
        await until(pilot, lambda: app.screen.id == "confirm")
        await pilot.press("enter")
    screen = screen_of(app)  # type: ignore[arg-type]
    await until(pilot, lambda: len(screen.model.events) == before + 1)  # type: ignore[union-attr]


async def select(pilot: Pilot[Any], step_id: str) -> None:
    screen = screen_of(pilot.app)  # type: ignore[arg-type]
    index = screen.steps.index_of(step_id)
    assert index is not None, step_id
    screen.steps.set_cursor(index)
    await pilot.pause()


def test_step_actions(library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            screen = screen_of(app)
            await select(pilot, "tf.diagnose")
            await pilot.press("i")
            await until(pilot, lambda: screen.rows["tf.diagnose"].state == "in_progress")
            await dialog(pilot, "b", text={"reason": "no access to the vendor console"})
            await select(pilot, "tf.diagnose")
            await dialog(pilot, "o", text={"reason": "access granted"})
            await select(pilot, "tf.restore")
            await dialog(pilot, "s", text={"reason": "vendor restored it themselves"})
            await select(pilot, "customer-update")
            await pilot.press("d")
            await until(pilot, lambda: screen.rows["customer-update"].state == "done")
            await select(pilot, "report-decision")
            await dialog(pilot, "d", text={"rationale": "no customer impact yet"})

    asyncio.run(scenario())
    got = [(e.kind, dict(e.payload)) for e in writer.events()[1:]]
    assert got == [
        ("step_started", {"step": "tf.diagnose"}),
        ("step_blocked", {"step": "tf.diagnose", "reason": "no access to the vendor console"}),
        ("step_reopened", {"step": "tf.diagnose", "reason": "access granted"}),
        ("step_skipped", {"step": "tf.restore", "reason": "vendor restored it themselves"}),
        ("step_done", {"step": "customer-update"}),
        ("decision_taken", {"step": "report-decision", "option": "report",
                            "rationale": "no customer impact yet"}),
    ]
    assert all(e.actor.name == "lin" for e in writer.events())


def test_incident_actions(library: Library, db: Path, clock: FrozenClock,
                          writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await dialog(pilot, "n", text={"text": "bridge call at 03:30"})
            await dialog(pilot, "r", "down", text={"text": "brief report by phone"})
            await dialog(pilot, "v", text={"text": "vendor NOC ticket 4711"})
            await dialog(pilot, "h", text={"to": "zhang", "text": "decision pending"})
            # Standing down asks why; closing with post-incident steps open asks why too.
            await dialog(pilot, "S", text={"reason": "service restored, vendor confirmed"})
            await dialog(pilot, "c", text={"reason": "post-incident work tracked elsewhere"})
            screen = screen_of(app)
            assert screen.model is not None and screen.model.incident.is_closed
            assert screen.check_action("done", ()) is None  # shown disabled once closed
            await dialog(pilot, "O", text={"reason": "fault came back"})

    asyncio.run(scenario())
    got = [(e.kind, dict(e.payload)) for e in writer.events()[1:]]
    assert got == [
        ("note", {"text": "bridge call at 03:30"}),
        ("report_sent", {"to": "regulator", "text": "brief report by phone"}),
        ("vendor_contacted", {"text": "vendor NOC ticket 4711"}),
        ("shift_handed_over", {"to": "zhang", "text": "decision pending"}),
        ("stand_down", {"reason": "service restored, vendor confirmed"}),
        ("incident_closed", {"force": True, "reason": "post-incident work tracked elsewhere"}),
        ("incident_reopened", {"reason": "fault came back"}),
    ]


def test_a_reason_is_required(library: Library, db: Path, clock: FrozenClock,
                              writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("s")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("enter")  # nothing typed
            await pilot.pause(0.2)
            assert isinstance(app.screen, FormDialog)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    asyncio.run(scenario())
    assert len(writer.events()) == 1


def test_group_filter_and_later_steps(library: Library, db: Path, clock: FrozenClock,
                                      writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID, group="tech")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            screen = screen_of(app)
            steps = {line.step_id for line in screen.steps.lines if line.kind == "step"}
            assert steps == {"tf.diagnose", "tf.restore"}
            await pilot.press("g")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("home", "enter")  # all groups
            await until(pilot, lambda: screen.group is None)
            steps = {line.step_id for line in screen.steps.lines if line.kind == "step"}
            assert {"verify", "tf.diagnose", "sec.harden"} <= steps
            assert "evaluate" not in steps  # starts after the stand-down: hidden
            await pilot.press("a")
            steps = {line.step_id for line in screen.steps.lines if line.kind == "step"}
            assert {"evaluate", "evaluation-report"} <= steps

    asyncio.run(scenario())


def test_timeline_beside_the_steps_filters(library: Library, db: Path, clock: FrozenClock,
                                           writer: Writer) -> None:
    writer.declare("II")
    writer.at(1).step("verify", "done")
    writer.at(2).step("tf.diagnose", "start")
    writer.at(3).event("note", text="ops only", group="ops")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            screen = screen_of(app)
            assert screen.wide
            await pilot.press("t")
            assert app.focused is screen.timeline
            assert screen.timeline.line_count() == 4
            await pilot.press("g")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("down", "down", "down", "down", "enter")  # ops
            await until(pilot, lambda: screen.timeline.filter.group == "ops")
            shown = [screen.timeline.event_at(i) for i in range(screen.timeline.line_count())]
            assert [e.seq for e in shown if e is not None] == [4]  # the note for ops
            await pilot.press("k")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("home", "enter")  # every kind
            await pilot.press("t")
            assert app.focused is screen.steps

    asyncio.run(scenario())


def test_palette_runs_actions(library: Library, db: Path, clock: FrozenClock,
                              writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause(0.2)
            await pilot.press(*"note")
            await pilot.pause(0.4)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            assert app.screen.query_one("#field-text", Input) is not None

    asyncio.run(scenario())


def test_help_lists_every_key(library: Library, db: Path, clock: FrozenClock,
                              writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID, lang="zh")

    async def scenario() -> str:
        async with app.run_test(size=(100, 60)) as pilot:
            await ready(pilot)
            await pilot.press("question_mark")
            await pilot.pause(0.2)
            console = Console(width=100, record=True, file=io.StringIO())
            for static in app.screen.query(Static):
                console.print(static.content)
            text = console.export_text()
            await pilot.press("escape")
            return text

    from tui.keys import INCIDENT_KEYS

    text = asyncio.run(scenario())
    for key in INCIDENT_KEYS:
        assert key.help.zh in text


def test_back_to_the_list_and_open_again(library: Library, db: Path, clock: FrozenClock,
                                         writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))
            await ready(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
            await ready(pilot)

    asyncio.run(scenario())


def test_an_unknown_incident_says_so_and_goes_home(library: Library, db: Path,
                                                   clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id="20261126-nope")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.screen.id == "error-dialog")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))

    asyncio.run(scenario())
