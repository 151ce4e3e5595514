"""The store's guard: the rules, checked inside the write transaction against the incident
as folded (`IncidentState`).

Keep one `Guard` per incident for as long as you write to it: each event is then folded
once. The store calls `catch_up` with the history it read before taking the write lock, so
inside the lock only what came since is folded, and the call checks the event.
"""

from __future__ import annotations

from collections.abc import Sequence

from runbook.events import Event
from runbook.incident import Incident
from runbook.playbook import Library
from runbook.state import IncidentState
from runbook.versions import Versions


class Guard:
    """An incident's state, kept for checking the events written to it."""

    def __init__(self, library: Library, versions: Versions | None = None) -> None:
        """`versions`: the store's kept versions of the plan (`EventStore.version`)."""
        self.state = IncidentState(library, versions)

    @property
    def library(self) -> Library:
        return self.state.library

    def __call__(self, event: Event) -> Check:
        return Check(self, event)

    def catch_up(self, history: Sequence[Event]) -> Incident | None:
        """The incident after `history`, folding only what follows what was folded before
        (from scratch if `history` does not continue it: another incident, a restore)."""
        return self.state.sync(history)


class Check:
    """The store's guard for one event."""

    __slots__ = ("event", "guard")

    def __init__(self, guard: Guard, event: Event) -> None:
        self.guard = guard
        self.event = event

    def catch_up(self, history: Sequence[Event]) -> None:
        self.guard.catch_up(history)

    def __call__(self, history: Sequence[Event]) -> None:
        self.guard.catch_up(history)
        self.guard.state.check(self.event)
