"""What the record's thread and the clock tell the screens. Small, immutable payloads."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message

from runbook.errors import RunbookError
from runbook.events import Event
from runbook.i18n import Msg
from runbook.state import IncidentState

if TYPE_CHECKING:
    from sync.status_file import LinkStatus
    from tui.home_feed import IncidentSummary


class IncidentsListed(Message):
    """Every incident in the database, summarised (home screen)."""

    def __init__(self, rows: list[IncidentSummary], broken: list[str]) -> None:
        super().__init__()
        self.rows = rows
        self.broken = broken


class IncidentLoaded(Message):
    """An incident's whole record, read back from the store and folded."""

    def __init__(self, incident_id: str, events: list[Event], state: IncidentState) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.events = events
        self.state = state


class EventsArrived(Message):
    """Events recorded since the last message, by this terminal or any other."""

    def __init__(self, incident_id: str, events: list[Event]) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.events = events


class IncidentMissing(Message):
    """The incident asked for cannot be shown (no such id, or its record does not fold)."""

    def __init__(self, incident_id: str, error: RunbookError) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.error = error


class RecordTrouble(Message):
    """The database cannot be read or opened right now (None: it can again)."""

    def __init__(self, error: RunbookError | None) -> None:
        super().__init__()
        self.error = error


class LinkState(Message):
    """The link between sites as `runbook sync` last wrote it beside the database
    (`sync.status_file`); None: there is no such state (sync never ran here)."""

    def __init__(self, state: LinkStatus | None) -> None:
        super().__init__()
        self.state = state


class Notice(Message):
    """Something the responder should know that stops nothing (e.g. checkpoints cannot be
    signed: the records are written all the same)."""

    def __init__(self, text: Msg) -> None:
        super().__init__()
        self.text = text


class Ticked(Message):
    """A second passed on the clock: countdowns and ages may change."""

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now
