"""Turn what a responder does into events: one action, one event, both clocks kept.

Every writer (the commands, the player) builds its events here, one constructor a kind.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final, cast

from msgspec import Struct

from runbook import versions
from runbook.clock import Clock
from runbook.events import Actor, Event, offset_minutes, utc_text
from runbook.kinds import KIND_OF_VERB, SPECS, Kind
from runbook.playbook import Library
from runbook.transitions import Verb


class Author(Struct, frozen=True):
    """Who acts, and the clock that stamps when it was recorded."""

    actor: Actor
    clock: Clock


def new_incident_id(moment: datetime, token: str, site: str = "") -> str:
    """Short enough to type under stress; the date makes lists readable. With a site
    (`runbook.sites`), its name goes between (`20261201-dc1-ab12`): ids made on two sites
    never collide."""
    return f"{moment:%Y%m%d}-{site}-{token}" if site else f"{moment:%Y%m%d}-{token}"


def make_event(author: Author, incident_id: str, kind: str, payload: dict[str, Any],
               at: datetime | None = None, at_reason: str | None = None) -> Event:
    """Any event, payload as given (the constructors below build each kind's)."""
    recorded = author.clock.now()
    body = dict(payload)
    if at is not None and at_reason:
        body["backdate_reason"] = at_reason
    return Event(
        incident_id=incident_id, kind=kind, actor=author.actor,
        occurred_at=at if at is not None else recorded, recorded_at=recorded, payload=body,
    )


class When(Struct, frozen=True):
    """When it happened, if before now (given after the fact), and why it is given late."""

    at: datetime | None = None
    reason: str | None = None


NOW: Final = When()


def _event(author: Author, incident_id: str, kind: Kind, payload: dict[str, Any],
           when: When) -> Event:
    return make_event(author, incident_id, kind, payload, when.at, when.reason)


def declaration(author: Author, library: Library, incident_id: str, *, type_id: str,
                level: str, title: str, drill: bool, reported_at: datetime | None = None,
                when: When = NOW, plan: dict[str, Any] | None = None) -> Event:
    """Declaring is the Office issuing the warning at a level (T0); Td may come before.
    `plan`: a drill's plan fields (`runbook.drills.plan_payload`)."""
    payload: dict[str, Any] = {"type": type_id, "level": level, "title": title, "drill": drill,
                               **(plan or {})}
    book = library.playbook(type_id)
    payload["playbook_digest"] = book.digest if book else ""
    payload["settings_digest"] = library.settings.digest
    payload["library_digest"] = versions.digest(library)
    if reported_at is not None:
        payload["reported_at"] = utc_text(reported_at)
        payload["reported_offset"] = offset_minutes(reported_at)
    return _event(author, incident_id, Kind.DECLARED, payload, when)


def level_change(author: Author, incident_id: str, level: str, reason: str,
                 when: When = NOW) -> Event:
    return _event(author, incident_id, Kind.LEVEL_CHANGED, {"level": level, "reason": reason},
                  when)


def conflict_resolution(author: Author, incident_id: str, value: str, reason: str, *,
                        step_id: str | None = None, when: When = NOW) -> Event:
    """The commander's choice in a conflict between sites (`runbook.merge`): the level, or
    with `step_id` that decision step's option."""
    payload: dict[str, Any] = {"about": "decision" if step_id else "level", "value": value,
                               "reason": reason}
    if step_id:
        payload["step"] = step_id
    return _event(author, incident_id, Kind.CONFLICT_RESOLVED, payload, when)


def step(author: Author, incident_id: str, step_id: str, verb: Verb, note: str = "",
         when: When = NOW) -> Event:
    """Start, done, skip, block or reopen a step; `note` is the reason where one is needed.
    A decision is `decide`."""
    if verb == "decide":
        raise TypeError("a decision needs its option: use actions.decide")
    kind = KIND_OF_VERB[verb]
    body: dict[str, Any] = {"step": step_id}
    if "reason" in {f.name for f in SPECS[kind].fields}:
        body["reason"] = note
    elif note:
        body["note"] = note
    return _event(author, incident_id, kind, body, when)


def decide(author: Author, incident_id: str, step_id: str, option: str, rationale: str,
             when: When = NOW) -> Event:
    """A decision step decided: the option taken and why (it completes the step)."""
    return _event(author, incident_id, Kind.DECISION_TAKEN,
                  {"step": step_id, "option": option, "rationale": rationale}, when)


def step_action(author: Author, incident_id: str, step_id: str, verb: str, *,
                note: str = "", decision: str | None = None, when: When = NOW) -> Event:
    """What `runbook step ID STEP VERB [--note N] [--decision OPTION]` records: `done` with
    an option decides the step; every other verb is `step`."""
    if verb == "done" and decision:
        return decide(author, incident_id, step_id, decision, note, when)
    if verb not in KIND_OF_VERB or verb == "decide":
        raise ValueError(f"not a step verb: {verb!r}")
    return step(author, incident_id, step_id, cast(Verb, verb), note, when)


def note(author: Author, incident_id: str, text: str, group: str | None = None,
         when: When = NOW) -> Event:
    """A note on the record, for everyone or for one group."""
    payload: dict[str, Any] = {"text": text}
    if group:
        payload["group"] = group
    return _event(author, incident_id, Kind.NOTE, payload, when)


def vendor_contact(author: Author, incident_id: str, text: str, when: When = NOW) -> Event:
    return _event(author, incident_id, Kind.VENDOR_CONTACTED, {"text": text}, when)


def handover(author: Author, incident_id: str, to: str, text: str, when: When = NOW) -> Event:
    return _event(author, incident_id, Kind.SHIFT_HANDED_OVER, {"to": to, "text": text}, when)


def stand_down(author: Author, incident_id: str, reason: str, withdraw: bool = False,
               when: When = NOW) -> Event:
    """Emergency handling ends (why), or, with `withdraw`, a stand-down is withdrawn (why)."""
    kind = Kind.STAND_DOWN_WITHDRAWN if withdraw else Kind.STAND_DOWN
    return _event(author, incident_id, kind, {"reason": reason}, when)


def close(author: Author, incident_id: str, force: bool = False, reason: str | None = None,
          when: When = NOW) -> Event:
    """Close; `force` with a reason closes with post-incident steps still open."""
    payload: dict[str, Any] = {}
    if force:
        payload["force"] = True
    if reason:
        payload["reason"] = reason
    return _event(author, incident_id, Kind.CLOSED, payload, when)


def report(author: Author, incident_id: str, to: str, text: str, stage: str | None = None,
           when: When = NOW) -> Event:
    """A report sent; `stage` says which a regulator's report is (brief, full, …)."""
    payload: dict[str, Any] = {"to": to, "text": text}
    if stage:
        payload["stage"] = stage
    return _event(author, incident_id, Kind.REPORT_SENT, payload, when)


def fact(author: Author, incident_id: str, fact_id: str, value: Any, note: str = "",
         when: When = NOW) -> Event:
    """A fact recorded (a later one for the same fact corrects it); `value` in its stored
    form (`runbook.fact_values.parse`)."""
    payload: dict[str, Any] = {"fact": fact_id, "value": value}
    if note:
        payload["note"] = note
    return _event(author, incident_id, Kind.FACT_RECORDED, payload, when)


def correction(author: Author, incident_id: str, field: str, value: Any, reason: str,
               when: When = NOW) -> Event:
    """What the declaration said, corrected: `td` (a time), `type`, `drill`, `title`."""
    payload: dict[str, Any] = {"field": field, "reason": reason}
    if field == "td" and isinstance(value, datetime):
        payload["value"], payload["offset"] = utc_text(value), offset_minutes(value)
    else:
        payload["value"] = value
    return _event(author, incident_id, Kind.CORRECTED, payload, when)


def reopen(author: Author, incident_id: str, reason: str, when: When = NOW) -> Event:
    return _event(author, incident_id, Kind.REOPENED, {"reason": reason}, when)


def evaluation(author: Author, incident_id: str, section: str, text: str,
               when: When = NOW) -> Event:
    return _event(author, incident_id, Kind.EVALUATION_RECORDED,
                  {"section": section, "text": text}, when)


def action_item(author: Author, incident_id: str, text: str, owner: str, due: date,
                when: When = NOW) -> Event:
    """An action item with its owner and due date (numbered by its place in the incident)."""
    return _event(author, incident_id, Kind.ACTION_ADDED,
                  {"text": text, "owner": owner, "due": due.isoformat()}, when)


def action_resolved(author: Author, incident_id: str, number: int, outcome: str,
                    note: str = "", when: When = NOW) -> Event:
    """Action item `number` done or dropped (`note`: what was done, or why it is dropped)."""
    payload: dict[str, Any] = {"item": number, "outcome": outcome}
    if note:
        payload["note"] = note
    return _event(author, incident_id, Kind.ACTION_RESOLVED, payload, when)


def signed_off(author: Author, incident_id: str, role: str, head: str = "", events: int = 0,
               when: When = NOW) -> Event:
    """The summary prepared, reviewed or approved; an approval names the record it approved
    (its chain head and event count)."""
    payload: dict[str, Any] = {"role": role}
    if role == "approved":
        payload["head"], payload["events"] = head, events
    return _event(author, incident_id, Kind.SIGNED_OFF, payload, when)


def version_switch(author: Author, incident_id: str, before: str, after: str, reason: str,
                   carried: list[str], dropped: list[str], when: When = NOW) -> Event:
    """The incident switched from version `before` to `after` (the library in force), why,
    and which of its done steps carried over (same id in `after`) and which did not."""
    return _event(author, incident_id, Kind.VERSION_SWITCHED,
                  {"from": before, "to": after, "reason": reason, "carried": carried,
                   "dropped": dropped}, when)
