"""What the incident screen's footer offers now: the keys that apply, the likely next first.

Pure: the incident and the selected step in, key ids out. The step keys are those the
transitions table allows on the selected step, in its order (`transitions.available`); the
incident keys are those of the incident's phase (`tui.keys.INCIDENT_FOOTER`). The footer
shows as many as its width holds.
"""

from __future__ import annotations

from runbook import transitions
from runbook.escalation import Proposal
from runbook.incident import Incident
from runbook.status import StepStatus
from tui.keys import INCIDENT_FOOTER, VERB_KEYS


def phase(incident: Incident | None, proposal: Proposal | None) -> str:
    """`reading` (not folded yet), `open`, `proposed` (a level is proposed), `stood_down`,
    `closed`."""
    if incident is None:
        return "reading"
    if incident.is_closed:
        return "closed"
    if incident.stand_down_at is not None:
        return "stood_down"
    return "proposed" if proposal is not None else "open"


def footer_keys(now: str, selected: StepStatus | None, *, decision_elsewhere: bool = False,
                searching: bool = False) -> tuple[str, ...]:
    """The key ids to offer in phase `now` (`phase`), in order: the search's own keys while
    a search is on; the selected step's verbs; `D` when a decision other than the selected
    step is open; then the phase's incident keys."""
    keys: list[str] = []
    if searching:
        keys += ["list.next_match", "list.previous_match", "list.end_search"]
    if selected is not None and now not in ("closed", "reading"):
        verbs = transitions.available(selected.record.state, selected.step,
                                      applies=selected.applies)
        keys += [VERB_KEYS[verb] for verb in verbs]
    if decision_elsewhere and now not in ("closed", "reading") and "step.decide" not in keys:
        keys.append("step.decide")
    keys += INCIDENT_FOOTER[now]
    return tuple(keys)
