"""Events: the only record of an incident. Immutable; history is corrected by later events."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, Final

from msgspec import Struct, field


class Actor(Struct, frozen=True):
    """Who did it: a name and, where known, the group they act for, and the operating-system
    login of the process that wrote it (None on events written before logins were kept)."""

    name: str
    group: str | None = None
    login: str | None = None


class Event(Struct, frozen=True):
    """One immutable fact about an incident.

    `occurred_at` is what the responder says (it may be backdated, with `backdate_reason`);
    `recorded_at` is the clock's moment of writing. Both are timezone-aware: stored in UTC,
    with the writer's local offset kept for display. `seq`, `prev_hash` and `hash` are given
    by the store when the event is appended.

    `origin` is the site that recorded it ("" for a store's own events when no site is set,
    as in every single-site database). Each origin's events form their own hash chain per
    incident: `origin_seq` is the event's place in that chain (for origin "" it is `seq`),
    while `seq` is its place in this store (it differs between sites, so it is never hashed
    for a site's events). `seen` is, for a site's event, how many events of each other
    origin its site held when it was recorded: what it was recorded knowing
    (`runbook.merge` tells concurrent actions by it).
    """

    incident_id: str
    kind: str
    actor: Actor
    occurred_at: datetime
    recorded_at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""
    origin: str = ""
    origin_seq: int = 0
    seen: Mapping[str, int] = field(default_factory=dict)

    @property
    def position(self) -> int:
        """The event's place in its origin's chain."""
        return self.origin_seq if self.origin else self.seq

    @property
    def step(self) -> str | None:
        value = self.payload.get("step")
        return value if isinstance(value, str) else None


def utc_text(moment: datetime) -> str:
    """A fixed-width UTC ISO text that sorts as time does."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def from_utc_text(text: str, offset_min: int = 0) -> datetime:
    """Back from `utc_text`, shown in the offset the writer had.

    Only the exact `utc_text` shape is accepted, so nothing else parses differently;
    `fromisoformat` reads it about five times faster than `strptime`.
    """
    if len(text) != len(_UTC_SHAPE) or text[10] != "T" or text[19] != "." or text[-1] != "Z":
        raise ValueError(f"not a UTC time text: {text!r}")
    return datetime.fromisoformat(text).astimezone(zone(offset_min))


_UTC_SHAPE: Final = "2025-03-01T08:30:00.000000Z"


@lru_cache(maxsize=64)
def zone(offset_min: int) -> timezone:
    """The fixed offset of `offset_min` minutes; a handful recur, so they are built once."""
    return timezone(timedelta(minutes=offset_min))
