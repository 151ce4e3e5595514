"""One incident as the player holds it: its events, folded (`IncidentState`), its playbook.

Grows only from events read back from the store, so nothing is shown that is not on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from msgspec import Struct, field

from runbook.events import Event
from runbook.incident import Incident
from runbook.playbook import Library, Playbook
from runbook.state import IncidentState
from runbook.status import IncidentView, StepStatus


class IncidentModel(Struct):
    state: IncidentState
    events: list[Event]
    later: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def load(cls, library: Library, events: Sequence[Event],
             state: IncidentState | None = None) -> IncidentModel:
        """The model of `events`, folded now unless `state` has folded them already (the
        record's thread does). NotFound if the playbook is not installed;
        UnreadableEvent if the core cannot interpret an event."""
        if state is None:
            state = IncidentState(library)
            state.sync(events)
        return cls(state, list(events), after_stand_down(state.playbook))

    @property
    def incident(self) -> Incident:
        incident = self.state.incident
        assert incident is not None  # `load` folded at least the declaration
        return incident

    @property
    def playbook(self) -> Playbook:
        return self.state.playbook

    @property
    def id(self) -> str:
        return self.incident.id

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0

    def extend(self, new: Sequence[Event]) -> list[Event]:
        """Fold in the events not seen yet; return them (in order)."""
        fresh = self.state.add(new)
        self.events.extend(fresh)
        return fresh

    def view(self, now: datetime) -> IncidentView:
        return self.state.view(now)

    def rows(self, now: datetime) -> list[StepStatus]:
        """The steps that apply at the current level, in playbook order."""
        return self.view(now).applying


def after_stand_down(book: Playbook) -> frozenset[str]:
    """Steps whose deadline counts, directly or through other steps, from the stand-down."""
    return frozenset(s.id for s in book.steps if book.root_anchor(s) == "stand_down")
