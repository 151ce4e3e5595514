"""Which steps apply now, when each is due, and what is overdue, at a given moment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from runbook.incident import Incident, LevelSpan, StepProgress
from runbook.playbook import Playbook, Settings, Step
from runbook.transitions import FINISHED_STATES, OPEN_STATES


@dataclass(frozen=True)
class StepStatus:
    step: Step
    record: StepProgress
    state: str  # pending, in_progress, done, skipped, blocked, n/a
    applies: bool  # at the current level
    anchor_at: datetime | None  # None: the anchor has not happened yet
    due: datetime | None
    next_due: datetime | None  # a repeating step's next time, after it was done
    overdue_by: timedelta | None
    late_by: timedelta | None  # done (or skipped) after its deadline

    @property
    def is_open(self) -> bool:
        return self.applies and self.state in OPEN_STATES

    @property
    def pending_due(self) -> datetime | None:
        """The time this step is next expected: its deadline, or its next repeat."""
        return self.next_due if self.next_due is not None else (
            self.due if self.is_open else None)


def spans_until(incident: Incident, seq: int | None) -> list[LevelSpan]:
    """The level history as it stood when event `seq` was recorded (all of it for None)."""
    if seq is None:
        return incident.levels
    return [s for s in incident.levels if s.seq < seq] or incident.levels[:1]


def run_start(step: Step, spans: list[LevelSpan]) -> datetime | None:
    """Since when the step has applied without a break, or None if it does not apply now."""
    start = None
    for span in reversed(spans):
        if not step.applies_at(span.level):
            break
        start = span.since
    return start


def anchor_time(step: Step, incident: Incident, spans: list[LevelSpan]) -> datetime | None:
    deadline = step.deadline
    if deadline is None:
        return None
    anchor = deadline.anchor
    if anchor == "Td":
        return incident.reported_at
    if anchor == "T0":
        # A level change re-anchors the steps it brings in; steps already running keep theirs.
        return run_start(step, spans)
    if anchor == "level":
        return spans[-1].since
    if anchor == "stand_down":
        return incident.stand_down_at
    other = incident.steps.get(deadline.anchor_step or "")
    return other.done_at if other is not None and other.state == "done" else None


def due_time(step: Step, incident: Incident, spans: list[LevelSpan]) -> tuple[
        datetime | None, datetime | None]:
    """(anchor moment, deadline) for the step at the level in force at the end of `spans`."""
    anchor = anchor_time(step, incident, spans)
    if anchor is None or step.deadline is None:
        return anchor, None
    after = step.deadline.after.get(spans[-1].level)
    return anchor, (after.after(anchor) if after is not None else None)


def step_status(step: Step, incident: Incident, now: datetime,
                post_incident: bool = False) -> StepStatus:
    record = incident.steps.get(step.id) or StepProgress(step.id)
    applies = step.applies_at(incident.level)
    finished = record.state in FINISHED_STATES
    at_seq = record.last_event.seq if finished and record.last_event else None
    spans = spans_until(incident, at_seq)
    anchor, due = due_time(step, incident, spans)
    state = record.state if applies or finished else "n/a"
    moment = min(now, incident.closed_at) if incident.closed_at else now
    next_due = _next_repeat(step, record, incident, post_incident) if applies else None
    overdue = None
    if next_due is not None and moment > next_due:
        overdue = moment - next_due
    elif applies and state in OPEN_STATES and due is not None and moment > due:
        overdue = moment - due
    late = None
    # A repeating step is late if its first time was; later times have their own deadlines.
    done_at = record.completions[0] if step.repeat and record.completions else record.done_at
    if finished and due is not None and done_at is not None and done_at > due:
        late = done_at - due
    return StepStatus(step, record, state, applies, anchor, due, next_due, overdue, late)


def _next_repeat(step: Step, record: StepProgress, incident: Incident,
                 post_incident: bool) -> datetime | None:
    """Emergency work repeats until the stand-down; post-incident work goes on after it."""
    if step.repeat is None or record.state != "done" or not record.completions:
        return None
    if incident.stand_down_at is not None and not post_incident:
        return None
    return step.repeat.after(record.completions[-1])


def statuses(incident: Incident, playbook: Playbook, now: datetime) -> list[StepStatus]:
    """Every step of the playbook, in playbook order, as it stands at `now`."""
    return [
        step_status(step, incident, now, playbook.root_anchor(step) == "stand_down")
        for step in playbook.steps
    ]


def next_due(rows: Sequence[StepStatus]) -> StepStatus | None:
    """The open step whose time comes first: what a responder should look at next."""
    timed = [r for r in rows if r.pending_due is not None]
    return min(timed, key=lambda r: r.pending_due or datetime.max) if timed else None


def open_decisions(rows: Sequence[StepStatus]) -> list[StepStatus]:
    return [r for r in rows if r.step.decision is not None and r.is_open]


def overdue_count(rows: Sequence[StepStatus]) -> int:
    """How many of `rows` are overdue: the one count the header, the home list and
    `runbook status` show."""
    return sum(1 for r in rows if r.applies and r.overdue_by is not None)


def proposed_level(incident: Incident, settings: Settings, now: datetime) -> str | None:
    """When the outage since Td crosses the next level's threshold, propose that level."""
    elapsed = now - incident.reported_at
    level = incident.level
    if level in ("II", "III") and elapsed > settings.duration("level_II_outage_to").delta:
        return "I"
    if level == "III" and elapsed > settings.duration("level_III_outage_under").delta:
        return "II"
    return None


@dataclass(frozen=True)
class IncidentView:
    """An incident at a moment: every step's status, and what they add up to."""

    incident: Incident
    playbook: Playbook
    now: datetime
    steps: tuple[StepStatus, ...]  # every step of the playbook, in its order
    proposed_level: str | None

    @property
    def applying(self) -> list[StepStatus]:
        """The steps that apply at the current level."""
        return [r for r in self.steps if r.applies]

    @property
    def next_step(self) -> StepStatus | None:
        return next_due(self.applying)

    @property
    def overdue(self) -> int:
        return overdue_count(self.steps)


def view_of(incident: Incident, playbook: Playbook, settings: Settings,
            now: datetime) -> IncidentView:
    proposal = None if incident.is_closed else proposed_level(incident, settings, now)
    return IncidentView(incident, playbook, now, tuple(statuses(incident, playbook, now)),
                        proposal)
