"""JSON-ready views of incidents, steps and events: the stable `--json` contract."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from runbook.errors import RunbookError, UnreadableEvent
from runbook.escalation import Proposal
from runbook.events import Event
from runbook.gate_words import gate_value
from runbook.gates import Gates
from runbook.i18n import Msg
from runbook.incident import Claim, Conflict, FactValue, Incident, Marked
from runbook.status import IncidentView, StepStatus, next_due, overdue_count
from runbook.timewindow import is_backdated as backdated
from runbook.versions import Played


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def minutes(delta: timedelta | None) -> int | None:
    return int(delta.total_seconds() // 60) if delta is not None else None


def incident_state(incident: Incident) -> str:
    if incident.is_closed:
        return "closed"
    return "stood_down" if incident.stand_down_at is not None else "open"


def incident_row(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "type": incident.type,
        "title": incident.title,
        "level": incident.level,
        "state": incident_state(incident),
        "drill": incident.drill,
        "opened": iso(incident.declared_at),
        "reported": iso(incident.reported_at),
        "stood_down": iso(incident.stand_down_at),
        "closed": iso(incident.closed_at),
        "events": incident.event_count,
        "head_hash": incident.head_hash,
        "version": incident.version or None,
        "switched": bool(incident.switches),
    }


def listed_row(incident: Incident, view: IncidentView | None) -> dict[str, Any]:
    """`runbook list --json`: the incident, its steps overdue now and the next deadline
    (none once closed; null when its playbook is not there to say them)."""
    upcoming = view.next_step if view is not None else None
    return {
        **incident_row(incident),
        "overdue": 0 if incident.is_closed else (view.overdue if view is not None else None),
        "next_due": iso(upcoming.pending_due) if upcoming is not None else None,
    }


def unreadable_row(incident_id: str, error: RunbookError) -> dict[str, Any]:
    """An incident whose record cannot be interpreted (or read): listed, with the reason,
    in the shape of `incident_row`; `problem.seq` names the event, when one is to blame."""
    if isinstance(error, UnreadableEvent):
        seq: int | None = error.seq
        why = RECORD_SAYS.format(seq=seq) + error.reason
    else:
        seq, why = None, error.message
    return {
        "id": incident_id, "type": None, "title": None, "level": None, "state": "unreadable",
        "drill": None, "opened": None, "reported": None, "stood_down": None, "closed": None,
        "events": None, "head_hash": None, "version": None, "switched": None, "overdue": None,
        "next_due": None,
        "problem": {"seq": seq, "en": why.en, "zh": why.zh},
    }


RECORD_SAYS = Msg("record {seq}: ", "第 {seq} 条记录：")


def step_row(row: StepStatus) -> dict[str, Any]:
    step, record = row.step, row.record
    return {
        "id": step.id,
        "group": step.group,
        "state": row.state,
        "applies": row.applies,
        "anchor": step.deadline.anchor if step.deadline else None,
        "due": iso(row.due),
        "next_due": iso(row.next_due),
        "overdue": row.overdue_by is not None,
        "overdue_minutes": minutes(row.overdue_by),
        "late_minutes": minutes(row.late_by),
        "done_at": iso(record.done_at),
        "repeat": step.repeat.text() if step.repeat else None,
        "decision": record.decision,
        "options": [o.id for o in step.decision.options] if step.decision else None,
        "reason": record.reason or None,
        "source": list(step.source),
        "title": {"zh": step.title.zh, "en": step.title.en},
        "waiting_on": row.waiting_on,
        "done_by": record.done_by,
        "ruled_out": None if row.ruled_out is None else {
            "decision": row.ruled_out.decision, "option": row.ruled_out.option},
        "also": [also_row(c) for c in record.also],
    }


def also_row(found: Claim) -> dict[str, Any]:
    """Another site's recording of a completion that counts once (`runbook.merge`)."""
    return {"by": found.by.name, "group": found.by.group, "site": found.origin,
            "seq": found.seq, "at": iso(found.at)}


def marked_row(found: Marked) -> dict[str, Any]:
    """A record from another site folded though a guard here would have refused it."""
    return {"seq": found.seq, "site": found.origin, "kind": found.kind, "why": found.why}


def proposal_row(found: Proposal | None) -> dict[str, Any] | None:
    """`{"level", "criterion", "value", "threshold"}`: durations in minutes, counts as such."""
    if found is None:
        return None

    def amount(value: timedelta | int) -> int | None:
        return minutes(value) if isinstance(value, timedelta) else value

    return {"level": found.level, "criterion": found.criterion, "value": amount(found.value),
            "threshold": amount(found.threshold), "since": iso(found.since)}


def played_row(played: Played) -> dict[str, Any]:
    """The version of the plan an incident plays: its digest, whether it is the one in
    force, whether it is kept (false: the one in force stands in for it)."""
    return {"version": played.version or None, "current": played.current,
            "kept": not played.fallback}


def status_view(view: IncidentView, shown: Callable[[StepStatus], bool] | None = None,
                gates: Gates | None = None, played: Played | None = None) -> dict[str, Any]:
    """`runbook status --json`: the incident at the view's moment, its applying steps (those
    `shown`, if given: the next step and the overdue count are then theirs), and the
    regulatory `gates` where they are asked for."""
    rows = [r for r in view.applying if shown is None or shown(r)]
    upcoming = next_due(rows)
    return {
        "incident": incident_row(view.incident),
        "now": iso(view.now),
        "proposed_level": view.proposed_level,
        "proposal": proposal_row(view.proposal),
        "next_step": upcoming.step.id if upcoming else None,
        "overdue": overdue_count(rows),
        "steps": [step_row(r) for r in rows],
        "gates": gates_row(gates) if gates is not None else None,
        "plan": played_row(played) if played is not None else None,
        "conflicts": [conflict_row(c) for c in view.incident.conflicts],
        "marked": [marked_row(m) for m in view.incident.marked],
    }


def conflict_row(conflict: Conflict) -> dict[str, Any]:
    """A conflict between sites (`runbook.merge`): what, each site's value, and how it was
    resolved (None while open)."""
    def claim(found: Claim) -> dict[str, Any]:
        return {"value": found.value, "by": found.by.name, "group": found.by.group,
                "site": found.origin, "seq": found.seq, "recorded_at": iso(found.at)}

    return {"about": conflict.about, "step": conflict.step, "open": conflict.is_open,
            "claims": [claim(c) for c in conflict.claims],
            "resolved": claim(conflict.resolved) if conflict.resolved else None,
            "reason": conflict.reason}


def gates_row(found: Gates) -> dict[str, Any]:
    """The regulatory gates: PBOC class-1 with each criterion, the CAC grade, the PBOC grade
    (durations in minutes)."""
    def recorded(fv: FactValue | None) -> dict[str, Any] | None:
        return None if fv is None else {"value": fv.value, "seq": fv.seq,
                                        "corrected": fv.corrected}

    cac = found.cac
    return {
        "pboc_class1": {"state": found.class1.state, "criteria": [
            {"id": c.id, "state": c.state, "value": gate_value(c.value),
             "threshold": gate_value(c.threshold), "fact": c.fact, "seq": c.seq}
            for c in found.class1.criteria]},
        "cac": {"grade": cac.grade, "by_people": cac.by_people, "people": cac.people,
                "threshold": cac.threshold, "recorded": recorded(cac.recorded),
                "reportable": cac.reportable},
        "pboc": {"recorded": recorded(found.pboc_grade)},
    }


def is_backdated(event: Event) -> bool:
    return backdated(event.occurred_at, event.recorded_at)


def event_row(event: Event) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "kind": event.kind,
        "occurred_at": iso(event.occurred_at),
        "recorded_at": iso(event.recorded_at),
        "backdated": is_backdated(event),
        "by": {"name": event.actor.name, "group": event.actor.group,
               **({"login": event.actor.login} if event.actor.login is not None else {})},
        "payload": dict(event.payload),
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }
