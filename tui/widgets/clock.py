"""The one timer of a screen: shows a time and tells the screen, once a second, what time it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from runbook.clock import Clock
from tui.messages import Ticked

Face = Callable[[datetime], Text | str]


class LiveClock(Static):
    DEFAULT_CSS = """
    LiveClock { width: auto; height: 1; padding: 0 1; }
    """

    def __init__(self, clock: Clock, face: Face, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.face = face

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        now = self.clock.now()
        self.update(self.face(now))
        self.post_message(Ticked(now))
