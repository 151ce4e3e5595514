"""An in-memory event log that appends as the store does: rules checked, seq and hash set."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from msgspec.structs import replace

from runbook.actions import Author, declaration, make_event, step_action
from runbook.chain import GENESIS, event_hash
from runbook.clock import FrozenClock
from runbook.events import Actor, Event
from runbook.guard import Guard
from runbook.loader import load_library
from runbook.playbook import Library

MINI = Path(__file__).parent / "fixtures" / "mini"
CST = timezone(timedelta(hours=8))
START = datetime(2026, 11, 26, 3, 0, tzinfo=CST)  # a Thursday, 03:00 in Shanghai


def mini_library() -> Library:
    return load_library(MINI)


@dataclass
class MemLog:
    library: Library
    clock: FrozenClock = field(default_factory=lambda: FrozenClock(START))
    events: list[Event] = field(default_factory=list)
    incident_id: str = "20261126-test"

    def __post_init__(self) -> None:
        self.guard = Guard(self.library)
        self.author = Author(Actor("lin", "office"), self.clock)

    def append(self, event: Event) -> Event:
        self.guard(event)(self.events)
        prev = self.events[-1].hash if self.events else GENESIS
        stored = replace(event, seq=len(self.events) + 1, prev_hash=prev)
        stored = replace(stored, hash=event_hash(stored))
        self.events.append(stored)
        return stored

    def at(self, minutes: float) -> datetime:
        """Move the clock to START + minutes and return that moment."""
        self.clock.moment = START + timedelta(minutes=minutes)
        return self.clock.moment

    def declare(self, level: str = "II", type_id: str = "fault", **kw: object) -> Event:
        return self.append(declaration(
            self.author, self.library, self.incident_id, type_id=type_id, level=level,
            title="test", drill=False, **kw))  # type: ignore[arg-type]

    def step(self, step_id: str, verb: str, **kw: object) -> Event:
        return self.append(step_action(self.author, self.incident_id, step_id, verb, **kw))  # type: ignore[arg-type]

    def event(self, kind: str, **payload: object) -> Event:
        return self.append(make_event(self.author, self.incident_id, kind, dict(payload)))
