"""The figures of the summary, from the recorded facts: each declared fact with its latest
value (or missing, never invented) and the values it corrected; the recovery time achieved
for each key function against its target (plan 5.2); the key times investigators ask for
(NIST 800-61: occurred, Td, verified, T0, the head's decision, each report, customer
notice, restored, stand-down, closed); and the regulatory gates (`runbook.gates`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final

from msgspec import Struct

from runbook import fact_values
from runbook.events import Event
from runbook.gates import Gates, gates
from runbook.incident import FactValue, Incident
from runbook.playbook import FACT_SECTIONS, Fact, Playbook, Settings
from runbook.vocabulary import LEVEL_IDS

# The recovery target for each level: the plan's key-functions-restored deadlines (4.3.1).
RTO_TARGETS: Final = {"I": "tf_restore_high", "II": "tf_restore_high",
                      "III": "tf_restore_low", "IV": "tf_restore_low"}


class FactLine(Struct, frozen=True):
    """A declared fact: its latest value (None: missing) and the earlier values it replaced,
    each with the event that recorded it."""

    fact: Fact
    value: FactValue | None
    earlier: tuple[tuple[Any, int], ...] = ()


class Restoration(Struct, frozen=True):
    """A key function restored (or not yet), measured from `since` (the outage began, else
    Td) against the target of the most severe level the incident reached."""

    fact: Fact
    restored: FactValue | None
    since: datetime
    since_fact: str | None  # "outage-began", or None when it counts from Td
    achieved: timedelta | None
    level: str
    target: timedelta | None
    target_param: str | None

    @property
    def margin(self) -> timedelta | None:
        """Achieved minus target: negative or zero met, positive missed by that much."""
        if self.achieved is None or self.target is None:
            return None
        return self.achieved - self.target


class KeyTime(Struct, frozen=True):
    """One of the key times: `what` it is, when (None: not recorded), the event, a detail
    (the recipient and stage of a report, the option decided, the fact it comes from)."""

    what: str
    at: datetime | None
    seq: int | None
    detail: str = ""


class Figures(Struct, frozen=True):
    facts: Mapping[str, tuple[FactLine, ...]]  # by section (FACT_SECTIONS), declared only
    recovery: tuple[Restoration, ...]
    key_times: tuple[KeyTime, ...]
    gates: Gates

    def has(self, section: str) -> bool:
        return bool(self.facts.get(section))


def fact_lines(incident: Incident, playbook: Playbook,
               events: Sequence[Event]) -> dict[str, tuple[FactLine, ...]]:
    history: dict[str, list[tuple[Any, int]]] = {}
    for e in events:
        if e.kind == "fact_recorded":
            history.setdefault(str(e.payload.get("fact")), []).append(
                (e.payload.get("value"), e.seq))
    found: dict[str, list[FactLine]] = {s: [] for s in FACT_SECTIONS}
    for fact in playbook.facts:
        value = incident.facts.get(fact.id)
        earlier = tuple(history.get(fact.id, [])[:-1]) if value is not None else ()
        found.setdefault(fact.section, []).append(FactLine(fact, value, earlier))
    return {s: tuple(lines) for s, lines in found.items() if lines}


def worst_level(incident: Incident) -> str:
    return min((s.level for s in incident.levels), key=lambda lv: LEVEL_IDS.index(lv)
               if lv in LEVEL_IDS else len(LEVEL_IDS))


def recovery(incident: Incident, playbook: Playbook, settings: Settings) -> tuple[
        Restoration, ...]:
    began = incident.facts.get("outage-began")
    start = fact_values.as_time(began.value) if began is not None else None
    since, since_fact = (start, "outage-began") if start is not None else (
        incident.reported_at, None)
    lv = worst_level(incident)
    name = RTO_TARGETS.get(lv)
    param = settings.parameters.get(name) if name else None
    target = None if param is None or isinstance(param.value, int) else param.value.delta
    result = []
    for fact in playbook.facts:
        if fact.section != "recovery" or fact.type != "time":
            continue
        restored = incident.facts.get(fact.id)
        at = fact_values.as_time(restored.value) if restored is not None else None
        achieved = max(at - since, timedelta()) if at is not None else None
        result.append(Restoration(fact, restored, since, since_fact, achieved, lv, target,
                                  name if param is not None else None))
    return tuple(result)


def _fact_time(incident: Incident, fact_id: str) -> KeyTime:
    found = incident.facts.get(fact_id)
    at = fact_values.as_time(found.value) if found is not None else None
    return KeyTime(fact_id, at, found.seq if found is not None else None, fact_id)


def key_times(incident: Incident, playbook: Playbook, events: Sequence[Event]) -> tuple[
        KeyTime, ...]:
    times: list[KeyTime] = []
    declared = {f.id for f in playbook.facts}
    for fact_id, what in (("occurred-at", "occurred"), ("discovered-at", "discovered")):
        if fact_id in declared:
            found = _fact_time(incident, fact_id)
            times.append(KeyTime(what, found.at, found.seq, fact_id))
    times.append(KeyTime("td", incident.reported_at, 1))
    head = next((e for e in events if e.kind == "report_sent"
                 and e.payload.get("to") == "head"), None)
    times.append(KeyTime("verified", head.occurred_at if head else None,
                         head.seq if head else None))
    times.append(KeyTime("t0", incident.declared_at, 1))
    wanted = playbook.reporting_decision()
    decided: list[Event | None] = [
        e for e in events if e.kind == "decision_taken" and e.step == wanted]
    for e in decided or [None]:
        times.append(KeyTime("decision", e.occurred_at if e else None, e.seq if e else None,
                             str(e.payload.get("option", "")) if e else ""))
    reports = [e for e in events if e.kind == "report_sent"
               and e.payload.get("to") not in ("head", "customers", "vendor", "partners")]
    for e in sorted(reports, key=lambda e: (e.occurred_at, e.seq)):
        stage = e.payload.get("stage")
        times.append(KeyTime("report", e.occurred_at, e.seq,
                             f"{e.payload.get('to')}" + (f":{stage}" if stage else "")))
    notice = min((e for e in events
                  if e.kind == "report_sent" and e.payload.get("to") == "customers"),
                 key=lambda e: (e.occurred_at, e.seq), default=None)
    times.append(KeyTime("customer-notice", notice.occurred_at if notice else None,
                         notice.seq if notice else None))
    for fact in playbook.facts:
        if fact.section == "recovery" and fact.type == "time":
            found = _fact_time(incident, fact.id)
            times.append(KeyTime("restored", found.at, found.seq, fact.id))
    stood = next((e for e in reversed(events) if e.kind == "stand_down"), None)
    times.append(KeyTime("stand-down", incident.stand_down_at,
                         stood.seq if stood and incident.stand_down_at else None))
    closed = next((e for e in reversed(events) if e.kind == "incident_closed"), None)
    times.append(KeyTime("closed", incident.closed_at,
                         closed.seq if closed and incident.closed_at else None))
    return tuple(times)


def figures(incident: Incident, playbook: Playbook, settings: Settings,
            events: Sequence[Event], end: datetime) -> Figures:
    return Figures(fact_lines(incident, playbook, events),
                   recovery(incident, playbook, settings),
                   key_times(incident, playbook, events),
                   gates(incident, playbook, settings, end))
