"""Every key records exactly one event, with what the responder chose and typed."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path
from typing import Any

import pytest
from palettekit import offers, palette_open
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static
from tuikit import ID, Writer, app_for, ready, until

from runbook.clock import FrozenClock
from runbook.i18n import Lang
from runbook.playbook import Library
from tui.app import RunbookApp
from tui.screens.fields import LineField, TextField
from tui.screens.form import FormDialog
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.incident import IncidentScreen
from tui.screens.timeline import TimelineScreen


def screen_of(app: RunbookApp) -> IncidentScreen:
    for screen in app.screen_stack:
        if isinstance(screen, IncidentScreen):
            return screen
    raise AssertionError("no incident screen")


async def dialog(pilot: Pilot[Any], *keys: str, text: dict[str, str] | None = None,
                 confirm: bool = False, sure: bool = False) -> None:
    """Press `keys`, fill the dialog's text fields, press Enter (twice if it confirms; then
    `y` if `sure`: a question only its own key answers)."""
    app = pilot.app
    before = len(screen_of(app).model.events)  # type: ignore[arg-type, union-attr]
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(app.screen, FormDialog))
    form = app.screen
    for name, value in (text or {}).items():
        widget = form.query_one(f"#field-{name}")
        assert isinstance(widget, TextField | LineField), widget
        widget.value = value
    await pilot.press("enter")
    if confirm:
        await until(pilot, lambda: app.screen.id == "confirm")
        await pilot.press("enter")
    if sure:
        await until(pilot, lambda: app.screen.id == "confirm-key")
        await pilot.press("y")
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
            await dialog(pilot, "S", text={"reason": "service restored, vendor confirmed"},
                         sure=True)
            await dialog(pilot, "c", text={"reason": "post-incident work tracked elsewhere"},
                         sure=True)
            screen = screen_of(app)
            assert screen.model is not None and screen.model.incident.is_closed
            assert "step.done" not in screen.footer_keys()  # not offered once closed
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
            form = app.screen
            await pilot.press("enter")  # nothing typed
            await until(pilot, lambda: "Write the reason first" in str(
                form.query_one("#error", Static).content))
            assert app.screen is form
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
        async with app.run_test(size=(160, 40)) as pilot:
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
            await until(pilot, lambda: palette_open(app))
            await pilot.press(*"note")
            await until(pilot, lambda: offers(app, "note"))
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            app.screen.query_one("#field-text", TextField).value = "from the palette"
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    asyncio.run(scenario())
    got = [(e.kind, dict(e.payload)) for e in writer.events()[1:]]
    assert got == [("note", {"text": "from the palette"})]


# What a responder expects the help (?) to list, by section, on each screen: every key, and
# a word of what it does. Written out here, not read from tui/keys.py, so a key dropped from
# a table (or from the help) fails.
LISTS = {"↑": "Previous line", "↓": "Next line", "PgUp": "Previous page",
         "PgDn": "Next page", "Home": "First line", "End": "Last line"}
EVERYWHERE = {"?": "every key", "Ctrl+P": "every action by name",
              "Ctrl+Q": "Leave runbook"}
MARKS = {"▶": "due next", "!": "overdue", "◆": "decision", "↻": "repeating",
         "↺": "backdated", "Td": "first on-site report", "T0": "warning issued"}
TIMELINE = {"Enter": "event in full", "g": "one group's events", "k": "one kind of event"}
SEARCH = {"/": "Search the list in focus", "n": "the next match", "N": "the previous match",
          "Esc": "end the search"}
HELP = {
    "home": {
        "This screen": {"Enter": "Open the selected incident", "n": "Declare an incident",
                        "R": "Review", "q": "Leave runbook"},
        "Moving in lists": LISTS, "Everywhere": EVERYWHERE, "Marks and clocks": MARKS,
    },
    "incident": {
        "This screen": {
            "Enter": "Read the selected step", "d": "done", "i": "in progress", "s": "Skip",
            "b": "blocked", "o": "Reopen the selected step", "D": "decision",
            "n": "note", "e": "evaluation entry", "x": "Export the summary",
            "f": "facts of this incident", "A": "action items",
            "l": "warning level", "r": "report sent", "v": "contact with the vendor",
            "h": "Hand over", "S": "End emergency handling", "c": "Close the incident",
            "O": "Reopen a closed incident", "V": "playbooks in force", "g": "one group's steps",
            "a": "after the stand-down", "t": "timeline", "u": "who is acting",
            "!": "emergency override", "Esc": "list of incidents",
        },
        "Timeline (when it has the focus)": TIMELINE,
        "Moving in lists": LISTS, "Searching (the list in focus)": SEARCH,
        "Everywhere": EVERYWHERE, "Marks and clocks": MARKS,
    },
    "timeline": {
        "This screen": {"Esc / t": "Back to the steps", **TIMELINE},
        "Moving in lists": LISTS, "Searching (the list in focus)": SEARCH,
        "Everywhere": EVERYWHERE, "Marks and clocks": MARKS,
    },
}
ROW = re.compile(r"^(\S+(?: / \S+)*) {2,}(\S.*)$")


def help_sections(app: RunbookApp) -> list[tuple[str, dict[str, str]]]:
    """The help screen's sections as a responder reads them: each title, then its table's
    rows (a key, two spaces, what it does; wrapped words joined)."""
    sections: list[tuple[str, dict[str, str]]] = []
    for static in app.screen.query(Static):
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(static.content)
        text = console.export_text()
        if static.has_class("section"):
            sections.append((text.strip(), {}))
            continue
        if not sections:
            continue
        rows = sections[-1][1]
        key = None
        for line in text.splitlines():
            found = ROW.match(line)
            if found:
                key = found.group(1)
                rows[key] = found.group(2).strip()
            elif line.strip() and key is not None:
                rows[key] += " " + line.strip()
    return [(title, rows) for title, rows in sections if rows]


def open_help(library: Library, db: Path, clock: FrozenClock, screen: str, lang: Lang
              ) -> list[tuple[str, dict[str, str]]]:
    app = app_for(library, db, clock, lang=lang,
                  incident_id=None if screen == "home" else ID)

    async def scenario() -> list[tuple[str, dict[str, str]]]:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            if screen == "timeline":  # a narrow terminal: the timeline is a screen of its own
                await pilot.press("t")
                await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            return help_sections(app)

    return asyncio.run(scenario())


@pytest.mark.parametrize("screen", sorted(HELP))
def test_help_lists_every_key_of_its_screen(library: Library, db: Path, clock: FrozenClock,
                                            writer: Writer, screen: str) -> None:
    writer.declare("II")
    shown = open_help(library, db, clock, screen, "en")
    assert [title for title, _ in shown] == list(HELP[screen])
    for title, rows in shown:
        want = HELP[screen][title]
        assert sorted(rows) == sorted(want), title
        for key, words in want.items():
            assert words in rows[key], (title, key, rows[key])


def test_help_in_chinese_lists_the_same_keys(library: Library, db: Path, clock: FrozenClock,
                                             writer: Writer) -> None:
    writer.declare("II")
    shown = open_help(library, db, clock, "incident", "zh")
    assert [sorted(rows) for _, rows in shown] == [
        sorted(rows) for rows in HELP["incident"].values()]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for title, rows in shown:
        assert cjk.search(title), title
        for key, words in rows.items():
            assert cjk.search(words), (key, words)


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


def test_the_player_says_once_when_checkpoints_cannot_be_signed(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    """No usable key: the note is recorded all the same, and the responder is told why the
    record goes unsigned (before, the reason went to a stderr the player hides)."""
    from tuikit import notified

    from runbook.i18n import Msg
    from runbook.workspace import Workspace
    from tui.app import make_app

    writer.declare("II")
    workspace = Workspace(db, "en", writer.actor, clock, load_library=lambda: library,
                          find_sealer=lambda: Msg("no signing key: the folder is read-only",
                                                  "无签名密钥：文件夹只读"))
    app = make_app(workspace, incident_id=ID, poll=0.05)
    app.animation_level = "none"

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await dialog(pilot, "n", text={"text": "bridge call at 03:30"})
            await until(pilot, lambda: any("no signing key" in n for n in notified(app)))
            await dialog(pilot, "n", text={"text": "vendor called back"})
            await pilot.pause()
            assert sum("no signing key" in n for n in notified(app)) == 1

    asyncio.run(scenario())
    assert [e.kind for e in writer.events()[1:]] == ["note", "note"]
