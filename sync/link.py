"""The link's state as sync sees it, for `runbook sites` and the player: up or down, the
last error, what was refused, and per other site the last event seen and how far behind
this site is."""

from __future__ import annotations

import threading
from datetime import datetime

from msgspec import Struct, field

from runbook.clock import Clock
from runbook.i18n import Msg

DOWN = Msg(en="cannot reach the NATS server ({reason}); recording goes on locally and "
           "catches up when the link returns",
           zh="无法连接 NATS 服务器（{reason}）；本地照常记录，连接恢复后自动补齐")


class Report(Struct, frozen=True):
    """Something sync refused or could not do, kept for the responder to see."""

    subject: str
    message: Msg
    at: datetime


class Seen(Struct, frozen=True):
    incident: str
    seq: int
    hash: str
    at: datetime


class Peer(Struct, frozen=True):
    site: str
    last: Seen | None
    lag: int  # events the stream holds from this site that this site does not hold yet


class LinkView(Struct, frozen=True):
    up: bool
    last_error: Msg | None
    since: datetime | None
    failures: int  # failed connections (or lost links) since it was last up
    peers: tuple[Peer, ...]
    reports: tuple[Report, ...]


class Link(Struct):
    """Written by the sync loop, read from anywhere (`view()` is a frozen copy)."""

    clock: Clock
    _up: bool = False
    _error: Msg | None = None
    _since: datetime | None = None
    _failures: int = 0
    _seen: dict[str, Seen] = field(default_factory=dict)
    _lag: dict[str, int] = field(default_factory=dict)
    _reports: list[Report] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def up(self) -> None:
        with self._lock:
            if not self._up:
                self._up, self._since = True, self.clock.now()
            self._failures = 0

    def down(self, reason: str) -> None:
        with self._lock:
            if self._up or self._since is None:
                self._since = self.clock.now()
            self._up = False
            self._failures += 1
            self._error = DOWN.format(reason=reason)

    def seen(self, incident: str, origin: str, seq: int, hash_: str) -> None:
        with self._lock:
            self._seen[origin] = Seen(incident, seq, hash_, self.clock.now())

    def lag(self, per_site: dict[str, int]) -> None:
        with self._lock:
            self._lag = dict(per_site)

    def report(self, subject: str, message: Msg) -> None:
        with self._lock:
            self._reports.append(Report(subject, message, self.clock.now()))

    def view(self) -> LinkView:
        with self._lock:
            sites = sorted(set(self._seen) | set(self._lag))
            peers = tuple(Peer(s, self._seen.get(s), self._lag.get(s, 0)) for s in sites)
            return LinkView(self._up, self._error, self._since, self._failures, peers,
                            tuple(self._reports))
