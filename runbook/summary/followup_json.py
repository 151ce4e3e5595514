"""The follow-up as JSON (schemas/summary.schema.json): action items, the sign-off lines
and the approval, a drill's plan and goals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runbook.signoff import ROLES
from runbook.summary.model import Summary

if TYPE_CHECKING:
    from runbook.summary.render_json import Writer


def action_items(s: Summary, w: Writer) -> list[dict[str, Any]]:
    f = s.follow_up
    if f is None:
        return []
    return [{
        "number": i.number, "text": i.text, "owner": i.owner, "due": i.due.isoformat(),
        "state": i.state, "overdue": f.overdue(i), "late": i.late,
        **w.stamp(i.at, i.by, i.seq),
        "resolved": None if i.resolved_by is None or i.resolved_at is None else {
            "note": i.note or None, **w.stamp(i.resolved_at, i.resolved_by,
                                              i.resolved_seq or 0)},
    } for i in f.action_items]


def signoff(s: Summary, w: Writer) -> dict[str, Any]:
    f = s.follow_up
    lines = {role: None for role in ROLES} if f is None else {
        role: None if stamp is None else w.stamp(stamp.at, stamp.by, stamp.seq)
        for role, stamp in f.signoffs.lines.items()}
    a = f.signoffs.approval if f is not None else None
    return {"lines": lines, "approval": None if a is None else {
        "head_hash": a.head, "events": a.events, "matches": a.matches,
        "later_events": list(a.later), **w.stamp(a.stamp.at, a.stamp.by, a.stamp.seq)}}


def drill(s: Summary) -> dict[str, Any] | None:
    f = s.follow_up
    if f is None or f.drill is None:
        return None
    d, plan = f.drill, f.drill.plan
    return {
        "plan": None if plan is None else {
            "purpose": plan.purpose or None, "scenario": plan.scenario or None,
            "participants": list(plan.participants), "scale": plan.scale or None},
        "held": d.held, "steps_done": d.steps_done, "steps_applied": d.steps_applied,
    }
