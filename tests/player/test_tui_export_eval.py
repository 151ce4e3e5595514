"""Export the summary, write an evaluation entry, review across incidents."""

from __future__ import annotations

import asyncio
import io
import os
import stat
from pathlib import Path

from palettekit import offers, palette_open
from rich.console import Console
from textual.widgets import OptionList, TextArea
from tuikit import ID, Writer, app_for, ready, until

from runbook.clock import FrozenClock
from runbook.playbook import Library
from tui.screens.form import FormDialog
from tui.screens.help import HelpScreen
from tui.screens.incident import IncidentScreen
from tui.screens.review import ReviewScreen


def test_export_writes_the_summary(library: Library, db: Path, clock: FrozenClock,
                                   writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)
    target = db.parent / "exports" / f"{ID}-summary.html"  # the workspace's exports folder

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("x")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("down", "enter")  # md → html
            await until(pilot, target.exists)
            assert isinstance(app.screen, IncidentScreen)
            assert any(str(target) in str(n.message) for n in app._notifications)

    asyncio.run(scenario())
    text = target.read_text(encoding="utf-8")
    assert ID in text and "<html" in text.lower()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    assert not list(Path.cwd().glob("*-summary*"))  # nothing where runbook was started


def test_export_from_the_palette_in_markdown(library: Library, db: Path, clock: FrozenClock,
                                             writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)
    target = db.parent / "exports" / f"{ID}-summary.md"

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+p")
            await until(pilot, lambda: palette_open(app))
            await pilot.press(*"export summary")
            await until(pilot, lambda: offers(app, "export summary"))
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("enter")
            await until(pilot, target.exists)

    asyncio.run(scenario())
    assert ID in target.read_text(encoding="utf-8")


def test_evaluation_records_one_event(library: Library, db: Path, clock: FrozenClock,
                                      writer: Writer) -> None:
    writer.declare("II")
    writer.event("incident_closed", force=True, reason="test: closed with work open")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            screen = app.screen
            assert isinstance(screen, IncidentScreen) and screen.model is not None
            before = len(screen.model.events)
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            form = app.screen
            sections = form.query_one("#field-section", OptionList)
            assert sections.option_count == 11
            form.query_one("#field-text", TextArea).text = "a certificate expired"
            await pilot.press("down", "enter")  # cause → effectiveness
            await until(pilot, lambda: len(screen.model.events) == before + 1)  # type: ignore[union-attr]
            assert isinstance(app.screen, IncidentScreen)

    asyncio.run(scenario())
    last = writer.events()[-1]
    assert last.kind == "evaluation_recorded"
    assert dict(last.payload) == {"section": "effectiveness", "text": "a certificate expired"}
    assert [e.kind for e in writer.events()].count("evaluation_recorded") == 1


def test_review_lists_the_steps(library: Library, db: Path, clock: FrozenClock,
                                writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.press("R")
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            await until(pilot, lambda: screen.loaded)
            console = Console(file=io.StringIO(), width=160)
            console.print(screen.body)
            assert "tf.diagnose" in console.file.getvalue()  # type: ignore[attr-defined]
            assert "tf.diagnose" in app.export_screenshot()
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ReviewScreen))

    asyncio.run(scenario())


def test_export_error_is_shown_not_raised(library: Library, db: Path, clock: FrozenClock,
                                          writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID, lang="zh")
    (db.parent / "exports").write_text("a file, not a folder", encoding="utf-8")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("x")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.id == "error-dialog")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))

    asyncio.run(scenario())


def test_review_and_evaluation_from_the_palette(library: Library, db: Path,
                                                clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            assert "Review" in app.export_screenshot()
            await pilot.press("escape")
            await pilot.press("ctrl+p")
            await until(pilot, lambda: palette_open(app))
            await pilot.press(*"review")
            await until(pilot, lambda: offers(app, "review"))
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
            await pilot.press("escape")
            await pilot.press("enter")  # open the incident
            await ready(pilot)
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
            await ready(pilot)
            await pilot.press("ctrl+p")
            await until(pilot, lambda: palette_open(app))
            await pilot.press(*"evaluation")
            await until(pilot, lambda: offers(app, "evaluation"))
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            app.screen.query_one("#field-text", TextArea).text = "well drilled"
            await pilot.press("enter")
            await until(pilot, lambda: writer.events()[-1].kind == "evaluation_recorded")

    asyncio.run(scenario())
    assert dict(writer.events()[-1].payload) == {"section": "cause", "text": "well drilled"}
