"""Per-step compliance: for every step that applied during the incident, met or missed.

A step's deadline is judged at the level it was finished under (as `runbook status` does);
a step a level change took out of force is judged up to that change. Unlike the live
status, the summary looks back: emergency work still open is measured up to the
stand-down (or the close), post-incident work (counting from the stand-down in the end) up
to the export. Repeating steps are judged at each time they fell due within that span.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from runbook.incident import Incident, LevelSpan, StepProgress
from runbook.playbook import Playbook, Step
from runbook.status import due_time, spans_until
from runbook.summary.model import Occurrence, StepOutcome


def outcomes(incident: Incident, playbook: Playbook, now: datetime) -> tuple[StepOutcome, ...]:
    """Every step that applied at some level of the incident (or was acted on), in order."""
    found = (step_outcome(step, incident, now, playbook.root_anchor(step) == "stand_down")
             for step in playbook.steps)
    return tuple(o for o in found if o is not None)


def applied_levels(step: Step, incident: Incident) -> tuple[str, ...]:
    seen: list[str] = []
    for span in incident.levels:
        if step.applies_at(span.level) and span.level not in seen:
            seen.append(span.level)
    return tuple(seen)


def left_level(step: Step, incident: Incident) -> datetime | None:
    """When the last level change that took the step out of force happened."""
    spans = incident.levels
    last = max((i for i, s in enumerate(spans) if step.applies_at(s.level)), default=None)
    return spans[last + 1].since if last is not None and last + 1 < len(spans) else None


def judged_spans(step: Step, incident: Incident, record: StepProgress) -> tuple[
        list[LevelSpan], datetime | None]:
    """The level history the deadline is judged on, and when a level change ended it."""
    if record.state in ("done", "skipped"):
        return spans_until(incident, record.last_event.seq if record.last_event else None), None
    if step.applies_at(incident.level):
        return incident.levels, None
    last = max((i for i, s in enumerate(incident.levels) if step.applies_at(s.level)),
               default=0)
    return incident.levels[: last + 1], left_level(step, incident)


def step_outcome(step: Step, incident: Incident, now: datetime,
                 post_incident: bool = False) -> StepOutcome | None:
    applied = applied_levels(step, incident)
    record = incident.steps.get(step.id)
    if not applied and record is None:
        return None
    record = record or StepProgress(step.id)
    spans, left_at = judged_spans(step, incident, record)
    anchor_at, due = due_time(step, incident, spans)
    limit = min(x for x in (now, incident.closed_at, left_at,
                            None if post_incident else incident.stand_down_at) if x is not None)
    outcome, late_by, overdue_by = _judge(step, record, due, limit, left_at)
    only_before = not step.applies_at(incident.level)
    return StepOutcome(
        step=step, state=record.state, outcome=outcome, applied_at=applied,
        only_before_change=only_before,
        left_at=left_at or (left_level(step, incident) if only_before else None),
        anchor_at=anchor_at, due=due, due_level=spans[-1].level,
        done_at=_done_at(step, record), late_by=late_by, overdue_by=overdue_by,
        reason=record.reason, note=record.note, decision=record.decision,
        last_by=record.last_event.actor if record.last_event else None,
        occurrences=occurrences(step, record, due, limit),
    )


def _done_at(step: Step, record: StepProgress) -> datetime | None:
    """The completion judged against the deadline: a repeating step's first one."""
    if step.repeat is not None and record.state == "done" and record.completions:
        return record.completions[0]
    return record.done_at


def _judge(step: Step, record: StepProgress, due: datetime | None, limit: datetime,
           left_at: datetime | None) -> tuple[str, timedelta | None, timedelta | None]:
    """(outcome, late by, overdue by) for a step's first deadline."""
    state = record.state
    done_at = _done_at(step, record)
    if state in ("done", "skipped"):
        late = done_at - due if due is not None and done_at is not None and done_at > due \
            else None
        if state == "skipped":
            return "skipped", late, None
        if due is None:
            return "done", None, None
        return ("late", late, None) if late is not None else ("met", None, None)
    overdue = limit - due if due is not None and limit > due else None
    if state == "blocked":
        return "blocked", None, overdue
    if overdue is not None:
        return "missed", None, overdue
    return ("n/a" if left_at is not None else "open"), None, None


def occurrences(step: Step, record: StepProgress, due: datetime | None,
                limit: datetime) -> tuple[Occurrence, ...]:
    """Each time a repeating step fell due; empty for other steps or before a first done."""
    if step.repeat is None or due is None or not record.completions:
        return ()
    result: list[Occurrence] = []
    expected = due
    for done in record.completions:
        result.append(Occurrence(expected, done, done - expected if done > expected else None))
        expected = step.repeat.after(done)
    if record.state == "done" and limit > expected:
        result.append(Occurrence(expected, None, limit - expected))
    return tuple(result)
