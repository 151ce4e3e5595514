"""Fold events into an Incident: same events in, same state out."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from runbook.errors import RefusedAction, UnreadableEvent
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import Incident, LevelSpan, Record, StepRecord
from runbook.readable import reported_time, unreadable

_RECORD_KINDS = frozenset({
    "note", "report_sent", "vendor_contacted", "shift_handed_over", "warning_issued",
    "evaluation_recorded",
})


def fold(events: Iterable[Event]) -> Incident:
    """The incident's state after `events` (in the order recorded)."""
    incident: Incident | None = None
    for event in events:
        incident = advance(incident, event)
    if incident is None:
        raise RefusedAction(Msg("The incident has no events.", "该事件没有任何记录。"))
    return incident


def advance(incident: Incident | None, event: Event) -> Incident:
    """The state after one more event (the first one declares the incident).

    Raises UnreadableEvent, naming the event, when the core cannot interpret it."""
    problem = unreadable(event)
    if problem is not None:
        raise UnreadableEvent(event.incident_id, event.seq, problem)
    if incident is None:
        incident = declare(event)
    else:
        apply(incident, event)
    incident.event_count += 1
    incident.head_hash = event.hash
    incident.last_seq = event.seq
    return incident


def declare(event: Event) -> Incident:
    if event.kind != "incident_declared":
        raise UnreadableEvent(event.incident_id, event.seq, Msg(
            "the record does not start with the incident's declaration",
            "记录不是以宣布事件开始的"))
    p = event.payload
    incident = Incident(
        id=event.incident_id,
        type=str(p["type"]),
        title=str(p.get("title", "")),
        drill=bool(p.get("drill", False)),
        declared_by=event.actor,
        declared_at=event.occurred_at,
        reported_at=reported_time(event),
        playbook_digest=str(p.get("playbook_digest", "")),
        settings_digest=str(p.get("settings_digest", "")),
    )
    incident.levels.append(LevelSpan(str(p["level"]), event.occurred_at, event.actor, "", 1))
    return incident


def apply(incident: Incident, event: Event) -> None:
    handler = _HANDLERS.get(event.kind)
    if handler is not None:
        handler(incident, event)
    elif event.kind in _RECORD_KINDS:
        incident.records.append(Record(event.kind, event))


def _level_changed(incident: Incident, event: Event) -> None:
    incident.levels.append(LevelSpan(
        str(event.payload["level"]), event.occurred_at, event.actor,
        str(event.payload.get("reason", "")), event.seq,
    ))


def _step_started(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "in_progress"


def _step_done(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "done"
    rec.done_at = event.occurred_at
    rec.done_level = incident.level
    rec.completions.append(event.occurred_at)
    rec.note = str(event.payload.get("note", "")) or rec.note


def _step_skipped(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "skipped"
    rec.reason = str(event.payload.get("reason", ""))
    rec.done_at = event.occurred_at


def _step_blocked(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "blocked"
    rec.reason = str(event.payload.get("reason", ""))


def _step_reopened(incident: Incident, event: Event) -> None:
    rec = _step(incident, event)
    rec.state = "pending"
    rec.done_at = None
    rec.done_level = None
    rec.decision = None
    rec.reason = str(event.payload.get("reason", ""))


def _decision_taken(incident: Incident, event: Event) -> None:
    _step_done(incident, event)
    rec = _step(incident, event)
    rec.decision = str(event.payload["option"])
    rec.rationale = str(event.payload.get("rationale", ""))
    rec.decided_by = event.actor


def _step(incident: Incident, event: Event) -> StepRecord:
    rec = incident.record(str(event.payload["step"]))
    rec.last_event = event
    return rec


def _stand_down(incident: Incident, event: Event) -> None:
    incident.stand_down_at = event.occurred_at
    incident.records.append(Record(event.kind, event))


def _closed(incident: Incident, event: Event) -> None:
    incident.closed_at = event.occurred_at
    incident.closed_by = event.actor
    incident.records.append(Record(event.kind, event))


def _reopened(incident: Incident, event: Event) -> None:
    incident.closed_at = None
    incident.closed_by = None
    incident.records.append(Record(event.kind, event))


_HANDLERS: dict[str, Callable[[Incident, Event], None]] = {
    "level_changed": _level_changed,
    "step_started": _step_started,
    "step_done": _step_done,
    "step_skipped": _step_skipped,
    "step_blocked": _step_blocked,
    "step_reopened": _step_reopened,
    "decision_taken": _decision_taken,
    "stand_down": _stand_down,
    "incident_closed": _closed,
    "incident_reopened": _reopened,
}
