"""Decisions and communications, read from the events in the order recorded."""

from __future__ import annotations

from collections.abc import Sequence

from runbook.events import Event
from runbook.i18n import Msg
from runbook.json_views import is_backdated
from runbook.kinds import SPECS
from runbook.playbook import Playbook
from runbook.summary.model import Communication, DecisionEntry
from runbook.summary.overview import stamp
from runbook.vocabulary import RECIPIENT_IDS

# Reports, vendor contacts, handovers: in the registry's order.
COMMUNICATION_KINDS = tuple(kind for kind, spec in SPECS.items() if spec.communication)


def decisions(events: Sequence[Event], playbook: Playbook) -> tuple[DecisionEntry, ...]:
    """Every decision, the superseded ones too: a later reopen or decision replaced them."""
    later: dict[str, int] = {}
    for event in events:
        if event.kind in ("decision_taken", "step_reopened") and event.step:
            later[event.step] = event.seq
    result = []
    for event in events:
        if event.kind != "decision_taken" or event.step is None:
            continue
        option = str(event.payload.get("option", ""))
        found = playbook.option(event.step, option)
        result.append(DecisionEntry(
            step_id=event.step, option=option,
            label=found.label if found else Msg(option, option),
            rationale=str(event.payload.get("rationale", "")),
            stamp=stamp(event), superseded=later.get(event.step, 0) > event.seq,
        ))
    return tuple(result)


def _recipient_rank(event: Event) -> int:
    to = str(event.payload.get("to", ""))
    return RECIPIENT_IDS.index(to) if to in RECIPIENT_IDS else len(RECIPIENT_IDS)


def communications(events: Sequence[Event]) -> tuple[Communication, ...]:
    """Reports by recipient (in the plan's order), then vendor contacts, then handovers."""
    chosen = [e for e in events if e.kind in COMMUNICATION_KINDS]
    chosen.sort(key=lambda e: (COMMUNICATION_KINDS.index(e.kind),
                               _recipient_rank(e) if e.kind == "report_sent" else 0,
                               e.occurred_at, e.seq))
    return tuple(
        Communication(
            kind=e.kind,
            to=str(e.payload["to"]) if "to" in e.payload else None,
            text=str(e.payload.get("text", "")),
            stamp=stamp(e),
            backdated=is_backdated(e),
        )
        for e in chosen
    )
