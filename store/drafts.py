"""A report draft from the record to a file: what `runbook draft` and the player's export
menu both run. The same path as the summary's export (`store.export`): the integrity check
first, the chain verdict, the summary as of `now`, then the draft, written owner-only, whole
or not at all, and never over a file that is there unless the caller said to replace it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from runbook.drafts import build_draft, render_draft
from runbook.events import Event
from runbook.i18n import Lang
from runbook.playbook import Library
from runbook.state import played_library
from runbook.summary import ChainCheck, build_summary
from store.export import Exported, chain_of, read_checked, written

if TYPE_CHECKING:
    from store.eventstore import EventStore

__all__ = ["draft_events", "draft_file_name", "draft_incident"]


def draft_incident(store: EventStore, incident_id: str, library: Library, now: datetime,
                   kind: str, fmt: str, lang: Lang, target: Path | None = None, *,
                   replace: bool = False) -> Exported:
    """The `kind` draft of `incident_id` as of `now`, written to `target` if given.

    Raises what `store.export.read_checked` and `write_private` raise (SummaryExists for a
    file that is there, unless `replace`), and RefusedAction for a kind the type lacks the
    facts for."""
    events, chain = read_checked(store, incident_id)
    library = played_library(events, library, store.version)  # the incident's own version
    return _finish(events, chain, library, now, kind, fmt, lang, target, replace)


def draft_events(events: Sequence[Event], library: Library, now: datetime, kind: str,
                 fmt: str, lang: Lang, target: Path | None = None, *,
                 replace: bool = False) -> Exported:
    """The same, from the events of one incident already read (the player holds them)."""
    return _finish(events, chain_of(events), library, now, kind, fmt, lang, target, replace)


def draft_file_name(incident_id: str, kind: str, fmt: str, number: int = 1) -> str:
    """`<incident-id>-draft-<kind>.<ext>`; `number` > 1: the next free name beside it."""
    suffix = f"-{number}" if number > 1 else ""
    ext = "txt" if fmt == "text" else fmt
    return f"{incident_id}-draft-{kind}{suffix}.{ext}"


def _finish(events: Sequence[Event], chain: ChainCheck, library: Library, now: datetime,
            kind: str, fmt: str, lang: Lang, target: Path | None, replace: bool) -> Exported:
    text = render_draft(build_draft(build_summary(events, library, now, chain), kind, lang),
                        fmt)
    return written(text, chain, target, replace)
