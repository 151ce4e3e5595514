"""What the summary says of the follow-up: action items with their state, the sign-off
(prepared, reviewed, approved) and what an approval approved, and for a drill its plan and
whether its goals were met (6.4). Measured from the folded incident and its events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from msgspec import Struct

from runbook import drills
from runbook.events import Event
from runbook.incident import ActionItem, DrillPlan, Incident
from runbook.kinds import ACTIVITY_KINDS
from runbook.signoff import ROLES
from runbook.summary.model import Stamp, StepOutcome

# Sections a drill leaves out unless it played them (entries or steps recorded in them).
REAL_ONLY_SECTIONS = ("loss", "insurance")


class Approval(Struct, frozen=True):
    """The approval: the record it approved, and the events recorded after it."""

    stamp: Stamp
    head: str
    events: int
    later: tuple[int, ...]
    matches: bool  # the head it names is the hash of the record's event #`events`


class SignOffs(Struct, frozen=True):
    lines: Mapping[str, Stamp | None]  # prepared, reviewed, approved
    approval: Approval | None


class DrillReport(Struct, frozen=True):
    """A drill's plan and what it achieved (6.4)."""

    plan: DrillPlan | None
    held: bool
    steps_done: int
    steps_applied: int


class FollowUp(Struct, frozen=True):
    action_items: tuple[ActionItem, ...]
    exported_at: datetime
    signoffs: SignOffs
    drill: DrillReport | None

    def overdue(self, item: ActionItem) -> bool:
        return item.overdue_on(self.exported_at.date())


def signoffs(incident: Incident, events: Sequence[Event]) -> SignOffs:
    lines = {role: (Stamp(s.at, s.by, s.seq) if (s := incident.signoffs.get(role)) else None)
             for role in ROLES}
    found = incident.signoffs.get("approved")
    approval = None
    if found is not None:
        approved = next((e for e in events if e.seq == found.events), None)
        approval = Approval(Stamp(found.at, found.by, found.seq), found.head, found.events,
                            tuple(e.seq for e in events
                                  if e.seq > found.seq and e.kind in ACTIVITY_KINDS),
                            approved is not None and approved.hash == found.head)
    return SignOffs(lines, approval)


def drill_report(incident: Incident, steps: Sequence[StepOutcome]) -> DrillReport | None:
    if not incident.drill:
        return None
    return DrillReport(incident.drill_plan, drills.held(incident),
                       sum(1 for o in steps if o.state == "done"), len(steps))


def follow_up(incident: Incident, events: Sequence[Event], steps: Sequence[StepOutcome],
              exported_at: datetime) -> FollowUp:
    return FollowUp(tuple(incident.action_items), exported_at, signoffs(incident, events),
                    drill_report(incident, steps))
