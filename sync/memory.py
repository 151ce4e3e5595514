"""A local side held in memory (tests, benches, and the reference for what EventStore must do).

The hash rule is a parameter: `content_hash` here is the chain's canonical-JSON SHA-256 idea
applied to the wire form; the lead plugs in the real rule (runbook.chain) when wiring the store.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable

from msgspec import Struct, field

from runbook.i18n import Msg
from sync.local import Accepted, Heads, Missing, Outcome, Refused
from sync.wire import GENESIS, Wire

HashRule = Callable[[Wire], str]

BAD_HASH = Msg(
    en="event {seq} of site {origin} in incident {incident} does not match its hash: it was "
    "changed after it was recorded",
    zh="事件 {incident} 中站点 {origin} 的第 {seq} 条记录与其哈希不符：记录后被改动过",
)
BAD_LINK = Msg(
    en="event {seq} of site {origin} in incident {incident} does not link to the previous "
    "event held here: the chain is broken or forked",
    zh="事件 {incident} 中站点 {origin} 的第 {seq} 条记录与此处已有的上一条记录不相连："
    "链条断裂或分叉",
)
FORK = Msg(
    en="event {seq} of site {origin} in incident {incident} differs from the one already held "
    "with that number: two versions of one chain (a fork)",
    zh="事件 {incident} 中站点 {origin} 的第 {seq} 条记录与此处已有的同号记录不同："
    "同一链条出现两个版本（分叉）",
)


def content_hash(wire: Wire) -> str:
    """SHA-256 of the canonical JSON of everything the event says, its link included."""
    body = {
        "incident": wire.incident,
        "origin": wire.origin,
        "seq": wire.seq,
        "prev_hash": wire.prev_hash,
        "content": dict(wire.content),
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make(incident: str, origin: str, seq: int, prev_hash: str, content: dict[str, object],
         rule: HashRule = content_hash) -> Wire:
    draft = Wire(incident, origin, seq, prev_hash, "", content)
    return Wire(incident, origin, seq, prev_hash, rule(draft), content)


def verdict(held: list[Wire], wire: Wire, rule: HashRule) -> Outcome:
    """What a store holding `held` (one chain, in order) must answer to `wire`."""
    fields = {"incident": wire.incident, "origin": wire.origin, "seq": wire.seq}
    if rule(wire) != wire.hash:
        return Refused(BAD_HASH.format(**fields))
    if wire.seq <= len(held):
        if held[wire.seq - 1].hash == wire.hash:
            return Accepted(duplicate=True)
        return Refused(FORK.format(**fields))
    if wire.seq > len(held) + 1:
        return Missing(len(held) + 1)
    expected_prev = held[-1].hash if held else GENESIS
    if wire.prev_hash != expected_prev:
        return Refused(BAD_LINK.format(**fields))
    return Accepted()


class MemoryLocal(Struct):
    site: str
    rule: HashRule = content_hash
    chains: dict[tuple[str, str], list[Wire]] = field(default_factory=dict)
    refused: list[tuple[Wire, Msg]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def append(self, incident: str, content: dict[str, object]) -> Wire:
        """Record one of the site's own events (what the player's append would do)."""
        with self._lock:
            chain = self.chains.setdefault((incident, self.site), [])
            prev = chain[-1].hash if chain else GENESIS
            wire = make(incident, self.site, len(chain) + 1, prev, content, self.rule)
            chain.append(wire)
            return wire

    def incidents(self) -> list[str]:
        with self._lock:
            return sorted({incident for incident, _ in self.chains})

    def own_events_after(self, incident: str, site: str, count: int) -> list[Wire]:
        with self._lock:
            return list(self.chains.get((incident, site), [])[count:])

    def receive(self, wire: Wire) -> Outcome:
        with self._lock:
            chain = self.chains.get((wire.incident, wire.origin), [])
            outcome = verdict(chain, wire, self.rule)
            if isinstance(outcome, Accepted) and not outcome.duplicate:
                self.chains.setdefault((wire.incident, wire.origin), []).append(wire)
            elif isinstance(outcome, Refused):
                self.refused.append((wire, outcome.reason))
            return outcome

    def heads(self) -> Heads:
        with self._lock:
            return {key: (len(chain), chain[-1].hash) for key, chain in self.chains.items()
                    if chain}

    def event_set(self) -> set[str]:
        """Every held event's hash (what two converged sites hold alike)."""
        with self._lock:
            return {wire.hash for chain in self.chains.values() for wire in chain}
