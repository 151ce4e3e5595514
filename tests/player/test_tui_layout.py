"""What a responder must see is on the screen whole, at 80×24, 120×40 and 160×50: the
incident's id and level, who is acting, the next deadline, the level proposed and why; the
step titles and their deadlines; on the home list, each incident's type and overdue count.

Each test reads the rows of characters the screen draws (`tuikit.screen_lines`)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from tuikit import ID, START, Writer, app_for, ready, screen_lines, seed

from runbook.clock import FrozenClock
from runbook.escalation import reason_words
from runbook.i18n import Lang
from runbook.playbook import Library
from runbook.status import next_due
from runbook.vocabulary import level as level_of
from tui import levels
from tui.app import RunbookApp
from tui.keys import key_for
from tui.screens.incident import IncidentScreen
from tui.steprows import StepLine, due_text
from tui.texts import ACTING_AS, NONE_DUE, OVERDUE_COUNT, PROPOSE_LEVEL
from tui.widgets.header import IncidentHeader
from tui.widgets.incidentlist import IncidentList

SIZES = [(80, 24), (120, 40), (160, 50)]


def at(clock: FrozenClock, minutes: float) -> FrozenClock:
    clock.moment = START + timedelta(minutes=minutes)
    return clock


def shown_steps(app: RunbookApp) -> list[tuple[StepLine, str]]:
    """The step lines of the incident screen on screen now, each with the row drawn for it."""
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    steps = screen.steps
    region = steps.region
    rows = screen_lines(app)[region.y:region.y + region.height]
    top = int(steps.scroll_offset.y)
    return [(steps.lines[top + offset], row) for offset, row in enumerate(rows)
            if top + offset < len(steps.lines) and steps.lines[top + offset].kind == "step"]


def header_rows(app: RunbookApp) -> list[str]:
    region = app.screen.query_one(IncidentHeader).region
    return screen_lines(app)[region.y:region.y + region.height]


def whole_in(rows: list[str], text: str) -> bool:
    return any(text in row for row in rows)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("level", "lang"), [("I", "en"), ("II", "en"), ("III", "en"),
                                             ("IV", "en"), ("II", "zh"), ("IV", "zh")])
def test_the_header_shows_id_level_identity_deadline_and_proposal_whole(
        library: Library, db: Path, clock: FrozenClock, writer: Writer, level: str,
        lang: Lang, size: tuple[int, int]) -> None:
    seed(writer, level)
    app = app_for(library, db, at(clock, 130), lang=lang, incident_id=ID, name="zhang",
                  group="tech")

    async def scenario() -> None:
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, IncidentScreen) and screen.model is not None
            rows = header_rows(app)
            shown = "\n".join(rows)
            assert whole_in(rows, ID), shown
            assert whole_in(rows, f" {level_of(level).numeral(lang)}"), shown
            who = "zhang·Tech" if lang == "en" else "zhang·技术支持"
            assert whole_in(rows, ACTING_AS.format(who=who)(lang)), shown
            view = screen.model.view(clock.now())
            upcoming = next_due([r for r in view.applying if r.step.group == "tech"])
            if upcoming is None:
                assert whole_in(rows, NONE_DUE(lang)), shown
            else:
                due = due_text(upcoming, clock.now(), lang, screen.model.playbook).plain
                assert whole_in(rows, due), shown
            proposal = view.proposal
            assert (proposal is None) == (level == "I")
            if proposal is not None:
                words = PROPOSE_LEVEL.format(level=levels.name(proposal.level, lang),
                                             why=reason_words(proposal, lang),
                                             key=key_for("incident.level"))(lang)
                assert whole_in(rows, words), shown

    asyncio.run(scenario())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("stood_down", [False, True], ids=["emergency", "stood-down"])
def test_step_titles_and_deadlines_are_whole(library: Library, db: Path, clock: FrozenClock,
                                             writer: Writer, size: tuple[int, int],
                                             stood_down: bool) -> None:
    seed(writer, "II")
    if stood_down:  # the post-incident steps' deadlines are days away: the longest
        writer.at(20).event("stand_down", reason="service restored")
    app = app_for(library, db, at(clock, 30), incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await pilot.pause()
            seen = 0
            for line, row in shown_steps(app):
                assert line.title is not None and line.due is not None
                assert line.due.plain in row, (line.due.plain, row)
                if size[0] >= 120:  # room enough: every title whole
                    assert line.title.plain in row, (line.title.plain, row)
                seen += 1
            assert seen >= 5

    asyncio.run(scenario())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_home_list_shows_type_overdue_and_id_whole(library: Library, db: Path,
                                                       clock: FrozenClock, writer: Writer,
                                                       size: tuple[int, int],
                                                       lang: Lang) -> None:
    seed(writer, "II")
    writer.at(2).declare("IV", incident_id="20261126-dd01", type_id="data-leak",
                         title="unusual export volume from the partner API", drill=True)
    app = app_for(library, db, at(clock, 150), lang=lang, name="zhang", group="tech")

    async def scenario() -> None:
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await pilot.pause()
            rows = screen_lines(app)
            shown = "\n".join(rows)
            who = "zhang·Tech" if lang == "en" else "zhang·技术支持"
            assert whole_in(rows, ACTING_AS.format(who=who)(lang)), shown
            incidents = app.screen.query_one(IncidentList)
            summaries = [line.row for line in incidents.lines if line.kind == "row"]
            assert len(summaries) == 2
            for row in summaries:
                assert row is not None
                line = next(r for r in rows if row.id in r)
                assert row.type_title(lang) in line, line
                if row.overdue:
                    assert OVERDUE_COUNT.format(n=row.overdue)(lang) in line, line

    asyncio.run(scenario())


def test_what_a_clock_waits_for_never_takes_the_titles_width(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    """`decide` counts from `verify` done: until then its deadline column says "after Verify
    and report to the head", which must be cut rather than cut every title at 80 columns."""
    writer.declare("II")
    app = app_for(library, db, at(clock, 2), incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.pause()
            waiting = 0
            for line, row in shown_steps(app):
                assert line.title is not None and line.due is not None
                waiting += line.due_words
                assert line.title.plain[:40] in row, (line.title.plain, row)
            assert waiting >= 1

    asyncio.run(scenario())
