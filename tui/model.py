"""One incident as the player holds it: its events, folded, with its playbook.

Grows only from events read back from the store, so nothing is shown that is not on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from runbook.errors import NotFound
from runbook.events import Event
from runbook.fold import advance
from runbook.i18n import Msg
from runbook.incident import Incident
from runbook.playbook import Library, Playbook, Step
from runbook.status import StepStatus, statuses


@dataclass
class IncidentModel:
    incident: Incident
    playbook: Playbook
    events: list[Event]
    later: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def load(cls, library: Library, events: list[Event], incident: Incident) -> IncidentModel:
        book = library.playbook(incident.type)
        if book is None:
            raise NotFound(Msg(f"The playbook {incident.type!r} is not installed.",
                               f"剧本 {incident.type!r} 未安装。"))
        return cls(incident, book, events, after_stand_down(book))

    @property
    def id(self) -> str:
        return self.incident.id

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0

    def extend(self, new: Sequence[Event]) -> list[Event]:
        """Fold in the events not seen yet; return them (in order)."""
        fresh = [e for e in new if e.seq > self.last_seq]
        for event in fresh:
            self.incident = advance(self.incident, event)
            self.events.append(event)
        return fresh

    def rows(self, now: datetime) -> list[StepStatus]:
        """The steps that apply at the current level, in playbook order."""
        return [r for r in statuses(self.incident, self.playbook, now) if r.applies]


def after_stand_down(book: Playbook) -> frozenset[str]:
    """Steps whose deadline counts, directly or through other steps, from the stand-down."""
    found: set[str] = set()
    for step in book.steps:
        seen: set[str] = set()
        current: Step | None = step
        while current is not None and current.deadline is not None and current.id not in seen:
            seen.add(current.id)
            anchor = current.deadline.anchor
            if anchor == "stand_down":
                found.add(step.id)
                break
            other = current.deadline.anchor_step
            current = book.step(other) if other else None
    return frozenset(found)
