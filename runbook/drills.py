"""A drill's plan (6.3) and whether it was held (6.4).

The plan travels in the declaration (`runbook start --drill --purpose … --scenario …
--participant … --scale full-scale|tabletop`): purpose, scenario, participants, and
whether it is full-scale or tabletop. A drill counts as held only when at least one of its
steps was completed: declared and abandoned is not a drill held.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from runbook.errors import RefusedAction
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import DrillPlan, Incident

SCALES: Final[Mapping[str, Msg]] = {
    "full-scale": Msg("full-scale", "实战演练"),
    "tabletop": Msg("tabletop", "桌面推演"),
}
# The declaration's payload fields that hold the plan.
FIELDS: Final = ("drill_purpose", "drill_scenario", "drill_participants", "drill_scale")
LABELS: Final[Mapping[str, Msg]] = {
    "purpose": Msg("Purpose", "演练目的"),
    "scenario": Msg("Scenario", "演练场景"),
    "participants": Msg("Participants", "参演人员"),
    "scale": Msg("Form", "演练形式"),
}


def reads_participants(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def reads_scale(value: Any) -> bool:
    return type(value) is str and value in SCALES


def plan_payload(purpose: str, scenario: str, participants: tuple[str, ...] | list[str],
                 scale: str | None) -> dict[str, Any]:
    """The declaration's plan fields, only those given."""
    payload: dict[str, Any] = {}
    if purpose.strip():
        payload["drill_purpose"] = purpose.strip()
    if scenario.strip():
        payload["drill_scenario"] = scenario.strip()
    people = [p.strip() for p in participants if p.strip()]
    if people:
        payload["drill_participants"] = people
    if scale:
        payload["drill_scale"] = scale
    return payload


def plan_of(payload: Mapping[str, Any]) -> DrillPlan | None:
    """The plan a declaration carries; None for a real incident or a drill without one."""
    if not payload.get("drill") or not any(f in payload for f in FIELDS):
        return None
    people = payload.get("drill_participants", [])
    return DrillPlan(str(payload.get("drill_purpose", "")),
                     str(payload.get("drill_scenario", "")),
                     tuple(str(p) for p in people) if isinstance(people, list) else (),
                     str(payload.get("drill_scale", "")))


def check_declaration(event: Event) -> None:
    """A plan belongs to a drill."""
    if not event.payload.get("drill") and any(f in event.payload for f in FIELDS):
        raise RefusedAction(Msg(
            "A drill plan (--purpose, --scenario, --participant, --scale) is only for a drill; "
            "add --drill, or leave the plan out for a real incident.",
            "演练方案（--purpose、--scenario、--participant、--scale）仅用于演练；请加上 "
            "--drill，真实事件请勿填写演练方案。"))


def held(incident: Incident) -> bool:
    """A drill counts as held with at least one completed step; the steps its declaration
    completes by itself (issuing the warning) do not count: declaring is not drilling."""
    return any((rec.state == "done" or rec.completions) and rec.done_by != 1
               for rec in incident.steps.values())


def full_scale(incident: Incident) -> bool:
    return incident.drill_plan is not None and incident.drill_plan.scale == "full-scale"
