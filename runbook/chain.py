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

    For origin "" (a single-site store's own events) exactly the form every existing
    database was hashed in, with "seq" its place in the store. For a site's event the form
    also carries "origin" and "seen", and "seq" is its place in that origin's chain: the
    store's own `seq` differs between sites and is never hashed.
    """
    body = {
        "incident": event.incident_id,
        "seq": event.position,
        "kind": event.kind,
        "actor": {"name": event.actor.name, "group": event.actor.group},
        "occurred_at": utc_text(event.occurred_at),
        "occurred_offset": offset_minutes(event.occurred_at),
        "recorded_at": utc_text(event.recorded_at),
        "recorded_offset": offset_minutes(event.recorded_at),
        "payload": dict(event.payload),
        "prev_hash": event.prev_hash,
    }
    if event.origin:
        body["origin"] = event.origin
        body["seen"] = dict(event.seen)
    return body


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
        linked = replace(event, seq=seq, origin_seq=seq, prev_hash=prev_hash)
        linked = replace(linked, hash=event_hash(linked))
        prev_hash = linked.hash
        result.append(linked)
    return result
