"""Whether a step that depends on a decision (`when:`) applies: waiting on the decision,
ruled out by the option taken, or in force. Asked by the status, the rules and the summary.

A step that depends on a decision step which is itself ruled out is ruled out too, for the
same reason (a substitute vendor is not sought when the legal decision did not arise
because the negotiation succeeded).
"""

from __future__ import annotations

from msgspec import Struct

from runbook.incident import Incident
from runbook.playbook import Playbook, Step


class RuledOut(Struct, frozen=True):
    """The decision was taken another way: the step does not apply (never overdue)."""

    decision: str
    option: str


def _taken(decision: str, incident: Incident) -> str | None:
    record = incident.steps.get(decision)
    return record.decision if record is not None and record.state == "done" else None


def ruled_out(step: Step, incident: Incident, playbook: Playbook | None = None,
              _seen: frozenset[str] = frozenset()) -> RuledOut | None:
    """Why the step does not apply, when a decision it depends on was taken the other way
    (or was itself ruled out)."""
    if step.when is None or step.id in _seen:
        return None
    option = _taken(step.when.decision, incident)
    if option is not None:
        return None if option in step.when.options else RuledOut(step.when.decision, option)
    decider = playbook.step(step.when.decision) if playbook is not None else None
    if decider is None:
        return None
    return ruled_out(decider, incident, playbook, _seen | {step.id})


def waiting_on(step: Step, incident: Incident, playbook: Playbook | None = None) -> str | None:
    """The decision the step waits on (its deadline runs meanwhile), or None."""
    if step.when is None or _taken(step.when.decision, incident) is not None:
        return None
    if ruled_out(step, incident, playbook) is not None:
        return None
    return step.when.decision
