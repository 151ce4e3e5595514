"""The hash chain: each event's hash covers its canonical content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

from runbook.events import Event, offset_minutes, utc_text

GENESIS = "0" * 64


def canonical(event: Event) -> dict[str, Any]:
    """Everything an event says, in a form that hashes the same on every machine.

    The writer's login is part of it only when the event has one: events written before
    logins were kept hash exactly as they always did, so every existing record verifies."""
    actor: dict[str, Any] = {"name": event.actor.name, "group": event.actor.group}
    if event.actor.login is not None:
        actor["login"] = event.actor.login
    return {
        "incident": event.incident_id,
        "seq": event.seq,
        "kind": event.kind,
        "actor": actor,
        "occurred_at": utc_text(event.occurred_at),
        "occurred_offset": offset_minutes(event.occurred_at),
        "recorded_at": utc_text(event.recorded_at),
        "recorded_offset": offset_minutes(event.recorded_at),
        "payload": dict(event.payload),
        "prev_hash": event.prev_hash,
    }


def canonical_bytes(event: Event) -> bytes:
    return json.dumps(
        canonical(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def event_hash(event: Event) -> str:
    return hashlib.sha256(canonical_bytes(event)).hexdigest()


def chained(events: list[Event], prev_hash: str = GENESIS, first_seq: int = 1) -> list[Event]:
    """The events numbered and linked as the store would append them (for tests and benches)."""
    result = []
    for seq, event in enumerate(events, start=first_seq):
        linked = replace(event, seq=seq, prev_hash=prev_hash)
        linked = replace(linked, hash=event_hash(linked))
        prev_hash = linked.hash
        result.append(linked)
    return result
