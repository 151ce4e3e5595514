"""The player on an incident declared with an older version of the plan: it plays that
version, and its header says the playbooks changed, with the command that shows how."""

from __future__ import annotations

import asyncio
from pathlib import Path

from msgspec.structs import replace
from tuikit import ID, START, app_for, ready, screen_lines, until

from runbook.actions import Author, declaration
from runbook.clock import FrozenClock
from runbook.events import Actor
from runbook.guard import Guard
from runbook.playbook import Library
from runbook.versions import kept
from store import EventStore
from tui.app import RunbookApp
from tui.model import after_stand_down
from tui.screens.fields import LineField, TextField
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen


def without_last_step(library: Library, type_id: str, *also: str) -> tuple[Library, str]:
    """The institution's next version: the last step of `type_id` removed (and `also`)."""
    book = library.playbooks[type_id]
    gone = book.steps[-1].id
    edited = replace(book, steps=tuple(s for s in book.steps[:-1] if s.id not in also))
    return replace(library, playbooks={**library.playbooks, type_id: edited}), gone


def declared_with(library: Library, db: Path) -> None:
    store = EventStore.open(db, create=True)
    try:
        event = declaration(Author(Actor("lin", "office"), FrozenClock(START)), library, ID,
                            type_id="technical-fault", level="II", title="gateway down",
                            drill=False)
        store.append(event, Guard(library)(event), kept(event, library))
    finally:
        store.close()


def test_the_header_says_the_plan_changed_and_the_old_version_plays(
        library: Library, db: Path, clock: FrozenClock) -> None:
    declared_with(library, db)
    now, gone = without_last_step(library, "technical-fault")
    asyncio.run(scenario(app_for(now, db, clock, incident_id=ID, lang="zh"), gone, True))


def test_no_word_of_it_on_an_incident_that_plays_the_library_in_force(
        library: Library, db: Path, clock: FrozenClock) -> None:
    declared_with(library, db)
    _, last = without_last_step(library, "technical-fault")
    asyncio.run(scenario(app_for(library, db, clock, incident_id=ID, lang="zh"), last, False))


async def scenario(app: RunbookApp, step_id: str, changed: bool) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        assert screen.steps.index_of(step_id) is not None  # the declared version's step
        text = "\n".join(screen_lines(app))
        notice = f"剧本自宣布以来已变更：runbook playbooks --diff {ID}"
        assert (notice in text) is changed, text


def test_switching_in_the_player_asks_the_reason_and_plays_the_library_in_force(
        library: Library, db: Path, clock: FrozenClock) -> None:
    declared_with(library, db)
    later = "evaluation-report"  # a step that starts after the stand-down
    assert later in after_stand_down(library.playbooks["technical-fault"])
    now, gone = without_last_step(library, "technical-fault", later)
    app = app_for(now, db, clock, incident_id=ID, lang="en")

    async def switch() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            screen = app.screen
            assert isinstance(screen, IncidentScreen)
            await pilot.press("V")
            form = app.screen
            assert isinstance(form, FormDialog), form
            field = form.query_one("#field-reason")
            assert isinstance(field, TextField | LineField)
            field.value = "the board adopted the new plan"
            await pilot.pause()
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is screen
                        and screen.model is not None and bool(screen.model.incident.switches))
            assert screen.model is not None
            (switch,) = screen.model.incident.switches
            assert switch.reason == "the board adopted the new plan"
            assert screen.model.state.played is not None and screen.model.state.played.current
            assert screen.model.playbook.step(gone) is None
            assert screen.steps.index_of(gone) is None  # the list shows the new version
            assert later not in screen.model.later  # nor waits for it after the stand-down
            await until(pilot, lambda: "--diff" not in "\n".join(screen_lines(app)))
            await pilot.press("V")  # once more: nothing to switch to, said, nothing asked
            await pilot.pause()
            assert app.screen is screen

    asyncio.run(switch())
    with EventStore.open(db) as store:
        kinds = [e.kind for e in store.events(ID)]
    assert kinds[-1] == "version_switched" and kinds.count("version_switched") == 1
