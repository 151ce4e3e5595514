"""One line per incident for the home list, and the folds that keep those lines current.

`HomeFeed` runs in the record's thread (`tui.service`): it folds each incident's new events
as they come and hands the UI plain, immutable summaries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from msgspec import Struct

from runbook.errors import RunbookError
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import ActionItem
from runbook.json_views import incident_state
from runbook.playbook import Library
from runbook.state import IncidentState
from runbook.status import pressing


class EventSource(Protocol):
    def incident_ids(self) -> list[str]: ...

    def events(self, incident_id: str, after_seq: int = 0) -> list[Event]: ...


class Pressing(Struct, frozen=True):
    """A step of an open incident overdue or due soon (`runbook.status.pressing`)."""

    incident_id: str
    step_id: str
    title: Msg
    group: str
    due: datetime
    overdue: bool


class IncidentSummary(Struct, frozen=True):
    id: str
    type: str
    type_title: Msg
    title: str
    level: str
    state: str  # open, stood_down, closed, unreadable
    drill: bool
    declared_at: datetime
    closed_at: datetime | None
    overdue: int
    events: int
    pressing: tuple[Pressing, ...] = ()
    action_items: tuple[ActionItem, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.state in ("open", "stood_down")


def summarise(state: IncidentState, now: datetime) -> IncidentSummary:
    incident = state.incident
    assert incident is not None
    book = state.library.playbook(incident.type)
    overdue = 0
    urgent: tuple[Pressing, ...] = ()
    if book is not None and not incident.is_closed:
        view = state.view(now)
        overdue = view.overdue
        urgent = tuple(
            Pressing(incident.id, r.step.id, r.step.title, r.step.group,
                     r.pending_due or now, r.overdue_by is not None)
            for r in pressing(view.applying, now))
    title = book.title if book is not None else Msg(incident.type, incident.type)
    return IncidentSummary(
        incident.id, incident.type, title, incident.title, incident.level,
        incident_state(incident), incident.drill, incident.declared_at, incident.closed_at,
        overdue, incident.event_count, urgent, tuple(incident.action_items))


class HomeFeed:
    """Every incident folded so far; `summaries` reads only what is new since last time."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._states: dict[str, IncidentState] = {}
        self._broken: dict[str, RunbookError] = {}

    @property
    def broken(self) -> list[str]:
        """Incidents whose record could not be folded (see `runbook verify`)."""
        return sorted(self._broken)

    @property
    def reasons(self) -> dict[str, Msg]:
        """Why each broken incident could not be read: the event to blame, where one is."""
        return {incident_id: error.message for incident_id, error in self._broken.items()}

    def summaries(self, source: EventSource, now: datetime) -> list[IncidentSummary]:
        rows: list[IncidentSummary] = []
        for incident_id in source.incident_ids():
            state = self._advance(source, incident_id)
            if state is not None:
                rows.append(summarise(state, now))
        return rows

    def _advance(self, source: EventSource, incident_id: str) -> IncidentState | None:
        if incident_id in self._broken:
            return None
        state = self._states.get(incident_id)
        if state is None:  # the version each plays, from the store that keeps them
            state = self._states[incident_id] = IncidentState(
                self.library, getattr(source, "version", None))
        try:
            state.add(source.events(incident_id, after_seq=state.count))
        except RunbookError as error:
            # An incident whose record does not fold (an event the core cannot interpret,
            # or a row the store cannot decode) is left out of the list rather than
            # hiding the others; `runbook verify` says what is wrong with it.
            self._broken[incident_id] = error
            return None
        return state if state.incident is not None else None
