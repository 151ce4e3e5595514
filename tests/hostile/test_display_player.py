"""The player shows hostile stored text visibly, never raw, never as markup.

One incident holds escape sequences, Rich markup and bidi overrides in every text a
responder can type; a second, forged past the rules, has them in its id and its type. Each
surface is read as the terminal would get it: the screen's strips (`_compositor`), and for
the virtual lists every row as the widget renders it (`render_row`), also off screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from display_kit import hostile, raw_found, shown
from textual.pilot import Pilot
from textual.widgets import Input

from runbook.actions import Author, declaration, make_event, step_action
from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.guard import Guard
from runbook.loader import load_library
from runbook.playbook import Library
from store import EventStore
from tui.app import RunbookApp, make_app
from tui.screens.fields import TextField
from tui.screens.form import FormDialog
from tui.screens.home import HomeScreen
from tui.screens.incident import WIDE_FROM, IncidentScreen
from tui.screens.reader import ReadScreen
from tui.screens.review import ReviewScreen
from tui.widgets.incidentlist import IncidentList
from tui.widgets.rowlist import RowList
from tui.widgets.textpane import TextPane

START = datetime(2026, 11, 26, 3, 0, tzinfo=timezone(timedelta(hours=8)))
ID = "20261126-ab12"
FORGED = hostile("ID")
SIZE = (120, 40)
WIDE = 400  # a row rendered this wide shows its whole text


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture(autouse=True)
def fresh_loop() -> Iterator[None]:
    # After asyncio.run(), later snapshot tests need a current loop (textual#5788).
    yield
    asyncio.set_event_loop(asyncio.new_event_loop())


@pytest.fixture
def db(tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "runbook.db"
    clock = FrozenClock(START, timedelta(seconds=30))
    lin = Author(Actor("lin", "office"), clock)
    by = Author(Actor(hostile("BY"), "command"), clock)
    guard = Guard(library)
    with EventStore.open(path, create=True) as store:

        def add(event: Event) -> None:
            store.append(event, guard(event))

        add(declaration(lin, library, ID, type_id="technical-fault", level="II",
                        title=hostile("TITLE"), drill=False))
        add(make_event(by, ID, "note", {"text": hostile("NOTE")}))
        add(make_event(lin, ID, "level_changed", {"level": "I", "reason": hostile("REASON")}))
        add(step_action(lin, ID, "report.regulator-decision", "done", decision="report",
                        note=hostile("RATIONALE")))
        add(step_action(lin, ID, "report.verify", "skip", note=hostile("SKIPPED")))
        add(step_action(lin, ID, "tf.diagnose", "block", note=hostile("BLOCKED")))
        add(make_event(lin, ID, "report_sent", {"to": "regulator", "text": hostile("REPORT")}))
        add(make_event(lin, ID, "vendor_contacted", {"text": hostile("VENDOR")}))
        add(make_event(lin, ID, "shift_handed_over",
                       {"to": hostile("HANDNAME"), "text": hostile("HANDTEXT")}))
        add(make_event(lin, ID, "evaluation_recorded",
                       {"section": "cause", "text": hostile("EVAL")}))
        # Past the rules, as a forged or damaged file: an id and a type no playbook has.
        store.append(make_event(lin, FORGED, "incident_declared",
                                {"type": hostile("TYPE"), "level": "II", "title": "t",
                                 "drill": False}))
    return path


def app_on(library: Library, db: Path, incident_id: str | None = None) -> RunbookApp:
    app = make_app(library=library, db_path=db, lang="en", name="lin", group=None,
                   clock=FrozenClock(START + timedelta(minutes=30)), incident_id=incident_id,
                   poll=0.05, new_id=lambda: "20261126-new1")
    app.animation_level = "none"
    return app


async def until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {check}")
        await pilot.pause(0.02)
    await pilot.pause()


def screen_text(app: RunbookApp) -> str:
    """Every character the terminal is sent for the screen, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def rows(widget: RowList, width: int = WIDE) -> list[str]:
    return [widget.render_row(i, width).plain for i in range(widget.line_count())]


def clean(text: str, where: str) -> str:
    assert raw_found(text) == [], where
    return text


def test_the_incident_screen_shows_every_field_visibly(library: Library, db: Path) -> None:
    app = app_on(library, db, ID)

    async def scenario() -> None:
        # Wide enough for the timeline beside the steps (its detail in the pane below).
        async with app.run_test(size=(WIDE_FROM, SIZE[1])) as pilot:
            screen = app.screen
            assert isinstance(screen, IncidentScreen)
            await until(pilot, lambda: screen.model is not None)
            header = clean(screen_text(app), "screen").splitlines()[0]
            assert shown("TITLE", whole=False) in header
            steps = "\n".join(clean(r, "step list") for r in rows(screen.steps))
            assert shown("RATIONALE") in steps
            for step_id, tag in (("tf.diagnose", "BLOCKED"), ("report.verify", "SKIPPED"),
                                 ("report.regulator-decision", "RATIONALE")):
                index = screen.steps.index_of(step_id)
                assert index is not None, step_id
                screen.steps.set_cursor(index)
                await pilot.pause()
                pane = screen.query_one(TextPane).text.plain
                assert shown(tag) in clean(pane, step_id), tag
                clean(screen_text(app), step_id)
            timeline = "\n".join(clean(r, "timeline") for r in rows(screen.timeline))
            for tag in ("TITLE", "NOTE", "REASON", "RATIONALE", "SKIPPED", "BLOCKED",
                        "REPORT", "VENDOR", "HANDNAME", "HANDTEXT", "EVAL"):
                assert shown(tag) in timeline, tag
            screen.timeline.focus()
            await pilot.pause()
            panes = []
            for index in range(screen.timeline.line_count()):
                screen.timeline.set_cursor(index)
                await pilot.pause()
                panes.append(clean(screen.query_one(TextPane).text.plain, f"event {index}"))
                clean(screen_text(app), f"event {index + 1}")
            assert shown("BY") in panes[1] and shown("NOTE") in panes[1]
            assert shown("HANDNAME") in panes[8] and shown("HANDTEXT") in panes[8]
            await pilot.press("enter")  # the last event, on a page of its own
            await until(pilot, lambda: isinstance(app.screen, ReadScreen))
            assert shown("EVAL", whole=False) in clean(screen_text(app), "reader")

    asyncio.run(scenario())


def test_the_home_list_and_the_review_show_forged_ids_and_types_visibly(
        library: Library, db: Path) -> None:
    app = app_on(library, db)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, HomeScreen)
            listed = screen.query_one(IncidentList)
            await until(pilot, lambda: listed.line_count() > 2)
            home = "\n".join(clean(r, "home list") for r in rows(listed))
            assert shown("TITLE", whole=False) in home
            assert "ID \\x1b[2J" in home and "TYPE \\x1b[2J" in home  # 13 and 14 cells wide
            clean(screen_text(app), "home screen")
            await pilot.press("R")
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.loaded)
            clean(screen_text(app), "review")
            await pilot.press("end")  # the incidents not counted are named at the bottom
            await pilot.pause()
            assert shown("ID", whole=False) in clean(screen_text(app), "review")

    asyncio.run(scenario())


def test_typed_text_in_a_dialog_and_a_notification_is_not_markup(
        library: Library, db: Path) -> None:
    app = app_on(library, db, ID)
    name = hostile("HANDNAME")

    async def scenario() -> None:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = app.screen
            assert isinstance(screen, IncidentScreen)
            await until(pilot, lambda: screen.model is not None)
            await pilot.press("h")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            app.screen.query_one("#field-to", Input).value = name
            app.screen.query_one("#field-text", TextField).value = "the rest"
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen)
                        and "HANDNAME" in screen_text(app))
            toast = clean(screen_text(app), "notification")
            assert "HANDNAME \\x1b[2J[/v2] [red]r[/red]" in toast.replace("\n", "")
            assert "[bold]b[/bold]" in toast

    asyncio.run(scenario())


def test_the_declaration_asks_with_the_typed_title_shown_visibly(
        library: Library, db: Path) -> None:
    app = app_on(library, db)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            listed = app.screen.query_one(IncidentList)
            await until(pilot, lambda: listed.line_count() > 2)
            await pilot.press("n")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            dialog = app.screen
            assert isinstance(dialog, FormDialog)
            dialog.query_one("#field-title", Input).value = hostile("DECL")
            dialog.action_submit()
            await until(pilot, lambda: app.screen is not dialog)
            assert shown("DECL", whole=False) in clean(screen_text(app), "confirmation")

    asyncio.run(scenario())
