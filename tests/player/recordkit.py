"""Records in memory for the tests of the player's pure modules: written through the rules
(MemLog) on the player's fixture book, folded as the player folds them, no app, no store."""

from __future__ import annotations

from datetime import datetime, timedelta

from memlog import START, MemLog
from tuikit import ID

from runbook.playbook import Library, Playbook
from runbook.state import IncidentState
from runbook.status import StepStatus
from tui.model import after_stand_down


def record(library: Library, level: str = "II") -> MemLog:
    """A technical fault declared at START (03:00 in Shanghai), Td = T0 = START."""
    log = MemLog(library, incident_id=ID)
    log.declare(level, type_id="technical-fault", reported_at=START)
    return log


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


class Played:
    """The record folded, and what the incident screen hands the pure modules."""

    def __init__(self, log: MemLog) -> None:
        self.state = IncidentState(log.library)
        self.state.sync(log.events)

    @property
    def book(self) -> Playbook:
        return self.state.playbook

    @property
    def later(self) -> frozenset[str]:
        return after_stand_down(self.book)

    def rows(self, minutes: float) -> list[StepStatus]:
        return self.state.view(at(minutes)).applying

    def row(self, step_id: str, minutes: float) -> StepStatus:
        return next(r for r in self.rows(minutes) if r.step.id == step_id)
