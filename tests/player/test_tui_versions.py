"""The player on an incident declared with an older version of the plan: it plays that
version, and its header says the playbooks changed, with the command that shows how."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from msgspec.structs import replace
from tuikit import ID, START, Writer, app_for, on_screen, ready, screen_lines, until

from runbook import versions
from runbook.actions import Author, declaration
from runbook.clock import FrozenClock
from runbook.events import Actor
from runbook.guard import Guard
from runbook.i18n import Lang
from runbook.playbook import Library
from runbook.versions import kept
from store import EventStore
from tui.app import RunbookApp
from tui.model import after_stand_down
from tui.screens.fields import LineField, TextField
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen
from tui.screens.review import ReviewScreen


def without_last_step(library: Library, type_id: str, *also: str) -> tuple[Library, str]:
    """The institution's next version: the last step of `type_id` removed (and `also`)."""
    book = library.playbooks[type_id]
    gone = book.steps[-1].id
    edited = replace(book, steps=tuple(s for s in book.steps[:-1] if s.id not in also))
    return replace(library, playbooks={**library.playbooks, type_id: edited}), gone


def declared_with(library: Library, db: Path, incident_id: str = ID, *,
                  keep: bool = True) -> None:
    """An incident declared with `library`, its version kept (unless not `keep`)."""
    store = EventStore.open(db, create=True)
    try:
        event = declaration(Author(Actor("lin", "office"), FrozenClock(START)), library,
                            incident_id, type_id="technical-fault", level="II",
                            title="gateway down", drill=False)
        store.append(event, Guard(library)(event), kept(event, library) if keep else None)
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


KEPT, DAMAGED, LOST = ID, "20261126-cd34", "20261126-ef56"


def three_versions(library: Library, db: Path) -> None:
    """One incident whose version is kept, one whose kept text was altered since, one
    declared without its version kept (as before versions were kept)."""
    declared_with(library, db, KEPT)
    older, _ = without_last_step(library, "technical-fault")
    declared_with(older, db, DAMAGED)
    oldest, _ = without_last_step(older, "technical-fault")
    declared_with(oldest, db, LOST, keep=False)
    conn = sqlite3.connect(db)
    with conn:  # altered behind runbook's back (it refuses to change a kept version)
        conn.execute("DROP TRIGGER plan_versions_no_update")
        conn.execute("UPDATE plan_versions SET body = body || ' ' WHERE digest = ?",
                     (versions.digest(older),))
    conn.close()


@pytest.mark.parametrize(("lang", "not_kept"), [("en", "(not kept)"), ("zh", "（未保存）")])
def test_the_review_says_of_each_incident_whether_its_version_is_kept(
        library: Library, db: Path, clock: FrozenClock, lang: Lang, not_kept: str) -> None:
    three_versions(library, db)
    app = app_for(library, db, clock, lang=lang)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("R")
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen)
                        and app.screen.loaded)
            await pilot.press("end")  # the versions are the last table
            await until(pilot, lambda: on_screen(app, LOST))
            rows = {i: next(r for r in screen_lines(app) if i in r)
                    for i in (KEPT, DAMAGED, LOST)}
            assert not_kept not in rows[KEPT], rows
            assert not_kept in rows[DAMAGED] and not_kept in rows[LOST], rows

    asyncio.run(scenario())


@pytest.mark.parametrize(("lang", "carried", "dropped"), [
    ("en", "Done steps carried over (1): verify",
     "Not carried over, not in that version (1): tf.diagnose"),
    ("zh", "沿用的已完成步骤（1 个）：verify", "不再沿用（该版本中已无，1 个）：tf.diagnose")])
def test_switching_shows_the_done_steps_it_carries_over_before_it_asks_the_reason(
        library: Library, db: Path, clock: FrozenClock, writer: Writer, lang: Lang,
        carried: str, dropped: str) -> None:
    declared_with(library, db)
    writer.at(1).step("verify", "done")
    writer.at(2).step("tf.diagnose", "done")
    now, _ = without_last_step(library, "technical-fault", "tf.diagnose")
    app = app_for(now, db, clock, incident_id=ID, lang=lang)

    async def switch() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            screen = app.screen
            assert isinstance(screen, IncidentScreen)
            await pilot.press("V")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            form = app.screen
            assert isinstance(form, FormDialog)
            assert on_screen(app, versions.short(versions.digest(now)))
            assert on_screen(app, carried) and on_screen(app, dropped), screen_lines(app)
            field = form.query_one("#field-reason")
            assert isinstance(field, TextField | LineField)
            field.value = "the board adopted the new plan"
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is screen and screen.model is not None
                        and bool(screen.model.incident.switches))

    asyncio.run(switch())
    last = writer.events()[-1]
    assert last.kind == "version_switched"  # what it showed is what it recorded
    assert (last.payload["carried"], last.payload["dropped"]) == (["verify"], ["tf.diagnose"])
