"""Events to table rows and back, in one canonical text form."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Final

import msgspec
from msgspec.structs import replace

from runbook.events import Actor, Event, offset_minutes, utc_text, zone
from runbook.events import from_utc_text as read_time
from store.errors import UnstorableEvent

# Column order of every SELECT that `from_row` decodes.
COLUMNS: Final = (
    "incident_id",
    "seq",
    "kind",
    "actor_name",
    "actor_group",
    "occurred_at",
    "occurred_offset",
    "recorded_at",
    "recorded_offset",
    "payload",
    "prev_hash",
    "hash",
    "actor_login",
    "origin",  # "" for a store's own events with no site set (every older database)
    "origin_seq",  # the place in the origin's chain; NULL for origin "" (it is `seq`)
    "seen",  # JSON {origin: count} for a site's event; NULL for origin ""
)
SELECT_COLUMNS: Final = ", ".join(COLUMNS)
# The columns later migrations added, and what a file of an older schema reads in their
# place (a read-only copy is read as it is, never migrated: `store.schema.select_columns`).
ADDED: Final = {"actor_login": (2, "NULL"), "origin": (4, "''"), "origin_seq": (4, "NULL"),
                "seen": (4, "NULL")}


def select_columns_for(version: int) -> str:
    """SELECT_COLUMNS as a file of schema `version` can answer it."""
    return ", ".join(
        f"{ADDED[c][1]} AS {c}" if c in ADDED and version < ADDED[c][0] else c
        for c in COLUMNS)


SEQ_AT: Final = COLUMNS.index("seq")
PREV_HASH_AT: Final = COLUMNS.index("prev_hash")
HASH_AT: Final = COLUMNS.index("hash")
ORIGIN_AT: Final = COLUMNS.index("origin")
ORIGIN_SEQ_AT: Final = COLUMNS.index("origin_seq")

Row = Sequence[Any]


class Undecodable(str):
    """Stored text that is not UTF-8 (the store never writes such), read with U+FFFD in
    place of the bad bytes so that its record can be named. It equals nothing, not even
    itself, so a row holding one is never canonical and its chain never checks."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


def marking_undecodable(raw: bytes) -> str:
    """A `text_factory` for sqlite3 that reads bad text as `Undecodable` instead of failing
    the whole read (only used to find the record once a read has failed: it is slower)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Undecodable(raw.decode("utf-8", "replace"))


def payload_text(payload: Mapping[str, Any]) -> str:
    """The stored JSON: standard JSON only (no NaN), keys sorted, non-ASCII kept readable."""
    try:
        return json.dumps(dict(payload), sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise UnstorableEvent(str(error)) from error


# msgspec reads a stored payload eight times as fast as `json.loads` (0.2 against 1.8 ms
# for 1,000 events, on the way to every first frame); what it refuses (NaN, a lone
# surrogate, escaped or not: text no store of ours wrote) is read by `json.loads`, as it
# always was.
_read_json: Final = msgspec.json.Decoder().decode


def payload_from_text(text: str) -> dict[str, Any]:
    try:
        value = _read_json(text)
    except (msgspec.DecodeError, UnicodeEncodeError):
        value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("payload is not a JSON object")
    return value


def as_stored(event: Event, payload: str) -> Event:
    """The event exactly as `from_row` will read it back: times in fixed UTC offsets of
    whole minutes, payload decoded from its JSON. Raises UnstorableEvent for times that
    would not read back as written."""
    return replace(
        event,
        occurred_at=_as_stored(event.occurred_at),
        recorded_at=_as_stored(event.recorded_at),
        payload=payload_from_text(payload),
    )


def _as_stored(moment: datetime) -> datetime:
    # A naive time would be read as local time by one machine and as UTC by another.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise UnstorableEvent(f"time {moment.isoformat()} has no time zone")
    try:
        # Before the year 1000 the UTC text is no longer fixed-width.
        if moment.astimezone(UTC).year < 1000:
            raise ValueError("before the year 1000")
        # What from_utc_text(utc_text(moment), offset_minutes(moment)) gives, without text.
        return moment.astimezone(zone(offset_minutes(moment)))
    except (ValueError, OverflowError) as error:
        raise UnstorableEvent(f"time {moment.isoformat()} is out of range") from error


@lru_cache(maxsize=256)
def _actor(name: str, group: str | None, login: str | None = None) -> Actor:
    return Actor(name=name, group=group, login=login)


def to_row(event: Event, payload: str) -> dict[str, Any]:
    return {
        "incident_id": event.incident_id,
        "seq": event.seq,
        "kind": event.kind,
        "actor_name": event.actor.name,
        "actor_group": event.actor.group,
        "occurred_at": utc_text(event.occurred_at),
        "occurred_offset": offset_minutes(event.occurred_at),
        "recorded_at": utc_text(event.recorded_at),
        "recorded_offset": offset_minutes(event.recorded_at),
        "payload": payload,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
        "actor_login": event.actor.login,
        "origin": event.origin,
        "origin_seq": event.origin_seq if event.origin else None,
        "seen": seen_text(event.seen) if event.origin else None,
    }


def seen_text(seen: Mapping[str, int]) -> str:
    return json.dumps(dict(seen), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seen_from_text(text: str | None) -> dict[str, int]:
    if text is None:
        return {}
    value = json.loads(text)
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and type(v) is int for k, v in value.items()):
        raise ValueError("seen is not a JSON object of counts")
    return value


def from_row(row: Row) -> Event:
    """Decode a row selected with SELECT_COLUMNS.

    Raises ValueError, TypeError or OverflowError when a stored value cannot be decoded,
    which only happens when the table was written by something other than this store.
    """
    (
        incident_id,
        seq,
        kind,
        actor_name,
        actor_group,
        occurred_at,
        occurred_offset,
        recorded_at,
        recorded_offset,
        payload,
        prev_hash,
        hash_,
        actor_login,
        origin,
        origin_seq,
        seen,
    ) = row
    return Event(
        incident_id=incident_id,
        kind=kind,
        actor=_actor(actor_name, actor_group, actor_login),
        occurred_at=read_time(occurred_at, occurred_offset),
        recorded_at=read_time(recorded_at, recorded_offset),
        payload=payload_from_text(payload),
        seq=seq,
        prev_hash=prev_hash,
        hash=hash_,
        origin=origin,
        origin_seq=seq if origin_seq is None else origin_seq,
        seen=seen_from_text(seen),
    )


def is_canonical(row: Row, event: Event) -> bool:
    """Whether the row holds exactly the text this store would write for `event`.

    The hash covers meaning, not spelling: without this check a payload re-spaced or a
    time written as `.5Z` instead of `.500000Z` would pass verification unnoticed.
    """
    return _same(to_row(event, payload_text(event.payload)), row)


def _same(expected: Mapping[str, Any], row: Row) -> bool:
    return all(
        type(expected[name]) is type(value) and expected[name] == value
        for name, value in zip(COLUMNS, row, strict=True)
    )
