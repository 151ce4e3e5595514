"""Per-step compliance: for every step that applied during the incident, met or missed.

Deadlines follow `runbook.deadlines` (the same rule as the live status): a finished step is
judged at the moment it was finished; a step that stopped applying at a level change is
judged up to that change; a deadline passed while the step was open stays missed, in any
run of levels at which it applied. Unlike the live status, the summary looks back:
emergency work still open is measured up to the stand-down (or the close), post-incident
work (counting from the stand-down in the end) up to the export. Repeating steps are judged
at each time they fell due within that span.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from msgspec.structs import replace

from runbook.conditions import ruled_out, waiting_on
from runbook.deadlines import Run, current_run, runs
from runbook.incident import Incident, StepProgress
from runbook.playbook import Playbook, Step
from runbook.status import judged_at
from runbook.summary.model import Occurrence, StepOutcome


def outcomes(incident: Incident, playbook: Playbook, now: datetime) -> tuple[StepOutcome, ...]:
    """Every step that applied at some level of the incident (or was acted on), in order."""
    found = (step_outcome(step, incident, now, playbook.root_anchor(step) == "stand_down",
                          playbook) for step in playbook.steps)
    return tuple(_labelled(o, playbook) for o in found if o is not None)


def _labelled(o: StepOutcome, playbook: Playbook) -> StepOutcome:
    """A step ruled out by a decision names the option taken as people read it."""
    if o.ruled_out is None:
        return o
    option = playbook.option(o.ruled_out.decision, o.ruled_out.option)
    return replace(o, ruled_out_label=option.label if option is not None else None)


def applied_levels(step: Step, incident: Incident) -> tuple[str, ...]:
    seen: list[str] = []
    for span in incident.levels:
        if step.applies_at(span.level) and span.level not in seen:
            seen.append(span.level)
    return tuple(seen)


def step_outcome(step: Step, incident: Incident, now: datetime,
                 post_incident: bool = False,
                 playbook: Playbook | None = None) -> StepOutcome | None:
    applied = applied_levels(step, incident)
    record = incident.steps.get(step.id)
    if not applied and record is None:
        return None
    record = record or StepProgress(step.id)
    limit = min(x for x in (now, incident.closed_at,
                            None if post_incident else incident.stand_down_at) if x is not None)
    done_at = judged_at(step, record) if record.state in ("done", "skipped") else None
    history = runs(step, incident, done_at if done_at is not None else limit)
    judged = _judged_run(step, incident, history, done_at)
    rule = None if done_at is not None else ruled_out(step, incident, playbook)
    outcome, late_by, overdue_by = _judge(record, judged, history, done_at, limit, rule)
    only_before = not step.applies_at(incident.level)
    whole = runs(step, incident, limit) if done_at is not None else history
    left_at = whole[-1].end if whole and whole[-1].end is not None else None
    return StepOutcome(
        step=step, state=record.state, outcome=outcome, applied_at=applied,
        only_before_change=only_before, left_at=left_at,
        anchor_at=judged.anchor if judged else None, due=judged.due if judged else None,
        due_level=(judged.due_level or judged.level) if judged else None,
        due_from_change=judged.from_change if judged else None,
        done_at=done_at, late_by=late_by, overdue_by=overdue_by,
        reason=record.reason, note=record.note, decision=record.decision,
        last_by=record.last_event.actor if record.last_event else None,
        occurrences=occurrences(step, record, judged.due if judged else None, limit),
        ruled_out=rule, done_by=record.done_by,
        waiting_on=waiting_on(step, incident, playbook) if done_at is None else None,
    )


def _judged_run(step: Step, incident: Incident, history: list[Run],
                done_at: datetime | None) -> Run | None:
    """The run the outcome speaks of: the one in force when the step was finished, else
    the last one."""
    if done_at is not None:
        return current_run(step, incident, done_at) or (history[-1] if history else None)
    return history[-1] if history else None


def _missed_before(history: list[Run], judged: Run | None) -> timedelta | None:
    """How late the step was in an earlier run that ended with its deadline passed."""
    late = [r.end - r.due for r in history
            if r is not judged and r.end is not None and r.due is not None and r.due < r.end]
    return max(late) if late else None


def _judge(record: StepProgress, judged: Run | None, history: list[Run],
           done_at: datetime | None, limit: datetime,
           rule: object) -> tuple[str, timedelta | None, timedelta | None]:
    """(outcome, late by, overdue by) for a step's first deadline."""
    due = judged.due if judged is not None else None
    earlier = _missed_before(history, judged)
    state = record.state
    if done_at is not None:
        late = done_at - due if due is not None and done_at > due else None
        late = max(x for x in (late, earlier) if x is not None) if (late or earlier) else None
        if state == "skipped":
            return "skipped", late, None
        if due is None and earlier is None:
            return "done", None, None
        return ("late", late, None) if late is not None else ("met", None, None)
    if rule is not None:
        return "n/a", None, None
    end = judged.end if judged is not None and judged.end is not None else limit
    end = min(end, limit)
    overdue = end - due if due is not None and end > due else None
    if overdue is None and earlier is not None:
        overdue = earlier
    if state == "blocked":
        return "blocked", None, overdue
    if overdue is not None:
        return "missed", None, overdue
    left = judged is not None and judged.end is not None
    return ("n/a" if left else "open"), None, None


MAX_OCCURRENCES = 10_000  # a 15-minute repeat left for 100 days: enough, and bounded


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
    # Each interval that passed with nothing done is one more missed occurrence.
    while record.state == "done" and limit > expected and len(result) < MAX_OCCURRENCES:
        result.append(Occurrence(expected, None, limit - expected))
        expected = step.repeat.after(expected)
    return tuple(result)
