"""The report drafts from the player's export menu (`x`): offered beside md, html and json,
written as `runbook draft` writes them, and a notice the type has no facts for refused in a
dialog that names the kinds that apply."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

from tuikit import ID, Writer, app_for, ready, until

from runbook.clock import FrozenClock
from runbook.drafts import KIND_IDS
from runbook.playbook import Library
from tui.app import RunbookApp
from tui.screens.form import FormDialog
from tui.screens.incident import IncidentScreen


def _choose(index: int) -> tuple[str, ...]:
    return ("down",) * index + ("enter",)


def test_the_export_menu_writes_a_report_draft(library: Library, db: Path, clock: FrozenClock,
                                               writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)
    target = db.parent / "exports" / f"{ID}-draft-brief.md"

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("x")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            dialog = app.screen
            assert isinstance(dialog, FormDialog)
            offered = [c.id for c in dialog.fields[1].choices]
            assert offered == ["md", "html", "json", *(f"draft-{k}" for k in KIND_IDS)]
            await pilot.press(*_choose(offered.index("draft-brief")))
            await until(pilot, target.exists)
            assert isinstance(app.screen, IncidentScreen)

    asyncio.run(scenario())
    text = target.read_text(encoding="utf-8")
    assert ID in text and ("Initial brief (draft)" in text or "事发简要报告（草稿）" in text)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_a_notice_the_type_has_no_facts_for_says_what_applies(
        library: Library, db: Path, clock: FrozenClock, writer: Writer) -> None:
    writer.declare("II")
    app = app_for(library, db, clock, incident_id=ID)

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("x")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            offered = [c.id for c in app.screen.fields[1].choices]  # type: ignore[attr-defined]
            await pilot.press(*_choose(offered.index("draft-pipl-notice")))
            await until(pilot, lambda: "customer-notice" in _screen(app))

    asyncio.run(scenario())
    assert not list((db.parent / "exports").glob("*pipl*"))


def _screen(app: RunbookApp) -> str:
    """What the top screen shows, as text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
