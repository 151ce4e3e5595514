"""The screen never waits for the database: the player reads and writes SQLite on a thread
of its own, and writes the summary beside the running screen."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tuikit import ID, START, Writer, app_for, long_record, ready, until

from runbook.clock import FrozenClock
from runbook.playbook import Library
from store import EventStore
from store.bulk import bulk_load
from tui import exporting
from tui.screens import incident as incident_screen
from tui.screens.fields import LineField, TextField
from tui.screens.form import FormDialog
from tui.screens.home import HomeScreen
from tui.screens.incident import IncidentScreen
from tui.screens.review import ReviewScreen
from tui.screens.timeline import TimelineScreen

STORE_METHODS = ("append", "events", "page", "matching", "incident_ids", "last_seq",
                 "data_version", "changed", "prepare_writes", "verify", "check_integrity",
                 "version", "version_digests", "kept_versions", "close")


def spy_on_the_store(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every EventStore call from now on, with the thread it was made in."""
    calls: list[tuple[str, int]] = []

    def spied(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(original)
        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, threading.get_ident()))
            return original(*args, **kwargs)
        return call

    for name in STORE_METHODS:
        monkeypatch.setattr(EventStore, name, spied(name, getattr(EventStore, name)))
    opener = EventStore.open.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(EventStore, "open", classmethod(spied("open", opener)))
    return calls


def typed(app: Any, text: str) -> None:
    focused = app.focused
    assert isinstance(focused, TextField | LineField), focused
    focused.value = text


def test_the_player_never_touches_the_database_on_the_screens_thread(
        library: Library, db: Path, clock: FrozenClock, writer: Writer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    writer.declare("II")
    writer.at(1).step("verify", "done")
    writer.at(2).event("note", text="ops only", group="ops")
    writer.at(3).step("tf.diagnose", "start")
    # Short records are read before their first frame, longer ones page by page: both here.
    monkeypatch.setattr(incident_screen, "READ_AT_ONCE", 2)
    calls = spy_on_the_store(monkeypatch)
    ui_thread = threading.get_ident()
    app = app_for(library, db, clock)
    summary = db.parent / "exports" / "20261126-new1-summary.md"

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)  # the home list
            await pilot.press("R")  # review across incidents
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen)
                        and app.screen.loaded)
            await pilot.press("escape")
            await pilot.press("n")  # declare
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("enter", "enter")
            typed(app, "card payments fail")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.id == "confirm")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen)
                        and app.screen.model is not None)
            screen = app.screen
            assert isinstance(screen, IncidentScreen)
            await pilot.press("n")  # a note
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            typed(app, "vendor called back")
            await pilot.press("enter")
            await until(pilot, lambda: screen.model is not None
                        and len(screen.model.events) == 2)
            await pilot.press("x")  # export
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("enter")
            await until(pilot, summary.exists)
            await pilot.press("escape")  # back to the list, and into the long record
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))
            home = app.screen
            assert isinstance(home, HomeScreen)
            home.open_incident(ID)
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen)
                        and app.screen.incident_id == ID and app.screen.model is not None)
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
            timeline = app.screen
            assert isinstance(timeline, TimelineScreen)
            await pilot.press("home", "pagedown", "end")
            await pilot.press("g")  # filter by group
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("down", "enter")
            await until(pilot, lambda: app.screen is timeline and timeline.view.filter.active)
            await pilot.pause(0.2)

    asyncio.run(scenario())
    names = {name for name, _ in calls}
    assert {"open", "append", "events", "page", "matching", "incident_ids",
            "kept_versions"} <= names, names
    on_screen = sorted({name for name, thread in calls if thread == ui_thread})
    assert not on_screen, f"SQLite used on the screens' thread: {on_screen}"


def test_a_key_is_handled_while_a_long_summary_is_written(
        library: Library, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bulk_load(db, long_record(library, 10_000))
    begun = threading.Event()
    release = threading.Event()
    write = exporting.export_summary

    def held_back(*args: Any, **kwargs: Any) -> Any:
        """The real export, once the test has pressed its key (a long one, made longer)."""
        begun.set()
        release.wait(20)
        return write(*args, **kwargs)

    monkeypatch.setattr(exporting, "export_summary", held_back)
    app = app_for(library, db, FrozenClock(START + timedelta(days=1)), incident_id=ID)
    summary = db.parent / "exports" / f"{ID}-summary.md"

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen)
                        and app.screen.model is not None, timeout=30)
            screen = app.screen
            assert isinstance(screen, IncidentScreen)
            before = screen.steps.cursor
            await pilot.press("x")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("enter")  # Markdown
            await pilot.press("down")  # at once: the next step
            await until(pilot, lambda: screen.steps.cursor != before)
            assert begun.is_set() and not summary.exists()  # the export is under way
            assert screen.exporting == "md"  # and the screen says so
            release.set()
            await until(pilot, summary.exists, timeout=30)
            await until(pilot, lambda: screen.exporting is None)

    asyncio.run(scenario())
    assert "10000" in summary.read_text(encoding="utf-8").replace(",", "")
