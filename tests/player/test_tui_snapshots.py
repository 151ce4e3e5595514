"""What the responder sees, pinned: every screen at a fixed size, time and language.

Regenerate after a deliberate change with `pytest tests/player --snapshot-update` (the whole
directory, never a subset) and commit the snapshots on their own, saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tuikit import ID, START, Writer, app_for, ready, seed, until

from runbook.clock import FrozenClock
from runbook.events import Event
from runbook.i18n import Lang
from runbook.playbook import Library
from store import DiskFull, EventStore
from tui.screens.fields import LineField, TextField
from tui.screens.form import FormDialog

Snap = Callable[..., bool]


def at(clock: FrozenClock, minutes: float) -> FrozenClock:
    clock.moment = START + timedelta(minutes=minutes)
    return clock


async def wait(pilot: Pilot[Any]) -> None:
    await ready(pilot)


def test_home_en(snap_compare: Snap, library: Library, db: Path, clock: FrozenClock,
                 writer: Writer) -> None:
    _three_incidents(writer)
    app = app_for(library, db, at(clock, 40))
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait)


def test_home_zh(snap_compare: Snap, library: Library, db: Path, clock: FrozenClock,
                 writer: Writer) -> None:
    _three_incidents(writer)
    app = app_for(library, db, at(clock, 40), lang="zh")
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait)


def _three_incidents(writer: Writer) -> None:
    seed(writer, "II")
    writer.at(2).declare("IV", incident_id="20261126-dd01", type_id="data-leak",
                         title="unusual export volume", drill=True)
    writer.at(-600).declare("III", incident_id="20261125-cc01", title="slow settlement files")
    writer.at(-480).event("incident_closed", incident_id="20261125-cc01", force=True,
                              reason="closed with work open")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_declare(snap_compare: Snap, library: Library, db: Path, clock: FrozenClock,
                 lang: Lang) -> None:
    app = app_for(library, db, clock, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait, press=["n"])


def test_declare_confirmation_en(snap_compare: Snap, library: Library, db: Path,
                                 clock: FrozenClock) -> None:
    app = app_for(library, db, clock)

    async def before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("n", "enter", "enter")
        focused = app.focused
        assert isinstance(focused, TextField | LineField)
        focused.value = "core payment API times out"
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.id == "confirm")

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize(("level", "lang", "size"), [
    ("I", "en", (80, 24)),
    ("II", "en", (120, 32)),
    ("III", "zh", (80, 24)),
    ("IV", "en", (100, 30)),
])
def test_incident_at_each_level(snap_compare: Snap, library: Library, db: Path,
                                clock: FrozenClock, writer: Writer, level: str, lang: Lang,
                                size: tuple[int, int]) -> None:
    seed(writer, level, drill=level == "IV")
    app = app_for(library, db, at(clock, 16), lang=lang, incident_id=ID)
    assert snap_compare(app, terminal_size=size, run_before=wait)


def test_group_filter(snap_compare: Snap, library: Library, db: Path, clock: FrozenClock,
                      writer: Writer) -> None:
    seed(writer, "II")
    app = app_for(library, db, at(clock, 16), incident_id=ID, group="tech")
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overdue(snap_compare: Snap, library: Library, db: Path, clock: FrozenClock,
                 writer: Writer, lang: Lang) -> None:
    seed(writer, "II")
    app = app_for(library, db, at(clock, 150), lang=lang, incident_id=ID)
    assert snap_compare(app, terminal_size=(100, 30), run_before=wait)


def test_timeline_screen(snap_compare: Snap, library: Library, db: Path,
                         clock: FrozenClock, writer: Writer) -> None:
    seed(writer, "II")
    late = writer.author
    from runbook.actions import make_event

    writer.at(20).append(make_event(late, ID, "vendor_contacted", {"text": "called the NOC"},
                                    at=START + timedelta(minutes=3), at_reason="phone log"))
    app = app_for(library, db, at(clock, 21), incident_id=ID)
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait, press=["t", "up"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help(snap_compare: Snap, library: Library, db: Path, clock: FrozenClock,
              writer: Writer, lang: Lang) -> None:
    seed(writer, "II")
    app = app_for(library, db, at(clock, 16), lang=lang, incident_id=ID)
    assert snap_compare(app, terminal_size=(100, 40), run_before=wait, press=["question_mark"])


def test_level_dialog_zh(snap_compare: Snap, library: Library, db: Path, clock: FrozenClock,
                         writer: Writer) -> None:
    seed(writer, "II")
    app = app_for(library, db, at(clock, 16), lang="zh", incident_id=ID)
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait, press=["l"])


def test_decision_dialog_en(snap_compare: Snap, library: Library, db: Path,
                            clock: FrozenClock, writer: Writer) -> None:
    writer.at(0).declare("II")
    writer.at(4).step("verify", "done")
    app = app_for(library, db, at(clock, 6), incident_id=ID)
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait, press=["D"])


def test_failed_write_keeps_the_text(snap_compare: Snap, library: Library, db: Path,
                                     clock: FrozenClock, writer: Writer,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seed(writer, "II")

    def full(self: EventStore, event: Event, guard: Any = None, version: Any = None) -> Event:
        raise DiskFull(Path("runbook.db"))

    monkeypatch.setattr(EventStore, "append", full)
    app = app_for(library, db, at(clock, 16), incident_id=ID)

    async def before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        app.screen.query_one("#field-reason", TextField).value = "vendor says not needed"
        await pilot.press("enter")
        await until(pilot, lambda: not app.screen.saving)  # type: ignore[attr-defined]

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)
