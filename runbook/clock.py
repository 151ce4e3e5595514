"""Clocks are injected so the core never reads the time on its own."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from msgspec import Struct, field


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    """The machine's clock, in the machine's local offset (kept for display)."""

    def now(self) -> datetime:
        return datetime.now().astimezone()


class FrozenClock(Struct):
    """A clock that moves only when told to: for tests, snapshots and backfills."""

    moment: datetime
    step: timedelta = field(default_factory=timedelta)

    def now(self) -> datetime:
        current = self.moment
        self.moment = self.moment + self.step
        return current

    def advance(self, delta: timedelta) -> None:
        self.moment = self.moment + delta
