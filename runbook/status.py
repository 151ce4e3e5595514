"""Which steps apply now, when each is due, and what is overdue, at a given moment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from msgspec import Struct

from runbook.conditions import RuledOut, ruled_out, waiting_on
from runbook.deadlines import current_run
from runbook.escalation import Proposal, proposal
from runbook.incident import Incident, StepProgress
from runbook.playbook import Playbook, Settings, Step
from runbook.transitions import FINISHED_STATES, OPEN_STATES

# A step due within this long is due soon: the player marks it, and the home screen lists it
# with the overdue ones across every open incident.
DUE_SOON: Final = timedelta(minutes=15)


class StepStatus(Struct, frozen=True):
    step: Step
    record: StepProgress
    state: str  # pending, in_progress, done, skipped, blocked, n/a
    applies: bool  # at the current level
    anchor_at: datetime | None  # None: the anchor has not happened yet
    due: datetime | None
    next_due: datetime | None  # a repeating step's next time, after it was done
    overdue_by: timedelta | None
    late_by: timedelta | None  # done (or skipped) after its deadline
    waiting_on: str | None = None  # the decision it depends on, not taken yet
    ruled_out: RuledOut | None = None  # the decision was taken the other way: n/a
    closed: bool = False  # the incident is closed: no clock runs for it any more

    @property
    def is_open(self) -> bool:
        return self.applies and self.state in OPEN_STATES

    @property
    def pending_due(self) -> datetime | None:
        """The time this step is next expected: its deadline, or its next repeat."""
        return self.next_due if self.next_due is not None else (
            self.due if self.is_open else None)


def judged_at(step: Step, record: StepProgress) -> datetime | None:
    """The completion a finished step is judged by: its (first, for a repeating step) one."""
    if step.repeat is not None and record.state == "done" and record.completions:
        return record.completions[0]
    return record.done_at


def step_status(step: Step, incident: Incident, now: datetime,
                post_incident: bool = False, playbook: Playbook | None = None) -> StepStatus:
    record = incident.steps.get(step.id) or StepProgress(step.id)
    applies = step.applies_at(incident.level)
    finished = record.state in FINISHED_STATES
    moment = min(now, incident.closed_at) if incident.closed_at else now
    done_at = judged_at(step, record) if finished else None
    run = current_run(step, incident, done_at if done_at is not None else moment)
    anchor, due = (run.anchor, run.due) if run is not None else (None, None)
    rule = None if finished else ruled_out(step, incident, playbook)
    state = record.state if (applies or finished) and rule is None else "n/a"
    next_due = _next_repeat(step, record, incident, post_incident) if applies else None
    overdue = None
    if next_due is not None and moment > next_due:
        overdue = moment - next_due
    elif applies and state in OPEN_STATES and due is not None and moment > due:
        overdue = moment - due
    late = None
    # A repeating step is late if its first time was; later times have their own deadlines.
    if finished and due is not None and done_at is not None and done_at > due:
        late = done_at - due
    waiting = waiting_on(step, incident, playbook) if applies and not finished else None
    return StepStatus(step, record, state, applies, anchor, due, next_due, overdue, late,
                      waiting, rule, incident.is_closed)


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
        step_status(step, incident, now, playbook.root_anchor(step) == "stand_down", playbook)
        for step in playbook.steps
    ]


def next_due(rows: Sequence[StepStatus]) -> StepStatus | None:
    """The open step whose time comes first: what a responder should look at next."""
    timed = [r for r in rows if r.pending_due is not None]
    return min(timed, key=lambda r: r.pending_due or datetime.max) if timed else None


def pressing(rows: Sequence[StepStatus], now: datetime) -> list[StepStatus]:
    """The open steps overdue or due within `DUE_SOON` of `now`, the most urgent first."""
    soon = [r for r in rows if r.applies and (
        r.overdue_by is not None
        or (r.pending_due is not None and r.pending_due - now <= DUE_SOON))]
    return sorted(soon, key=lambda r: r.pending_due or datetime.max)


def open_decisions(rows: Sequence[StepStatus]) -> list[StepStatus]:
    return [r for r in rows if r.step.decision is not None and r.is_open]


def overdue_count(rows: Sequence[StepStatus]) -> int:
    """How many of `rows` are overdue: the one count the header, the home list and
    `runbook status` show."""
    return sum(1 for r in rows if r.applies and r.overdue_by is not None)


class IncidentView(Struct, frozen=True):
    """An incident at a moment: every step's status, and what they add up to."""

    incident: Incident
    playbook: Playbook
    now: datetime
    steps: tuple[StepStatus, ...]  # every step of the playbook, in its order
    proposal: Proposal | None

    @property
    def proposed_level(self) -> str | None:
        return self.proposal.level if self.proposal is not None else None

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

    @property
    def deciding_report(self) -> bool:
        """The head's reporting decision (4.1.3) applies and is still open."""
        wanted = self.playbook.reporting_decision()
        return any(r.step.id == wanted and r.applies and r.is_open for r in self.steps)


def view_of(incident: Incident, playbook: Playbook, settings: Settings,
            now: datetime) -> IncidentView:
    return IncidentView(incident, playbook, now, tuple(statuses(incident, playbook, now)),
                        proposal(incident, playbook, settings, now))
