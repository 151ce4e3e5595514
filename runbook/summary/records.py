"""Decisions and communications, read from the events in the order recorded."""

from __future__ import annotations

from collections.abc import Sequence

from runbook.events import REPORT_RECIPIENTS, Event
from runbook.i18n import Msg
from runbook.playbook import Playbook
from runbook.summary.model import Communication, DecisionEntry
from runbook.summary.overview import stamp
from runbook.views import is_backdated

COMMUNICATION_KINDS = ("report_sent", "vendor_contacted", "shift_handed_over")


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
        step = playbook.step(event.step)
        found = step.decision.option(option) if step and step.decision else None
        result.append(DecisionEntry(
            step_id=event.step, option=option,
            label=found.label if found else Msg(option, option),
            rationale=str(event.payload.get("rationale", "")),
            stamp=stamp(event), superseded=later.get(event.step, 0) > event.seq,
        ))
    return tuple(result)


def _recipient_rank(event: Event) -> int:
    to = str(event.payload.get("to", ""))
    return REPORT_RECIPIENTS.index(to) if to in REPORT_RECIPIENTS else len(REPORT_RECIPIENTS)


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
