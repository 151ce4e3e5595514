"""The state of one incident, as folded from its events. Plain data; no clock inside."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from runbook.events import Actor, Event


@dataclass(frozen=True)
class LevelSpan:
    """A level in force from `since` until the next span (or now)."""

    level: str
    since: datetime
    by: Actor
    reason: str
    seq: int


@dataclass
class StepProgress:
    """What has happened to one step. `state` follows the events in the order recorded."""

    step_id: str
    state: str = "pending"
    done_at: datetime | None = None
    completions: list[datetime] = field(default_factory=list)
    reason: str = ""
    note: str = ""
    decision: str | None = None
    rationale: str = ""
    decided_by: Actor | None = None
    last_event: Event | None = None


@dataclass
class Incident:
    id: str
    type: str
    title: str
    drill: bool
    declared_by: Actor
    declared_at: datetime  # T0: the warning issued at the declared level
    reported_at: datetime  # Td: the first on-site report
    playbook_digest: str = ""
    settings_digest: str = ""
    levels: list[LevelSpan] = field(default_factory=list)
    steps: dict[str, StepProgress] = field(default_factory=dict)
    stand_down_at: datetime | None = None
    closed_at: datetime | None = None
    event_count: int = 0
    head_hash: str = ""
    last_seq: int = 0

    @property
    def level(self) -> str:
        return self.levels[-1].level

    @property
    def level_since(self) -> datetime:
        return self.levels[-1].since

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def record(self, step_id: str) -> StepProgress:
        found = self.steps.get(step_id)
        if found is None:
            found = StepProgress(step_id)
            self.steps[step_id] = found
        return found
