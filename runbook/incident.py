"""The state of one incident, as folded from its events. Plain data; no clock inside."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from msgspec import Struct, field

from runbook.events import Actor, Event


class LevelSpan(Struct, frozen=True):
    """A level in force from `since` until the next span (or now)."""

    level: str
    since: datetime
    by: Actor
    reason: str
    seq: int


class StepProgress(Struct):
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
    done_by: int | None = None  # the seq of the recorded action that completed it, if one did
    # The same completion recorded again on another site that had not seen this one
    # (`runbook.merge`): one completion, each recording kept.
    also: list[Claim] = field(default_factory=list)


class Claim(Struct, frozen=True):
    """What one site recorded about a contested thing: the value, who, where, when."""

    value: str
    by: Actor
    origin: str
    seq: int
    at: datetime


class Conflict(Struct, frozen=True):
    """Two sites that had not seen each other's record set one thing differently: a
    decision step's option (`about` "decision", with its `step`) or the level (`about`
    "level"). Open until the commander resolves it (`conflict_resolved`)."""

    about: str
    step: str | None
    claims: tuple[Claim, ...]
    resolved: Claim | None = None
    reason: str = ""

    @property
    def is_open(self) -> bool:
        return self.resolved is None


class Marked(Struct, frozen=True):
    """A record from another site that a guard here would have refused (it was recorded
    there before that site had seen what refuses it here): folded, and said so."""

    seq: int
    origin: str
    kind: str  # the record's kind (`runbook.kinds`)
    why: str  # "after_close"


class FactValue(Struct, frozen=True):
    """A fact's latest value, and how it came to be: the event that recorded it and how many
    times it was recorded (more than once: corrected)."""

    fact: str
    value: Any
    seq: int
    at: datetime
    by: Actor
    times: int = 1

    @property
    def corrected(self) -> bool:
        return self.times > 1


class Correction(Struct, frozen=True):
    """A correction of what the declaration said (Td, type, drill, title)."""

    field: str
    before: Any
    after: Any
    reason: str
    seq: int
    at: datetime
    by: Actor


class StandDown(Struct, frozen=True):
    """A stand-down, and its withdrawal if it was withdrawn before the close."""

    at: datetime
    reason: str
    seq: int
    by: Actor
    withdrawn_at: datetime | None = None
    withdrawn_reason: str = ""


class ActionItem(Struct, frozen=True):
    """An action item (owner, due date) and, once resolved, how: done or dropped, by whom,
    when, why. `number` is its place among the incident's items, from 1."""

    number: int
    text: str
    owner: str
    due: date
    seq: int
    at: datetime
    by: Actor
    state: str = "open"  # open, done, dropped
    resolved_at: datetime | None = None
    resolved_by: Actor | None = None
    resolved_seq: int | None = None
    note: str = ""

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    def overdue_on(self, day: date) -> bool:
        """Still open after its due date."""
        return self.is_open and day > self.due

    @property
    def late(self) -> bool:
        """Done after its due date."""
        return self.state == "done" and self.resolved_at is not None and \
            self.resolved_at.date() > self.due


class SignOff(Struct, frozen=True):
    """One line of the sign-off: prepared, reviewed or approved, by whom and when; an
    approval names the record it approved (the chain head and how many events)."""

    role: str
    by: Actor
    at: datetime
    seq: int
    head: str = ""
    events: int = 0


class VersionSwitch(Struct, frozen=True):
    """The incident switched from one version of the plan to another (`runbook.versions`),
    why, and which of its done steps carried over (still in the new version) or not."""

    before: str
    after: str
    reason: str
    carried: tuple[str, ...]
    dropped: tuple[str, ...]
    seq: int
    at: datetime
    by: Actor


class DrillPlan(Struct, frozen=True):
    """What a drill is for (plan 6.3): purpose, scenario, participants, full-scale or
    tabletop."""

    purpose: str = ""
    scenario: str = ""
    participants: tuple[str, ...] = ()
    scale: str = ""  # full-scale, tabletop, or "" (not said)


class Incident(Struct):
    id: str
    type: str
    title: str
    drill: bool
    declared_by: Actor
    declared_at: datetime  # T0: the warning issued at the declared level
    reported_at: datetime  # Td: the first on-site report
    playbook_digest: str = ""
    settings_digest: str = ""
    library_digest: str = ""  # the whole library it was declared with ("": not recorded)
    version: str = ""  # the library it plays: the declared one, or the last switched to
    switches: list[VersionSwitch] = field(default_factory=list)
    levels: list[LevelSpan] = field(default_factory=list)
    steps: dict[str, StepProgress] = field(default_factory=dict)
    closed_at: datetime | None = None
    facts: dict[str, FactValue] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    stand_downs: list[StandDown] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    signoffs: dict[str, SignOff] = field(default_factory=dict)
    drill_plan: DrillPlan | None = None
    event_count: int = 0
    head_hash: str = ""
    last_seq: int = 0
    last_activity_seq: int = 0  # the last event responders recorded (a checkpoint is not)
    conflicts: list[Conflict] = field(default_factory=list)
    marked: list[Marked] = field(default_factory=list)
    # Per contested thing (`runbook.merge.subject`), the record that last set it.
    claims: dict[str, Event] = field(default_factory=dict)

    @property
    def level(self) -> str:
        return self.levels[-1].level

    @property
    def level_since(self) -> datetime:
        return self.levels[-1].since

    @property
    def stand_down_at(self) -> datetime | None:
        """When the incident was stood down; None before, or once that was withdrawn."""
        last = self.stand_downs[-1] if self.stand_downs else None
        return last.at if last is not None and last.withdrawn_at is None else None

    @property
    def open_conflicts(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.is_open]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def record(self, step_id: str) -> StepProgress:
        found = self.steps.get(step_id)
        if found is None:
            found = StepProgress(step_id)
            self.steps[step_id] = found
        return found
