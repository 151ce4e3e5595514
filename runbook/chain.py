"""The hash chain: each event's hash covers its canonical content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from msgspec.structs import replace

from runbook.events import Actor, Event, from_utc_text, offset_minutes, utc_text

GENESIS = "0" * 64


def canonical(event: Event) -> dict[str, Any]:
    """Everything an event says, in a form that hashes the same on every machine.

    For origin "" (a single-site store's own events) exactly the form every existing
    database was hashed in, with "seq" its place in the store. For a site's event the form
    also carries "origin" and "seen", and "seq" is its place in that origin's chain: the
    store's own `seq` differs between sites and is never hashed. The writer's login is part
    of it only when the event has one: events written before logins were kept hash exactly
    as they always did, so every existing record verifies.
    """
    actor: dict[str, Any] = {"name": event.actor.name, "group": event.actor.group}
    if event.actor.login is not None:
        actor["login"] = event.actor.login
    body = {
        "incident": event.incident_id,
        "seq": event.position,
        "kind": event.kind,
        "actor": actor,
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


def from_canonical(content: Mapping[str, Any], hash_: str) -> Event:
    """The event whose `canonical` form is `content` (as another site sends it), with the
    hash it came with (the receiver checks it). Its `seq` here is the store's to give.
    Raises ValueError (or KeyError, TypeError) for content not of that form."""
    actor = content["actor"]
    origin = content.get("origin", "")
    seen = content.get("seen", {})
    if not isinstance(actor, Mapping) or not isinstance(origin, str) \
            or not isinstance(seen, Mapping) or not isinstance(content["payload"], Mapping):
        raise ValueError("not an event's canonical form")
    place = content["seq"]
    if type(place) is not int:
        raise ValueError("its place is not a whole number")
    name, group, login = actor["name"], actor.get("group"), actor.get("login")
    if not isinstance(name, str) or not (group is None or isinstance(group, str)) \
            or not (login is None or isinstance(login, str)):
        raise ValueError("its actor is not a name, a group and a login")
    for key in ("occurred_offset", "recorded_offset"):
        offset = content[key]
        if type(offset) is not int or not -1440 < offset < 1440:
            raise ValueError(f"its {key} is not a UTC offset in minutes")
    return Event(
        incident_id=str(content["incident"]), kind=str(content["kind"]),
        actor=Actor(name, group, login),
        occurred_at=from_utc_text(content["occurred_at"], int(content["occurred_offset"])),
        recorded_at=from_utc_text(content["recorded_at"], int(content["recorded_offset"])),
        payload=dict(content["payload"]), seq=0 if origin else place,
        prev_hash=str(content["prev_hash"]), hash=hash_, origin=origin,
        origin_seq=place, seen=dict(seen))


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
