"""The hash chain: each event's hash covers its canonical content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from runbook.events import Event, offset_minutes, utc_text

GENESIS = "0" * 64


def canonical(event: Event) -> dict[str, Any]:
    """Everything an event says, in a form that hashes the same on every machine."""
    return {
        "incident": event.incident_id,
        "seq": event.seq,
        "kind": event.kind,
        "actor": {"name": event.actor.name, "group": event.actor.group},
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
