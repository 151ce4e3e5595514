"""The timeline draws only the lines on screen, however long the record."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from textual.app import App, ComposeResult
from tuikit import START

from runbook.events import Actor, Event
from tui.eventrows import Filter
from tui.widgets.timeline import TimelineView

N = 50_000


def many() -> list[Event]:
    actor = Actor("wang", "tech")
    return [Event("x", "note", actor, START + timedelta(seconds=i), START + timedelta(seconds=i),
                  {"text": f"line {i}", **({"group": "ops"} if i % 10 == 0 else {})}, seq=i + 1)
            for i in range(N)]


class Counting(TimelineView):
    drawn = 0

    def render_row(self, index: int, width: int) -> Any:
        Counting.drawn += 1
        return super().render_row(index, width)


class One(App[None]):
    def compose(self) -> ComposeResult:
        yield Counting("en", START, id="timeline")


def test_only_visible_lines_are_drawn() -> None:
    events = many()
    app = One()

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            view = app.query_one(Counting)
            view.focus()
            view.show(events, {})
            await pilot.pause()
            assert view.cursor == N - 1  # opens at the newest event
            await pilot.press("home")
            await pilot.press("pagedown", "pagedown", "end")
            await pilot.pause()
            assert view.selected_event is events[-1]
            view.set_filter(Filter(group="ops"))
            await pilot.pause()
            assert view.line_count() == N // 10
            before = len(events)
            events.append(Event("x", "note", Actor("li", "ops"), START, START, {"text": "new"},
                                seq=N + 1))
            view.grew(before)
            await pilot.pause()
            assert view.line_count() == N // 10 + 1
            assert view.selected_event is events[-1]  # it follows the newest

    asyncio.run(scenario())
    assert Counting.drawn < 24 * 12, Counting.drawn  # a few screens, not 50,000 lines
