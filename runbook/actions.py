"""Turn what a responder does into events: one action, one event, both clocks kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from runbook.clock import Clock
from runbook.events import Actor, Event, offset_minutes, utc_text
from runbook.playbook import Library


@dataclass(frozen=True)
class Author:
    """Who acts, and the clock that stamps when it was recorded."""

    actor: Actor
    clock: Clock


def new_incident_id(moment: datetime, token: str) -> str:
    """Short enough to type under stress; the date makes lists readable."""
    return f"{moment:%Y%m%d}-{token}"


def make_event(author: Author, incident_id: str, kind: str, payload: dict[str, Any],
               at: datetime | None = None, at_reason: str | None = None) -> Event:
    recorded = author.clock.now()
    body = dict(payload)
    if at is not None and at_reason:
        body["backdate_reason"] = at_reason
    return Event(
        incident_id=incident_id, kind=kind, actor=author.actor,
        occurred_at=at if at is not None else recorded, recorded_at=recorded, payload=body,
    )


def declaration(author: Author, library: Library, incident_id: str, *, type_id: str,
                level: str, title: str, drill: bool, at: datetime | None = None,
                reported_at: datetime | None = None, at_reason: str | None = None) -> Event:
    """Declaring is the Office issuing the warning at a level (T0); Td may come before."""
    payload: dict[str, Any] = {"type": type_id, "level": level, "title": title, "drill": drill}
    book = library.playbook(type_id)
    payload["playbook_digest"] = book.digest if book else ""
    payload["settings_digest"] = library.settings.digest
    if reported_at is not None:
        payload["reported_at"] = utc_text(reported_at)
        payload["reported_offset"] = offset_minutes(reported_at)
    return make_event(author, incident_id, "incident_declared", payload, at, at_reason)


STEP_VERBS = {
    "start": "step_started",
    "done": "step_done",
    "skip": "step_skipped",
    "block": "step_blocked",
    "reopen": "step_reopened",
}


def step_action(author: Author, incident_id: str, step_id: str, verb: str, *,
                note: str = "", decision: str | None = None, at: datetime | None = None,
                at_reason: str | None = None) -> Event:
    """`done` with a decision records the decision (it completes the step)."""
    if verb == "done" and decision:
        payload = {"step": step_id, "option": decision, "rationale": note}
        return make_event(author, incident_id, "decision_taken", payload, at, at_reason)
    kind = STEP_VERBS[verb]
    body: dict[str, Any] = {"step": step_id}
    if kind in ("step_skipped", "step_blocked", "step_reopened"):
        body["reason"] = note
    elif note:
        body["note"] = note
    return make_event(author, incident_id, kind, body, at, at_reason)
