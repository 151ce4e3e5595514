"""Plan revision suggestions (4.6.3), each derived from the record and naming its clause.

Deadlines missed, steps skipped, steps blocked, work recorded only as notes (no step had
it), levels changed more than once. The evaluators decide; these say where to look.
"""

from __future__ import annotations

from collections.abc import Sequence

from runbook.events import Event
from runbook.playbook import Playbook
from runbook.summary.model import Block, StepOutcome, Suggestion
from runbook.vocabulary import LEVEL_IDS, level

GROUP_CLAUSES = {"command": "2.2.1", "office": "2.2.2", "tech": "2.2.3", "ops": "2.2.4",
                 "risk": "2.2.5", "security": "2.2.6"}
WARNING_CLAUSE = "3.3.2"
NOTE_EXAMPLES = 3


def suggestions(outcomes: Sequence[StepOutcome], blocks: Sequence[Block],
                events: Sequence[Event], playbook: Playbook) -> tuple[Suggestion, ...]:
    return (*missed(outcomes), *skipped(events, playbook), *blocked(blocks, playbook),
            *ad_hoc(events), *level_changes(events, playbook))


def missed(outcomes: Sequence[StepOutcome]) -> list[Suggestion]:
    result = []
    for o in outcomes:
        amounts = ([o.missed_by] if o.deadline_missed and o.missed_by is not None else []) + [
            r.missed_by for r in o.repeats_missed if r.missed_by is not None]
        if not amounts:
            continue
        result.append(Suggestion("missed_deadline", o.step.id, o.step.source, max(amounts),
                                 "", len(amounts), ()))
    return result


def _per_step(events: Sequence[Event], kind: str) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for event in events:
        if event.kind == kind and event.step is not None:
            found.setdefault(event.step, []).append(event)
    return found


def skipped(events: Sequence[Event], playbook: Playbook) -> list[Suggestion]:
    result = []
    for step_id, found in _per_step(events, "step_skipped").items():
        step = playbook.step(step_id)
        reasons = "; ".join(dict.fromkeys(str(e.payload.get("reason", "")) for e in found))
        result.append(Suggestion("skipped", step_id, step.source if step else (), None,
                                 reasons, len(found), tuple(e.seq for e in found)))
    return result


def blocked(blocks: Sequence[Block], playbook: Playbook) -> list[Suggestion]:
    per_step: dict[str, list[Block]] = {}
    for b in blocks:
        per_step.setdefault(b.step_id, []).append(b)
    result = []
    for step_id, found in per_step.items():
        step = playbook.step(step_id)
        reasons = "; ".join(dict.fromkeys(b.reason for b in found))
        result.append(Suggestion("blocked", step_id, step.source if step else (), None,
                                 reasons, len(found), tuple(b.stamp.seq for b in found)))
    return result


def ad_hoc(events: Sequence[Event]) -> list[Suggestion]:
    """Notes are work no step held: one suggestion per group, with a few examples."""
    per_group: dict[str | None, list[Event]] = {}
    for event in events:
        if event.kind == "note" and event.step is None:
            raw = event.payload.get("group") or event.actor.group
            per_group.setdefault(str(raw) if raw else None, []).append(event)
    result = []
    for group_id, found in per_group.items():
        clause = GROUP_CLAUSES.get(group_id or "")
        examples = "; ".join(str(e.payload.get("text", "")) for e in found[:NOTE_EXAMPLES])
        result.append(Suggestion(
            "ad_hoc", None, (clause, "4.6.3") if clause else ("4.6.3",), None, examples,
            len(found), tuple(e.seq for e in found), group=group_id))
    return result


def level_changes(events: Sequence[Event], playbook: Playbook) -> list[Suggestion]:
    changes = [e for e in events if e.kind == "level_changed"]
    if len(changes) < 2:
        return []
    path = [str(events[0].payload.get("level", "")), *(str(e.payload["level"]) for e in changes)]
    clauses = [*sorted({level(lv).clause for lv in path if lv in LEVEL_IDS}), WARNING_CLAUSE]
    step = next((s for s in playbook.steps if WARNING_CLAUSE in s.source), None)
    return [Suggestion("level_changes", step.id if step else None, tuple(clauses), None,
                       " → ".join(path), len(changes), tuple(e.seq for e in changes),
                       levels=tuple(path))]

