"""Fold events into an Incident: same events in, same state out."""

from __future__ import annotations

from collections.abc import Iterable

from runbook.completion import complete
from runbook.drills import plan_of
from runbook.errors import RefusedAction, UnreadableEvent
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import Incident, LevelSpan
from runbook.kinds import ACTIVITY_KINDS, SPECS, Kind
from runbook.merge import settle
from runbook.playbook import Library
from runbook.readable import reported_time, unreadable


def fold(events: Iterable[Event], library: Library | None = None) -> Incident:
    """The incident's state after `events` (in the order recorded); with `library`, the
    steps that recorded actions complete (`done_by:`) are done too."""
    incident: Incident | None = None
    for event in events:
        incident = advance(incident, event, library)
    if incident is None:
        raise RefusedAction(Msg("The incident has no events.", "该事件没有任何记录。"))
    return incident


def advance(incident: Incident | None, event: Event, library: Library | None = None) -> Incident:
    """The state after one more event (the first one declares the incident); with
    `library`, the steps the event completes (`done_by:`) are done.

    Raises UnreadableEvent, naming the event, when the core cannot interpret it."""
    problem = unreadable(event)
    if problem is not None:
        raise UnreadableEvent(event.incident_id, event.seq, problem)
    if incident is None:
        incident = declare(event)
    else:
        spec = SPECS.get(event.kind)
        closed_for_it = incident.is_closed and spec is not None and not spec.after_close
        if settle(incident, event, closed_for_it) and spec is not None:
            spec.fold(incident, event)  # `unreadable` has refused an unknown kind already
    if library is not None:
        complete(incident, event, library)
    incident.event_count += 1
    incident.head_hash = event.hash
    incident.last_seq = event.seq
    if event.kind in ACTIVITY_KINDS:
        incident.last_activity_seq = event.seq
    return incident


def declare(event: Event) -> Incident:
    if event.kind != Kind.DECLARED:
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
        library_digest=str(p.get("library_digest", "")),
        version=str(p.get("library_digest", "")),
        drill_plan=plan_of(p),
    )
    incident.levels.append(LevelSpan(str(p["level"]), event.occurred_at, event.actor, "", 1))
    return incident


