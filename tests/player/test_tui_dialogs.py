"""The dialogs in a real outage: nothing typed is lost, nothing important is confirmed by a
reflexive key, and the record says who acted (issue "The player and the CLI in a real
outage", items 1-5, 10-12). Keys are pressed one by one, as a responder types them."""

from __future__ import annotations

import asyncio
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static
from tuikit import CST, ID, START, Writer, app_for, ready, static_text, until

from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.playbook import Library
from runbook.workspace import Workspace
from tui import levels
from tui.app import RunbookApp, make_app
from tui.screens.form import FormDialog
from tui.screens.home import HomeScreen
from tui.screens.incident import IncidentScreen


def incident_of(app: RunbookApp) -> IncidentScreen:
    for screen in app.screen_stack:
        if isinstance(screen, IncidentScreen):
            return screen
    raise AssertionError("no incident screen")


async def form(pilot: Pilot[Any], *keys: str) -> FormDialog:
    """Press `keys` and wait for the dialog they open."""
    app = pilot.app
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(app.screen, FormDialog))
    dialog = app.screen
    assert isinstance(dialog, FormDialog)
    return dialog


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Each character a key press, as a terminal delivers typing."""
    await pilot.press(*text)
    await pilot.pause()


def value(dialog: FormDialog, name: str) -> str:
    return dialog.answer()[name]


def last(writer: Writer) -> Event:
    return writer.events()[-1]


async def recorded(pilot: Pilot[Any], writer: Writer, count: int) -> None:
    await until(pilot, lambda: len(writer.events()) == count)


def screen_text(app: RunbookApp) -> str:
    """What the top screen shows, as text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def select(pilot: Pilot[Any], step_id: str) -> None:
    screen = incident_of(pilot.app)  # type: ignore[arg-type]
    index = screen.steps.index_of(step_id)
    assert index is not None, step_id
    screen.steps.set_cursor(index)
    await pilot.pause()


# --- 1. Tab in a dialog throws text away ---------------------------------------------------

# (the key that opens it, the step to select first, the field the focus starts in, the
# payload key the text goes to)
DIALOGS = [
    ("D", None, "rationale", "rationale"),
    ("s", "tf.diagnose", "reason", "reason"),
    ("b", "tf.diagnose", "reason", "reason"),
    ("l", None, "reason", "reason"),
    ("r", None, "text", "text"),
    ("n", None, "text", "text"),
    ("e", None, "text", "text"),
]


@pytest.mark.parametrize(("key", "step", "field", "payload"), DIALOGS)
def test_tab_in_a_dialog_loses_nothing_typed(library: Library, db: Path, clock: FrozenClock,
                                             writer: Writer, key: str, step: str | None,
                                             field: str, payload: str) -> None:
    writer.declare("II")
    writer.at(4).step("verify", "done")  # the regulator decision is open
    clock.moment = START + timedelta(minutes=6)
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            if step is not None:
                await select(pilot, step)
            dialog = await form(pilot, key)
            assert app.focused is dialog.query_one(f"#field-{field}")
            await type_text(pilot, "first ")
            await pilot.press("tab")
            if len(dialog.fields) > 1:
                # The focus moved, and the dialog shows where it is now.
                assert app.focused is not dialog.query_one(f"#field-{field}")
                assert "▸" in screen_text(app)
            await type_text(pilot, "second ")  # lands in the text, not in the list
            await pilot.press("tab")
            await type_text(pilot, "third")  # typed on, never replacing what was there
            assert value(dialog, field) == "first second third"
            await pilot.press("enter")
            await recorded(pilot, writer, 3)

    asyncio.run(scenario())
    assert last(writer).payload[payload] == "first second third"


def test_tab_in_the_handover_keeps_both_fields(library: Library, db: Path, clock: FrozenClock,
                                               writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            dialog = await form(pilot, "h")
            await type_text(pilot, "zhang")
            await pilot.press("tab")
            await type_text(pilot, "the vendor calls back at 04:00")
            await pilot.press("tab")  # back to the name: nothing selected, nothing replaced
            await type_text(pilot, " wei")
            assert value(dialog, "to") == "zhang wei"
            assert value(dialog, "text") == "the vendor calls back at 04:00"
            await pilot.press("enter")
            await recorded(pilot, writer, 2)

    asyncio.run(scenario())
    assert dict(last(writer).payload) == {"to": "zhang wei",
                                          "text": "the vendor calls back at 04:00"}


# --- 2. Pasting several lines keeps the first ----------------------------------------------

STATEMENT = "Vendor statement:\nthe failover finished at 03:10\nno card data was exposed"


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_a_pasted_statement_keeps_every_line(library: Library, db: Path, clock: FrozenClock,
                                             writer: Writer, newline: str) -> None:
    """tmux and most terminals paste line breaks as CR; some as LF or CRLF."""
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await form(pilot, "n")
            app.post_message(events.Paste(STATEMENT.replace("\n", newline)))
            await pilot.pause()
            await pilot.press("enter")
            await recorded(pilot, writer, 2)

    asyncio.run(scenario())
    assert last(writer).payload["text"] == STATEMENT


def test_ctrl_j_breaks_the_line_and_enter_confirms(library: Library, db: Path,
                                                   clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    writer.at(4).step("verify", "done")
    clock.moment = START + timedelta(minutes=6)
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await form(pilot, "D")
            assert "Ctrl+J" in screen_text(app)  # the dialog says which key breaks a line
            await type_text(pilot, "class-1 event")
            await pilot.press("ctrl+j")
            await type_text(pilot, "outage over 2 h")
            await pilot.press("enter")
            await recorded(pilot, writer, 3)

    asyncio.run(scenario())
    assert last(writer).payload["rationale"] == "class-1 event\noutage over 2 h"


def test_a_pasted_name_keeps_every_line_on_one(library: Library, db: Path, clock: FrozenClock,
                                               writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            dialog = await form(pilot, "h")
            app.post_message(events.Paste("zhang wei\rsecond shift"))
            await pilot.pause()
            assert value(dialog, "to") == "zhang wei second shift"

    asyncio.run(scenario())


# --- 3. Esc on a dialog with typed text -----------------------------------------------------

def test_esc_asks_before_discarding_what_was_typed(library: Library, db: Path,
                                                   clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await form(pilot, "n")
            await pilot.press("escape")  # nothing typed: closes at once
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
            dialog = await form(pilot, "n")
            await type_text(pilot, "bridge call at 03:30")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen.id == "discard")
            assert "Discard what you typed?" in screen_text(app)
            await pilot.press("n")  # keep typing
            await until(pilot, lambda: app.screen is dialog)
            assert value(dialog, "text") == "bridge call at 03:30"
            await type_text(pilot, " sharp")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen.id == "discard")
            await pilot.press("escape")  # Esc on the question keeps the text too
            await until(pilot, lambda: app.screen is dialog)
            assert value(dialog, "text") == "bridge call at 03:30 sharp"
            await pilot.press("escape")
            await until(pilot, lambda: app.screen.id == "discard")
            await pilot.press("y")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    asyncio.run(scenario())
    assert len(writer.events()) == 1


def test_esc_on_the_declare_form_asks_too_in_chinese(library: Library, db: Path,
                                                     clock: FrozenClock) -> None:
    app = app_for(library, db, clock, lang="zh")

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await form(pilot, "n")
            await pilot.press("enter", "enter")
            await type_text(pilot, "gateway")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen.id == "discard")
            assert "放弃已输入的内容？" in screen_text(app)
            await pilot.press("y")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))

    asyncio.run(scenario())


# --- 4. Stand down, close and lower a level take a deliberate key ---------------------------

def overdue_incident(writer: Writer, level: str = "I") -> FrozenClock:
    writer.declare(level)
    return FrozenClock(START + timedelta(hours=30))  # every step with a deadline is overdue


def test_caps_lock_s_not_needed_enter_does_not_stand_down(library: Library, db: Path,
                                                          writer: Writer) -> None:
    clock = overdue_incident(writer)
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            screen = incident_of(app)
            view = screen.model.view(clock.now())  # type: ignore[union-attr]
            still_open = sum(1 for r in view.applying if r.is_open)
            dialog = await form(pilot, "S")
            await type_text(pilot, " NOT NEEDED")
            await pilot.press("enter")  # the reflexive Enter of the skip that was meant
            await until(pilot, lambda: app.screen is not dialog)
            assert app.screen.id == "confirm-key"
            shown = screen_text(app)
            assert f"{still_open} steps" in shown and f"{view.overdue} overdue" in shown
            await pilot.press("enter")  # Enter is not the key that confirms
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.id == "confirm-key"
            assert "press y" in static_text(app.screen.query_one("#error", Static)).lower()
            assert [e.kind for e in writer.events()] == ["incident_declared"]
            await pilot.press("y")
            await recorded(pilot, writer, 2)
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    asyncio.run(scenario())
    assert dict(last(writer).payload) == {"reason": "NOT NEEDED"}


def test_enter_from_an_empty_stand_down_dialog_does_nothing(library: Library, db: Path,
                                                            writer: Writer) -> None:
    clock = overdue_incident(writer)
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            dialog = await form(pilot, "S")
            await pilot.press("enter", "enter", "y")
            await pilot.pause()
            assert app.screen is dialog
            assert value(dialog, "reason") == "y"  # the y went into the reason, visibly

    asyncio.run(scenario())
    assert len(writer.events()) == 1


def test_closing_with_work_open_takes_a_deliberate_key(library: Library, db: Path,
                                                       writer: Writer) -> None:
    clock = overdue_incident(writer, "II")
    writer.event("stand_down", reason="service restored")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await form(pilot, "c")
            await type_text(pilot, "tracked elsewhere")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.id == "confirm-key")
            await pilot.press("enter")
            await pilot.pause()
            assert [e.kind for e in writer.events()][-1] == "stand_down"
            await pilot.press("y")
            await recorded(pilot, writer, 3)

    asyncio.run(scenario())
    assert last(writer).kind == "incident_closed"


def test_lowering_a_level_takes_a_deliberate_key(library: Library, db: Path,
                                                 writer: Writer) -> None:
    clock = overdue_incident(writer, "II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await form(pilot, "l")  # Level I is offered (one up)
            await pilot.press("down", "down")  # II, then III: lower than now
            await type_text(pilot, "impact smaller than thought")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.id == "confirm-key")
            assert "Level III" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
            assert len(writer.events()) == 1
            await pilot.press("y")
            await recorded(pilot, writer, 2)

    asyncio.run(scenario())
    assert dict(last(writer).payload) == {"level": "III",
                                          "reason": "impact smaller than thought"}


# --- 5. The declare form: Enter confirms, Space ticks the drill -----------------------------

async def focus_field(pilot: Pilot[Any], dialog: FormDialog, name: str) -> None:
    """Tab until the field has the focus, as a responder would."""
    target = dialog.query_one(f"#field-{name}")
    for _ in range(len(dialog.fields) + 1):
        if pilot.app.focused is target:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {name}")


def test_declare_enter_confirms_from_any_field_and_space_ticks_the_drill(
        library: Library, db: Path, clock: FrozenClock) -> None:
    app = app_for(library, db, clock)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            dialog = await form(pilot, "n")
            await pilot.press("enter", "enter")
            await type_text(pilot, "card payments fail")
            await focus_field(pilot, dialog, "drill")
            await pilot.press("enter")  # confirms; does not tick the box
            await until(pilot, lambda: app.screen.id == "confirm")
            assert "real incident" in screen_text(app)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is dialog)
            assert value(dialog, "drill") == ""
            await pilot.press("space")  # Space ticks it
            assert value(dialog, "drill") == "1"
            await focus_field(pilot, dialog, "group")
            await pilot.press("enter")  # confirms; no drop-down
            await until(pilot, lambda: app.screen.id == "confirm")
            confirm = app.screen
            assert isinstance(confirm, FormDialog) and isinstance(confirm.intro, Text)
            drill = confirm.intro.plain.index("DRILL")
            styles = [Style.parse(str(s.style)) for s in confirm.intro.spans
                      if s.start <= drill < s.end]
            assert Style.parse(levels.badge_style("II")) in styles  # in the level's colour
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    asyncio.run(scenario())
    with Writer.open(library, db) as w:
        declared = w.events("20261126-new1")[0]
    assert declared.payload["drill"] is True


# --- 11. Td in the declare form --------------------------------------------------------------

async def declare_with_td(pilot: Pilot[Any], typed: str) -> FormDialog:
    dialog = await form(pilot, "n")
    await pilot.press("enter", "enter")
    await type_text(pilot, "card payments fail")
    await focus_field(pilot, dialog, "reported")
    await type_text(pilot, typed)
    await pilot.press("enter")
    return dialog


def test_declare_takes_the_time_of_the_first_report(library: Library, db: Path,
                                                    clock: FrozenClock) -> None:
    clock.moment = START + timedelta(minutes=40)  # declared 40 minutes after the first call
    app = app_for(library, db, clock)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await declare_with_td(pilot, "03:00")
            await until(pilot, lambda: app.screen.id == "confirm")
            assert "03:00" in screen_text(app)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    asyncio.run(scenario())
    with Writer.open(library, db) as w:
        declared = w.events("20261126-new1")[0]
    assert datetime.fromisoformat(declared.payload["reported_at"]) == START.astimezone(UTC)
    assert declared.payload["reported_offset"] == 480


@pytest.mark.parametrize(("typed", "said"), [
    ("03:50", "still to come"),  # later today: refused, not taken for yesterday
    ("2026-11-27 03:00", "in the future"),
    ("1999-01-01 03:00", "check the year"),
    ("half past two", "HH:MM"),
])
def test_declare_refuses_a_td_it_cannot_use(library: Library, db: Path, clock: FrozenClock,
                                            typed: str, said: str) -> None:
    clock.moment = START + timedelta(minutes=40)
    app = app_for(library, db, clock)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            dialog = await declare_with_td(pilot, typed)
            await until(pilot, lambda: said in static_text(dialog.query_one("#error", Static)))
            assert app.screen is dialog
            assert value(dialog, "reported") == typed  # kept, to be corrected

    asyncio.run(scenario())


def test_declare_takes_a_full_td(library: Library, db: Path, clock: FrozenClock) -> None:
    clock.moment = START + timedelta(hours=2)
    app = app_for(library, db, clock)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await declare_with_td(pilot, "2026-11-25 23:50")  # yesterday, said so
            await until(pilot, lambda: app.screen.id == "confirm")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    asyncio.run(scenario())
    with Writer.open(library, db) as w:
        declared = w.events("20261126-new1")[0]
    assert datetime.fromisoformat(declared.payload["reported_at"]) == datetime(
        2026, 11, 25, 23, 50, tzinfo=CST)


# --- 10. Who is acting ------------------------------------------------------------------------

def anonymous_app(library: Library, db: Path, clock: FrozenClock, **kw: Any) -> RunbookApp:
    """A shared account: the name is the login's, no group was given."""
    workspace = Workspace(db, "en", Actor("root", None), clock, load_library=lambda: library,
                          actor_given=False)
    app = make_app(workspace, poll=0.05, new_id=lambda: "20261126-new1", **kw)
    app.animation_level = "none"
    return app


def test_the_first_write_asks_who_is_acting_once(library: Library, db: Path,
                                                 clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = anonymous_app(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        # Wide enough for the whole header line (fitting it at 80 columns is item 6's).
        async with app.run_test(size=(200, 30)) as pilot:
            await ready(pilot)
            who = await form(pilot, "n")
            assert who.id == "identity"
            assert "root" in screen_text(app)  # what the record would say
            who.query_one("#field-name").value = "zhang"  # type: ignore[attr-defined]
            await focus_field(pilot, who, "group")
            await pilot.press("right", "right", "right")  # —, Command, Office, Tech
            assert value(who, "group") == "tech"
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, FormDialog)
                        and app.screen is not who)
            assert app.screen.id != "identity"  # now the note
            await type_text(pilot, "bridge open")
            await pilot.press("enter")
            await recorded(pilot, writer, 2)
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
            assert "acting as zhang·Tech" in screen_text(app)
            note = await form(pilot, "n")  # asked once: straight to the note
            assert note.id != "identity"
            await type_text(pilot, "second")
            await pilot.press("enter")
            await recorded(pilot, writer, 3)
            changed = await form(pilot, "u")  # u changes it
            changed.query_one("#field-name").value = "li"  # type: ignore[attr-defined]
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
            await until(pilot, lambda: "acting as li·Tech" in screen_text(app))
            await pilot.press("i")  # a write without a dialog
            await recorded(pilot, writer, 4)

    asyncio.run(scenario())
    actors = [(e.actor.name, e.actor.group) for e in writer.events()[1:]]
    assert actors == [("zhang", "tech"), ("zhang", "tech"), ("li", "tech")]


def test_a_given_name_is_not_asked(library: Library, db: Path, clock: FrozenClock,
                                   writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)  # lin, named by the command

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            dialog = await form(pilot, "n")
            assert dialog.id != "identity"

    asyncio.run(scenario())


def test_declaring_says_who_and_is_not_asked_again(library: Library, db: Path,
                                                    clock: FrozenClock) -> None:
    app = anonymous_app(library, db, clock)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            dialog = await form(pilot, "n")
            await pilot.press("enter", "enter")
            await type_text(pilot, "card payments fail")
            dialog.query_one("#field-name").value = "zhao"  # type: ignore[attr-defined]
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.id == "confirm")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen)
                        and app.screen.model is not None)
            note = await form(pilot, "n")
            assert note.id != "identity"

    asyncio.run(scenario())


# --- 12. Export: asks where, never overwrites silently, says where --------------------------

def test_export_goes_to_the_exports_folder_and_never_overwrites(
        library: Library, db: Path, clock: FrozenClock, writer: Writer,
        tmp_path: Path) -> None:
    writer.declare("II")
    exports = tmp_path / "data" / "runbook" / "exports"
    workspace = Workspace(db, "en", Actor("lin", None), clock, load_library=lambda: library,
                          find_exports=lambda: exports)
    app = make_app(workspace, incident_id=ID, poll=0.05)
    app.animation_level = "none"
    first = exports / f"{ID}-summary.md"
    second = exports / f"{ID}-summary-2.md"

    def said(path: Path) -> bool:
        return any(str(path) in str(n.message) for n in app._notifications)

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            await form(pilot, "x")
            shown = static_text(app.screen.query_one("#preview", Static)).replace(" ", "")
            assert str(first).replace(" ", "") in shown  # the file it will write, shown before
            await pilot.press("enter")  # Markdown, into that folder
            await until(pilot, first.exists)
            await until(pilot, lambda: said(first))
            first.write_text("kept", encoding="utf-8")
            await form(pilot, "x")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.id == "exists")
            exists = app.screen
            assert isinstance(exists, FormDialog) and str(first) in str(exists.intro)
            await pilot.press("enter")  # a new name, offered
            await until(pilot, second.exists)
            await until(pilot, lambda: said(second))
            assert first.read_text(encoding="utf-8") == "kept"
            await form(pilot, "x")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.id == "exists")
            await pilot.press("o")  # overwrite, explicitly
            await until(pilot, lambda: first.read_text(encoding="utf-8") != "kept")

    asyncio.run(scenario())
    assert ID in first.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(exports).st_mode) == 0o700
    assert not list(Path.cwd().glob("*-summary*"))  # nothing left where runbook started


def test_export_offers_each_format_and_another_folder(library: Library, db: Path,
                                                      clock: FrozenClock, writer: Writer,
                                                      tmp_path: Path) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)
    elsewhere = tmp_path / "for the regulator"

    async def scenario() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            dialog = await form(pilot, "x")
            assert [c.id for c in dialog.fields[1].choices][:3] == ["md", "html", "json"]
            dialog.query_one("#field-folder").value = str(elsewhere)  # type: ignore[attr-defined]
            await pilot.press("down", "down")  # json
            await until(pilot, lambda: f"{ID}-summary.json" in screen_text(app))
            await focus_field(pilot, dialog, "folder")
            await pilot.press("enter")
            await until(pilot, (elsewhere / f"{ID}-summary.json").exists)

    asyncio.run(scenario())


# --- 2 (the other half). Multi-line text shown whole ----------------------------------------

def test_a_three_line_note_is_whole_in_the_detail_and_the_summary(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    from store.export import export_events

    writer.declare("II")
    writer.event("note", text=STATEMENT)
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(160, 30)) as pilot:
            await ready(pilot)
            screen = incident_of(app)
            await pilot.press("t", "end")  # the timeline beside the steps, its last event
            await pilot.pause()
            row = screen.timeline.render_row(1, 118)  # type: ignore[attr-defined]
            assert "Vendor statement:⏎the failover" in row.plain  # one row, breaks marked
            detail = screen.query_one("#detail-pane").text.plain  # type: ignore[attr-defined]
            assert STATEMENT in detail  # the pane shows every line as a line

    asyncio.run(scenario())
    events_ = writer.events()
    md = export_events(events_, library, clock.now(), "md", "en").text
    row = next(line for line in md.splitlines() if "Vendor statement:" in line
               and line.startswith("| 2 "))
    assert row.endswith("|")  # the table row is not broken
    assert "Vendor statement:<br>the failover finished at 03:10<br>no card data was " \
           "exposed" in row
    html = export_events(events_, library, clock.now(), "html", "en").text
    assert "Vendor statement:<br>the failover finished at 03:10<br>no card data" in html
    json_text = export_events(events_, library, clock.now(), "json", "en").text
    assert "Vendor statement:\\nthe failover finished at 03:10\\nno card data" in json_text
