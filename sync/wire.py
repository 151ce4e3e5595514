"""The travelling form of one event: JSON bytes that carry what the origin hashed.

`content` is the event's canonical content (as the origin's chain rule hashes it); `origin`,
`seq` (its place in the origin's chain of that incident), `prev_hash` and `hash` travel
beside it so a receiver can check the event and its link before storing it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from msgspec import Struct

GENESIS = "0" * 64


class WireError(ValueError):
    """Bytes that are not one well-formed event (refused and reported, never stored)."""


class Wire(Struct, frozen=True):
    incident: str
    origin: str
    seq: int
    prev_hash: str
    hash: str
    content: Mapping[str, Any]

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "incident": self.incident,
                "origin": self.origin,
                "seq": self.seq,
                "prev_hash": self.prev_hash,
                "hash": self.hash,
                "content": dict(self.content),
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode("utf-8")


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON, and no event holds them."""
    raise WireError(f"{name} is not a JSON value")


def from_bytes(data: bytes) -> Wire:
    try:
        raw = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise WireError(f"not JSON: {type(error).__name__}: {error}") from error
    if not isinstance(raw, dict):
        raise WireError("not a JSON object")
    texts = ("incident", "origin", "prev_hash", "hash")
    for key in texts:
        if not isinstance(raw.get(key), str):
            raise WireError(f"{key} missing or not text")
    seq = raw.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise WireError("seq missing or not a positive whole number")
    content = raw.get("content")
    if not isinstance(content, dict):
        raise WireError("content missing or not an object")
    extra = set(raw) - {*texts, "seq", "content"}
    if extra:
        raise WireError(f"unexpected fields {sorted(extra)}")
    return Wire(raw["incident"], raw["origin"], seq, raw["prev_hash"], raw["hash"], content)
