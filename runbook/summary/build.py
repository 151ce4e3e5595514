"""Build the summary from an incident's events, the library and the export moment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from runbook.errors import NotFound
from runbook.events import Event
from runbook.fold import fold
from runbook.i18n import Msg
from runbook.permissions import override_reason
from runbook.playbook import Library
from runbook.summary import evaluation
from runbook.summary.compliance import outcomes
from runbook.summary.figures import figures
from runbook.summary.followup import REAL_ONLY_SECTIONS, follow_up
from runbook.summary.model import ChainCheck, Identities, Summary
from runbook.summary.overview import end_of_emergency, identification, overview
from runbook.summary.records import communications, decisions
from runbook.summary.suggestions import suggestions


def build_summary(events: Sequence[Event], library: Library, exported_at: datetime,
                  chain: ChainCheck | None = None) -> Summary:
    """The summary as of `exported_at`; `chain` is the store's verdict, when it was asked."""
    incident = fold(events, library)
    book = library.playbook(incident.type)
    if book is None:
        raise NotFound(Msg(
            f"The playbook {incident.type!r} is not installed; the summary needs it for the "
            "deadlines. Install it or pass the settings it was played with.",
            f"剧本 {incident.type!r} 未安装；摘要需要它来计算时限。请安装该剧本。"))
    steps = outcomes(incident, book, exported_at)
    found = evaluation.facts(steps, events, incident.stand_down_at or incident.closed_at)
    recorded = evaluation.entries(events)
    post_incident = evaluation.sections(evaluation.POST_INCIDENT, recorded, steps)
    if incident.drill:  # what only real incidents need, unless the drill played it
        post_incident = tuple(x for x in post_incident if x.id not in REAL_ONLY_SECTIONS
                              or x.entries or any(o.state == "done" for o in x.steps))
    return Summary(
        identification=identification(incident, events, library, exported_at, chain),
        overview=overview(incident, events, exported_at, book, library.settings),
        steps=steps,
        decisions=decisions(events, book),
        communications=communications(events),
        timeline=tuple(events),
        facts=found,
        evaluation=evaluation.sections(evaluation.EVALUATION, recorded),
        post_incident=post_incident,
        suggestions=suggestions(steps, found.blocks, events, book),
        signoff=evaluation.signoff(recorded),
        tz=incident.declared_at.tzinfo or UTC,
        playbook=book,
        figures=figures(incident, book, library.settings, events,
                        end_of_emergency(incident, exported_at)[0]),
        follow_up=follow_up(incident, events, steps, exported_at),
        identities=Identities(len(library.roster.people),
                              tuple(e for e in events if override_reason(e) is not None)),
    )
