"""Identification and overview: who, what, the two clocks, the levels and the key moments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from runbook.escalation import history
from runbook.events import Event
from runbook.i18n import Msg
from runbook.incident import Incident
from runbook.kinds import Kind
from runbook.playbook import Library, Playbook, Settings
from runbook.site_words import seconds
from runbook.status import statuses
from runbook.summary.model import (
    ChainCheck,
    DigestCheck,
    Identification,
    LastCheckpoint,
    LevelPeriod,
    Milestone,
    Overview,
    SiteChain,
    Stamp,
)
from runbook.vocabulary import REGULATORS


def stamp(event: Event) -> Stamp:
    return Stamp(event.occurred_at, event.actor, event.seq)


def identification(incident: Incident, events: Sequence[Event], library: Library,
                   exported_at: datetime, chain: ChainCheck | None) -> Identification:
    book = library.playbook(incident.type)
    declaration = events[0]
    return Identification(
        incident_id=incident.id,
        type_id=incident.type,
        type_title=book.title if book else Msg(incident.type, incident.type),
        title=incident.title,
        drill=incident.drill,
        declared_by=incident.declared_by,
        declared_recorded_at=declaration.recorded_at,
        playbook=DigestCheck(incident.playbook_digest, book.digest if book else None),
        settings=DigestCheck(incident.settings_digest, library.settings.digest),
        exported_at=exported_at,
        head_hash=incident.head_hash,
        event_count=incident.event_count,
        chain=chain,
        checkpoint=last_checkpoint(events),
        declared_version=incident.library_digest,
        played_version=incident.version or incident.library_digest,
        switches=tuple(incident.switches),
        sites=site_chains(events),
        conflicts=tuple(incident.conflicts),
        also=tuple(seconds(incident)),
        marked=tuple(incident.marked),
    )


def site_chains(events: Sequence[Event]) -> tuple[SiteChain, ...]:
    """Each origin's chain (by name), when the events come from more than one."""
    heads: dict[str, Event] = {}
    for event in events:
        heads[event.origin] = event
    if len(heads) < 2:
        return ()
    return tuple(SiteChain(origin, event.position, event.hash)
                 for origin, event in sorted(heads.items()))


def last_checkpoint(events: Sequence[Event]) -> LastCheckpoint | None:
    """The newest checkpoint runbook can read (a damaged one is `runbook verify`'s to name)."""
    from runbook.checkpoints import read
    from runbook.signed_note import NoteError

    for event in reversed(events):
        if event.kind != Kind.CHECKPOINT:
            continue
        try:
            sealed = read(event)
        except NoteError:
            continue
        return LastCheckpoint(event.seq, sealed.size, sealed.head, sealed.signers,
                              str(event.payload["note"]), event.incident_id)
    return None


def end_of_emergency(incident: Incident, exported_at: datetime) -> tuple[datetime, str]:
    """What ends the durations: the stand-down, else the close, else the export moment."""
    if incident.stand_down_at is not None:
        return incident.stand_down_at, "stand_down"
    if incident.closed_at is not None:
        return incident.closed_at, "closed"
    return exported_at, "export"


def level_periods(incident: Incident, end: datetime) -> tuple[LevelPeriod, ...]:
    spans = incident.levels
    periods = []
    for i, span in enumerate(spans):
        until = spans[i + 1].since if i + 1 < len(spans) else max(end, span.since)
        periods.append(LevelPeriod(span.level, span.since, until, span.by, span.reason, span.seq))
    return tuple(periods)


def first_report(events: Sequence[Event], to: str | tuple[str, ...],
                 td: datetime) -> Milestone | None:
    """The first report to `to` (one recipient, or any of several)."""
    wanted = (to,) if isinstance(to, str) else to
    sent = [e for e in events if e.kind == "report_sent" and e.payload.get("to") in wanted]
    if not sent:
        return None
    first = min(sent, key=lambda e: (e.occurred_at, e.seq))
    return Milestone(stamp(first), first.occurred_at - td)


def _last(events: Sequence[Event], kind: str) -> Event | None:
    return next((e for e in reversed(events) if e.kind == kind), None)


def overview(incident: Incident, events: Sequence[Event], exported_at: datetime,
             playbook: Playbook | None = None, settings: Settings | None = None) -> Overview:
    end, end_kind = end_of_emergency(incident, exported_at)
    stood_down = _last(events, "stand_down") if incident.stand_down_at is not None else None
    closed = _last(events, "incident_closed") if incident.closed_at is not None else None
    open_at_close: tuple[str, ...] = ()
    if incident.closed_at is not None and playbook is not None:
        open_at_close = tuple(r.step.id for r in statuses(incident, playbook,
                                                            incident.closed_at) if r.is_open)
    proposals = tuple(history(incident, playbook, settings, end)) if (
        playbook is not None and settings is not None) else ()
    return Overview(
        declared=Stamp(events[0].recorded_at, events[0].actor, events[0].seq),
        reported_at=incident.reported_at,
        warning_at=incident.declared_at,
        levels=level_periods(incident, end),
        stand_down=stamp(stood_down) if stood_down is not None else None,
        closed=stamp(closed) if closed is not None else None,
        end_at=end,
        end_kind=end_kind,
        first_head_report=first_report(events, "head", incident.reported_at),
        first_regulator_report=first_report(events, REGULATORS, incident.reported_at),
        corrections=tuple(incident.corrections), stand_downs=tuple(incident.stand_downs),
        proposals=proposals, open_at_close=open_at_close,
        close_reason=str(closed.payload.get("reason", "")) if closed is not None else "",
    )
